import { strict as assert } from "assert";
import {
    AWS_DEFAULT_SECURITY_GROUP_QUOTAS,
    checkGroupsPerInterface,
    checkRuleQuotas,
    countRules,
    evenSplit,
    groupsPerInterfaceProblem,
    QuotaRule,
    quotaSettingProblem,
    ruleQuotaProblems,
    ruleWeight,
} from "../../../components/security";

const cidrRules = (group: string, direction: "ingress" | "egress", n: number, v6 = false): QuotaRule[] =>
    Array.from({ length: n }, (_, i) => ({ group, direction, peer: { kind: "cidr", cidr: v6 ? `2001:db8::${(i + 1).toString(16)}/128` : `198.51.100.${i}/32` } }));

describe("components/security/quotas", () => {
    it("holds AWS's documented defaults: 60 rules per direction and family, 5 groups per interface", () => {
        assert.deepEqual(AWS_DEFAULT_SECURITY_GROUP_QUOTAS, { rulesPerGroup: 60, groupsPerInterface: 5 });
        assert.equal(quotaSettingProblem(AWS_DEFAULT_SECURITY_GROUP_QUOTAS), undefined);
    });

    it("weighs a CIDR in its family, a group reference in both, a prefix list at its weight", () => {
        assert.deepEqual(ruleWeight({ kind: "cidr", cidr: "10.0.0.2/32" }), { IPv4: 1, IPv6: 0 });
        assert.deepEqual(ruleWeight({ kind: "cidr", cidr: "2400:cb00::/32" }), { IPv4: 0, IPv6: 1 });
        assert.deepEqual(ruleWeight({ kind: "group" }), { IPv4: 1, IPv6: 1 });
        assert.deepEqual(ruleWeight({ kind: "prefix-list", weight: 55, family: "IPv4" }), { IPv4: 55, IPv6: 0 });
        assert.throws(() => ruleWeight({ kind: "cidr", cidr: "nope" }), /"nope" is not a CIDR/);
    });

    it("accepts 60 rules in each direction and family of one group", () => {
        const rules = [...cidrRules("g", "egress", 60), ...cidrRules("g", "egress", 60, true), ...cidrRules("g", "ingress", 60)];
        assert.deepEqual(ruleQuotaProblems(rules), []);
        assert.deepEqual(countRules(rules).map((c) => `${c.direction} ${c.family} ${c.count}`), ["egress IPv4 60", "egress IPv6 60", "ingress IPv4 60"]);
    });

    it("refuses the 61st rule, naming the group, the direction, the family, the count and the quota", () => {
        const rules = [...cidrRules("tickettoken-traffic-venue-service", "egress", 61), ...cidrRules("other", "ingress", 61, true)];
        assert.deepEqual(ruleQuotaProblems(rules).map((p) => p.split(" (")[0]), [
            "security group tickettoken-traffic-venue-service: 61 outbound IPv4 rules, over the quota of 60 per direction and IP family",
            "security group other: 61 inbound IPv6 rules, over the quota of 60 per direction and IP family",
        ]);
        assert.throws(() => checkRuleQuotas("stack", rules), /^Error: stack: security group tickettoken-traffic-venue-service: 61 outbound IPv4 rules/);
    });

    it("counts a group reference against both families and a prefix list at its weight", () => {
        const rules: QuotaRule[] = [
            ...cidrRules("g", "egress", 5),
            { group: "g", direction: "egress", peer: { kind: "prefix-list", weight: 55, family: "IPv4" } },
            { group: "g", direction: "egress", peer: { kind: "group" } },
        ];
        assert.match(ruleQuotaProblems(rules)[0], /security group g: 61 outbound IPv4 rules/);
        assert.equal(ruleQuotaProblems(rules).length, 1, "one group reference alone is within the IPv6 quota");
    });

    it("refuses a sixth group on one interface, and an interface with none", () => {
        assert.equal(groupsPerInterfaceProblem("pods of x", 5), undefined);
        assert.match(groupsPerInterfaceProblem("pods of x", 6)!, /^pods of x: 6 security groups on one network interface, over the quota of 5/);
        assert.match(groupsPerInterfaceProblem("pods of x", 0)!, /needs at least one security group/);
        assert.throws(() => checkGroupsPerInterface("launch template", 6), /launch template: 6 security groups/);
    });

    it("refuses quotas AWS cannot grant: rules × groups over 1,000, more than 16 groups", () => {
        assert.match(quotaSettingProblem({ rulesPerGroup: 250, groupsPerInterface: 5 })!, /250 rules per group × 5 groups per network interface exceeds AWS's ceiling of 1000/);
        assert.equal(quotaSettingProblem({ rulesPerGroup: 200, groupsPerInterface: 5 }), undefined);
        assert.match(quotaSettingProblem({ rulesPerGroup: 60, groupsPerInterface: 17 })!, /from 1 to 16/);
        assert.match(ruleQuotaProblems([], { rulesPerGroup: 1000, groupsPerInterface: 2 })[0], /exceeds AWS's ceiling/);
        // A raised quota (requested from AWS) is honoured.
        assert.deepEqual(ruleQuotaProblems(cidrRules("g", "egress", 100), { rulesPerGroup: 100, groupsPerInterface: 10 }), []);
    });

    it("splits a list into contiguous chunks whose sizes differ by one at most", () => {
        assert.deepEqual(evenSplit([1, 2, 3, 4, 5, 6, 7], 3), [[1, 2, 3], [4, 5], [6, 7]]);
        assert.deepEqual(evenSplit([1, 2], 3), [[1], [2], []]);
        assert.deepEqual(evenSplit([], 0), []);
    });
});
