// The README's config table says what Pulumi.yaml declares: the same keys,
// the same defaults. A key added to Pulumi.yaml without a row (or a default
// changed in one place only) fails here.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { REPO_ROOT, readProjectFile } from "../../../tools/harness/project";

interface Row {
    readonly keys: string[];
    /** Per key: the default as written (a YAML literal), "required", or a list length. */
    readonly defaults: Array<{ literal: unknown } | { required: true } | { items: number }>;
    readonly line: string;
}

/** The config table of the README: one row per line under its header, keys and defaults parsed. */
export function configTable(markdown: string): Row[] {
    const lines = markdown.split("\n");
    const header = lines.findIndex((l) => l.startsWith("| key | default |"));
    assert.ok(header >= 0, "the README has a config table");
    const rows: Row[] = [];
    for (const line of lines.slice(header + 2)) {
        if (!line.startsWith("|")) {
            break;
        }
        const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
        const keys = [...cells[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
        const defaults = [...cells[1].matchAll(/`([^`]*)`|\((required)\)|(\d+) items/g)].map((m) =>
            m[2] ? { required: true as const } : m[3] ? { items: Number(m[3]) } : { literal: yaml.load(m[1]) });
        rows.push({ keys, defaults: defaults.length === 1 && keys.length > 1 ? keys.map(() => defaults[0]) : defaults, line });
    }
    return rows;
}

describe("README config table", () => {
    const declared = readProjectFile().config;
    const rows = configTable(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"));
    // Provider settings (aws:region) are documented too, but Pulumi.yaml does not declare them.
    const ownRows = rows.filter((r) => !r.keys[0].includes(":"));

    it("lists every key Pulumi.yaml declares, once, and no other", () => {
        const listed = ownRows.flatMap((r) => r.keys);
        assert.deepEqual([...listed].sort(), Object.keys(declared).sort());
        assert.equal(new Set(listed).size, listed.length, "each key once");
    });

    it("gives each key the default Pulumi.yaml declares", () => {
        for (const row of ownRows) {
            assert.equal(row.defaults.length, row.keys.length, `one default per key: ${row.line}`);
            row.keys.forEach((key, i) => {
                const written = row.defaults[i];
                const decl = declared[key].default;
                if ("required" in written) {
                    assert.equal(decl, undefined, `${key} has a default in Pulumi.yaml`);
                } else if ("items" in written) {
                    assert.ok(Array.isArray(decl) && decl.length === written.items, `${key}: Pulumi.yaml's default has ${JSON.stringify(decl)?.slice(0, 40)}`);
                } else {
                    assert.deepEqual(written.literal, decl, `${key}'s default`);
                }
            });
        }
    });

    it("reads the table as written", () => {
        const hsts = rows.find((r) => r.keys.includes("hstsPreload"))!;
        assert.deepEqual(hsts.defaults, [{ literal: 31536000 }, { literal: true }, { literal: true }, { literal: true }]);
        assert.deepEqual(rows.find((r) => r.keys.includes("zoneId"))!.defaults, [{ required: true }, { required: true }, { required: true }]);
        assert.deepEqual(rows.find((r) => r.keys.includes("kubernetesVersion"))!.defaults, [{ literal: "1.34" }]);
    });
});
