// The pack's npm-shrinkwrap.json, cut from the repository's package-lock.json.
//
// The repository is an npm workspace with the pack (policies/) as a member, so
// the root lock already pins every package the pack needs; `npm pack` ships no
// lock, though, and a machine that installs the published pack would resolve
// its dependencies afresh. npm honours an npm-shrinkwrap.json inside the pack
// folder (npm always packs it), so the pack carries the subtree of the root
// lock its own package.json reaches: the same folders, versions and integrity
// hashes, with the dev/optional flags recomputed for the pack alone.
//
//   npm run shrinkwrap            rewrite policies/npm-shrinkwrap.json
//   npm run shrinkwrap -- --check exit 1 when the committed file differs
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../harness/project";
import { depFlags, edgesOf, flagFields, LockEntry, LockFile, requiredMissing, target } from "./lockTree";

/** The workspace folder of the pack, relative to the repository. */
export const PACK_WORKSPACE = "policies";
export const SHRINKWRAP_FILE = path.join(REPO_ROOT, PACK_WORKSPACE, "npm-shrinkwrap.json");

const FLAG_KEYS = new Set(["dev", "optional", "devOptional", "peer", "extraneous"]);

/** Thrown when the root lock cannot give the pack a complete tree. */
export class ShrinkwrapError extends Error {}

function relocate(location: string, workspace: string): string {
    return location.startsWith(`${workspace}/`) ? location.slice(workspace.length + 1) : location;
}

function withFlags(entry: LockEntry, flags: Readonly<Record<string, true>>): LockEntry {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entry)) if (!FLAG_KEYS.has(k)) out[k] = v;
    return { ...out, ...flags } as LockEntry;
}

/**
 * The shrinkwrap of workspace `workspace` from the root lock: its entry becomes
 * the project (`""`), and every folder its dependencies (dev ones included, to
 * build it) reach in the root tree is kept at the same place, a folder nested
 * under the workspace moving to the project's node_modules. Optional peer
 * dependencies add nothing, as in npm's own tree.
 */
export function deriveShrinkwrap(rootLock: LockFile, workspace: string = PACK_WORKSPACE): LockFile {
    const all = rootLock.packages;
    const own = all[workspace];
    if (own === undefined) {
        throw new ShrinkwrapError(`package-lock.json has no entry for the workspace ${workspace}: run npm install at the repository root`);
    }
    // The pack's own edges are its package.json's, dev dependencies included.
    const asProject: Record<string, LockEntry> = { ...all, "": { ...own, workspaces: [] } };
    const kept = new Set<string>();
    const queue = [""];
    const problems: string[] = [];
    while (queue.length > 0) {
        const from = queue.pop()!;
        const edges = from === "" ? edgesOf(asProject, "").map((e) => ({ ...e, to: resolveWorkspaceEdge(all, workspace, e.name) })) : edgesOf(all, from);
        for (const miss of requiredMissing(edges)) {
            problems.push(`${from === "" ? workspace : from} needs ${miss.name} (${miss.kind}), which the root lock does not install where it can be found`);
        }
        for (const e of edges) {
            // npm never installs a package for an optional peer dependency alone
            // (@pulumi/pulumi's ts-node): it only uses one that is there anyway.
            if (e.kind !== "peerOptional" && e.to !== undefined && !kept.has(e.to)) {
                if (all[e.to]?.link) {
                    problems.push(`${from || workspace} depends on ${e.name}, a link to ${target(all, e.to)}: a published pack cannot carry a link`);
                    continue;
                }
                kept.add(e.to);
                queue.push(e.to);
            }
        }
    }
    const packages: Record<string, LockEntry> = { "": own };
    const origin = new Map<string, string>();
    for (const loc of [...kept].sort()) {
        const at = relocate(loc, workspace);
        if (origin.has(at)) {
            problems.push(`${loc} and ${origin.get(at)} would both install at ${at}`);
        }
        origin.set(at, loc);
        packages[at] = all[loc];
    }
    if (problems.length > 0) {
        throw new ShrinkwrapError(`cannot cut the pack's shrinkwrap from package-lock.json:\n  ${problems.join("\n  ")}`);
    }
    const flags = depFlags(packages);
    for (const loc of Object.keys(packages).filter((k) => k !== "")) {
        packages[loc] = withFlags(packages[loc], flagFields(flags.get(loc)!));
    }
    return { name: own.name, version: own.version, lockfileVersion: rootLock.lockfileVersion, requires: true, packages };
}

// The workspace's own dependencies resolve from its folder, then the root's node_modules.
function resolveWorkspaceEdge(all: Readonly<Record<string, LockEntry>>, workspace: string, name: string): string | undefined {
    for (const candidate of [`${workspace}/node_modules/${name}`, `node_modules/${name}`]) {
        if (all[candidate] !== undefined) return candidate;
    }
    return undefined;
}

// npm writes lock files with these keys first, then, in every object, keys
// with plain values (strings, numbers, booleans, arrays) before keys with
// object values, each group in English collation (arborist's shrinkwrap.js
// through json-stringify-nice). Writing the same order keeps the file equal,
// byte for byte, to what npm would write for the same tree.
const NPM_KEY_ORDER = ["name", "version", "lockfileVersion", "resolved", "integrity", "requires", "packages", "dependencies"];

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function npmKeyCompare(a: string, b: string): number {
    const ia = NPM_KEY_ORDER.indexOf(a);
    const ib = NPM_KEY_ORDER.indexOf(b);
    if (ia >= 0 || ib >= 0) {
        return ia < 0 ? 1 : ib < 0 ? -1 : ia - ib;
    }
    return a.localeCompare(b, "en");
}

function npmOrdered(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(npmOrdered);
    }
    if (!isObject(value)) {
        return value;
    }
    const entries = Object.entries(value).sort(([ak, av], [bk, bv]) => (isObject(av) === isObject(bv) ? npmKeyCompare(ak, bk) : isObject(av) ? 1 : -1));
    return Object.fromEntries(entries.map(([k, v]) => [k, npmOrdered(v)]));
}

/** A lock file's text as npm writes it (npm's key order, two-space JSON, final newline). */
export function lockText(lock: LockFile): string {
    return `${JSON.stringify(npmOrdered(lock), null, 2)}\n`;
}

/** The shrinkwrap the repository's lock gives today. */
export function expectedShrinkwrap(root: string = REPO_ROOT): string {
    const rootLock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as LockFile;
    return lockText(deriveShrinkwrap(rootLock));
}

function main(args: readonly string[]): number {
    const want = expectedShrinkwrap();
    const have = fs.existsSync(SHRINKWRAP_FILE) ? fs.readFileSync(SHRINKWRAP_FILE, "utf8") : undefined;
    const rel = path.relative(REPO_ROOT, SHRINKWRAP_FILE);
    if (args.includes("--check")) {
        if (have === want) {
            return 0;
        }
        console.error(`${rel} is not what package-lock.json gives the pack: run npm run shrinkwrap and commit it`);
        return 1;
    }
    if (have !== want) {
        fs.writeFileSync(SHRINKWRAP_FILE, want);
        console.error(`wrote ${rel} (${Object.keys(JSON.parse(want).packages).length - 1} packages)`);
    } else {
        console.error(`${rel} is up to date`);
    }
    return 0;
}

if (require.main === module) {
    try {
        process.exitCode = main(process.argv.slice(2));
    } catch (e) {
        console.error(e instanceof ShrinkwrapError ? e.message : e);
        process.exitCode = 2;
    }
}
