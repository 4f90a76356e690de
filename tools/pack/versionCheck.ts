// Every change to the pack is released under a new version, with a CHANGELOG
// entry: the organisation enables versions by number, and Pulumi Cloud refuses
// to publish a version twice, so a change that keeps the number could never
// reach the stacks it is meant for.
//
// The check compares the working tree with a base: the last policies-v* tag
// reachable from HEAD (what the organisation runs), else the merge base with
// the default branch (what the change adds). On the default branch itself
// with a clean tree there is nothing to compare, and in a shallow clone with
// neither a tag nor the default branch there is no base: the check says so and
// passes rather than failing on missing history (CI fetches what it needs).
//
//   npm run check-pack-version                 base found as above
//   npm run check-pack-version -- --base REF   an explicit base (the release workflow's previous tag)
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../harness/project";

export const PACK_DIR = "policies";
export const CHANGELOG = `${PACK_DIR}/CHANGELOG.md`;
export const PACKAGE_JSON = `${PACK_DIR}/package.json`;

/** Files under the pack folder that change nothing the pack does: group configs and the CHANGELOG itself. */
export function isPackContent(file: string): boolean {
    return file.startsWith(`${PACK_DIR}/`) && !file.startsWith(`${PACK_DIR}/groups/`) && file !== CHANGELOG;
}

/** What the check compares. */
export interface VersionInputs {
    /** Repository-relative paths that differ between the base and the working tree. */
    readonly changed: readonly string[];
    /** policies/package.json's version at the base (undefined: the pack did not exist). */
    readonly baseVersion: string | undefined;
    readonly version: string;
    readonly changelog: string;
    /** How the base was found, for messages ("policies-v0.1.0", "merge base with origin/main"). */
    readonly base: string;
}

