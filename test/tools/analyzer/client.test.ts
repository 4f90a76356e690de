import { strict as assert } from "assert";
import { AnalyzerInfo, engineConfig } from "../../../tools/analyzer/client";

describe("tools/analyzer/client", () => {
    const info: AnalyzerInfo = {
        name: "pack", version: "1.0.0", supportsConfig: true,
        policies: [
            { name: "a", description: "", enforcementLevel: "mandatory", type: "resource", configSchema: { ports: { type: "array", default: [1] }, extra: { type: "array" } } },
            { name: "b", description: "", enforcementLevel: "advisory", type: "stack" },
        ],
    };

    it("configures every policy at its level with its schema defaults, as the engine does", () => {
        assert.deepEqual(engineConfig(info), { a: { enforcementLevel: "mandatory", properties: { ports: [1] } }, b: { enforcementLevel: "advisory", properties: {} } });
    });

    it("applies a user's level and properties over the defaults", () => {
        assert.deepEqual(engineConfig(info, { a: { enforcementLevel: "disabled", ports: [2], extra: [3] } }).a, { enforcementLevel: "disabled", properties: { ports: [2], extra: [3] } });
    });

    it("applies an \"all\" level to every policy, under each policy's own level, as the CLI does", () => {
        const out = engineConfig(info, { all: { enforcementLevel: "advisory" }, b: { enforcementLevel: "disabled" } });
        assert.deepEqual([out.a.enforcementLevel, out.b.enforcementLevel], ["advisory", "disabled"]);
        assert.equal(Object.keys(out).includes("all"), false, "\"all\" is not a policy");
    });

    it("rejects config for a policy the pack does not have", () => {
        assert.throws(() => engineConfig(info, { c: {} }), /config names policy c, which the pack pack does not have \(it has a, b\)/);
    });
});
