import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { engineResource, findings, judgeProgram, judgeResources, summary, usePack } from "../../support/pack";
import { UNKNOWN_SENTINEL } from "../../../policies/lib/read";

// egress-only-stripe through the pack's real interface.
const STRIPE = "13.55.5.15/32";

function violatingProgram() {
    const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
    new aws.ec2.SecurityGroup("open", { vpcId: vpc.id, egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }] });
    const sg = new aws.ec2.SecurityGroup("app", { vpcId: vpc.id });
    new aws.ec2.SecurityGroupRule("stripe-all", { type: "egress", securityGroupId: sg.id, protocol: "all", fromPort: 0, toPort: 65535, cidrBlocks: [STRIPE] });
    new aws.vpc.SecurityGroupEgressRule("dns-out", { securityGroupId: sg.id, ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "8.8.8.8/32" });
    new aws.vpc.SecurityGroupEgressRule("s3-elsewhere", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-63a5400a" });
    new k8s.networking.v1.NetworkPolicy("anything", { spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ protocol: "TCP", port: 443 }] }] } });
    new k8s.networking.v1.NetworkPolicy("world", {
        spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: [{ protocol: "TCP", port: 443 }] }] },
    });
}

function compliantProgram() {
    const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
    const rt = new aws.ec2.RouteTable("private", { vpcId: vpc.id });
    const s3 = new aws.ec2.VpcEndpoint("s3", { vpcId: vpc.id, serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway", routeTableIds: [rt.id] });
    const db = new aws.ec2.SecurityGroup("db", { vpcId: vpc.id });
    new aws.ec2.SecurityGroup("payment", {
        vpcId: vpc.id,
        egress: [
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [STRIPE, "13.56.126.253/32"] },
            { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.64.0/20"] },
            { protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: [db.id] },
        ],
    });
    new aws.vpc.SecurityGroupEgressRule("to-s3", { securityGroupId: db.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: s3.prefixListId });
    new aws.vpc.SecurityGroupEgressRule("to-stripe", { securityGroupId: db.id, ipProtocol: "6", fromPort: 443, toPort: 443, cidrIpv4: "13.55.153.188/32" });
    new k8s.networking.v1.NetworkPolicy("venue", {
        spec: {
            podSelector: { matchLabels: { app: "venue" } },
            policyTypes: ["Egress"],
            egress: [
                { to: [{ ipBlock: { cidr: STRIPE } }], ports: [{ protocol: "TCP", port: 443 }] },
                { to: [{ podSelector: { matchLabels: { app: "auth" } } }], ports: [{ protocol: "TCP", port: 3001 }] },
                { to: [{ ipBlock: { cidr: "10.0.64.0/20" } }], ports: [{ protocol: "TCP", port: 5432 }] },
            ],
        },
    });
}

const EXPECTED = [
    "egress-only-stripe mandatory anything spec.egress[0].to",
    "egress-only-stripe mandatory dns-out cidrIpv4",
    "egress-only-stripe mandatory open egress[0].cidrBlocks[0]",
    "egress-only-stripe mandatory open egress[0].ipv6CidrBlocks[0]",
    "egress-only-stripe mandatory s3-elsewhere prefixListId",
    "egress-only-stripe mandatory stripe-all cidrBlocks[0]",
    "egress-only-stripe mandatory world spec.egress[0].to[0].ipBlock.cidr",
];

describe("egress-only-stripe (through the pack's gRPC interface)", () => {
    const pack = usePack();

    for (const preview of [false, true]) {
        const mode = preview ? "in preview" : "after apply";
        it(`catches every egress shape as mandatory, ${mode}`, async () => {
            assert.deepEqual(summary(await judgeProgram(pack(), violatingProgram, preview), "egress-only-stripe"), EXPECTED);
        });

        it(`allows TCP 443 to Stripe, private destinations, security groups and the stack's gateway endpoint, ${mode}`, async () => {
            assert.deepEqual(summary(await judgeProgram(pack(), compliantProgram, preview), "egress-only-stripe"), []);
        });
    }

    it("says why and what is allowed", async () => {
        const f = findings(await judgeProgram(pack(), violatingProgram));
        assert.match(f.find((x) => x.resource === "stripe-all")!.text, /"13\.55\.5\.15\/32" is on the allow-list but the rule admits all traffic \(protocol = "all"\); allow only TCP 443/);
        assert.match(f.find((x) => x.resource === "s3-elsewhere")!.text, /"pl-63a5400a" is neither the prefix list of a Gateway VPC endpoint of this stack nor a managed prefix list of this stack, so where it leads cannot be verified/);
    });

    it("reports a visible violation among unknown fields, and nothing for unknowns alone", async () => {
        const report = await judgeResources(pack(), [
            engineResource("aws:ec2/securityGroup:SecurityGroup", "mixed", { vpcId: UNKNOWN_SENTINEL, egress: [{ protocol: UNKNOWN_SENTINEL, fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0", UNKNOWN_SENTINEL] }] }),
            engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "unknown-dest", { securityGroupId: UNKNOWN_SENTINEL, ipProtocol: "-1", cidrIpv4: UNKNOWN_SENTINEL }),
            engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "unknown-list", { ipProtocol: "-1", prefixListId: UNKNOWN_SENTINEL }),
            engineResource("kubernetes:networking.k8s.io/v1:NetworkPolicy", "unknown-to", { spec: { egress: [{ to: UNKNOWN_SENTINEL }] } }),
        ]);
        assert.deepEqual(summary(report, "egress-only-stripe"), ["egress-only-stripe mandatory mixed egress[0].cidrBlocks[0]"]);
    });
});
