import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { depFlags, edgesOf, flagFields, LockEntry, LockFile, resolveFrom } from "../../../tools/pack/lockTree";
import { REPO_ROOT } from "../../../tools/harness/project";

const rootLock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as LockFile;

describe("tools/pack/lockTree", () => {
    const packages: Record<string, LockEntry> = {
        "": { name: "p", version: "1.0.0", dependencies: { a: "1" }, devDependencies: { d: "1" }, optionalDependencies: { o: "1" } },
        "node_modules/a": { version: "1.0.0", dependencies: { b: "2" }, peerDependencies: { t: "*" }, peerDependenciesMeta: { t: { optional: true } } },
        "node_modules/a/node_modules/b": { version: "2.0.0", dependencies: { c: "1" } },
        "node_modules/b": { version: "1.0.0" },
        "node_modules/c": { version: "1.0.0" },
        "node_modules/d": { version: "1.0.0", dependencies: { c: "1", t: "1" } },
        "node_modules/o": { version: "1.0.0", dependencies: { s: "1" } },
        "node_modules/s": { version: "1.0.0" },
        "node_modules/t": { version: "1.0.0" },
    };

    it("resolves a name as Node does: the nearest node_modules up the folder path", () => {
        assert.equal(resolveFrom(packages, "node_modules/a", "b"), "node_modules/a/node_modules/b");
        assert.equal(resolveFrom(packages, "node_modules/a/node_modules/b", "c"), "node_modules/c");
        assert.equal(resolveFrom(packages, "", "b"), "node_modules/b");
        assert.equal(resolveFrom(packages, "node_modules/a", "zzz"), undefined);
    });

    it("gives each edge its kind: prod, dev (the project's only), optional, optional peer", () => {
        assert.deepEqual(edgesOf(packages, "").map((e) => [e.name, e.kind, e.to]), [
            ["a", "prod", "node_modules/a"], ["o", "optional", "node_modules/o"], ["d", "dev", "node_modules/d"],
        ]);
        assert.deepEqual(edgesOf(packages, "node_modules/a").map((e) => [e.name, e.kind]), [["b", "prod"], ["t", "peerOptional"]]);
    });

    it("flags what only dev or only optional dependencies reach, and what both reach as devOptional", () => {
        const f = depFlags(packages);
        assert.deepEqual(flagFields(f.get("node_modules/a")!), {});
        assert.deepEqual(flagFields(f.get("node_modules/c")!), {}, "c is reached from a (prod) as well as from d (dev)");
        assert.deepEqual(flagFields(f.get("node_modules/d")!), { dev: true });
        assert.deepEqual(flagFields(f.get("node_modules/o")!), { optional: true });
        assert.deepEqual(flagFields(f.get("node_modules/s")!), { optional: true });
        // t: a dev dependency's dependency, and an optional peer of a production package.
        assert.deepEqual(flagFields(f.get("node_modules/t")!), { devOptional: true });
        assert.deepEqual(flagFields(f.get("node_modules/b")!), { dev: true, optional: true, peer: true }, "nothing reaches the hoisted b");
    });

    it("computes exactly the flags npm wrote into the repository's own lock", () => {
        const flags = depFlags(rootLock.packages);
        const wrong = Object.entries(rootLock.packages)
            .filter(([loc, e]) => loc !== "" && !e.link)
            .filter(([loc, e]) => {
                const npm = { ...(e.dev ? { dev: true } : {}), ...(e.optional ? { optional: true } : {}), ...(e.devOptional ? { devOptional: true } : {}), ...(e.peer ? { peer: true } : {}) };
                return JSON.stringify(npm) !== JSON.stringify(flagFields(flags.get(loc)!));
            })
            .map(([loc]) => loc);
        assert.ok(flags.size > 300);
        assert.deepEqual(wrong, []);
    });
});