function semver(v: string): [number, number, number] | undefined {
    const m = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.exec(v);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** -1, 0 or 1 as version a is below, equal to or above b. */
export function compareVersions(a: string, b: string): number {
    const x = semver(a)!;
    const y = semver(b)!;
    for (let i = 0; i < 3; i++) {
        if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

/** The dated CHANGELOG heading of `version` ("## [0.2.0] - 2026-12-01"), if any. */
export function changelogEntry(changelog: string, version: string): string | undefined {
    const escaped = version.replace(/\./g, "\\.");
    return new RegExp(`^## \\[${escaped}\\] - [0-9]{4}-[0-9]{2}-[0-9]{2}$`, "m").exec(changelog)?.[0];
}

/** What is wrong with the pack's version given what changed; empty when all is well. */
export function versionProblems(inputs: VersionInputs): string[] {
    const problems: string[] = [];
    if (semver(inputs.version) === undefined) {
        return [`${PACKAGE_JSON} version ${JSON.stringify(inputs.version)} is not MAJOR.MINOR.PATCH`];
    }
    if (!/^## \[Unreleased\]$/m.test(inputs.changelog)) {
        problems.push(`${CHANGELOG} has no "## [Unreleased]" section (Keep a Changelog)`);
    }
    if (changelogEntry(inputs.changelog, inputs.version) === undefined) {
        problems.push(`${CHANGELOG} has no entry "## [${inputs.version}] - YYYY-MM-DD" for the version in ${PACKAGE_JSON}`);
    }
    const content = inputs.changed.filter(isPackContent);
    if (content.length === 0 || inputs.baseVersion === undefined || semver(inputs.baseVersion) === undefined) {
        return problems;
    }
    const order = compareVersions(inputs.version, inputs.baseVersion);
    if (order === 0) {
        const shown = content.slice(0, 8).join(", ") + (content.length > 8 ? `, and ${content.length - 8} more` : "");
        problems.push(
            `the pack changed since ${inputs.base} (${shown}) but ${PACKAGE_JSON} still says ${inputs.version}: ` +
                `bump it (patch: fewer false findings, docs, dependencies; minor: new checks or config keys; major: a config key or policy removed or changed in meaning) ` +
                `and describe the change under its heading in ${CHANGELOG}`,
        );
    } else if (order < 0) {
        problems.push(`${PACKAGE_JSON} version ${inputs.version} is below ${inputs.baseVersion} at ${inputs.base}`);
    }
    return problems;
}

function git(root: string, args: readonly string[]): string {
    return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function tryGit(root: string, args: readonly string[]): string | undefined {
    try {
        return git(root, args);
    } catch {
        return undefined;
    }
}

/** The base commit and how it was found, or why there is none. */
export type Base = { readonly commit: string; readonly name: string } | { readonly commit?: undefined; readonly reason: string };

/** The last policies-v* tag reachable from HEAD, else the merge base with the default branch. */
export function findBase(root: string, env: NodeJS.ProcessEnv = process.env): Base {
    if (tryGit(root, ["rev-parse", "--git-dir"]) === undefined) {
        return { reason: `${root} is not a git checkout` };
    }
    const tag = tryGit(root, ["describe", "--tags", "--abbrev=0", "--match", "policies-v*", "HEAD"]);
    if (tag) {
        return { commit: git(root, ["rev-list", "-n", "1", tag]), name: tag };
    }
    const branches = [env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : undefined, "origin/main", "main"].filter((b): b is string => b !== undefined);
    for (const branch of branches) {
        if (tryGit(root, ["rev-parse", "--verify", "--quiet", `${branch}^{commit}`]) === undefined) {
            continue;
        }
        const mergeBase = tryGit(root, ["merge-base", "HEAD", branch]);
        if (mergeBase) {
            return { commit: mergeBase, name: `the merge base with ${branch}` };
        }
    }
    const shallow = tryGit(root, ["rev-parse", "--is-shallow-repository"]) === "true";
    return {
        reason: shallow
            ? "a shallow clone with no policies-v* tag and no merge base with the default branch (fetch with fetch-depth: 0, or git fetch --unshallow --tags)"
            : "no policies-v* tag and no main branch to compare with",
    };
}

/** Paths that differ between `commit` and the working tree (staged, unstaged and untracked), under the pack. */
export function changedSince(root: string, commit: string): string[] {
    const tracked = git(root, ["diff", "--name-only", commit, "--", PACK_DIR]).split("\n");
    const untracked = git(root, ["ls-files", "--others", "--exclude-standard", "--", PACK_DIR]).split("\n");
    return [...new Set([...tracked, ...untracked].filter((f) => f !== ""))].sort();
}

export type CheckResult = { readonly skipped: string } | { readonly skipped?: undefined; readonly base: string; readonly problems: readonly string[] };

/** Runs the check on the checkout at `root`. */
export function checkPackVersion(root: string = REPO_ROOT, explicitBase?: string): CheckResult {
    const version = (JSON.parse(fs.readFileSync(path.join(root, PACKAGE_JSON), "utf8")) as { version: string }).version;
    const changelogFile = path.join(root, CHANGELOG);
    const changelog = fs.existsSync(changelogFile) ? fs.readFileSync(changelogFile, "utf8") : "";
    let base: Base;
    if (explicitBase !== undefined) {
        const commit = tryGit(root, ["rev-parse", "--verify", "--quiet", `${explicitBase}^{commit}`]);
        if (commit === undefined) {
            throw new Error(`--base ${explicitBase} is not a commit of this checkout`);
        }
        base = { commit, name: explicitBase };
    } else {
        base = findBase(root);
    }
    if (base.commit === undefined) {
        return { skipped: `no base to compare the pack with: ${base.reason}` };
    }
    const atBase = tryGit(root, ["show", `${base.commit}:${PACKAGE_JSON}`]);
    const baseVersion = atBase === undefined ? undefined : (JSON.parse(atBase) as { version: string }).version;
    const changed = changedSince(root, base.commit);
    return { base: base.name, problems: versionProblems({ changed, baseVersion, version, changelog, base: base.name }) };
}

function main(args: readonly string[]): number {
    const at = args.indexOf("--base");
    const result = checkPackVersion(REPO_ROOT, at >= 0 ? args[at + 1] : undefined);
    if (result.skipped !== undefined) {
        console.error(`pack version check skipped: ${result.skipped}`);
        return 0;
    }
    if (result.problems.length > 0) {
        console.error(`pack version check against ${result.base}:\n  ${result.problems.join("\n  ")}`);
        return 1;
    }
    console.error(`pack version check against ${result.base}: ok`);
    return 0;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
