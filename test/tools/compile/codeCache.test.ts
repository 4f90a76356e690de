import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../../tools/harness/project";

const CODE_CACHE = path.join(REPO_ROOT, "tools", "compile", "codeCache.js");

interface Outcome {
    /** What the modules saw of themselves, as the script printed it. */
    readonly seen: unknown;
    readonly stats: { hits: number; misses: number; rejected: number };
}

/** Runs `script` in a fresh Node with the code cache preloaded; what it printed and what the cache did. */
function run(cache: string, cwd: string, script: string): Outcome {
    const wrapped = `(async () => { const seen = await (async () => { ${script} })();
        console.log(JSON.stringify({ seen, stats: globalThis[Symbol.for("tickettoken.codeCache")].stats })); })();`;
    const r = spawnSync(process.execPath, ["-r", CODE_CACHE, "-e", wrapped], { cwd, encoding: "utf8", env: { ...process.env, TICKETTOKEN_COMPILE_CACHE: cache } });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as Outcome;
}

describe("tools/compile/codeCache (V8's code cache for CommonJS modules)", function () {
    this.timeout(60000);
    let dir: string;
    let cache: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "code-cache-"));
        cache = path.join(dir, "cache");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("serves a module from the cache on the next run, and the module sees exactly what Node gives it", () => {
        fs.writeFileSync(path.join(dir, "dep.js"), "exports.value = 41;\n");
        fs.writeFileSync(
            path.join(dir, "m.js"),
            [
                "#!/usr/bin/env node",
                "const dep = require('./dep');",
                "const self = this === module.exports;",
                "function where() { return new Error('x').stack.split('\\n')[1].trim(); }",
                "module.exports = { value: dep.value + 1, self, file: __filename, dir: __dirname, resolved: require.resolve('./dep'),",
                "    paths: Array.isArray(require.resolve.paths('x')), cached: require.cache[__filename] === module, where: where() };",
            ].join("\n"),
        );
        const script = `return require(${JSON.stringify(path.join(dir, "m.js"))});`;
        const first = run(cache, dir, script);
        const second = run(cache, dir, script);
        const plain = spawnSync(process.execPath, ["-e", `console.log(JSON.stringify(require(${JSON.stringify(path.join(dir, "m.js"))})))`], { encoding: "utf8" });
        assert.deepEqual(first.seen, JSON.parse(plain.stdout), "the same as Node without the cache: exports, this, __filename, require, line and column of a frame");
        assert.deepEqual(second.seen, first.seen, "the same when served from the cache");
        assert.equal(first.stats.hits, 0);
        assert.ok(first.stats.misses >= 2, "both modules compiled and stored on the first run");
        assert.equal(second.stats.misses + second.stats.rejected, 0, "nothing compiled again");
        assert.ok(second.stats.hits >= 2);
    });

    it("compiles a changed module again, never serving its old code", () => {
        const file = path.join(dir, "m.js");
        const script = `return require(${JSON.stringify(file)}).v;`;
        fs.writeFileSync(file, "exports.v = 1;\n");
        assert.equal(run(cache, dir, script).seen, 1);
        assert.equal(run(cache, dir, script).seen, 1);
        fs.writeFileSync(file, "exports.v = 2;\n");
        const changed = run(cache, dir, script);
        assert.equal(changed.seen, 2);
        assert.equal(changed.stats.misses, 1);
    });

    it("leaves a module that runs import() to Node (Node 20 loses the import callback of cached code), on every run", () => {
        fs.writeFileSync(path.join(dir, "esm.mjs"), "export const v = 7;\n");
        fs.writeFileSync(path.join(dir, "m.js"), "exports.load = () => import('./esm.mjs').then((m) => m.v);\n");
        const script = `return require(${JSON.stringify(path.join(dir, "m.js"))}).load();`;
        const first = run(cache, dir, script);
        const second = run(cache, dir, script);
        assert.equal(first.seen, 7);
        assert.equal(second.seen, 7, "import() still works on the run that has a cache (compiled from cached data, it would throw)");
        assert.equal(second.stats.misses + second.stats.rejected, 0, "its verdict kept: not parsed again");
    });

    it("is off with TICKETTOKEN_CODE_CACHE=0", () => {
        const r = spawnSync(process.execPath, ["-r", CODE_CACHE, "-e", 'console.log(String(globalThis[Symbol.for("tickettoken.codeCache")]))'], {
            encoding: "utf8",
            env: { ...process.env, TICKETTOKEN_COMPILE_CACHE: cache, TICKETTOKEN_CODE_CACHE: "0" },
        });
        assert.equal(r.stdout.trim(), "undefined");
        assert.equal(fs.existsSync(path.join(cache, "v8")), false);
    });
});
