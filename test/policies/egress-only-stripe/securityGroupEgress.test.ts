import { strict as assert } from "assert";
import { CidrSet } from "../../../policies/net";
import { PRIVATE_CIDRS } from "../../../policies/lib/defaults";
import { pinnedStripeApiAddresses } from "../../../policies/net";
import { UNKNOWN_SENTINEL } from "../../../policies/lib/read";
import { SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_EGRESS_RULE } from "../../../policies/lib/securityGroupRules";
import { securityGroupEgressViolations } from "../../../policies/egress-only-stripe/securityGroupEgress";

const ctx = { stripeApiCidrs: CidrSet.parse(pinnedStripeApiAddresses(), "stripe"), privateCidrs: CidrSet.parse(PRIVATE_CIDRS, "private"), allowedHosts: new Set(["api.stripe.com"]) };
const fields = (type: string, props: Record<string, unknown>, c = ctx) => securityGroupEgressViolations(type, props, c).map((v) => v.field);
const STRIPE = "13.55.5.15/32";

describe("egress-only-stripe: security-group egress", () => {
    it("flags egress to the world in every rule form, IPv4 and IPv6", () => {
        assert.deepEqual(fields(SECURITY_GROUP, { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }] }), [
            "egress[0].cidrBlocks[0]", "egress[0].ipv6CidrBlocks[0]",
        ]);
        assert.deepEqual(fields(SECURITY_GROUP_RULE, { type: "egress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }), ["cidrBlocks[0]"]);
        assert.deepEqual(fields(VPC_EGRESS_RULE, { ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "8.8.8.8/32" }), ["cidrIpv4"]);
        assert.deepEqual(fields(VPC_EGRESS_RULE, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "2606:4700::/32" }), ["cidrIpv6"]);
    });

    it("flags a Stripe address reached with anything but exactly TCP 443", () => {
        assert.deepEqual(fields(VPC_EGRESS_RULE, { ipProtocol: "-1", cidrIpv4: STRIPE }), ["cidrIpv4"]);
        assert.deepEqual(fields(VPC_EGRESS_RULE, { ipProtocol: "all", cidrIpv4: STRIPE }), ["cidrIpv4"]);
        assert.deepEqual(fields(VPC_EGRESS_RULE, { ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIpv4: STRIPE }), ["cidrIpv4"]);
        assert.deepEqual(fields(VPC_EGRESS_RULE, { ipProtocol: "tcp", fromPort: 443, toPort: 444, cidrIpv4: STRIPE }), ["cidrIpv4"]);
        assert.deepEqual(fields(VPC_EGRESS_RULE, { ipProtocol: "udp", fromPort: 443, toPort: 443, cidrIpv4: STRIPE }), ["cidrIpv4"]);
        const [v] = securityGroupEgressViolations(VPC_EGRESS_RULE, { ipProtocol: "-1", cidrIpv4: STRIPE }, ctx);
        assert.match(v.message, /"13\.55\.5\.15\/32" is on the allow-list but the rule admits all traffic \(ipProtocol = "-1"\); allow only TCP 443/);
    });

    it("flags a range wider than any Stripe address", () => {
        assert.deepEqual(fields(VPC_EGRESS_RULE, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "13.55.5.0/24" }), ["cidrIpv4"]);
    });

    it("allows TCP 443 to a Stripe /32 (as tcp or 6), and anything to private destinations or security groups", () => {
        assert.deepEqual(fields(SECURITY_GROUP, {
            egress: [
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [STRIPE, "13.56.126.253"] },
                { protocol: "6", fromPort: 443, toPort: 443, cidrBlocks: ["13.55.153.188/32"] },
                { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.64.0/20"] },
                { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: ["fd12::/16"] },
                { protocol: "-1", fromPort: 0, toPort: 0, securityGroups: ["sg-1"], self: true },
                { protocol: "-1", fromPort: 0, toPort: 0, prefixListIds: ["pl-1"] },
            ],
        }), []);
    });

    it("uses a custom allow-list from config", () => {
        const custom = { ...ctx, stripeApiCidrs: CidrSet.parse(["198.51.100.0/24"], "allow") };
        assert.deepEqual(fields(VPC_EGRESS_RULE, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "198.51.100.7/32" }, custom), []);
        assert.deepEqual(fields(VPC_EGRESS_RULE, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: STRIPE }, custom), ["cidrIpv4"]);
    });

    it("reports a public destination even when the ports are unknown, and says nothing when only the traffic to Stripe is unknown", () => {
        assert.deepEqual(fields(SECURITY_GROUP, { egress: [{ protocol: UNKNOWN_SENTINEL, fromPort: UNKNOWN_SENTINEL, toPort: 443, cidrBlocks: ["0.0.0.0/0", STRIPE, UNKNOWN_SENTINEL] }] }), ["egress[0].cidrBlocks[0]"]);
        assert.deepEqual(fields(SECURITY_GROUP, { egress: UNKNOWN_SENTINEL }), []);
    });
});
