import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensurePackBuilt, packFingerprint, packUpToDate, STAMP } from "../../../tools/plan/packBuild";

/** A tiny pack-shaped folder: tsconfig, two sources, a node_modules and an old bin/ that the fingerprint must ignore. */
function scratchPack(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-build-"));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", outDir: "bin", rootDir: ".", types: [] }, include: ["**/*.ts"], exclude: ["node_modules", "bin"] }));
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(path.join(dir, "index.ts"), 'import { x } from "./lib/x";\nexport const y = x + 1;\n');
    fs.writeFileSync(path.join(dir, "lib", "x.ts"), "export const x = 1;\n");
    fs.mkdirSync(path.join(dir, "node_modules", "dep"), { recursive: true });
    fs.writeFileSync(path.join(dir, "node_modules", "dep", "index.ts"), "export {};\n");
    return dir;
}

describe("tools/plan/packBuild (the pack is compiled only when its sources changed)", () => {
    it("compiles once, then not again until a source's text changes (not its time)", function () {
        this.timeout(120000);
        const dir = scratchPack();
        assert.equal(packUpToDate(dir), false);
        assert.equal(ensurePackBuilt(dir), true, "first build");
        assert.ok(fs.existsSync(path.join(dir, "bin", "index.js")) && fs.existsSync(path.join(dir, STAMP)));
        assert.equal(ensurePackBuilt(dir), false, "nothing changed");

        const later = new Date(Date.now() + 60000);
        fs.utimesSync(path.join(dir, "lib", "x.ts"), later, later);
        assert.equal(packUpToDate(dir), true, "a touched file with the same text is not a change");

        const before = packFingerprint(dir);
        fs.writeFileSync(path.join(dir, "node_modules", "dep", "index.ts"), "export const z = 2;\n");
        assert.equal(packFingerprint(dir), before, "node_modules is not the pack's source");

        fs.writeFileSync(path.join(dir, "lib", "x.ts"), "export const x = 2;\n");
        assert.equal(packUpToDate(dir), false, "a changed source");
        assert.equal(ensurePackBuilt(dir), true);
        assert.match(fs.readFileSync(path.join(dir, "bin", "lib", "x.js"), "utf8"), /exports\.x = 2/);

        fs.renameSync(path.join(dir, "lib", "x.ts"), path.join(dir, "lib", "w.ts"));
        fs.writeFileSync(path.join(dir, "index.ts"), 'import { x } from "./lib/w";\nexport const y = x + 1;\n');
        assert.equal(packUpToDate(dir), false, "a renamed source (same text, same time) is a change");

        fs.rmSync(path.join(dir, "bin", "index.js"));
        assert.equal(ensurePackBuilt(dir), true, "a missing output is rebuilt");
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("fails with tsc's message when the pack does not compile", function () {
        this.timeout(120000);
        const dir = scratchPack();
        fs.writeFileSync(path.join(dir, "lib", "x.ts"), "export const x: number = 'one';\n");
        assert.throws(() => ensurePackBuilt(dir), /the policy pack does not compile[\s\S]*TS2322/);
        assert.equal(packUpToDate(dir), false, "no fingerprint is written for a failed build");
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
