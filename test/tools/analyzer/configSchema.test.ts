import { strict as assert } from "assert";
import { AnalyzerInfo, cliPolicySchema, engineConfig, parsePolicyPackConfig, runConfigError, runConfigErrors, strictConfigErrors, validateConfigError } from "../../../tools/analyzer";

// The CLI's handling of a pack's config schema, reproduced: what a run and
// `pulumi policy validate-config` refuse, and the repository's stricter check.
describe("tools/analyzer/configSchema", () => {
    const info: AnalyzerInfo = {
        name: "pack", version: "1.0.0", supportsConfig: true,
        policies: [
            {
                name: "a", description: "", enforcementLevel: "mandatory", type: "resource",
                configSchema: {
                    ports: { type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, default: [443] },
                    mode: { type: "string", enum: ["x", "y"] },
                },
            },
            { name: "b", description: "", enforcementLevel: "advisory", type: "stack", configSchema: { name: { type: "string" } }, configRequired: ["name"] },
            { name: "c", description: "", enforcementLevel: "advisory", type: "stack" },
        ],
    };

    it("validates against { type: object, properties, required }: the parts of a schema the protocol carries", () => {
        assert.deepEqual(cliPolicySchema(info.policies[0]), { type: "object", properties: info.policies[0].configSchema });
        assert.deepEqual(cliPolicySchema(info.policies[1]), { type: "object", properties: info.policies[1].configSchema, required: ["name"] });
        assert.equal(cliPolicySchema(info.policies[2]), undefined, "a policy without a schema is not validated");
    });

    it("refuses before a run what the schema refuses, after filling in defaults, as the CLI reports it", () => {
        assert.equal(runConfigError(info, engineConfig(info, { b: { name: "n" } })), undefined);
        assert.deepEqual(runConfigErrors(info, engineConfig(info, { a: { ports: [0, 443], mode: "z" } })), [
            "a: mode: must be equal to one of the allowed values",
            "a: ports.0: must be >= 1",
            "b: must have required property 'name'",
        ]);
        assert.match(runConfigError(info, engineConfig(info, { a: { ports: [70000] }, b: { name: "n" } }))!, /^validating policy config for "pack": a: ports\.0: must be <= 65535$/);
    });

    it("lets through, as the CLI does, a key no schema declares: the protocol carries no additionalProperties for the policy itself", () => {
        assert.equal(runConfigError(info, engineConfig(info, { a: { prots: [1] }, b: { name: "n" } })), undefined);
        assert.equal(validateConfigError(info, { a: { prots: [1] }, b: { name: "n" } }), undefined);
    });

    it("validate-config: each policy's object of the file, its level included, or {} when the file leaves it out", () => {
        assert.equal(validateConfigError(info, parsePolicyPackConfig('{"a": "advisory", "b": {"enforcementLevel": "disabled", "name": "n"}}', "f.json")), undefined);
        assert.equal(validateConfigError(info, parsePolicyPackConfig('{"a": {"ports": [0]}}', "f.json")), "policy pack configuration is invalid: a: ports.0: must be >= 1, b: must have required property 'name'");
        assert.throws(() => parsePolicyPackConfig('{"a": {"enforcementLevel": "strict"}}', "f.json"), /f\.json: a\.enforcementLevel: "strict" is not an enforcement level/, "a level is checked as the file is read");
    });

    it("the repository's stricter check also names an unknown policy and an unknown key", () => {
        assert.deepEqual(strictConfigErrors(info, { a: { enforcementLevel: "advisory", ports: [1] }, b: { name: "n" } }), []);
        assert.deepEqual(strictConfigErrors(info, { a: { prots: [1] }, d: {}, b: { name: "n" } }), [
            "a: prots is not a config key of the policy (it has ports, mode, enforcementLevel)",
            "d: not a policy of pack (it has a, b, c)",
        ]);
    });
});
