// The README's table of stack outputs says what infra/index.ts exports: the
// same names as the outputs of a real run of each stack under the mocks, and
// as the module's `export const`s. An output added, renamed or dropped
// without its row fails here.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../tools/harness/project";
import { runAllStacks, STACKS } from "../support/stacks";

/** The names in the first column of the README's outputs table, in order. */
export function outputsTable(markdown: string): string[] {
    const lines = markdown.split("\n");
    const header = lines.findIndex((l) => l.startsWith("| output | what it is |"));
    assert.ok(header >= 0, "the README has a stack outputs table");
    const names: string[] = [];
    for (const line of lines.slice(header + 2)) {
        if (!line.startsWith("|")) {
            break;
        }
        const cells = line.split("|").slice(1, -1).map((c) => c.trim());
        const m = /^`([A-Za-z0-9_]+)`$/.exec(cells[0]);
        assert.ok(m, `one output name per row: ${line}`);
        assert.ok(cells[1].length > 5, `${m[1]} is described`);
        names.push(m[1]);
    }
    return names;
}

/** The `export const` names of a TypeScript module's text. */
export function exportedConsts(source: string): string[] {
    return [...source.matchAll(/^export const ([A-Za-z0-9_]+)\b/gm)].map((m) => m[1]);
}

describe("README stack outputs table", () => {
    const listed = outputsTable(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"));

    it("lists each output once", () => {
        assert.equal(new Set(listed).size, listed.length);
        assert.ok(listed.length > 30);
    });

    it("names exactly the outputs of every stack's run under the mocks", async function () {
        this.timeout(300000);
        const runs = await runAllStacks();
        for (const stack of STACKS) {
            assert.deepEqual([...listed].sort(), Object.keys(runs[stack].outputs).sort(), stack);
        }
    });

    it("names exactly infra/index.ts's exports", () => {
        const exported = exportedConsts(fs.readFileSync(path.join(REPO_ROOT, "infra", "index.ts"), "utf8"));
        assert.deepEqual([...listed].sort(), [...exported].sort());
    });

    it("the parsers see a missing or unknown row", () => {
        assert.deepEqual(exportedConsts("export const a = 1;\nconst b = 2;\nexport const c_1 = x;\n"), ["a", "c_1"]);
        assert.deepEqual(outputsTable("x\n| output | what it is |\n|---|---|\n| `a` | the thing |\n\nafter"), ["a"]);
        assert.throws(() => outputsTable("| output | what it is |\n|---|---|\n| a, b | things |\n"), /one output name per row/);
    });
});
