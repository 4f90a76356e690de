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
        assert.deepEqual(a.config, { "tickettoken:azCount": "2", "aws:region": "eu-west-1", "tickettoken:ipBlockList": ["203.0.113.0/24"] });
        assert.equal(parsePlanArgs(["--no-diagram"]).diagramDir, undefined);
    });

    it("keeps plain --config values as text, as `pulumi config set` stores them", () => {
        const a = parsePlanArgs(["--config", "kubernetesVersion=1.30", "--config", "cacheEngineVersion=8.0", "--config", "vpcCidr=", "--config", "zoneName=a=b"]);
        assert.deepEqual(a.config, {
            "tickettoken:kubernetesVersion": "1.30", "tickettoken:cacheEngineVersion": "8.0", "tickettoken:vpcCidr": "", "tickettoken:zoneName": "a=b",
        });
        assert.deepEqual(parsePlanArgs(["--config", "zoneId={secure: AAAA}"]).config, { "tickettoken:zoneId": { secure: "AAAA" } });
    });

    it("names the key when a --config list is not valid YAML", () => {
        assert.throws(() => parsePlanArgs(["--config", "ipBlockList=[203.0.113.0/24"]),
            /^Error: --config tickettoken:ipBlockList: the value is not a valid YAML list or map \(.*\): \[203\.0\.113\.0\/24$/);
        assert.throws(() => parsePlanArgs(["--config", `dnsRecords=[${"x".repeat(5000)}`]), (e: Error) => /--config tickettoken:dnsRecords: .*\.\.\. \(5001 characters\)$/.test(e.message) && e.message.length < 400);
    });

    it("takes a stack as Pulumi names it, never a path", () => {
        assert.equal(parsePlanArgs(["acme/tickettoken/staging"]).stack, "staging");
        assert.throws(() => parsePlanArgs(["x/../../somewhere"]), /invalid stack "x\/\.\.\/\.\.\/somewhere": a stack reference has at most three parts/);
        assert.throws(() => parsePlanArgs(["../../etc"]), /invalid stack/);
        assert.throws(() => parsePlanArgs(["prod.yaml/../x"]), /invalid stack/);
    });

    it("takes the pack config file as --policy-pack-config does, or none at all, and leaves the stack's own as the default", () => {
        assert.equal(parsePlanArgs(["dev", "--policy-pack-config", "x.json"]).policyPackConfig, "x.json");
        assert.equal(parsePlanArgs(["dev", "--no-policy-pack-config"]).policyPackConfig, false);
        assert.equal(parsePlanArgs(["dev"]).policyPackConfig, undefined);
        assert.equal(stackPolicyConfig("prod"), "infra/policy-config/prod.json");
        assert.equal(stackPolicyConfig("qa"), undefined, "a stack without a checked-in config runs the pack's defaults");
    });

    it("reads the review options: a base (revision or saved report), Markdown, SARIF, annotations", () => {
        const a = parsePlanArgs(["prod", "--base", "origin/main", "--markdown", "plan.md", "--sarif", "plan.sarif", "--annotations"]);
        assert.deepEqual([a.base, a.baseJson, a.markdown, a.sarif, a.annotations], ["origin/main", undefined, "plan.md", "plan.sarif", true]);
        assert.equal(parsePlanArgs(["--base-json", "old.json", "--no-annotations"]).baseJson, "old.json");
        assert.equal(parsePlanArgs(["--no-annotations"]).annotations, false);
        assert.throws(() => parsePlanArgs(["--base", "main", "--base-json", "x.json"]), /--base and --base-json are two ways to name the base: give one/);
    });

    for (const [argv, message] of [
        [["dev", "prod"], /unexpected argument "prod"/],
        [["--jsn", "x"], /unexpected argument "--jsn"/],
        [["--json"], /--json needs a value/],
        [["--policy-pack-config"], /--policy-pack-config needs a value/],
        [["--base"], /--base needs a value/],
        [["--sarif", "--json", "x"], /--sarif needs a value/],
        [["--config", "azCount"], /--config takes KEY=VALUE, got "azCount"/],
        [["--help"], /usage: npm run plan/],
    ] as Array<[string[], RegExp]>) {
        it(`refuses ${JSON.stringify(argv)} with the usage`, () => {
            assert.throws(() => parsePlanArgs(argv), (e: Error) => message.test(e.message) && /usage:/.test(e.message));
        });
    }
});
