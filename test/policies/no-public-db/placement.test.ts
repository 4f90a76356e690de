import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { StackResource } from "../../../policies/lib/stack";
import { storePlacementViolations } from "../../../policies/no-public-db/placement";
import { CidrSet } from "../../../policies/net";
import { PRIVATE_CIDRS } from "../../../policies/lib/defaults";
import { graphOf, noGuard } from "../../support/stackRules";
import { findings, judgeProgram, summary, usePack } from "../../support/pack";

// A small network written twice: after apply (ids known) and in preview (ids
// unknown, links only through property dependencies).
function r(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): StackResource {
    return { type, urn: urn(type, name), name, props, dependencies: Object.values(propertyDependencies).flat(), propertyDependencies };
}
const urn = (type: string, name: string) => `urn:pulumi:s::p::${type}::${name}`;
const T = {
    vpc: "aws:ec2/vpc:Vpc",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    subnet: "aws:ec2/subnet:Subnet",
    rt: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    assoc: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    mainRt: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    rdsGroup: "aws:rds/subnetGroup:SubnetGroup",
    rds: "aws:rds/instance:Instance",
    cacheGroup: "aws:elasticache/subnetGroup:SubnetGroup",
    redis: "aws:elasticache/replicationGroup:ReplicationGroup",
    broker: "aws:mq/broker:Broker",
};

interface Shape {
    /** Which subnet the store's group uses. */
    storeSubnet: "public" | "nat" | "isolated" | "unassociated" | "maps-ips";
    /** How the public table reaches the IGW. */
    igwRoute?: "inline" | "route" | "ipv6";
    /** Extra route on the VPC's main table. */
    mainRouteToIgw?: boolean;
}

function network(shape: Shape, preview: boolean): StackResource[] {
    const id = (v: string) => (preview ? U : v);
    const dep = (type: string, name: string) => [urn(type, name)];
    const vpc = r(T.vpc, "vpc", { cidrBlock: "10.0.0.0/16", ...(preview ? {} : { id: "vpc-1", defaultRouteTableId: "rtb-main" }) });
    const igw = r(T.igw, "igw", { vpcId: id("vpc-1"), ...(preview ? {} : { id: "igw-1" }) }, { vpcId: dep(T.vpc, "vpc") });
    const nat = r(T.nat, "nat", { subnetId: id("subnet-pub"), ...(preview ? {} : { id: "nat-1" }) }, { subnetId: dep(T.subnet, "public") });
    const subnet = (name: string, maps = false) => r(T.subnet, name, { vpcId: id("vpc-1"), mapPublicIpOnLaunch: maps, ...(preview ? {} : { id: `subnet-${name}` }) }, { vpcId: dep(T.vpc, "vpc") });
    const table = (name: string, routes: unknown[], deps: string[]) => r(T.rt, name, { vpcId: id("vpc-1"), routes, ...(preview ? {} : { id: `rtb-${name}` }) }, { vpcId: dep(T.vpc, "vpc"), routes: deps });
    const assoc = (s: string, t: string) => r(T.assoc, `${s}-${t}`, { subnetId: id(`subnet-${s}`), routeTableId: id(`rtb-${t}`) }, { subnetId: dep(T.subnet, s), routeTableId: dep(T.rt, t) });
    const igwRoutes = shape.igwRoute === "ipv6" ? [{ ipv6CidrBlock: "::/0", gatewayId: id("igw-1") }] : [{ cidrBlock: "0.0.0.0/0", gatewayId: id("igw-1") }];
    const resources: StackResource[] = [
        vpc, igw, nat,
        subnet("public"), subnet("nat"), subnet("isolated"), subnet("unassociated"), subnet("maps-ips", true),
        table("public", shape.igwRoute === "route" ? [] : igwRoutes, shape.igwRoute === "route" ? [] : dep(T.igw, "igw")),
        table("nat", [{ cidrBlock: "0.0.0.0/0", natGatewayId: id("nat-1") }], dep(T.nat, "nat")),
        table("isolated", [], []),
        assoc("public", "public"), assoc("nat", "nat"), assoc("isolated", "isolated"),
        r(T.mainRt, "main", { defaultRouteTableId: id("rtb-main"), routes: [] }, { defaultRouteTableId: dep(T.vpc, "vpc") }),
    ];
    if (shape.igwRoute === "route") {
        resources.push(r(T.route, "public-default", { routeTableId: id("rtb-public"), destinationCidrBlock: "0.0.0.0/0", gatewayId: id("igw-1") }, { routeTableId: dep(T.rt, "public"), gatewayId: dep(T.igw, "igw") }));
    }
    if (shape.mainRouteToIgw) {
        resources.push(r(T.route, "main-default", { routeTableId: id("rtb-main"), destinationCidrBlock: "0.0.0.0/0", gatewayId: id("igw-1") }, { routeTableId: dep(T.vpc, "vpc"), gatewayId: dep(T.igw, "igw") }));
    }
    const s = shape.storeSubnet;
    resources.push(
        r(T.rdsGroup, "db-subnets", { name: "db-subnets", subnetIds: [id(`subnet-${s}`)] }, { subnetIds: dep(T.subnet, s) }),
        r(T.rds, "db", { engine: "postgres", dbSubnetGroupName: preview ? U : "db-subnets", publiclyAccessible: false }, { dbSubnetGroupName: dep(T.rdsGroup, "db-subnets") }),
        r(T.cacheGroup, "cache-subnets", { name: "cache-subnets", subnetIds: [id(`subnet-${s}`)] }, { subnetIds: dep(T.subnet, s) }),
        r(T.redis, "cache", { subnetGroupName: preview ? U : "cache-subnets" }, { subnetGroupName: dep(T.cacheGroup, "cache-subnets") }),
        r(T.broker, "mq", { subnetIds: [id(`subnet-${s}`)] }, { subnetIds: dep(T.subnet, s) }),
    );
    return resources;
}

