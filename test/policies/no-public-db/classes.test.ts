import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { StackInput } from "../../../tools/analyzer";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { engineResource as r, findings, judgeProgram, judgeResources, secret, summary, usePack } from "../../support/pack";

// no-public-db, class by class (issue 14): each way a store can be made
// reachable from the internet, in the forms the providers allow, with unknown
// and secret siblings, beside compliant look-alikes that must pass. Through
// the pack's real gRPC interface.

const ALB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const TG = "aws:lb/targetGroup:TargetGroup";

describe("no-public-db: classes of public stores (through the gRPC interface)", () => {
    const pack = usePack();
    const judge = async (resources: StackInput[]) => summary(await judgeResources(pack(), resources), "no-public-db");

    it("public switches of streaming, search and time-series services, read past secret and unknown siblings", async () => {
        const allowPublic = JSON.stringify([{ Rules: [{ ResourceType: "collection", Resource: ["collection/logs"] }], AllowFromPublic: true }]);
        const vpcOnly = JSON.stringify([{ Rules: [{ ResourceType: "collection", Resource: ["collection/logs"] }], AllowFromPublic: false, SourceVPCEs: ["vpce-1"] }]);
        assert.deepEqual(await judge([
            r("aws:msk/cluster:Cluster", "kafka", {
                brokerNodeGroupInfo: { clientSubnets: U, securityGroups: U, connectivityInfo: { publicAccess: { type: "SERVICE_PROVIDED_EIPS" } } },
                clientAuthentication: { sasl: { scram: true } }, configurationInfo: U,
            }),
            r("aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", "public-net", { type: "network", name: "n", policy: allowPublic }),
            r("aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", "one-rule", { type: "network", name: "n", policy: JSON.stringify({ Rules: [], AllowFromPublic: "true" }) }),
            r("aws:timestreaminfluxdb/dbInstance:DbInstance", "influx", { publiclyAccessible: true, password: secret("p4ssw0rd-p4ssw0rd"), vpcSubnetIds: U }),
            r("aws:timestreaminfluxdb/dbCluster:DbCluster", "influx-cluster", { publiclyAccessible: "1", vpcSubnetIds: U }),
            r("aws:neptunegraph/graph:Graph", "graph", { publicConnectivity: true, provisionedMemory: 16 }),
            r("aws:rds/shardGroup:ShardGroup", "limitless", { publiclyAccessible: true, dbClusterIdentifier: U }),
            // compliant look-alikes
            r("aws:msk/cluster:Cluster", "kafka-private", { brokerNodeGroupInfo: { clientSubnets: U, connectivityInfo: { publicAccess: { type: "DISABLED" } } } }),
            r("aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", "vpc-net", { type: "network", name: "n", policy: vpcOnly }),
            r("aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", "encryption", { type: "encryption", name: "e", policy: JSON.stringify({ Rules: [], AWSOwnedKey: true }) }),
            r("aws:timestreaminfluxdb/dbInstance:DbInstance", "influx-private", { publiclyAccessible: false, vpcSubnetIds: U }),
            r("aws:neptunegraph/graph:Graph", "graph-private", { publicConnectivity: false }),
            r("aws:msk/cluster:Cluster", "kafka-unknown", { brokerNodeGroupInfo: U }),
        ]), [
            "no-public-db mandatory graph publicConnectivity",
            "no-public-db mandatory influx publiclyAccessible",
            "no-public-db mandatory influx-cluster publiclyAccessible",
            "no-public-db mandatory kafka brokerNodeGroupInfo.connectivityInfo.publicAccess.type",
            "no-public-db mandatory limitless publiclyAccessible",
            "no-public-db mandatory one-rule policy[0].AllowFromPublic",
            "no-public-db mandatory public-net policy[0].AllowFromPublic",
        ]);
    });

    for (const preview of [false, true]) {
        it(`internet-facing load balancers that forward a store port, under every alias token (${preview ? "preview" : "after apply"})`, async () => {
            const id = (v: string) => (preview ? U : v);
            const lb = (name: string, props: Record<string, unknown>, type = ALB) => r(type, name, { ...props, ...(preview ? {} : { arn: `arn:${name}` }) });
            const listener = (name: string, target: StackInput, props: Record<string, unknown>, type = LISTENER, deps: Record<string, string[]> = {}) =>
                r(type, name, { loadBalancerArn: id(`arn:${target.name}`), ...props }, { loadBalancerArn: [target.urn], ...deps });
            const nlb = lb("nlb", { loadBalancerType: "network" });
            const alb = lb("alb", { loadBalancerType: "application", internal: false }, "aws:alb/loadBalancer:LoadBalancer");
            const inside = lb("inside", { loadBalancerType: "network", internal: true });
            const pg = r(TG, "pg", { port: 5432, protocol: "TCP", ...(preview ? {} : { arn: "arn:pg" }) });
            const web = r("aws:elasticloadbalancingv2/targetGroup:TargetGroup", "web", { port: 8443, protocol: "HTTPS", ...(preview ? {} : { arn: "arn:web" }) });
            const mysqlTargets = r(TG, "mysql", { port: 8080, protocol: "TCP", ...(preview ? {} : { arn: "arn:mysql" }) });
            const https = listener("https", alb, {
                protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", defaultActions: [{ type: "forward", targetGroupArn: id("arn:web") }], ...(preview ? {} : { arn: "arn:https-listener" }),
            }, "aws:alb/listener:Listener", { defaultActions: [web.urn] });
            const resources = [
                nlb, alb, inside, pg, web, mysqlTargets, https,
                listener("direct", nlb, { protocol: "TCP", port: 5432, defaultActions: [{ type: "forward", targetGroupArn: id("arn:pg") }] }, LISTENER, { defaultActions: [pg.urn] }),
                listener("forwarded", nlb, { protocol: "TLS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", defaultActions: [{ type: "forward", forward: { targetGroups: [{ arn: id("arn:pg") }] } }] }, "aws:elasticloadbalancingv2/listener:Listener", { defaultActions: [pg.urn] }),
                r("aws:lb/targetGroupAttachment:TargetGroupAttachment", "mysql-target", { targetGroupArn: id("arn:mysql"), targetId: "10.0.20.5", port: 3306 }, { targetGroupArn: [mysqlTargets.urn] }),
                r("aws:lb/listenerRule:ListenerRule", "to-mysql", { listenerArn: id("arn:https-listener"), actions: [{ type: "forward", targetGroupArn: id("arn:mysql") }] }, { listenerArn: [https.urn], actions: [mysqlTargets.urn] }),
                r("aws:elb/loadBalancer:LoadBalancer", "classic", { listeners: [{ lbPort: 6379, lbProtocol: "tcp", instancePort: 6379, instanceProtocol: "tcp" }], secretTag: secret("x") }),
                // compliant look-alikes: internal load balancers with store ports, UDP, web ports on the internet
                listener("internal-pg", inside, { protocol: "TCP", port: 5432, defaultActions: [{ type: "forward", targetGroupArn: id("arn:pg") }] }, LISTENER, { defaultActions: [pg.urn] }),
                listener("dns", nlb, { protocol: "UDP", port: 5432, defaultActions: [] }),
                r("aws:elb/loadBalancer:LoadBalancer", "classic-internal", { internal: true, listeners: [{ lbPort: 6379, lbProtocol: "tcp", instancePort: 6379, instanceProtocol: "tcp" }] }),
                r("aws:elb/loadBalancer:LoadBalancer", "classic-web", { listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 8443, instanceProtocol: "https" }] }),
            ];
            assert.deepEqual(await judge(resources), [
                "no-public-db mandatory classic listeners[0].lbPort",
                "no-public-db mandatory direct port",
                "no-public-db mandatory forwarded defaultActions[0].forward.targetGroups[0].arn",
                "no-public-db mandatory to-mysql actions[0].targetGroupArn",
            ]);
        });
    }

    it("names the load balancer, the port and why it is internet-facing", async () => {
        const nlb = r(ALB, "nlb", { arn: "arn:nlb", loadBalancerType: "network", internal: "false" });
        const f = findings(await judgeResources(pack(), [nlb, r(LISTENER, "direct", { loadBalancerArn: "arn:nlb", protocol: "TCP", port: 27017 })])).find((x) => x.resource === "direct")!;
        assert.match(f.text, /27017 is store port 27017 \(MongoDB\/DocumentDB\) and load balancer nlb is internet-facing \(internal = "false"\)/);
    });

    it("a route table that sends public ranges to an internet gateway through a prefix list", async () => {
        const igw = r("aws:ec2/internetGateway:InternetGateway", "igw", { id: "igw-1" });
        const half = r("aws:ec2/managedPrefixList:ManagedPrefixList", "half", { id: "pl-half", entries: [{ cidr: "0.0.0.0/1" }] });
        const office = r("aws:ec2/managedPrefixList:ManagedPrefixList", "office", { id: "pl-office", entries: [{ cidr: "10.9.0.0/16" }] });
        const net = (name: string, destinationPrefixListId: string) => [
            r("aws:ec2/routeTable:RouteTable", `${name}-rt`, { id: `rtb-${name}` }),
            r("aws:ec2/route:Route", `${name}-route`, { routeTableId: `rtb-${name}`, destinationPrefixListId, gatewayId: "igw-1" }),
            r("aws:ec2/subnet:Subnet", name, { id: `subnet-${name}`, mapPublicIpOnLaunch: false }),
            r("aws:ec2/routeTableAssociation:RouteTableAssociation", `${name}-assoc`, { subnetId: `subnet-${name}`, routeTableId: `rtb-${name}` }),
            r("aws:docdb/subnetGroup:SubnetGroup", `${name}-group`, { name: `${name}-group`, subnetIds: [`subnet-${name}`] }),
            r("aws:docdb/cluster:Cluster", `${name}-docs`, { dbSubnetGroupName: `${name}-group`, dbClusterParameterGroupName: U }),
        ];
        assert.deepEqual(await judge([igw, half, office, ...net("via-half", "pl-half"), ...net("via-aws-list", "pl-0123abcd"), ...net("via-office", "pl-office")]), [
            "no-public-db mandatory via-aws-list-docs dbSubnetGroupName",
            "no-public-db mandatory via-half-docs dbSubnetGroupName",
        ]);
    });

    it("a subnet of the default VPC with no association uses AWS's main table, which routes the internet to its gateway", async () => {
        // After apply a real default VPC reports its main table's id; under the mocks only preview links them (by dependency), so both are written as the engine sends them.
        const stack = (manageMainTable: boolean, preview: boolean): StackInput[] => {
            const id = (v: string) => (preview ? U : v);
            const vpc = r("aws:ec2/defaultVpc:DefaultVpc", "default", preview ? {} : { id: "vpc-default", defaultRouteTableId: "rtb-main", mainRouteTableId: "rtb-main" });
            const dep = { vpcId: [vpc.urn] };
            const subnet = r("aws:ec2/subnet:Subnet", "in-default", { vpcId: id("vpc-default"), mapPublicIpOnLaunch: false, ...(preview ? {} : { id: "subnet-a" }) }, dep);
            const defaultSubnet = r("aws:ec2/defaultSubnet:DefaultSubnet", "default-b", { availabilityZone: "us-east-1b", mapPublicIpOnLaunch: false, vpcId: id("vpc-default"), ...(preview ? {} : { id: "subnet-b" }) });
            const group = r("aws:rds/subnetGroup:SubnetGroup", "default-vpc", { name: "default-vpc", subnetIds: [id("subnet-a"), id("subnet-b")] }, { subnetIds: [subnet.urn, defaultSubnet.urn] });
            const db = r("aws:rds/instance:Instance", "orders", { engine: "postgres", engineVersion: "16.4", dbSubnetGroupName: id("default-vpc") }, { dbSubnetGroupName: [group.urn] });
            const main = r("aws:ec2/defaultRouteTable:DefaultRouteTable", "main", { defaultRouteTableId: id("rtb-main"), routes: [] }, { defaultRouteTableId: [vpc.urn] });
            return [vpc, subnet, defaultSubnet, group, db, ...(manageMainTable ? [main] : [])];
        };
        for (const preview of [false, true]) {
            const report = await judgeResources(pack(), stack(false, preview));
            assert.deepEqual(summary(report, "no-public-db"), ["no-public-db mandatory orders dbSubnetGroupName"], `unmanaged (${preview})`);
            assert.match(findings(report)[0].text, /routes 0\.0\.0\.0\/0 to the default internet gateway through the main route table of default VPC default/);
            assert.deepEqual(await judge(stack(true, preview)), [], `managed, no internet route (${preview})`);
        }
    });

    it("stores that name no subnet group land in the default VPC; replicas and members take their source's", async () => {
        assert.deepEqual(await judge([
            r("aws:rds/instance:Instance", "lonely", { engine: "postgres", engineVersion: "16.4" }),
            r("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { transitEncryptionEnabled: true, subnetGroupName: "" }),
            r("aws:rds/instance:Instance", "replica", { replicateSourceDb: "arn:aws:rds:us-east-1:1:db:orders" }),
            r("aws:elasticache/cluster:Cluster", "member", { replicationGroupId: "cache" }),
            r("aws:rds/instance:Instance", "placed", { dbSubnetGroupName: "elsewhere" }),
        ]), [
            "no-public-db mandatory cache subnetGroupName",
            "no-public-db mandatory lonely dbSubnetGroupName",
        ]);
    });

    for (const preview of [false, true]) {
        it(`world ingress judged by what the group protects: stores on any port mandatory, load-balancer and task groups advisory (${preview ? "preview" : "after apply"})`, async () => {
            const program = () => {
                const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
                const dbGroup = new aws.ec2.SecurityGroup("db", { vpcId: vpc.id });
                const cacheGroup = new aws.ec2.SecurityGroup("cache", { vpcId: vpc.id, ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
                const lbGroup = new aws.ec2.SecurityGroup("alb", { vpcId: vpc.id, ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }] });
                const taskGroup = new aws.ec2.SecurityGroup("tasks", { vpcId: vpc.id });
                new aws.vpc.SecurityGroupIngressRule("tasks-any", { securityGroupId: taskGroup.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });
                new aws.vpc.SecurityGroupIngressRule("db-custom-port", { securityGroupId: dbGroup.id, ipProtocol: "tcp", fromPort: 15432, toPort: 15432, cidrIpv4: "0.0.0.0/0" });
                new aws.vpc.SecurityGroupIngressRule("db-custom-range", { securityGroupId: dbGroup.id, ipProtocol: "tcp", fromPort: 15000, toPort: 16000, cidrIpv6: "::/0" });
                new aws.vpc.SecurityGroupIngressRule("db-custom-private", { securityGroupId: dbGroup.id, ipProtocol: "tcp", fromPort: 15432, toPort: 15432, cidrIpv4: "10.0.0.0/8" });
                new aws.ec2.SecurityGroupRule("tasks-app", { type: "ingress", securityGroupId: taskGroup.id, protocol: "tcp", fromPort: 15432, toPort: 15432, cidrBlocks: ["0.0.0.0/0"] });
                new aws.rds.Instance("orders", {
                    engine: "postgres", engineVersion: "16.4", instanceClass: "db.t4g.micro", port: 15432, dbSubnetGroupName: "data",
                    vpcSecurityGroupIds: [dbGroup.id], password: "not-a-real-password-1",
                });
                new aws.elasticache.ReplicationGroup("sessions", { description: "s", nodeType: "cache.t4g.micro", transitEncryptionEnabled: true, subnetGroupName: "data", securityGroupIds: [cacheGroup.id] });
                new aws.ec2.DefaultSecurityGroup("default", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }] });
                new aws.vpc.SecurityGroupIngressRule("elsewhere-any", { securityGroupId: "sg-0abc", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });
                void lbGroup;
            };
            const report = await judgeProgram(pack(), program, preview);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db advisory alb ingress[0].cidrBlocks[0]",
                "no-public-db advisory alb ingress[0].ipv6CidrBlocks[0]",
                "no-public-db advisory elsewhere-any cidrIpv4",
                "no-public-db advisory tasks-any cidrIpv4",
                "no-public-db mandatory cache ingress[0].cidrBlocks[0]",
                "no-public-db mandatory db-custom-port cidrIpv4",
                "no-public-db mandatory db-custom-range cidrIpv6",
                "no-public-db mandatory default ingress[0].cidrBlocks[0]",
            ]);
            const f = findings(report).find((x) => x.resource === "db-custom-port")!;
            assert.match(f.text, /includes store port 15432 \(this group protects RDS instance orders \(port 15432\)\)/);
            const lb = findings(report).find((x) => x.resource === "tasks-any")!;
            assert.match(lb.text, /^"0\.0\.0\.0\/0" is outside the private ranges and is admitted to all traffic of a security group no store of this stack uses, which includes store ports 1433 \(SQL Server\), 1521 \([^)]*\), 2181 \([^)]*\) and \d+ more; nothing here is exposed/);
        });
    }

    it("prefix-list sources: the stack's list is read, a list from elsewhere is advisory", async () => {
        const office = r("aws:ec2/managedPrefixList:ManagedPrefixList", "office", { id: "pl-office", entries: [{ cidr: "10.9.0.0/16" }] });
        const partners = r("aws:ec2/managedPrefixList:ManagedPrefixList", "partners", { id: "pl-partners", entries: [{ cidr: "10.9.0.0/16" }] });
        const wide = r("aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", "wide", { prefixListId: "pl-partners", cidr: "198.51.100.0/24" });
        const rule = (name: string, prefixListId: string, fromPort = 5432, toPort = 5432) =>
            r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort, toPort, prefixListId });
        assert.deepEqual(await judge([office, partners, wide, rule("from-office", "pl-office"), rule("from-partners", "pl-partners"), rule("from-elsewhere", "pl-0abc"), rule("web-from-elsewhere", "pl-0abc", 443, 443)]), [
            "no-public-db advisory from-elsewhere prefixListId",
            "no-public-db mandatory from-partners prefixListId",
        ]);
    });
});

