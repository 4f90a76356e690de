import { strict as assert } from "assert";
import { parsePolicyPackConfig } from "../../../tools/analyzer";

describe("tools/analyzer/packConfig (the --policy-pack-config file format)", () => {
    it("reads levels, properties and a level for all policies, as the CLI does", () => {
        assert.deepEqual(parsePolicyPackConfig(JSON.stringify({
            all: "advisory",
            "no-public-db": "mandatory",
            "egress-only-stripe": { enforcementLevel: "mandatory", exemptions: [{ urn: "urn:pulumi:a::b::c::d", reason: "r" }] },
        }), "f.json"), {
            all: { enforcementLevel: "advisory" },
            "no-public-db": { enforcementLevel: "mandatory" },
            "egress-only-stripe": { enforcementLevel: "mandatory", exemptions: [{ urn: "urn:pulumi:a::b::c::d", reason: "r" }] },
        });
    });

    it("takes an empty file as no config, and drops entries with neither a level nor a property", () => {
        assert.deepEqual(parsePolicyPackConfig("  \n", "f.json"), {});
        assert.deepEqual(parsePolicyPackConfig('{ "tls-everywhere": {} }', "f.json"), {});
    });

    for (const [text, message] of [
        ["{ not json", /^f\.json is not JSON: /],
        ["[1, 2]", /^f\.json must be a JSON object keyed by policy name$/],
        ['{ "no-public-db": "strict" }', /^f\.json: no-public-db: "strict" is not an enforcement level \(advisory, mandatory, disabled, remediate\)$/],
        ['{ "no-public-db": { "enforcementLevel": 3 } }', /^f\.json: no-public-db\.enforcementLevel: 3 is not an enforcement level/],
        ['{ "no-public-db": 7 }', /^f\.json: no-public-db: 7 must be an enforcement level or an object of properties$/],
    ] as Array<[string, RegExp]>) {
        it(`refuses ${text}, naming the file and the entry`, () => {
            assert.throws(() => parsePolicyPackConfig(text, "f.json"), (e: Error) => message.test(e.message));
        });
    }
});
