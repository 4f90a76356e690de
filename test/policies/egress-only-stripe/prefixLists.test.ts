import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CidrSet } from "../../../policies/net";
import { PRIVATE_CIDRS } from "../../../policies/lib/defaults";
import { pinnedStripeApiAddresses } from "../../../policies/net";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { StackResource } from "../../../policies/lib/stack";
import { prefixListViolations } from "../../../policies/egress-only-stripe/prefixLists";
import { graphOf, noGuard } from "../../support/stackRules";
import { engineResource, findings, judgeProgram, judgeResources, summary, usePack } from "../../support/pack";

const ctx = { stripeApiCidrs: CidrSet.parse(pinnedStripeApiAddresses(), "stripe"), privateCidrs: CidrSet.parse(PRIVATE_CIDRS, "private"), allowedHosts: new Set(["api.stripe.com"]) };
const judge = (resources: StackResource[]) => prefixListViolations(graphOf(resources), ctx, noGuard);
const urn = (type: string, name: string) => `urn:pulumi:s::p::${type}::${name}`;
function r(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): StackResource {
    return { type, urn: urn(type, name), name, props, dependencies: [], propertyDependencies };
}
const EP = "aws:ec2/vpcEndpoint:VpcEndpoint";
const PL = "aws:ec2/managedPrefixList:ManagedPrefixList";
const ENTRY = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const rule = (name: string, prefixListId: unknown, deps: string[] = [], protocol = "tcp") =>
    r(EGRESS, name, { ipProtocol: protocol, fromPort: 443, toPort: 443, prefixListId }, { prefixListId: deps });
const names = (resources: StackResource[]) => judge(resources).map((v) => `${v.urn.split("::").pop()} ${v.field}`);

describe("egress-only-stripe: prefix lists (stack)", () => {
    const s3 = r(EP, "s3", { vpcEndpointType: "Gateway", serviceName: "com.amazonaws.us-east-1.s3", prefixListId: "pl-63a5400a" });
    const s3Preview = r(EP, "s3", { vpcEndpointType: "Gateway", serviceName: U });

    it("allows the prefix list of a gateway endpoint of the stack, by id after apply and by dependency in preview", () => {
        assert.deepEqual(names([s3, rule("to-s3", "pl-63a5400a")]), []);
        assert.deepEqual(names([s3Preview, rule("to-s3", U, [s3Preview.urn])]), []);
    });

    it("judges a managed prefix list of the stack by its entries, inline and standalone", () => {
        const list = r(PL, "partners", { id: "pl-1", entries: [{ cidr: "13.55.5.15/32" }, { cidr: "10.1.0.0/16" }] });
        assert.deepEqual(names([list, rule("ok", "pl-1")]), []);
        const wide = r(PL, "wide", { id: "pl-2", entries: [{ cidr: "0.0.0.0/0" }] });
        assert.deepEqual(names([wide, rule("bad", "pl-2")]), ["bad prefixListId"]);
        const entry = r(ENTRY, "extra", { prefixListId: U, cidr: "198.51.100.0/24" }, { prefixListId: [urn(PL, "partners")] });
        const [v] = judge([list, entry, rule("ok", U, [list.urn])]);
        assert.match(v.message, /prefix list partners holds entry extra: "198\.51\.100\.0\/24" is a public destination outside the egress allow-list/);
        assert.deepEqual(names([list, rule("all-traffic", "pl-1", [], "-1")]), ["all-traffic prefixListId"], "a Stripe entry reached with all traffic");
    });

    it("flags any other prefix list: its destinations cannot be verified", () => {
        const [v] = judge([rule("elsewhere", "pl-0123456789abcdef0")]);
        assert.equal(v.field, "prefixListId");
        assert.match(v.message, /"pl-0123456789abcdef0" is neither the prefix list of a Gateway VPC endpoint of this stack nor a managed prefix list of this stack, so where it leads cannot be verified/);
        const interfaceEp = r(EP, "sts", { vpcEndpointType: "Interface", prefixListId: "pl-9" });
        assert.deepEqual(names([interfaceEp, rule("x", "pl-9")]), ["x prefixListId"]);
    });

    it("reads inline egress blocks and SecurityGroupRule lists too", () => {
        const sg = r("aws:ec2/securityGroup:SecurityGroup", "sg", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, prefixListIds: ["pl-63a5400a", "pl-x"] }] });
        const sgr = r("aws:ec2/securityGroupRule:SecurityGroupRule", "sgr", { type: "egress", protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-y"] });
        assert.deepEqual(names([s3, sg, sgr]), ["sg egress[0].prefixListIds[1]", "sgr prefixListIds[0]"]);
    });

    it("says nothing about an unknown prefix list nothing in the stack explains", () => {
        assert.deepEqual(names([rule("later", U)]), []);
    });
});

describe("egress-only-stripe: a Gateway endpoint's prefix list when the type is left at its default (through the gRPC interface)", () => {
    const pack = usePack();

    for (const preview of [false, true]) {
        it(`an endpoint without vpcEndpointType is a Gateway endpoint, and its prefix list is fine (${preview ? "preview" : "after apply"})`, async () => {
            const report = await judgeProgram(pack(), () => {
                const s3 = new aws.ec2.VpcEndpoint("s3", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", routeTableIds: ["rtb-1"] });
                new aws.ec2.SecurityGroup("to-s3-default-type", { vpcId: "vpc-1", egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [s3.prefixListId] }] });
                const sg = new aws.ec2.SecurityGroup("app", { vpcId: "vpc-1", egress: [] });
                new aws.vpc.SecurityGroupEgressRule("to-s3-rule", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: s3.prefixListId });
                const sts = new aws.ec2.VpcEndpoint("sts", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.sts", vpcEndpointType: "Interface", privateDnsEnabled: true });
                void sts;
            }, preview);
            assert.deepEqual(summary(report, "egress-only-stripe"), []);
        });
    }

    it("a looked-up id is advisory while the stack's Gateway endpoint does not know its list yet, and judged exactly after apply", async () => {
        const rule = (name: string) => engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", name, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-63a5400a" });
        const pending = engineResource("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", prefixListId: U, routeTableIds: ["rtb-1"] });
        const preview = await judgeResources(pack(), [pending, rule("to-s3-by-data-source")]);
        assert.deepEqual(summary(preview, "egress-only-stripe"), ["egress-only-stripe advisory to-s3-by-data-source prefixListId"]);
        assert.match(findings(preview)[0].text, /^"pl-63a5400a" is not a prefix list the stack shows yet: it may be the list of Gateway endpoint s3 \(com\.amazonaws\.us-east-1\.s3\), whose id is known only after apply/);
        const applied = engineResource("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", prefixListId: "pl-63a5400a", routeTableIds: ["rtb-1"] });
        assert.deepEqual(summary(await judgeResources(pack(), [applied, rule("to-s3-by-data-source")]), "egress-only-stripe"), []);
        const other = engineResource("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", prefixListId: "pl-02cd2c6b", routeTableIds: ["rtb-1"] });
        assert.deepEqual(summary(await judgeResources(pack(), [other, rule("to-s3-by-data-source")]), "egress-only-stripe"), ["egress-only-stripe mandatory to-s3-by-data-source prefixListId"]);
    });
});
