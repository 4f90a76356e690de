// Imports run one way: tools → infra → components → policies. The pack is
// published alone, so it imports nothing of the project; the stack uses only
// the pack's public module (policies/net), never the rules' internals; the
// components know no platform's data (infra) and no tool.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../tools/harness/project";

type Layer = "tools" | "infra" | "components" | "policies";

/** What each layer may import from the project (its own layer always). */
const MAY_IMPORT: Readonly<Record<Layer, readonly string[]>> = {
    tools: ["tools/", "infra/", "components/", "policies/"],
    infra: ["infra/", "components/", "policies/net"],
    components: ["components/", "policies/net"],
    policies: ["policies/"],
};

function sources(dir: string): string[] {
    return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) {
            return e.name === "node_modules" || e.name === "bin" ? [] : sources(rel);
        }
        return rel.endsWith(".ts") && !rel.endsWith(".d.ts") ? [rel] : [];
    });
}

/** Project-relative targets of every relative import or require in `file`. */
export function projectImports(file: string, text: string): string[] {
    const out: string[] = [];
    const re = /(?:from\s+|require\(\s*|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
    for (const m of text.matchAll(re)) {
        out.push(path.relative(REPO_ROOT, path.resolve(REPO_ROOT, path.dirname(file), m[1])).split(path.sep).join("/"));
    }
    return out;
}

/** "infra/" admits the folder's every file; "policies/net" admits that module and what is under it. */
function allowed(layer: Layer, target: string): boolean {
    return MAY_IMPORT[layer].some((prefix) => (prefix.endsWith("/") ? target.startsWith(prefix) : target === prefix || target.startsWith(`${prefix}/`)));
}

describe("layout: imports run tools → infra → components → policies", () => {
    for (const layer of Object.keys(MAY_IMPORT) as Layer[]) {
        it(`${layer}/ imports only ${MAY_IMPORT[layer].join(", ")}`, () => {
            const wrong: string[] = [];
            for (const file of sources(layer)) {
                const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
                for (const target of projectImports(file, text)) {
                    if (!allowed(layer, target)) {
                        wrong.push(`${file} imports ${target}`);
                    }
                }
            }
            assert.deepEqual(wrong, []);
        });
    }

    it("the check sees a wrong import (a component reaching into infra, or into the pack's private lib)", () => {
        const file = "components/security/rulePlan.ts";
        const targets = projectImports(file, 'import { X } from "../../infra/catalog";\nimport { parseCidr } from "../../policies/lib/cidr";\nimport { Y } from "../../policies/net";');
        assert.deepEqual(targets, ["infra/catalog", "policies/lib/cidr", "policies/net"]);
        assert.deepEqual(targets.map((t) => allowed("components", t)), [false, false, true]);
    });
});
