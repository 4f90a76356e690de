import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../../tools/harness/project";
import { BaseError, readBaseReport } from "../../../tools/plan/base";
import { installedVersion, PLAN_FORMAT_VERSION, planVersions, PROVIDER_PACKAGES } from "../../../tools/plan/versions";

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"));

describe("tools/plan/versions (what the plan's JSON says it ran with)", () => {
    it("names every provider SDK the program depends on: the root package.json's @pulumi/* but the SDK itself", () => {
        const deps = Object.keys(readJson("package.json").dependencies).filter((d) => d.startsWith("@pulumi/") && d !== "@pulumi/pulumi");
        assert.deepEqual([...PROVIDER_PACKAGES].sort(), deps.sort());
    });

    it("reads each version from the installed package.json, which is the exact pin of package.json", () => {
        const pins = readJson("package.json").dependencies as Record<string, string>;
        const v = planVersions();
        assert.equal(v.node, process.versions.node);
        assert.match(v.node, /^\d+\.\d+\.\d+$/);
        assert.equal(v.pulumiSdk, readJson("node_modules/@pulumi/pulumi/package.json").version);
        assert.equal(v.pulumiSdk, pins["@pulumi/pulumi"]);
        assert.deepEqual(Object.keys(v.providers), [...PROVIDER_PACKAGES]);
        for (const pkg of PROVIDER_PACKAGES) {
            assert.equal(v.providers[pkg], readJson(`node_modules/${pkg}/package.json`).version, pkg);
            assert.equal(v.providers[pkg], pins[pkg], `${pkg} as pinned`);
        }
    });

    it("says which package is missing, and where it looked", () => {
        assert.throws(() => installedVersion("@pulumi/no-such-provider"), /@pulumi\/no-such-provider is not installed under .* \(npm ci\)/);
    });

    describe("a saved report as the base (--base-json)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-format-"));
        const saved = (name: string, report: object) => {
            const file = path.join(dir, name);
            fs.writeFileSync(file, JSON.stringify(report));
            return file;
        };

        it("reads this format, and a report from before the field (format 1's shape)", () => {
            assert.equal(PLAN_FORMAT_VERSION, 1);
            const inventory = [{ urn: "urn:pulumi:prod::t::aws:x/y:Z::r", type: "aws:x/y:Z", name: "r" }];
            assert.deepEqual(readBaseReport(saved("now.json", { formatVersion: PLAN_FORMAT_VERSION, stack: "prod", inventory })).inventory, inventory);
            assert.deepEqual(readBaseReport(saved("before.json", { stack: "prod", inventory })).inventory, inventory);
        });

        it("refuses another format, naming both and what to do", () => {
            const file = saved("later.json", { formatVersion: PLAN_FORMAT_VERSION + 1, stack: "prod", inventory: [] });
            assert.throws(() => readBaseReport(file), (e: Error) => e instanceof BaseError && /is in plan format 2; this plan reads format 1: plan the base again/.test(e.message));
        });
    });
});
