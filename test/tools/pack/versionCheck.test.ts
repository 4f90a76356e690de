import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { changelogEntry, checkPackVersion, CheckResult, compareVersions, isPackContent, versionProblems } from "../../../tools/pack/versionCheck";
import { REPO_ROOT } from "../../../tools/harness/project";

/** The problems of a check that ran (fails the test when it skipped). */
function problemsOf(result: CheckResult): readonly string[] {
    if (result.skipped !== undefined) {
        assert.fail(`the check skipped: ${result.skipped}`);
    }
    return result.problems;
}

const CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2026-12-01\n\n- x\n\n## [1.0.0] - 2026-11-01\n";

describe("tools/pack/versionCheck", () => {
    const inputs = { changed: ["policies/no-public-db/ingress.ts"], baseVersion: "1.0.0", version: "1.1.0", changelog: CHANGELOG, base: "policies-v1.0.0" };

    it("passes a pack change with a bumped version and its dated CHANGELOG entry", () => {
        assert.deepEqual(versionProblems(inputs), []);
    });

    it("fails a pack change that keeps the version, naming what changed and what to do", () => {
        const problems = versionProblems({ ...inputs, version: "1.0.0", baseVersion: "1.0.0" });
        assert.equal(problems.length, 1);
        assert.match(problems[0], /the pack changed since policies-v1\.0\.0 \(policies\/no-public-db\/ingress\.ts\) but policies\/package\.json still says 1\.0\.0: bump it/);
    });

    it("fails a bump without a CHANGELOG entry, a missing Unreleased section, and a version that goes down", () => {
        assert.deepEqual(versionProblems({ ...inputs, version: "1.2.0" }), [
            'policies/CHANGELOG.md has no entry "## [1.2.0] - YYYY-MM-DD" for the version in policies/package.json',
        ]);
        assert.match(versionProblems({ ...inputs, changelog: CHANGELOG.replace("## [Unreleased]\n", "") }).join(), /no "## \[Unreleased\]" section/);
        assert.match(versionProblems({ ...inputs, baseVersion: "2.0.0" }).join(), /version 1\.1\.0 is below 2\.0\.0 at policies-v1\.0\.0/);
        assert.match(versionProblems({ ...inputs, version: "1.1" }).join(), /"1\.1" is not MAJOR\.MINOR\.PATCH/);
    });

    it("needs no bump for the group configs, the CHANGELOG, or files outside the pack", () => {
        for (const changed of [["policies/groups/canary.json"], ["policies/CHANGELOG.md"], ["infra/index.ts", "README.md"], []]) {
            assert.deepEqual(versionProblems({ ...inputs, version: "1.0.0", baseVersion: "1.0.0", changed }), [], changed.join());
        }
        assert.deepEqual(["policies/groups/x.json", "policies/CHANGELOG.md", "policies/README.md", "policies/package.json", "README.md"].map(isPackContent), [false, false, true, true, false]);
    });

    it("reads versions and dated headings exactly", () => {
        assert.equal(compareVersions("0.10.0", "0.9.9"), 1);
        assert.equal(compareVersions("1.0.0", "1.0.0"), 0);
        assert.equal(compareVersions("1.0.0", "1.0.1"), -1);
        assert.equal(changelogEntry(CHANGELOG, "1.1.0"), "## [1.1.0] - 2026-12-01");
        assert.equal(changelogEntry("## [1.1.0]\n", "1.1.0"), undefined, "an undated heading is not an entry");
        assert.equal(changelogEntry("## [1x1x0] - 2026-12-01\n", "1.1.0"), undefined);
    });

    describe("on a git checkout", () => {
        let dir: string;
        const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
        const write = (cwd: string, rel: string, text: string) => {
            fs.mkdirSync(path.dirname(path.join(cwd, rel)), { recursive: true });
            fs.writeFileSync(path.join(cwd, rel), text);
        };
        const pkg = (v: string) => JSON.stringify({ name: "p", version: v });

        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-version-"));
            git(dir, "init", "-q", "-b", "main");
            write(dir, "policies/package.json", pkg("1.0.0"));
            write(dir, "policies/CHANGELOG.md", "## [Unreleased]\n\n## [1.0.0] - 2026-11-01\n");
            write(dir, "policies/index.ts", "export const a = 1;\n");
            git(dir, "add", "-A");
            git(dir, "commit", "-q", "-m", "pack 1.0.0");
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("compares with the merge base on a branch: a change without a bump fails, with a bump and an entry passes", () => {
            git(dir, "checkout", "-q", "-b", "feature");
            write(dir, "policies/index.ts", "export const a = 2;\n");
            const failed = checkPackVersion(dir);
            assert.equal(failed.skipped === undefined && failed.base, "the merge base with main");
            assert.match(problemsOf(failed).join(), /policies\/index\.ts\) but policies\/package\.json still says 1\.0\.0/);
            write(dir, "policies/package.json", pkg("1.0.1"));
            write(dir, "policies/CHANGELOG.md", "## [Unreleased]\n\n## [1.0.1] - 2026-12-01\n\n## [1.0.0] - 2026-11-01\n");
            assert.deepEqual(checkPackVersion(dir), { base: "the merge base with main", problems: [] });
        });

        it("counts an untracked new source as a change", () => {
            git(dir, "checkout", "-q", "-b", "feature");
            write(dir, "policies/new-rule/index.ts", "export {};\n");
            assert.match(problemsOf(checkPackVersion(dir)).join(), /policies\/new-rule\/index\.ts/);
        });

        it("prefers the last policies-v* tag, so changes merged since the release count too", () => {
            git(dir, "tag", "policies-v1.0.0");
            write(dir, "policies/index.ts", "export const a = 3;\n");
            git(dir, "commit", "-q", "-am", "change on main, no bump");
            const result = checkPackVersion(dir);
            assert.equal(result.skipped === undefined && result.base, "policies-v1.0.0");
            assert.equal(problemsOf(result).length, 1);
        });

        it("on main with a clean tree there is nothing to compare, and it passes", () => {
            assert.deepEqual(checkPackVersion(dir), { base: "the merge base with main", problems: [] });
        });

        it("in a shallow clone with no tag and no main, says why it cannot check instead of failing", () => {
            git(dir, "checkout", "-q", "-b", "feature");
            write(dir, "policies/index.ts", "export const a = 4;\n");
            git(dir, "commit", "-q", "-am", "feature change");
            // What actions/checkout gives a pull request by default: one commit of one ref, no tags.
            const clone = fs.mkdtempSync(path.join(os.tmpdir(), "pack-version-shallow-"));
            try {
                execFileSync("git", ["clone", "-q", "--depth", "1", "--branch", "feature", `file://${dir}`, clone], { stdio: "ignore" });
                const result = checkPackVersion(clone);
                assert.match(String(result.skipped), /shallow clone with no policies-v\* tag and no merge base with the default branch \(fetch with fetch-depth: 0/);
            } finally {
                fs.rmSync(clone, { recursive: true, force: true });
            }
        });

        it("takes an explicit base (the release workflow's previous tag), and refuses one that is not a commit", () => {
            git(dir, "tag", "policies-v1.0.0");
            write(dir, "policies/index.ts", "export const a = 5;\n");
            assert.equal(problemsOf(checkPackVersion(dir, "policies-v1.0.0")).length, 1);
            assert.throws(() => checkPackVersion(dir, "policies-v9.9.9"), /--base policies-v9\.9\.9 is not a commit of this checkout/);
        });
    });

    it("this repository: every pack change since its base carries a version bump and a CHANGELOG entry", function () {
        const result = checkPackVersion(REPO_ROOT);
        if (result.skipped !== undefined) {
            this.skip(); // a shallow CI clone; .ci/run deepens it first and runs npm run check-pack-version
        }
        assert.deepEqual(problemsOf(result), []);
    });
});
