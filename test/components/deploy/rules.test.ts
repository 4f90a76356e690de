import { strict as assert } from "assert";
import { checkRunnerRules, INTERNET_RULE_KEY, planRunnerRules, RunnerRule } from "../../../components/deploy";

const describeRule = (r: RunnerRule) => `${r.group} ${r.direction} ${r.protocol}/${r.port} ${r.peer.kind}${"cidr" in r.peer ? ` ${r.peer.cidr}` : ""}`;

describe("components/deploy/rules", () => {
    it("opens the API server, the endpoints, the resolver, and HTTPS out; the API server admits the runner", () => {
        assert.deepEqual(planRunnerRules("10.20.0.0/16").map(describeRule), [
            "runner egress tcp/443 control-plane",
            "control-plane ingress tcp/443 runner",
            "runner egress tcp/443 endpoints",
            "runner egress udp/53 resolver 10.20.0.2/32",
            "runner egress tcp/53 resolver 10.20.0.2/32",
            "runner egress tcp/443 internet 0.0.0.0/0",
        ]);
    });

    it("keeps exactly one rule to the internet, TCP 443 egress, under the key the pack's exemption names", () => {
        const rules = planRunnerRules("10.0.0.0/16");
        checkRunnerRules(rules);
        assert.deepEqual(rules.filter((r) => r.peer.kind === "internet").map((r) => r.key), [INTERNET_RULE_KEY]);
        assert.equal(new Set(rules.map((r) => r.key)).size, rules.length);
    });

    it("refuses a second way out, another port or protocol, or a repeated key", () => {
        const rules = planRunnerRules("10.0.0.0/16");
        const out = rules.find((r) => r.key === INTERNET_RULE_KEY)!;
        assert.throws(() => checkRunnerRules([...rules, { ...out, key: "runner-to-internet-tcp80", port: 80 }]), /2 rules reach the internet \(runner-to-internet-tcp443, runner-to-internet-tcp80\); exactly one, TCP 443, is allowed/);
        assert.throws(() => checkRunnerRules(rules.map((r) => (r === out ? { ...r, protocol: "udp" as const } : r))), /reaches the internet on udp\/443 egress; only TCP 443 egress/);
        assert.throws(() => checkRunnerRules(rules.filter((r) => r !== out)), /0 rules reach the internet/);
        assert.throws(() => checkRunnerRules([...rules, rules[0]]), /rule key runner-to-control-plane-tcp443 is planned twice/);
    });

    it("refuses a VPC range that is not IPv4", () => {
        assert.throws(() => planRunnerRules("fd00::/48"), /is not an IPv4 CIDR/);
    });
});