const judge = (resources: StackResource[]) => storePlacementViolations(graphOf(resources), CidrSet.parse(PRIVATE_CIDRS, "private"), noGuard);
const flagged = (resources: StackResource[]) => judge(resources).map((v) => `${v.urn.split("::").pop()} ${v.field}`).sort();
const ALL = ["cache subnetGroupName", "db dbSubnetGroupName", "mq subnetIds"];

describe("no-public-db: stores in public subnets (stack)", () => {
    for (const preview of [false, true]) {
        describe(preview ? "preview (ids unknown)" : "after apply (ids known)", () => {
            it("flags stores in a subnet routed to an internet gateway, by inline route, Route resource or IPv6 route", () => {
                assert.deepEqual(flagged(network({ storeSubnet: "public", igwRoute: "inline" }, preview)), ALL);
                assert.deepEqual(flagged(network({ storeSubnet: "public", igwRoute: "route" }, preview)), ALL);
                assert.deepEqual(flagged(network({ storeSubnet: "public", igwRoute: "ipv6" }, preview)), ALL);
            });

            it("flags stores in a subnet that maps public IPs on launch", () => {
                assert.deepEqual(flagged(network({ storeSubnet: "maps-ips" }, preview)), ALL);
            });

            it("flags stores in an unassociated subnet when the VPC's main table routes to the internet gateway", () => {
                assert.deepEqual(flagged(network({ storeSubnet: "unassociated", mainRouteToIgw: true }, preview)), ALL);
            });

            it("does not flag stores in NAT-routed, isolated or unassociated subnets", () => {
                assert.deepEqual(flagged(network({ storeSubnet: "nat", igwRoute: "inline" }, preview)), []);
                assert.deepEqual(flagged(network({ storeSubnet: "isolated", igwRoute: "inline" }, preview)), []);
                assert.deepEqual(flagged(network({ storeSubnet: "unassociated", igwRoute: "inline" }, preview)), []);
            });
        });
    }

    it("explains which subnet and route make the placement public", () => {
        const [v] = judge(network({ storeSubnet: "public", igwRoute: "inline" }, false)).filter((x) => x.field === "dbSubnetGroupName");
        assert.match(v.message, /places this RDS instance in a public subnet: subnet public routes 0\.0\.0\.0\/0 to internet gateway igw through its route table public/);
    });

    it("says nothing when a route's gateway is unknown and nothing in the stack says where it leads", () => {
        const resources = network({ storeSubnet: "public", igwRoute: "inline" }, true).map((x) =>
            x.name === "public" && x.type === T.rt ? { ...x, propertyDependencies: { ...x.propertyDependencies, routes: [] } } : x,
        );
        assert.deepEqual(flagged(resources), []);
    });
});

describe("no-public-db: stores without subnets land in the default VPC (through the gRPC interface)", () => {
    const pack = usePack();
    for (const preview of [false, true]) {
        it(`a broker, a serverless cache, a Redshift Serverless workgroup and a MemoryDB cluster that name no subnets (${preview ? "preview" : "after apply"})`, async () => {
            const report = await judgeProgram(pack(), () => {
                new aws.mq.Broker("mq", { brokerName: "mq", engineType: "RabbitMQ", engineVersion: "3.13", hostInstanceType: "mq.t3.micro", users: [{ username: "u", password: "not-a-real-password-1" }], autoMinorVersionUpgrade: true });
                new aws.elasticache.ServerlessCache("sc", { engine: "valkey", name: "sc" });
                new aws.redshiftserverless.Workgroup("wg", { namespaceName: "ns", workgroupName: "wg" });
                new aws.memorydb.Cluster("mdb", { nodeType: "db.t4g.small", aclName: "open-access" });
                // Look-alikes: the same stores in named subnets.
                new aws.mq.Broker("mq-placed", { brokerName: "mq-placed", engineType: "RabbitMQ", engineVersion: "3.13", hostInstanceType: "mq.t3.micro", subnetIds: ["subnet-private"], users: [{ username: "u", password: "not-a-real-password-1" }] });
                new aws.elasticache.ServerlessCache("sc-placed", { engine: "valkey", name: "sc-placed", subnetIds: ["subnet-private"] });
            }, preview);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db mandatory mdb subnetGroupName",
                "no-public-db mandatory mq subnetIds",
                "no-public-db mandatory sc subnetIds",
                "no-public-db mandatory wg subnetIds",
            ]);
            assert.match(findings(report).find((f) => f.resource === "sc")!.text,
                /^\(not set\) places this ElastiCache serverless cache in the default VPC's default subnets, which map public IPs and route the internet to its gateway; list private subnets/);
        });
    }
});
