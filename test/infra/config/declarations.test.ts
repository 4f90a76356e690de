import { strict as assert } from "assert";
import { ConfigError, ConfigReader, loadStackConfig, PROJECT } from "../../../infra/config";
import { closestKey, cliAccepts, editDistance, emptyValueProblem, ownKeys, projectDeclarations } from "../../../infra/config/declarations";
import { echo, ECHO_LIMIT } from "../../../infra/config/reader";
import { configProblems, stackSource } from "../../support/config";
import { RunError, runStack } from "../../../tools/harness/run";

/** The problems a patched prod config raises, one line each. */
function problemLines(patch: Readonly<Record<string, string | undefined>>): string[] {
    try {
        loadStackConfig(stackSource("prod", patch));
    } catch (e) {
        assert.ok(e instanceof ConfigError);
        return e.problems.map((p) => `${p.key}: ${p.allowed}`);
    }
    assert.fail(`${JSON.stringify(patch)} was accepted`);
}

describe("infra/config/declarations (rules of every declared key)", () => {
    it("refuses a key of the namespace that Pulumi.yaml does not declare, suggesting the closest", () => {
        assert.match(configProblems({ azCont: "2" }), /^Invalid stack config: tickettoken:azCont = "2": is not a key this project declares \(a misspelt key would leave the default in force\); did you mean azCount\?$/);
        assert.match(configProblems({ AZCOUNT: "2" }), /tickettoken:AZCOUNT = "2": .*did you mean azCount\?/);
        assert.match(configProblems({ kubernetesVerison: "1.35" }), /did you mean kubernetesVersion\?/);
        assert.match(configProblems({ constructor: "x" }), /tickettoken:constructor = "x": is not a key this project declares/, "no key is declared by inheritance");
        assert.match(configProblems({ frobnicate: "x" }), /tickettoken:frobnicate = "x": is not a key this project declares .*; the keys are declared in Pulumi\.yaml and listed in the README's config table/);
        // Other namespaces belong to providers: not this project's to judge.
        loadStackConfig(stackSource("prod", { "aws:skipMetadataApiCheck": "true" }));
    });

    it("sees every key the stack sets when the real program runs (pulumi.runtime.allConfig)", async () => {
        await assert.rejects(runStack("dev", { "tickettoken:natGateway": "single" }, { preview: true }), (e: RunError) => {
            assert.match(String((e.cause as Error).message), /tickettoken:natGateway = "single": is not a key this project declares .*did you mean natGateways\?/);
            assert.equal(e.resources.filter((r) => r.custom).length, 0, "before any resource is registered");
            return true;
        });
    });

    it("refuses an empty value unless the key's own default is empty", () => {
        const cases: Array<[string, string, RegExp]> = [
            ["vpcCidr", "", /is empty: remove the key to use the default "10\.0\.0\.0\/16", or give a value/],
            ["vpcCidr", "   ", /is empty: remove the key to use the default "10\.0\.0\.0\/16"/],
            ["azCount", "", /is empty: remove the key to use the default 3/],
            ["clusterDeletionProtection", "", /is empty: remove the key to use the default true/],
            ["edgeHostNames", "[]", /is empty: remove the key to use the default \["www","api"\]/],
            ["dnsRecords", "[]", /is empty: remove the key to use the default \["@ 3600 CAA 0 issue amazon\.com"/],
            ["size", "", /is empty: the key has no default, so a value is required \(Environment size: small \| medium \| large/],
        ];
        for (const [key, value, message] of cases) {
            assert.match(configProblems({ [key]: value }), new RegExp(`^Invalid stack config: tickettoken:${key} = "${value.replace(/[[\]]/g, "\\$&")}": ${message.source}`), key);
        }
        // Keys whose declared default is empty take empty as a meaning.
        const config = loadStackConfig(stackSource("prod", {
            endpointPublicAccessCidrs: "[]", ipBlockList: "[]", systemNodeInstanceTypes: "[]", postgresInstanceClass: "", previewRoleArn: "", requireClusterRoles: "false",
        }));
        assert.equal(config.cluster.access.previewRoleArn, undefined, "no read-only entry, where the stack says it may do without");
        assert.deepEqual(config.cluster.endpointPublicAccessCidrs, [], "no public endpoint");
        assert.deepEqual(config.edge.blockList, []);
        assert.deepEqual(config.cluster.nodeGroups.system.instanceTypes, config.machines.systemNodeInstanceTypes, "the size's types");
    });

    it("gives one message for one bad value: no follow-on errors about keys the user never set", () => {
        assert.deepEqual(problemLines({ vpcCidr: "" }).map((l) => l.split(":")[1]), ["vpcCidr"]);
        assert.deepEqual(problemLines({ hstsMaxAgeSeconds: "10" }).map((l) => l.split(":")[1]), ["hstsMaxAgeSeconds"], "no hstsPreload echo");
        assert.deepEqual(problemLines({ brokerDeploymentMode: "x".repeat(5000) }).map((l) => l.split(":")[1]), ["brokerDeploymentMode"]);
        const long = configProblems({ zoneName: "a".repeat(5000) });
        assert.match(long, /^Invalid stack config: tickettoken:zoneName = "a{100}"\.\.\. \(5000 characters\): must be the zone's domain/, "one problem, the value cut");
        assert.ok(long.length < 400, `${long.length} characters`);
        assert.deepEqual(problemLines({ brokerEngineVersion: "", brokerInstanceType: "mq.t3.micro" }).map((l) => l.split(":")[1]).sort(), ["brokerEngineVersion", "brokerInstanceType"],
            "the instance type is still judged against the mode");
    });

    it("applies its rules to any declared key, without code for that key", () => {
        // A key added to Pulumi.yaml later gets the rules before anything reads it.
        const declarations = {
            deployRoleArn: { type: "string" as const, default: "arn:aws:iam::123456789012:role/deploy" },
            optionalList: { type: "array" as const, items: { type: "string" as const }, default: [] },
        };
        const given: Record<string, string> = { "tickettoken:deployRoleArn": "", "tickettoken:deployRolArn": "x", "tickettoken:optionalList": "[]" };
        const r = new ConfigReader({ get: (k) => given[`${PROJECT}:${k}`], all: () => given }, PROJECT, { declarations });
        assert.throws(() => r.finish(), (e: ConfigError) => {
            assert.deepEqual(e.problems.map((p) => [p.key, p.allowed.split(";")[0].split(":")[0]]), [
                ["tickettoken:deployRolArn", "is not a key this project declares (a misspelt key would leave the default in force)"],
                ["tickettoken:deployRoleArn", "is empty"],
            ]);
            assert.match(e.message, /did you mean deployRoleArn\?/);
            return true;
        });
    });

    it("types values as the Pulumi CLI does", () => {
        assert.ok(cliAccepts("1.34", "string") && !cliAccepts(["a"], "string"));
        assert.ok(cliAccepts("3", "integer") && cliAccepts("+3", "integer") && cliAccepts(3, "integer") && !cliAccepts("3.0", "integer") && !cliAccepts(2.5, "integer"));
        assert.ok(cliAccepts("true", "boolean") && cliAccepts(false, "boolean") && !cliAccepts("True", "boolean") && !cliAccepts("yes", "boolean"));
        assert.ok(cliAccepts(["a"], "array", { type: "string" }) && !cliAccepts([1], "array", { type: "string" }) && !cliAccepts("[]", "array", { type: "string" }));
        assert.ok(!cliAccepts(null, "string") && !cliAccepts(null, "array", { type: "string" }));
    });

    it("suggests only close keys", () => {
        assert.equal(editDistance("kitten", "sitting"), 3);
        const keys = Object.keys(ownKeys(projectDeclarations()));
        assert.equal(closestKey("natGateway", keys), "natGateways");
        assert.equal(closestKey("cacheNode", keys), "cacheNodes");
        assert.equal(closestKey("zz", keys), undefined);
        assert.equal(closestKey("database", keys), undefined);
    });

    it("says what to write instead of an empty value", () => {
        assert.equal(emptyValueProblem({ type: "array", items: { type: "string" }, default: [] }, false), undefined);
        assert.match(emptyValueProblem({ type: "array", items: { type: "string" }, default: [] }, true)!, /write \[\] for the empty value/);
        assert.match(emptyValueProblem({ type: "integer", default: 3 }, false)!, /remove the key to use the default 3/);
    });

    it("cuts long values in messages", () => {
        assert.equal(echo("abc"), '"abc"');
        assert.equal(echo("x".repeat(ECHO_LIMIT + 1)), `"${"x".repeat(ECHO_LIMIT)}"... (${ECHO_LIMIT + 1} characters)`);
    });
});
