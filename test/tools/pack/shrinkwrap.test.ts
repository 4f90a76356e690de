import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { LockEntry, LockFile } from "../../../tools/pack/lockTree";
import { deriveShrinkwrap, expectedShrinkwrap, lockText, SHRINKWRAP_FILE } from "../../../tools/pack/shrinkwrap";
import { REPO_ROOT } from "../../../tools/harness/project";

const read = (rel: string) => fs.readFileSync(path.join(REPO_ROOT, rel), "utf8");
const rootLock = JSON.parse(read("package-lock.json")) as LockFile;
const packJson = JSON.parse(read("policies/package.json")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const shrinkwrap = JSON.parse(read("policies/npm-shrinkwrap.json")) as LockFile;

function lock(packages: Record<string, LockEntry>): LockFile {
    return { lockfileVersion: 3, requires: true, packages };
}

describe("tools/pack/shrinkwrap", () => {
    describe("cutting a workspace's tree from the root lock", () => {
        const base: Record<string, LockEntry> = {
            "": { name: "root", workspaces: ["ws"], devDependencies: { mocha: "1" } },
            "node_modules/mocha": { version: "1.0.0", dev: true },
            "node_modules/ws-pkg": { resolved: "ws", link: true },
            ws: { name: "ws-pkg", version: "2.0.0", dependencies: { a: "1.0.0", c: "2.0.0" }, devDependencies: { tsc: "5.0.0" } },
            "node_modules/a": { version: "1.0.0", integrity: "sha512-a", dependencies: { b: "1" }, peerDependencies: { tsnode: "*" }, peerDependenciesMeta: { tsnode: { optional: true } } },
            "node_modules/b": { version: "1.0.0", integrity: "sha512-b" },
            "node_modules/c": { version: "1.0.0", integrity: "sha512-c1" },
            "ws/node_modules/c": { version: "2.0.0", integrity: "sha512-c2" },
            "node_modules/tsc": { version: "5.0.0", dev: true },
            "node_modules/tsnode": { version: "10.0.0", dev: true },
        };

        it("keeps what the workspace's dependencies reach, at the same folders, nested copies moving to the top", () => {
            const sw = deriveShrinkwrap(lock(base), "ws");
            assert.deepEqual(Object.keys(sw.packages).sort(), ["", "node_modules/a", "node_modules/b", "node_modules/c", "node_modules/tsc"]);
            assert.equal(sw.packages["node_modules/c"].version, "2.0.0", "the workspace's own copy of c, not the root's");
            assert.equal(sw.packages["node_modules/c"].integrity, "sha512-c2");
            assert.deepEqual(sw.packages[""], base.ws);
            assert.equal(sw.name, "ws-pkg");
            assert.equal(sw.version, "2.0.0");
        });

        it("flags the workspace's build tools dev, whatever they were in the root", () => {
            const sw = deriveShrinkwrap(lock(base), "ws");
            assert.equal(sw.packages["node_modules/tsc"].dev, true);
            assert.equal(sw.packages["node_modules/a"].dev, undefined);
            assert.equal(sw.packages["node_modules/b"].dev, undefined);
        });

        it("leaves out what only an optional peer dependency names (npm would not install it)", () => {
            assert.equal(deriveShrinkwrap(lock(base), "ws").packages["node_modules/tsnode"], undefined);
        });

        it("refuses a tree with a required dependency missing, a link, or two packages at one folder", () => {
            const missing = { ...base, "node_modules/a": { ...base["node_modules/a"], dependencies: { zzz: "1" } } };
            assert.throws(() => deriveShrinkwrap(lock(missing), "ws"), /node_modules\/a needs zzz \(prod\), which the root lock does not install/);
            const linked = { ...base, ws: { ...base.ws, dependencies: { "ws-pkg": "*" } } };
            assert.throws(() => deriveShrinkwrap(lock(linked), "ws"), /depends on ws-pkg, a link to ws: a published pack cannot carry a link/);
            // The workspace's own a, and the root's a that the root's b (which the workspace also uses) needs.
            const clash = { ...base, "ws/node_modules/a": { version: "9.0.0" }, ws: { ...base.ws, dependencies: { a: "9.0.0", b: "1.0.0" } }, "node_modules/b": { version: "1.0.0", dependencies: { a: "1" } } };
            assert.throws(() => deriveShrinkwrap(lock(clash), "ws"), /would both install at node_modules\/a/);
            assert.throws(() => deriveShrinkwrap(lock(base), "nope"), /no entry for the workspace nope/);
        });
    });

    it("writes lock files byte for byte as npm does (the repository's own lock reads back unchanged)", () => {
        assert.equal(lockText(rootLock), read("package-lock.json"));
    });

    describe("policies/npm-shrinkwrap.json", () => {
        it("is what package-lock.json gives the pack today (else: npm run shrinkwrap)", () => {
            assert.ok(fs.existsSync(SHRINKWRAP_FILE));
            assert.equal(read("policies/npm-shrinkwrap.json"), expectedShrinkwrap(), "policies/npm-shrinkwrap.json is stale: run npm run shrinkwrap and commit it");
        });

        it("declares exactly policies/package.json's dependencies, each pinned to one version", () => {
            const root = shrinkwrap.packages[""];
            assert.deepEqual(root.dependencies, packJson.dependencies, "run npm install at the repository root, then npm run shrinkwrap");
            assert.deepEqual(root.devDependencies, packJson.devDependencies, "run npm install at the repository root, then npm run shrinkwrap");
            for (const [name, spec] of Object.entries({ ...packJson.dependencies, ...packJson.devDependencies })) {
                assert.match(spec, /^[0-9]+\.[0-9]+\.[0-9]+$/, `${name}@${spec} is not an exact version`);
                assert.equal(shrinkwrap.packages[`node_modules/${name}`]?.version, spec, `${name} is locked at ${spec}`);
            }
        });

        it("holds, for every package, the version and integrity the root lock installs at that folder", () => {
            const differ = Object.entries(shrinkwrap.packages)
                .filter(([loc]) => loc !== "")
                .filter(([loc, e]) => {
                    const r = rootLock.packages[loc] ?? rootLock.packages[`policies/${loc}`];
                    return r === undefined || r.version !== e.version || r.integrity !== e.integrity;
                })
                .map(([loc]) => loc);
            assert.deepEqual(differ, []);
            assert.ok(Object.keys(shrinkwrap.packages).length > 150, "the pack's whole tree, not only its direct dependencies");
        });

        it("pins the build tools at the root's versions, as dev dependencies", () => {
            const rootDev = (rootLock.packages[""].devDependencies ?? {}) as Record<string, string>;
            for (const tool of ["typescript", "@types/node"]) {
                assert.equal(packJson.devDependencies[tool], rootDev[tool], `${tool} at the root's pinned version`);
            }
            assert.equal(shrinkwrap.packages["node_modules/typescript"].dev ?? shrinkwrap.packages["node_modules/typescript"].devOptional, true);
            assert.equal(shrinkwrap.packages["node_modules/ts-node"], undefined, "ts-node, an optional peer of @pulumi/pulumi, is not installed for the pack");
        });
    });
});
