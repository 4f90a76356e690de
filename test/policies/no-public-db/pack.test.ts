import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { engineResource, findings, judgeProgram, judgeResources, summary, usePack } from "../../support/pack";
import { UNKNOWN_SENTINEL } from "../../../policies/lib/read";

// no-public-db through the pack's real interface, with resources written as
// users write them (the SDKs under mocks), after apply and in preview.
function network() {
    const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
    const igw = new aws.ec2.InternetGateway("igw", { vpcId: vpc.id });
    const publicRt = new aws.ec2.RouteTable("public-rt", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
    const isolatedRt = new aws.ec2.RouteTable("isolated-rt", { vpcId: vpc.id, routes: [] });
    const subnet = (name: string, cidrBlock: string, rt: aws.ec2.RouteTable) => {
        const s = new aws.ec2.Subnet(name, { vpcId: vpc.id, cidrBlock, mapPublicIpOnLaunch: false });
        new aws.ec2.RouteTableAssociation(name, { subnetId: s.id, routeTableId: rt.id });
        return s;
    };
    return {
        vpc,
        publicSubnets: [subnet("public-a", "10.0.0.0/24", publicRt), subnet("public-b", "10.0.1.0/24", publicRt)],
        isolatedSubnets: [subnet("isolated-a", "10.0.10.0/24", isolatedRt), subnet("isolated-b", "10.0.11.0/24", isolatedRt)],
    };
}

function violatingProgram() {
    const net = network();
    const clients = new aws.ec2.SecurityGroup("clients", { vpcId: net.vpc.id });
    new aws.ec2.SecurityGroup("db-open", {
        vpcId: net.vpc.id,
        ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }],
    });
    new aws.ec2.SecurityGroupRule("all-from-v6", { type: "ingress", securityGroupId: clients.id, protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] });
    new aws.vpc.SecurityGroupIngressRule("redis-open", { securityGroupId: clients.id, ipProtocol: "tcp", fromPort: 6379, toPort: 6379, cidrIpv4: "0.0.0.0/0" });
    const publicGroup = new aws.rds.SubnetGroup("public-db", { name: "public-db", subnetIds: net.publicSubnets.map((s) => s.id) });
    new aws.rds.Instance("orders", {
        engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", manageMasterUserPassword: true,
        publiclyAccessible: true, dbSubnetGroupName: publicGroup.name, vpcSecurityGroupIds: [clients.id],
    });
    new aws.mq.Broker("events", {
        engineType: "RabbitMQ", engineVersion: "3.13", hostInstanceType: "mq.t3.micro", publiclyAccessible: true,
        subnetIds: [net.isolatedSubnets[0].id], users: [{ username: "app", password: "not-a-real-password-1" }],
    });
    new aws.redshift.Cluster("warehouse", { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus", masterUsername: "admin", manageMasterPassword: true, publiclyAccessible: true });
    new k8s.core.v1.Service("postgres-lb", { spec: { type: "LoadBalancer", selector: { app: "pg" }, ports: [{ port: 5432 }] } });
}

function compliantProgram() {
    const net = network();
    const alb = new aws.ec2.SecurityGroup("alb", {
        vpcId: net.vpc.id,
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
    });
    const db = new aws.ec2.SecurityGroup("db", { vpcId: net.vpc.id });
    new aws.vpc.SecurityGroupIngressRule("db-from-app", { securityGroupId: db.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: alb.id });
    new aws.vpc.SecurityGroupIngressRule("db-from-vpc", { securityGroupId: db.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/16" });
    const group = new aws.rds.SubnetGroup("data", { name: "data", subnetIds: net.isolatedSubnets.map((s) => s.id) });
    new aws.rds.Instance("orders", {
        engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", manageMasterUserPassword: true,
        publiclyAccessible: false, dbSubnetGroupName: group.name, vpcSecurityGroupIds: [db.id],
    });
    new k8s.core.v1.Service("postgres", { spec: { type: "ClusterIP", selector: { app: "pg" }, ports: [{ port: 5432 }] } });
    new k8s.core.v1.Service("web", { spec: { type: "LoadBalancer", selector: { app: "web" }, ports: [{ port: 443 }] } });
}

const EXPECTED = [
    "no-public-db mandatory all-from-v6 ipv6CidrBlocks[0]",
    "no-public-db mandatory db-open ingress[0].cidrBlocks[0]",
    "no-public-db mandatory events publiclyAccessible",
    "no-public-db mandatory orders dbSubnetGroupName",
    "no-public-db mandatory orders publiclyAccessible",
    "no-public-db mandatory postgres-lb spec.ports[0].port",
    "no-public-db mandatory redis-open cidrIpv4",
    // no subnet group: AWS places the cluster in the default VPC's public subnets
    "no-public-db mandatory warehouse clusterSubnetGroupName",
    "no-public-db mandatory warehouse publiclyAccessible",
];

describe("no-public-db (through the pack's gRPC interface)", () => {
    const pack = usePack();

    for (const preview of [false, true]) {
        const mode = preview ? "in preview" : "after apply";
        it(`catches every public store shape as mandatory, ${mode}`, async () => {
            assert.deepEqual(summary(await judgeProgram(pack(), violatingProgram, preview), "no-public-db"), EXPECTED);
        });

        it(`does not flag compliant look-alikes, ${mode}`, async () => {
            assert.deepEqual(summary(await judgeProgram(pack(), compliantProgram, preview), "no-public-db"), []);
        });
    }

    it("names the field, the value and the fix", async () => {
        const f = findings(await judgeProgram(pack(), violatingProgram)).find((x) => x.resource === "orders" && x.field === "dbSubnetGroupName")!;
        assert.equal(f.phase, "analyzeStack");
        assert.match(f.text, /places this RDS instance in a public subnet: subnet public-a routes 0\.0\.0\.0\/0 to internet gateway igw through its route table public-rt/);
    });

    it("reports a visible violation when other fields are unknown, and nothing for an unknown alone", async () => {
        const report = await judgeResources(pack(), [
            engineResource("aws:rds/instance:Instance", "visible", { publiclyAccessible: true, dbSubnetGroupName: UNKNOWN_SENTINEL, vpcSecurityGroupIds: UNKNOWN_SENTINEL }),
            engineResource("aws:rds/instance:Instance", "unknown-flag", { publiclyAccessible: UNKNOWN_SENTINEL, dbSubnetGroupName: UNKNOWN_SENTINEL }),
            engineResource("aws:ec2/securityGroup:SecurityGroup", "unknown-cidr", { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [UNKNOWN_SENTINEL] }] }),
            engineResource("aws:ec2/securityGroup:SecurityGroup", "unknown-list", { ingress: UNKNOWN_SENTINEL, vpcId: UNKNOWN_SENTINEL }),
        ]);
        assert.deepEqual(summary(report, "no-public-db"), ["no-public-db mandatory visible publiclyAccessible"]);
    });

    it("judges an unknown source once it is known: an EIP's address, unknown in preview", async () => {
        const program = () => {
            const eip = new aws.ec2.Eip("office", { domain: "vpc" });
            new aws.vpc.SecurityGroupIngressRule("from-office", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: eip.publicIp.apply((ip) => `${ip}/32`) });
        };
        assert.deepEqual(summary(await judgeProgram(pack(), program, true), "no-public-db"), []);
        assert.deepEqual(summary(await judgeProgram(pack(), program, false), "no-public-db"), ["no-public-db mandatory from-office cidrIpv4"]);
    });

    it("covers other store flags and Kubernetes forms given as the engine sends them", async () => {
        const report = await judgeResources(pack(), [
            engineResource("aws:rds/clusterInstance:ClusterInstance", "aurora-1", { publiclyAccessible: true }),
            engineResource("aws:neptune/clusterInstance:ClusterInstance", "graph-1", { publiclyAccessible: true }),
            engineResource("aws:opensearch/domain:Domain", "search", { domainName: "search" }),
            engineResource("kubernetes:core/v1:ServicePatch", "redis-np", { spec: { type: "NodePort", ports: [{ port: 6379, nodePort: 30079 }] } }),
        ]);
        assert.deepEqual(summary(report, "no-public-db"), [
            "no-public-db mandatory aurora-1 publiclyAccessible",
            "no-public-db mandatory graph-1 publiclyAccessible",
            "no-public-db mandatory redis-np spec.ports[0].port",
            "no-public-db mandatory search vpcOptions",
        ]);
    });
});
