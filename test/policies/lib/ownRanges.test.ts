import { strict as assert } from "assert";
import { parseRange } from "../../../policies/net/cidr";
import { mayBeOwnRange, StackOwnRanges } from "../../../policies/lib/ownRanges";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { StackGraph, StackResource } from "../../../policies/lib/stack";
import { engineResource as r, findings, judgeResources, summary, usePack } from "../../support/pack";

// A VPC's IPv6 blocks are public address space that only the VPC's own
// interfaces hold: the pack judges a range inside them like a private range.
const VPC_V6 = "2600:1f18:abc:d00::/56";

function res(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): StackResource {
    return { type, urn: `urn:pulumi:s::p::${type}::${name}`, name, props, propertyDependencies };
}

describe("lib: the stack's own IPv6 ranges", () => {
    it("only IPv6 ranges of /44 or longer can be a VPC's block", () => {
        assert.equal(mayBeOwnRange(parseRange(VPC_V6)!), true);
        assert.equal(mayBeOwnRange(parseRange("2600:1f18::/32")!), false, "wider than any VPC block");
        assert.equal(mayBeOwnRange(parseRange("::ffff:0.0.0.0/96")!), false, "an IPv4 range written as IPv6");
        assert.equal(mayBeOwnRange(parseRange("198.51.100.0/24")!), false);
    });

    it("covers ranges inside a VPC's, an association's or a subnet's block, and a pending block through dependencies", () => {
        const vpc = res("aws:ec2/vpc:Vpc", "vpc", { ipv6CidrBlock: VPC_V6 });
        const assoc = res("aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation", "extra", { ipv6CidrBlock: "2600:1f18:abc:e00::/56" });
        const pending = res("aws:ec2/vpc:Vpc", "new", { ipv6CidrBlock: U, assignGeneratedIpv6CidrBlock: true });
        const own = StackOwnRanges.of(new StackGraph([vpc, assoc, pending]));
        const rule = res("aws:ec2/securityGroup:SecurityGroup", "sg", {}, { ingress: [pending.urn] });
        const covers = (text: string, field = "egress[0].ipv6CidrBlocks[0]") => own.forResource(rule).covers(parseRange(text)!, field);
        assert.equal(covers("2600:1f18:abc:d12::/64"), true);
        assert.equal(covers("2600:1f18:abc:e00::/56"), true);
        assert.equal(covers("2600:1f18:abc:c00::/56"), false, "a neighbour's block");
        assert.equal(covers("2600:1f18:abc:c00::/56", "ingress[0].ipv6CidrBlocks[0]"), true, "a value that came from a VPC whose block is not known yet");
    });

    describe("through the gRPC interface", () => {
        const pack = usePack();

        it("a dual-stack VPC's own IPv6 block is private as a source and a destination; a neighbour's is not", async () => {
            const vpc = r("aws:ec2/vpc:Vpc", "vpc", { id: "vpc-1", cidrBlock: "10.0.0.0/16", ipv6CidrBlock: VPC_V6, assignGeneratedIpv6CidrBlock: true });
            const sg = (name: string, v6: string) =>
                r("aws:ec2/securityGroup:SecurityGroup", name, {
                    vpcId: "vpc-1",
                    ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: [v6] }],
                    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: [v6] }],
                });
            const np = (name: string, v6: string) =>
                r("kubernetes:networking.k8s.io/v1:NetworkPolicy", name, { spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: v6 } }] }] } });
            const report = await judgeResources(pack(), [vpc, sg("db-from-vpc6", VPC_V6), np("pods-v6", VPC_V6), sg("db-from-other6", "2600:1f18:abc:c00::/56"), np("pods-other6", "2600:1f18:abc:c00::/56")]);
            assert.deepEqual(summary(report), [
                "egress-only-stripe mandatory db-from-other6 egress[0].ipv6CidrBlocks[0]",
                "egress-only-stripe mandatory pods-other6 spec.egress[0].to[0].ipBlock.cidr",
                "no-public-db mandatory db-from-other6 ingress[0].ipv6CidrBlocks[0]",
            ]);
            const f = findings(report);
            assert.match(f.find((x) => x.resource === "db-from-other6" && x.policy === "no-public-db")!.text,
                /^"2600:1f18:abc:c00::\/56" is outside the private ranges and the IPv6 blocks of this stack's VPCs and is admitted to TCP 5432/);
        });

        it("a public IPv6 range is reported when the stack has no VPC at all", async () => {
            const report = await judgeResources(pack(), [
                r("aws:ec2/securityGroup:SecurityGroup", "lonely", { egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["2a00:1450:4001::/48"] }] }),
            ]);
            assert.deepEqual(summary(report), ["egress-only-stripe mandatory lonely egress[0].ipv6CidrBlocks[0]"]);
        });
    });
});
