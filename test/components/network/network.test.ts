import { strict as assert } from "assert";
import { contains, parseCidr } from "../../../policies/net";
import { checkEndpointCapacity, DEFAULT_INTERFACE_ENDPOINTS, Network, NetworkArgs, selectZones } from "../../../components/network";
import { runComponents, RunResult } from "../../../tools/harness/run";
import { all, byId, idOf, one } from "../../support/resources";

const SUBNET = "aws:ec2/subnet:Subnet";
const ASSOC = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const NAT = "aws:ec2/natGateway:NatGateway";

const PORTS: NetworkArgs["isolatedTierPorts"] = { data: [5432, 6379, 27017], messaging: [5671] };

function build(args: Partial<NetworkArgs> = {}, zones = 6): Promise<RunResult> {
    return runComponents(() => {
        new Network("net", { isolatedTierPorts: PORTS, ...args });
    }, { account: { zones } });
}

/** Every route (inline or standalone) of the route table each subnet of `tier` uses. */
function routesOfTier(run: RunResult, tier: string): Array<Record<string, any>> {
    const subnets = all(run, SUBNET).filter((s) => s.inputs.tags.tier === tier);
    assert.ok(subnets.length > 0);
    return subnets.flatMap((s) => {
        const assocs = all(run, ASSOC).filter((a) => a.inputs.subnetId === idOf(s));
        assert.equal(assocs.length, 1, `${s.name} has exactly one route table`);
        const rt = byId(run, assocs[0].inputs.routeTableId);
        const standalone = all(run, "aws:ec2/route:Route", { allowNone: true }).filter((r) => r.inputs.routeTableId === idOf(rt)).map((r) => r.inputs);
        return [...(rt.inputs.routes ?? []), ...standalone];
    });
}

