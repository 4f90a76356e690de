// The README's bootstrap against the stack files and the program: every
// placeholder of a stack file (an ARN in AWS's example account, an identifier
// Pulumi.yaml has no default for) is named in the step that replaces them, and every ARN-valued name the README
// gives is a config key, a stack output or a field of one.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { readProjectFile, readStackSettings, REPO_ROOT } from "../../tools/harness/project";
import { RunResult } from "../../tools/harness/run";
import { runAllStacks, STACKS } from "../support/stacks";

/** AWS's documentation account: an ARN naming it is a stand-in for the real one. */
const EXAMPLE_ACCOUNT = "123456789012";

/** Required keys that are choices, not identifiers of something outside. */
const CHOICES = ["size"];

/**
 * A stack file's placeholders: values naming the example account (role, secret and connection ARNs), and
 * the keys Pulumi.yaml declares without a default that identify something outside the stack (the
 * Cloudflare zone and account, the repository, the token issuer's key).
 */
export function placeholderKeys(config: Readonly<Record<string, unknown>>, required: readonly string[]): string[] {
    return Object.entries(config)
        .filter(([k]) => k.startsWith("tickettoken:"))
        .map(([k, v]) => [k.slice("tickettoken:".length), String(v)] as const)
        .filter(([k, v]) => v.includes(EXAMPLE_ACCOUNT) || (required.includes(k) && !CHOICES.includes(k)))
        .map(([k]) => k);
}

/** Every key of an output value, at any depth. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
    if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            into.add(k);
            keysOf(v, into);
        }
    }
    return into;
}

describe("README: the bootstrap of a new environment", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    it("names every placeholder of every stack file in the step that replaces them", () => {
        const start = readme.indexOf("5. **Replace the placeholders**");
        const end = readme.indexOf("\n6. ", start);
        assert.ok(start >= 0 && end > start, "the README has the step");
        const step = readme.slice(start, end);
        const declared = readProjectFile().config;
        const required = Object.keys(declared).filter((k) => declared[k].default === undefined);
        for (const stack of STACKS) {
            const keys = placeholderKeys(readStackSettings(stack).config, required);
            assert.ok(keys.length >= 10, `${stack}: ${keys.join(", ")}`);
            for (const key of keys) {
                assert.ok(step.includes(`\`${key}\``), `step 5 names ${key}, a placeholder in Pulumi.${stack}.yaml`);
            }
        }
    });

    it("names no ARN config key or output that does not exist", () => {
        const known = new Set([...Object.keys(readProjectFile().config), ...STACKS.flatMap((s) => [...keysOf(runs[s].outputs)])]);
        const named = [...new Set([...readme.matchAll(/`([a-z][A-Za-z0-9]*Arns?)`/g)].map((m) => m[1]))];
        assert.ok(named.length >= 10);
        assert.deepEqual(named.filter((n) => !known.has(n)), [], "every ARN name in the README is a config key or a stack output");
    });
});
