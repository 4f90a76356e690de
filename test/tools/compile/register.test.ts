import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../../tools/harness/project";
import { decodeMappings, originalPosition } from "../../../tools/harness/sourceMap";

/** Loads `file` through the compile cache in a fresh Node; what the hook did, and whether TypeScript was loaded. */
function load(cache: string, file: string) {
    const script = `require(${JSON.stringify(file)}); const c = globalThis[Symbol.for("tickettoken.compile")];
        console.log(JSON.stringify({ ...c.stats, typescript: Object.keys(require.cache).some((k) => k.endsWith("typescript/lib/typescript.js")), map: c.sourceMapOf(${JSON.stringify(file)}) }));`;
    const r = spawnSync(process.execPath, ["-r", path.join(REPO_ROOT, "tools", "compile", "register.js"), "-e", script], { encoding: "utf8", env: { ...process.env, TICKETTOKEN_COMPILE_CACHE: cache } });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as { hits: number; misses: number; typescript: boolean; map: { mappings: string } };
}

describe("tools/compile/register (the plan's compile cache)", () => {
    it("compiles a file once; later runs load it without TypeScript, until its text changes; its map gives the .ts line", function () {
        this.timeout(60000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compile-cache-"));
        const cache = path.join(dir, "cache");
        const file = path.join(dir, "m.ts");
        fs.writeFileSync(file, "interface A { readonly a: number }\n\nconst a: A = { a: 1 };\nexport const b = a.a + 1;\n");
        const first = load(cache, file);
        assert.deepEqual([first.misses, first.hits, first.typescript], [1, 0, true]);
        const second = load(cache, file);
        assert.deepEqual([second.misses, second.hits, second.typescript], [0, 1, false], "served from the cache, TypeScript never loaded");
        // The compiled `const a = { a: 1 };` is on line 2 or so; the map must lead back to the source's line 3.
        const compiled = fs.readdirSync(cache).find((f) => f.endsWith(".js"))!;
        const jsLine = fs.readFileSync(path.join(cache, compiled), "utf8").split("\n").findIndex((l) => l.includes("const a =")) + 1;
        assert.equal(originalPosition(decodeMappings(second.map.mappings), { line: jsLine, column: 1 })?.line, 3);
        fs.writeFileSync(file, "export const b = 3;\n");
        assert.deepEqual([load(cache, file).misses], [1], "a changed text is compiled again");
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