describe("components/network", () => {
    let prod: RunResult;
    let dev: RunResult;
    before(async () => {
        prod = await build({ azCount: 3, natGateways: "perAz" });
        dev = await build({ azCount: 2, natGateways: "single", cidrBlock: "10.20.0.0/16" });
    });

    it("creates the VPC with DNS on for private endpoints", () => {
        const vpc = one(prod, "aws:ec2/vpc:Vpc", "net-vpc");
        assert.equal(vpc.inputs.cidrBlock, "10.0.0.0/16");
        assert.equal(vpc.inputs.enableDnsHostnames, true);
        assert.equal(vpc.inputs.enableDnsSupport, true);
    });

    it("spreads every tier over the zones", () => {
        for (const [run, zones] of [[prod, 3], [dev, 2]] as const) {
            for (const tier of ["public", "private", "data", "messaging", "endpoints"]) {
                const subnets = all(run, SUBNET).filter((s) => s.inputs.tags.tier === tier);
                assert.equal(subnets.length, zones, `${tier} subnets`);
                assert.equal(new Set(subnets.map((s) => s.inputs.availabilityZone)).size, zones, `${tier} in distinct zones`);
            }
            assert.ok(all(run, SUBNET).every((s) => s.inputs.mapPublicIpOnLaunch === false));
        }
    });

    it("keeps every subnet inside the VPC range", () => {
        const vpc = parseCidr("10.20.0.0/16")!;
        assert.ok(all(dev, SUBNET).every((s) => contains(vpc, parseCidr(s.inputs.cidrBlock)!)));
    });

    it("gives the isolated tiers and the endpoint tier no route out at all", () => {
        for (const tier of ["data", "messaging", "endpoints"]) {
            assert.deepEqual(routesOfTier(prod, tier), [], `${tier} routes`);
        }
    });

    it("routes the public tier to the internet gateway and the private tier through NAT", () => {
        const igw = one(prod, "aws:ec2/internetGateway:InternetGateway", "net-igw");
        const publicRoutes = routesOfTier(prod, "public");
        assert.equal(publicRoutes.length, 3, "one default route seen from each public subnet");
        assert.ok(publicRoutes.every((r) => r.cidrBlock === "0.0.0.0/0" && r.gatewayId === idOf(igw)));
        const nats = new Set(all(prod, NAT).map(idOf));
        const privateRoutes = routesOfTier(prod, "private");
        assert.equal(privateRoutes.length, 3);
        assert.ok(privateRoutes.every((r) => r.cidrBlock === "0.0.0.0/0" && nats.has(r.natGatewayId) && r.gatewayId === undefined));
        assert.equal(new Set(privateRoutes.map((r) => r.natGatewayId)).size, 3, "each zone uses its own NAT");
    });

    it("has one NAT per zone in an HA network and one in a small one, all in public subnets", () => {
        assert.equal(all(prod, NAT).length, 3);
        assert.equal(all(dev, NAT).length, 1);
        assert.ok(new Set(routesOfTier(dev, "private").map((r) => r.natGatewayId)).size === 1);
        for (const nat of all(prod, NAT)) {
            assert.equal(byId(prod, nat.inputs.subnetId).inputs.tags.tier, "public");
        }
    });

    it("empties the default security group and the main route table", () => {
        const sg = one(prod, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "net-default-sg");
        assert.deepEqual(sg.inputs.ingress, []);
        assert.deepEqual(sg.inputs.egress, []);
        assert.deepEqual(one(prod, "aws:ec2/defaultRouteTable:DefaultRouteTable", "net-main-rtb").inputs.routes, []);
    });

    it("reaches S3 by a gateway endpoint on the private route tables only", () => {
        const s3 = one(prod, "aws:ec2/vpcEndpoint:VpcEndpoint", "net-endpoint-s3");
        assert.equal(s3.inputs.vpcEndpointType, "Gateway");
        assert.equal(s3.inputs.serviceName, "com.amazonaws.us-east-1.s3");
        const tiers = s3.inputs.routeTableIds.map((id: string) => byId(prod, id).name);
        assert.deepEqual(tiers, ["net-private-rt-1", "net-private-rt-2", "net-private-rt-3"]);
    });

    it("reaches the AWS APIs nodes need by interface endpoints whose interfaces have the endpoint tier to themselves", () => {
        const endpoints = all(prod, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcEndpointType === "Interface");
        const services = endpoints.map((e) => e.inputs.serviceName.replace("com.amazonaws.us-east-1.", "")).sort();
        assert.deepEqual(services, [...DEFAULT_INTERFACE_ENDPOINTS].sort());
        for (const required of ["ecr.api", "ecr.dkr", "sts", "ec2", "logs", "elasticloadbalancing", "ssm"]) {
            assert.ok(services.includes(required), required);
        }
        const sg = one(prod, "aws:ec2/securityGroup:SecurityGroup", "net-endpoints");
        for (const e of endpoints) {
            assert.equal(e.inputs.privateDnsEnabled, true);
            assert.deepEqual(e.inputs.securityGroupIds, [idOf(sg)]);
            assert.deepEqual(e.inputs.subnetIds.map((id: string) => byId(prod, id).inputs.tags.tier), ["endpoints", "endpoints", "endpoints"]);
        }
        const tier = new Set(all(prod, SUBNET).filter((s) => s.inputs.tags.tier === "endpoints").map(idOf));
        const users = prod.resources.filter((r) => r.custom && r.type !== "aws:ec2/routeTableAssociation:RouteTableAssociation" &&
            JSON.stringify(r.inputs).match(/"[^"]*-id"/g)?.some((id) => tier.has(JSON.parse(id))));
        assert.deepEqual([...new Set(users.map((r) => r.type))], ["aws:ec2/vpcEndpoint:VpcEndpoint"], "nothing but interface endpoints in the endpoint tier");
    });

    it("refuses an endpoint tier too small for one interface per endpoint", () => {
        assert.doesNotThrow(() => checkEndpointCapacity(["10.0.255.0/28"], Array.from({ length: 11 }, (_, i) => `svc${i}`)));
        assert.throws(() => checkEndpointCapacity(["10.0.255.0/28"], Array.from({ length: 12 }, (_, i) => `svc${i}`)),
            /endpoint subnet 10\.0\.255\.0\/28 has 11 usable addresses, but 12 interface endpoints .* each need one in every endpoint subnet/);
    });

    it("refuses more interface endpoints than a VPC holds by default", () => {
        const many = (n: number) => Array.from({ length: n }, (_, i) => `svc${i}`);
        assert.doesNotThrow(() => checkEndpointCapacity(["10.0.248.0/24"], many(50)));
        assert.throws(() => checkEndpointCapacity(["10.0.248.0/24"], many(51)), /51 interface endpoints .* exceed AWS's default of 50 per VPC \(Amazon VPC quotas/);
    });

    it("admits 443 from inside the VPC to the endpoints, and nothing else", () => {
        const sg = one(prod, "aws:ec2/securityGroup:SecurityGroup", "net-endpoints");
        assert.equal(sg.inputs.ingress, undefined);
        assert.equal(sg.inputs.egress, undefined);
        const rules = all(prod, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === idOf(sg));
        assert.deepEqual(rules.map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]), [["tcp", 443, 443, "10.0.0.0/16"]]);
        assert.equal(all(prod, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", { allowNone: true }).length, 0);
    });

    it("walls the data tier off with an ACL that admits only store ports from the private tier", () => {
        const acl = one(prod, "aws:ec2/networkAcl:NetworkAcl", "net-data-acl");
        const dataSubnets = all(prod, SUBNET).filter((s) => s.inputs.tags.tier === "data").map(idOf);
        assert.deepEqual(acl.inputs.subnetIds, dataSubnets);
        const fromPrivate = acl.inputs.ingress.filter((r: any) => r.cidrBlock.startsWith("10.0.0.") || r.cidrBlock.startsWith("10.0.128."));
        assert.deepEqual([...new Set(fromPrivate.map((r: any) => `${r.protocol}/${r.fromPort}-${r.toPort}`))].sort(), ["6/27017-27017", "6/5432-5432", "6/6379-6379"]);
        const messaging = one(prod, "aws:ec2/networkAcl:NetworkAcl", "net-messaging-acl");
        const ports = messaging.inputs.ingress.filter((r: any) => r.protocol === "6").map((r: any) => r.fromPort);
        assert.deepEqual([...new Set(ports)], [5671]);
        for (const rule of [...acl.inputs.ingress, ...acl.inputs.egress, ...messaging.inputs.ingress, ...messaging.inputs.egress]) {
            assert.ok(contains(parseCidr("10.0.0.0/16")!, parseCidr(rule.cidrBlock)!), `ACL rule ${rule.cidrBlock} stays in the VPC`);
        }
    });

    it("sends all VPC traffic to flow logs with retention", () => {
        const group = one(prod, "aws:cloudwatch/logGroup:LogGroup", "net-flow-logs");
        assert.equal(group.inputs.retentionInDays, 90);
        const flow = one(prod, "aws:ec2/flowLog:FlowLog", "net-flow-logs");
        assert.equal(flow.inputs.trafficType, "ALL");
        assert.equal(flow.inputs.logDestinationType, "cloud-watch-logs");
        assert.match(flow.inputs.logDestination, /log-group/);
        const trust = JSON.parse(one(prod, "aws:iam/role:Role", "net-flow-logs").inputs.assumeRolePolicy);
        assert.equal(trust.Statement[0].Principal.Service, "vpc-flow-logs.amazonaws.com");
        const policy = JSON.parse(one(prod, "aws:iam/rolePolicy:RolePolicy", "net-flow-logs").inputs.policy);
        assert.ok(policy.Statement.every((s: any) => s.Resource.every((r: string) => r.includes("log-group"))), "scoped to its log group");
    });

    it("parents every resource to the component", () => {
        const component = one(prod, "tickettoken:network:Network", "net");
        assert.ok(prod.resources.filter((r) => r.custom).every((r) => r.parent === component.urn));
    });

    it("refuses more NAT gateways than a Region has Elastic IPs by default, and a retention CloudWatch does not take", async () => {
        await assert.rejects(build({ azCount: 6, natGateways: "perAz" }),
            /network net: 6 NAT gateways need 6 Elastic IP addresses, over AWS's default of 5 per Region \(Amazon VPC quotas, "Elastic IP addresses per Region"\)/);
        await build({ azCount: 6, natGateways: "single" });
        await assert.rejects(build({ flowLogRetentionDays: 10 }), /network net: flowLogRetentionDays: 10 days is not a retention period CloudWatch Logs accepts/);
    });

    it("refuses more zones than the region offers, or than it can address", async () => {
        await assert.rejects(build({ azCount: 3 }, 2), /network net: 3 availability zones requested but the region us-east-1 offers 2 \(us-east-1a \(use1-az1\), us-east-1b \(use1-az2\)\); lower azCount to 2/);
        await assert.rejects(build({ azCount: 7 }), /zone count 7 is outside 1\.\.6/);
    });

    it("selects zones by ID, leaving out the IDs a service refuses, whatever their names", async () => {
        const run = await build({ azCount: 3, excludedZones: { ids: ["use1-az3"], reason: "EKS refuses them" } });
        const zones = all(run, SUBNET).filter((s) => s.inputs.tags.tier === "private").map((s) => s.inputs.availabilityZone);
        // The offline account maps us-east-1c to use1-az3.
        assert.deepEqual(zones, ["us-east-1a", "us-east-1b", "us-east-1d"]);
        assert.deepEqual(new Set(all(run, SUBNET).map((s) => s.inputs.availabilityZone)), new Set(zones), "every tier in the same zones");
    });

    it("fails the plan, naming the region, its usable zones and the IDs left out, when too few zones remain", async () => {
        await assert.rejects(build({ azCount: 3, excludedZones: { ids: ["use1-az3"], reason: "EKS refuses them" } }, 3),
            /network net: 3 availability zones requested but the region us-east-1 offers 2 \(us-east-1a \(use1-az1\), us-east-1b \(use1-az2\)\), once zone IDs use1-az3 are left out \(EKS refuses them\); lower azCount to 2 or less/);
    });

    it("selects by the answer's IDs, index for index, and refuses an answer whose lists disagree", () => {
        const offered = { region: "us-west-1", names: ["us-west-1a", "us-west-1b", "us-west-1c"], zoneIds: ["usw1-az3", "usw1-az2", "usw1-az1"] };
        assert.deepEqual(selectZones("n", offered, 2, ["usw1-az2"], "r"), ["us-west-1a", "us-west-1c"]);
        assert.throws(() => selectZones("n", { ...offered, zoneIds: ["usw1-az3"] }, 2, [], "r"), /network n: the region us-west-1 answered 3 zone names but 1 zone IDs/);
    });
});