// Programs an independent review wrote as other teams would: each bad
// resource gets exactly the findings listed, each look-alike none, after
// apply and in preview.
describe("no-public-db: the review's programs (through the gRPC interface)", () => {
    const pack = usePack();
    const both = async (build: () => void, expected: string[]) => {
        for (const preview of [false, true]) {
            assert.deepEqual(summary(await judgeProgram(pack(), build, preview), "no-public-db"), expected, preview ? "preview" : "after apply");
        }
    };

    it("world ingress in every rule form, on store groups and on a web group", async () => {
        await both(() => {
            const sg = new aws.ec2.SecurityGroup("db-sg", { vpcId: "vpc-1", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
            new aws.rds.Instance("db", { engine: "postgres", engineVersion: "16.4", instanceClass: "db.t4g.micro", allocatedStorage: 20, dbSubnetGroupName: "private", vpcSecurityGroupIds: [sg.id], username: "u", password: "not-a-real-password-1" });
            const sg3 = new aws.ec2.SecurityGroup("sg3", { vpcId: "vpc-1" });
            new aws.ec2.SecurityGroupRule("v6", { type: "ingress", securityGroupId: sg3.id, protocol: "tcp", fromPort: 5432, toPort: 5432, ipv6CidrBlocks: ["::/0"] });
            new aws.ec2.SecurityGroupRule("from-app", { type: "ingress", securityGroupId: sg3.id, protocol: "tcp", fromPort: 5432, toPort: 5432, sourceSecurityGroupId: "sg-app" });
            new aws.ec2.SecurityGroupRule("all-v6", { type: "ingress", securityGroupId: sg3.id, protocol: "all", fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/0"] });
            new aws.elasticache.ReplicationGroup("cache", { description: "c", nodeType: "cache.t4g.micro", securityGroupIds: [sg3.id], subnetGroupName: "private", transitEncryptionEnabled: true });
            const docs = new aws.ec2.SecurityGroup("docs-sg", { vpcId: "vpc-1" });
            new aws.vpc.SecurityGroupIngressRule("docs-all", { securityGroupId: docs.id, ipProtocol: "-1", cidrIpv6: "::/0" });
            new aws.docdb.Cluster("docs", { vpcSecurityGroupIds: [docs.id], dbSubnetGroupName: "private", dbClusterParameterGroupName: "tls12" });
            const web = new aws.ec2.SecurityGroup("web-sg", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }, { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }] });
            new aws.lb.LoadBalancer("web", { loadBalancerType: "application", securityGroups: [web.id], subnets: ["subnet-a", "subnet-b"] });
        }, [
            "no-public-db mandatory all-v6 ipv6CidrBlocks[0]",
            "no-public-db mandatory db-sg ingress[0].cidrBlocks[0]",
            "no-public-db mandatory docs-all cidrIpv6",
            "no-public-db mandatory v6 ipv6CidrBlocks[0]",
        ]);
    });

    it("public flags of Aurora members, and load balancers forwarding to store ports", async () => {
        await both(() => {
            const c = new aws.rds.Cluster("aurora", { engine: "aurora-postgresql", engineVersion: "16.4", masterUsername: "u", masterPassword: "not-a-real-password-1", dbSubnetGroupName: "private" });
            new aws.rds.ClusterInstance("aurora-1", { clusterIdentifier: c.id, instanceClass: "db.r6g.large", engine: "aurora-postgresql", publiclyAccessible: true });
            new aws.rds.ClusterInstance("aurora-2", { clusterIdentifier: c.id, instanceClass: "db.r6g.large", engine: "aurora-postgresql", publiclyAccessible: false });
            const nlb = new aws.lb.LoadBalancer("nlb", { loadBalancerType: "network", subnets: ["subnet-a"] });
            const tg = new aws.lb.TargetGroup("pg", { port: 5432, protocol: "TCP", vpcId: "vpc-1", targetType: "ip" });
            new aws.lb.Listener("l", { loadBalancerArn: nlb.arn, port: 443, protocol: "TCP", defaultActions: [{ type: "forward", forward: { targetGroups: [{ arn: tg.arn, weight: 1 }] } }] });
            const tg2 = new aws.lb.TargetGroup("tcp-any", { port: 8080, protocol: "TCP", vpcId: "vpc-1", targetType: "ip" });
            new aws.lb.TargetGroupAttachment("rds-ip", { targetGroupArn: tg2.arn, targetId: "10.0.1.5", port: 5432 });
            new aws.lb.Listener("l2", { loadBalancerArn: nlb.arn, port: 15432, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: tg2.arn }] });
        }, [
            "no-public-db mandatory aurora-1 publiclyAccessible",
            "no-public-db mandatory l defaultActions[0].forward.targetGroups[0].arn",
            "no-public-db mandatory l2 defaultActions[0].targetGroupArn",
        ]);
    });

    it("subnets routed to the internet by inline route, Route resource, IPv6 or the main table; a NAT route is not an internet gateway", async () => {
        await both(() => {
            const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
            const igw = new aws.ec2.InternetGateway("igw", { vpcId: vpc.id });
            const placed = (name: string, cidrBlock: string, rt?: aws.ec2.RouteTable) => {
                const s = new aws.ec2.Subnet(name, { vpcId: vpc.id, cidrBlock });
                if (rt) {
                    new aws.ec2.RouteTableAssociation(`${name}-a`, { subnetId: s.id, routeTableId: rt.id });
                }
                new aws.rds.Instance(`db-${name}`, { engine: "postgres", engineVersion: "16.4", instanceClass: "db.t4g.micro", dbSubnetGroupName: new aws.rds.SubnetGroup(`g-${name}`, { subnetIds: [s.id] }).name });
            };
            placed("s1", "10.0.1.0/24", new aws.ec2.RouteTable("public-rt", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] }));
            const rt6 = new aws.ec2.RouteTable("v6-rt", { vpcId: vpc.id });
            new aws.ec2.Route("v6-default", { routeTableId: rt6.id, destinationIpv6CidrBlock: "::/0", gatewayId: igw.id });
            placed("s2", "10.0.2.0/24", rt6);
            new aws.ec2.Route("main-default", { routeTableId: vpc.mainRouteTableId, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
            placed("s3", "10.0.3.0/24");
            const nat = new aws.ec2.NatGateway("nat", { subnetId: "subnet-pub", allocationId: "eipalloc-1" });
            placed("s4", "10.0.4.0/24", new aws.ec2.RouteTable("private-rt", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] }));
        }, [
            "no-public-db mandatory db-s1 dbSubnetGroupName",
            "no-public-db mandatory db-s2 dbSubnetGroupName",
            "no-public-db mandatory db-s3 dbSubnetGroupName",
        ]);
    });

    it("spellings of the world and of ports: numbers as text, protocol numbers, halves, IPv4-mapped IPv6", async () => {
        const report = await judgeResources(pack(), [
            r("aws:ec2/securityGroup:SecurityGroup", "str-ports", { ingress: [{ protocol: "TCP", fromPort: "5432", toPort: "5432", cidrBlocks: ["0.0.0.0/0"] }] }),
            r("aws:ec2/securityGroup:SecurityGroup", "proto6", { ingress: [{ protocol: "6", fromPort: 6379, toPort: 6379, ipv6CidrBlocks: ["::ffff:0.0.0.0/96"] }] }),
            r("aws:ec2/securityGroupRule:SecurityGroupRule", "halves", { type: "ingress", protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"], securityGroupId: "sg-1" }),
            r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "v6-27017", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 27017, toPort: 27017, cidrIpv6: "2000::/3" }),
            r("aws:ec2/securityGroup:SecurityGroup", "cgnat", { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["100.64.0.0/10"] }] }),
        ]);
        assert.deepEqual(summary(report, "no-public-db"), [
            "no-public-db mandatory halves cidrBlocks[0]",
            "no-public-db mandatory halves cidrBlocks[1]",
            "no-public-db mandatory proto6 ingress[0].ipv6CidrBlocks[0]",
            "no-public-db mandatory str-ports ingress[0].cidrBlocks[0]",
            "no-public-db mandatory v6-27017 cidrIpv6",
        ]);
    });

    it("Services of type LoadBalancer read as their controller builds them, and NodePort", async () => {
        const svc = (name: string, annotations: Record<string, string>, extra: Record<string, unknown> = {}) =>
            r("kubernetes:core/v1:Service", name, { metadata: { namespace: "db", annotations }, spec: { type: "LoadBalancer", selector: { app: "pg" }, ports: [{ port: 5432, targetPort: 5432 }], ...extra } });
        const A = "service.beta.kubernetes.io/aws-load-balancer-";
        const report = await judgeResources(pack(), [
            svc("lbc-default", { [`${A}type`]: "external", [`${A}nlb-target-type`]: "ip" }),
            svc("lbc-public", { [`${A}type`]: "external", [`${A}nlb-target-type`]: "ip", [`${A}scheme`]: "internet-facing" }),
            svc("intree-internal-true", { [`${A}internal`]: "true" }),
            svc("intree-internal-cidr", { [`${A}internal`]: "0.0.0.0/0" }),
            svc("class-lbc-public", { [`${A}scheme`]: "internet-facing" }, { loadBalancerClass: "service.k8s.aws/nlb" }),
            svc("lbc-nlb-type", { [`${A}type`]: "nlb" }),
            r("kubernetes:core/v1:Service", "np", { metadata: { namespace: "db" }, spec: { type: "NodePort", selector: { app: "pg" }, ports: [{ port: 5432 }] } }),
        ]);
        assert.deepEqual(summary(report, "no-public-db"), [
            "no-public-db mandatory class-lbc-public spec.ports[0].port",
            "no-public-db mandatory lbc-nlb-type spec.ports[0].port",
            "no-public-db mandatory lbc-public spec.ports[0].port",
            "no-public-db mandatory np spec.ports[0].port",
        ]);
    });
});
