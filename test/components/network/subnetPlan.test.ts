import { strict as assert } from "assert";
import fc from "fast-check";
import { contains, formatCidr, overlaps, parseCidr } from "../../../policies/net";
import { MAX_AZS, NETWORK_DEFAULTS, planSubnets, SUBNET_TIERS, subnetsOf } from "../../../components/network";

describe("components/network/subnetPlan", () => {
    it("lays out the default /16 over three zones", () => {
        const plan = planSubnets("10.0.0.0/16", 3, NETWORK_DEFAULTS.tierBits);
        assert.deepEqual(subnetsOf(plan, "private").map((s) => s.cidr), ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]);
        assert.deepEqual(subnetsOf(plan, "public").map((s) => s.cidr), ["10.0.192.0/22", "10.0.196.0/22", "10.0.200.0/22"]);
        assert.deepEqual(subnetsOf(plan, "data").map((s) => s.cidr), ["10.0.216.0/22", "10.0.220.0/22", "10.0.224.0/22"]);
        assert.deepEqual(subnetsOf(plan, "messaging").map((s) => s.cidr), ["10.0.240.0/24", "10.0.241.0/24", "10.0.242.0/24"]);
        // Added after the others, and laid out after them: no earlier subnet moved.
        assert.deepEqual(subnetsOf(plan, "endpoints").map((s) => s.cidr), ["10.0.246.0/24", "10.0.247.0/24", "10.0.248.0/24"]);
        assert.deepEqual(plan.tierBlocks.private, ["10.0.0.0/17", "10.0.128.0/18"]);
        assert.deepEqual(plan.tierBlocks.messaging, ["10.0.240.0/22", "10.0.244.0/23"]);
    });

    it("refuses ranges that cannot hold every tier, naming the cause", () => {
        assert.throws(() => planSubnets("10.0.0.0/24", 3, NETWORK_DEFAULTS.tierBits), /would be \/27|\/28 or larger/);
        assert.throws(() => planSubnets("10.0.0.0/16", 3, { private: 1, public: 1, data: 1, messaging: 1, endpoints: 1 }), /too small/);
        assert.throws(() => planSubnets("10.0.0.0/16", 7, NETWORK_DEFAULTS.tierBits), /outside 1\.\.6/);
        assert.throws(() => planSubnets("2001:db8::/56", 3, NETWORK_DEFAULTS.tierBits), /not an IPv4 CIDR/);
    });

    const vpcs = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 20 }))
        .map(([a, b, p]) => formatCidr(parseCidr(`10.${a}.${b}.0/${p}`)!));

    it("never overlaps, always fits the VPC, and gives each tier its size (property)", () => {
        fc.assert(fc.property(vpcs, fc.integer({ min: 1, max: MAX_AZS }), (vpcCidr, azCount) => {
            const vpc = parseCidr(vpcCidr)!;
            const plan = planSubnets(vpcCidr, azCount, NETWORK_DEFAULTS.tierBits);
            assert.equal(plan.subnets.length, azCount * SUBNET_TIERS.length);
            const ranges = plan.subnets.map((s) => ({ s, c: parseCidr(s.cidr)! }));
            for (const { s, c } of ranges) {
                assert.ok(contains(vpc, c), `${s.cidr} inside ${vpcCidr}`);
                assert.equal(c.prefix, vpc.prefix + NETWORK_DEFAULTS.tierBits[s.tier]);
                assert.ok(c.prefix <= 28);
            }
            for (let i = 0; i < ranges.length; i++) {
                for (let j = i + 1; j < ranges.length; j++) {
                    assert.ok(!overlaps(ranges[i].c, ranges[j].c), `${ranges[i].s.cidr} vs ${ranges[j].s.cidr}`);
                }
            }
            for (const tier of SUBNET_TIERS) {
                const blocks = plan.tierBlocks[tier].map((b) => parseCidr(b)!);
                for (const s of subnetsOf(plan, tier)) {
                    assert.ok(blocks.some((b) => contains(b, parseCidr(s.cidr)!)), `${s.cidr} inside its tier block`);
                }
                for (const other of SUBNET_TIERS.filter((t) => t !== tier)) {
                    for (const s of subnetsOf(plan, other)) {
                        assert.ok(!blocks.some((b) => overlaps(b, parseCidr(s.cidr)!)), `${tier} block clear of ${other} ${s.cidr}`);
                    }
                }
            }
        }));
    });

    it("is deterministic, and adding zones never moves an existing subnet (property)", () => {
        fc.assert(fc.property(vpcs, fc.integer({ min: 1, max: MAX_AZS - 1 }), (vpcCidr, azCount) => {
            const a = planSubnets(vpcCidr, azCount, NETWORK_DEFAULTS.tierBits);
            assert.deepEqual(planSubnets(vpcCidr, azCount, NETWORK_DEFAULTS.tierBits), a);
            const grown = planSubnets(vpcCidr, azCount + 1, NETWORK_DEFAULTS.tierBits);
            for (const s of a.subnets) {
                assert.ok(grown.subnets.some((g) => g.tier === s.tier && g.az === s.az && g.cidr === s.cidr));
            }
            assert.deepEqual(grown.tierBlocks, a.tierBlocks);
        }));
    });
});
