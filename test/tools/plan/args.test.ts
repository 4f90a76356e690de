import { strict as assert } from "assert";
import { parsePlanArgs, PLAN_DEFAULTS, stackPolicyConfig } from "../../../tools/plan/args";

describe("tools/plan/args", () => {
    it("plans prod with the diagram in docs/ by default", () => {
        assert.deepEqual(parsePlanArgs([]), { stack: "prod", json: undefined, diagramDir: PLAN_DEFAULTS.diagramDir, program: undefined, config: {} });
    });

    it("reads the stack, the JSON target, the diagram folder, a program and config overrides", () => {
        const a = parsePlanArgs(["dev", "--json", "-", "--diagram", "/tmp/d", "--program", "x.ts", "--config", "azCount=2", "--config", "aws:region=eu-west-1",
            "--config", "tickettoken:ipBlockList=[203.0.113.0/24]"]);
        assert.equal(a.stack, "dev");
        assert.equal(a.json, "-");
        assert.equal(a.diagramDir, "/tmp/d");
        assert.equal(a.program, "x.ts");
        assert.deepEqual(a.config, { "tickettoken:azCount": 2, "aws:region": "eu-west-1", "tickettoken:ipBlockList": ["203.0.113.0/24"] });
        assert.equal(parsePlanArgs(["--no-diagram"]).diagramDir, undefined);
    });

    it("takes the pack config file as --policy-pack-config does, or none at all, and leaves the stack's own as the default", () => {
        assert.equal(parsePlanArgs(["dev", "--policy-pack-config", "x.json"]).policyPackConfig, "x.json");
        assert.equal(parsePlanArgs(["dev", "--no-policy-pack-config"]).policyPackConfig, false);
        assert.equal(parsePlanArgs(["dev"]).policyPackConfig, undefined);
        assert.equal(stackPolicyConfig("prod"), "infra/policy-config/prod.json");
        assert.equal(stackPolicyConfig("qa"), undefined, "a stack without a checked-in config runs the pack's defaults");
    });

    for (const [argv, message] of [
        [["dev", "prod"], /unexpected argument "prod"/],
        [["--jsn", "x"], /unexpected argument "--jsn"/],
        [["--json"], /--json needs a value/],
        [["--policy-pack-config"], /--policy-pack-config needs a value/],
        [["--config", "azCount"], /--config takes KEY=VALUE, got "azCount"/],
        [["--help"], /usage: npm run plan/],
    ] as Array<[string[], RegExp]>) {
        it(`refuses ${JSON.stringify(argv)} with the usage`, () => {
            assert.throws(() => parsePlanArgs(argv), (e: Error) => message.test(e.message) && /usage:/.test(e.message));
        });
    }
});
