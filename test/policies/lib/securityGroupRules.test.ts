import { strict as assert } from "assert";
import { UNKNOWN, UNKNOWN_SENTINEL } from "../../../policies/lib/read";
import {
    SECURITY_GROUP, SECURITY_GROUP_RULE, securityGroupRules, SgRule, VPC_EGRESS_RULE, VPC_INGRESS_RULE,
} from "../../../policies/lib/securityGroupRules";

function only(rules: readonly SgRule[] | typeof UNKNOWN): SgRule {
    assert.notEqual(rules, UNKNOWN);
    assert.equal((rules as SgRule[]).length, 1);
    return (rules as SgRule[])[0];
}

describe("policies/lib/securityGroupRules", () => {
    it("reads inline blocks with IPv4, IPv6 and prefix-list peers and their field paths", () => {
        const rules = securityGroupRules(SECURITY_GROUP, {
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], prefixListIds: ["pl-1"] }],
        }, "egress");
        const rule = only(rules);
        assert.equal(rule.protocol, "all");
        assert.deepEqual(rule.tcp, { from: 0, to: 65535 });
        assert.deepEqual(rule.peers.map((p) => [p.kind, p.field, p.value]), [
            ["cidr", "egress[0].cidrBlocks[0]", "0.0.0.0/0"],
            ["cidr", "egress[0].ipv6CidrBlocks[0]", "::/0"],
            ["prefixList", "egress[0].prefixListIds[0]", "pl-1"],
        ]);
    });

    it("reads SecurityGroupRule by its type, and nothing in the other direction", () => {
        const props = { type: "ingress", protocol: "6", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] };
        assert.deepEqual(only(securityGroupRules(SECURITY_GROUP_RULE, props, "ingress")).tcp, { from: 5432, to: 5432 });
        assert.deepEqual(securityGroupRules(SECURITY_GROUP_RULE, props, "egress"), []);
        assert.equal(securityGroupRules(SECURITY_GROUP_RULE, { ...props, type: UNKNOWN_SENTINEL }, "egress"), UNKNOWN);
    });

    it("reads the vpc rule resources with their single peer fields", () => {
        const rule = only(securityGroupRules(VPC_EGRESS_RULE, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "2001:db8::/32" }, "egress"));
        assert.deepEqual(rule.peers.map((p) => p.field), ["cidrIpv6"]);
        assert.deepEqual(securityGroupRules(VPC_INGRESS_RULE, { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }, "egress"), []);
        assert.equal(only(securityGroupRules(VPC_INGRESS_RULE, { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }, "ingress")).protocol, "all");
    });

    it("keeps unknown lists and values as unknown", () => {
        assert.equal(securityGroupRules(SECURITY_GROUP, { ingress: UNKNOWN_SENTINEL }, "ingress"), UNKNOWN);
        const rule = only(securityGroupRules(SECURITY_GROUP, { ingress: [{ protocol: "tcp", fromPort: UNKNOWN_SENTINEL, toPort: 1, cidrBlocks: UNKNOWN_SENTINEL }] }, "ingress"));
        assert.equal(rule.tcp, UNKNOWN);
        assert.equal(rule.peers[0].value, UNKNOWN);
        assert.deepEqual(securityGroupRules(SECURITY_GROUP, {}, "egress"), []);
    });
});
