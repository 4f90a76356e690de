import { strict as assert } from "assert";
import Ajv from "ajv";
import * as fc from "fast-check";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { egressConfig } from "../../../policies/egress-only-stripe/config";
import { keywordsOf, SCHEMA_KEYWORDS, schemaProblems } from "../../../policies/lib/schemaCheck";
import { noPublicDbConfig } from "../../../policies/no-public-db/config";
import { tlsConfig } from "../../../policies/tls-everywhere/config";

// The pack checks each config value against its own schema (it cannot count
// on the CLI having done it). That check must refuse exactly what a JSON
// schema validator refuses; ajv stands in for the CLI's gojsonschema here, and
// the keywords the pack uses mean the same in both.
const SCHEMAS: readonly [string, PolicyConfigJSONSchema][] = [noPublicDbConfig, tlsConfig, egressConfig].flatMap((c) => Object.entries(c.schema.properties));

/** Values near what a schema takes: conforming ones and ones that miss it by a little. */
function near(s: PolicyConfigJSONSchema): fc.Arbitrary<unknown> {
    const odd = fc.oneof(fc.constant(null), fc.boolean(), fc.string({ maxLength: 6 }), fc.integer(), fc.constant({}), fc.constant([]));
    switch (s.type) {
        case "array":
            return fc.oneof({ weight: 4, arbitrary: fc.array(near(s.items as PolicyConfigJSONSchema), { maxLength: 4 }) }, odd);
        case "object": {
            const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, near(v as PolicyConfigJSONSchema)]));
            return fc.oneof(
                { weight: 4, arbitrary: fc.record(props, { requiredKeys: [] }) },
                fc.tuple(fc.record(props), fc.string({ minLength: 1, maxLength: 5 }), odd).map(([o, k, v]) => ({ ...o, [k]: v })),
                odd,
            );
        }
        case "string": {
            const arbs: fc.Arbitrary<unknown>[] = [fc.string({ maxLength: 12 }), odd];
            if (s.pattern) arbs.push(fc.stringMatching(new RegExp(s.pattern)), fc.stringMatching(new RegExp(s.pattern)).map((t) => ` ${t}`));
            if (s.enum) arbs.push(fc.constantFrom(...(s.enum as string[]), "Mandatory", ""));
            return fc.oneof(...arbs);
        }
        case "integer":
            return fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.double({ min: 0, max: 70000, noNaN: true }), odd);
        default:
            return odd;
    }
}

describe("policies/lib/schemaCheck", () => {
    const ajv = new Ajv({ allErrors: true, strict: true });

    it("the pack's schemas use only the keywords it implements, which mean the same in drafts 4 to 7", () => {
        assert.ok(SCHEMAS.length >= 14);
        for (const [key, s] of SCHEMAS) {
            assert.deepEqual([...keywordsOf(s)].filter((k) => !SCHEMA_KEYWORDS.includes(k)), [], key);
        }
    });

    it("every default conforms to its key's schema", () => {
        for (const [key, s] of SCHEMAS) {
            assert.deepEqual(schemaProblems(s.default, s), [], key);
            assert.ok(ajv.validate(s, s.default), key);
        }
    });

    it("refuses exactly what a JSON-schema validator refuses, for every key of every policy", () => {
        for (const [key, s] of SCHEMAS) {
            const validate = ajv.compile(s);
            try {
                fc.assert(fc.property(near(s), (v) => (schemaProblems(v, s).length === 0) === validate(v)), { numRuns: 400, examples: [[s.default]] });
            } catch (e) {
                throw new Error(`${key}: ${(e as Error).message}`);
            }
        }
    });

    it("names where each problem is, below the value", () => {
        const exemptions = SCHEMAS.find(([k]) => k === "exemptions")![1];
        assert.deepEqual(schemaProblems([{ urn: "x", reason: "ok" }, { reason: "ok" }, "x"], exemptions).map((p) => p.at), ["[0].urn", "[1]", "[2]"]);
        assert.deepEqual(schemaProblems(5, exemptions), [{ at: "", problem: "is an integer, not an array" }]);
    });
});
