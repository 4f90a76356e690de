// The VPC: public subnets for the edge only, private subnets for nodes and
// services (out through NAT), and isolated data and messaging subnets whose
// route tables lead nowhere outside the VPC. AWS APIs are reached through VPC
// endpoints, so nodes need no internet for them; the interface endpoints'
// network interfaces have a tier of their own, so that "the AWS APIs" is an
// address range (known at plan time) that holds nothing else.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkNames, NAME_LIMITS } from "../naming";
import { createEndpoints } from "./endpoints";
import { isolatedTierAclRules, NaclRule } from "./naclRules";
import { planSubnets, SubnetPlan, subnetsOf } from "./subnetPlan";
import { selectZones } from "./zones";
import { ELASTIC_IPS_PER_REGION, ISOLATED_TIERS, IsolatedTier, logRetentionProblem, NatGatewayMode, NETWORK_DEFAULTS, SUBNET_TIERS, SubnetTier, TierBits } from "./types";

export interface NetworkArgs {
    /** The VPC range, IPv4. @default "10.0.0.0/16" */
    readonly cidrBlock?: string;
    /** Availability zones to spread every tier over, 2..6. @default 3 */
    readonly azCount?: number;
    /** One NAT gateway for the network, or one per zone. @default "perAz" */
    readonly natGateways?: NatGatewayMode;
    /** Days CloudWatch keeps the VPC flow logs. @default 90 */
    readonly flowLogRetentionDays?: number;
    /** TCP ports each isolated tier admits from the private tier (the store ports). */
    readonly isolatedTierPorts: Readonly<Record<IsolatedTier, readonly number[]>>;
    /** Extra prefix bits of each tier's subnets over the VPC prefix. @default { private: 3, public: 6, data: 6, messaging: 8 } */
    readonly tierBits?: TierBits;
    /** AWS services to reach through interface endpoints. @default DEFAULT_INTERFACE_ENDPOINTS */
    readonly interfaceEndpoints?: readonly string[];
    /** Zone IDs no subnet may be in (a service of the stack refuses them), and why. @default { ids: [], reason: "" } */
    readonly excludedZones?: { readonly ids: readonly string[]; readonly reason: string };
    /** Tags added to every resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** AWS allows this many rules per direction in a network ACL (default quota). */
const NACL_RULES_PER_DIRECTION = 20;

// Load balancer controller subnet discovery.
const TIER_TAGS: Readonly<Record<SubnetTier, Record<string, string>>> = {
    public: { "kubernetes.io/role/elb": "1" },
    private: { "kubernetes.io/role/internal-elb": "1" },
    data: {},
    messaging: {},
    endpoints: {},
};

export class Network extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    /** The VPC range (plain: the address plan is computed, not discovered). */
    readonly vpcCidr: string;
    /** The address plan every subnet follows. */
    readonly plan: SubnetPlan;
    /** Zone names, in zone-index order. */
    readonly azNames: pulumi.Output<string[]>;
    readonly subnetIds: Readonly<Record<SubnetTier, pulumi.Output<string>[]>>;
    /** Subnet ranges by tier, in zone-index order. */
    readonly subnetCidrs: Readonly<Record<SubnetTier, string[]>>;
    readonly routeTableIds: Readonly<Record<SubnetTier, pulumi.Output<string>[]>>;
    readonly natGatewayIds: pulumi.Output<string>[];
    /** Admits HTTPS from inside the VPC to the interface endpoints. */
    readonly endpointSecurityGroupId: pulumi.Output<string>;
    /** The interface endpoints' AWS service suffixes ("sts", "secretsmanager", ...), in the order given. */
    readonly interfaceEndpoints: readonly string[];
    /** Managed prefix list of the S3 gateway endpoint: the destination of security-group rules for S3. */
    readonly s3PrefixListId: pulumi.Output<string>;
    /** The VPC endpoints and their security group's rule: what hosts without internet need before they boot. */
    readonly endpointsReady: readonly pulumi.Resource[];
    readonly flowLogId: pulumi.Output<string>;
    /** The flow logs' CloudWatch log group (default record format), for metric filters. */
    readonly flowLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:network:Network", name, {}, opts);
        const cidrBlock = args.cidrBlock ?? NETWORK_DEFAULTS.cidrBlock;
        const azCount = args.azCount ?? NETWORK_DEFAULTS.azCount;
        const natMode = args.natGateways ?? NETWORK_DEFAULTS.natGateways;
        const baseTags = args.tags ?? {};
        const tags = (role: string, extra: Record<string, string> = {}) => ({ ...baseTags, ...extra, Name: `${name}-${role}` });
        const child = { parent: this };

        checkNames(`network ${name}`, [{ name: `${name}-flow-logs`, limit: NAME_LIMITS.iamRole, autonamed: true }]);
        const flowLogRetentionDays = args.flowLogRetentionDays ?? NETWORK_DEFAULTS.flowLogRetentionDays;
        const retention = logRetentionProblem(flowLogRetentionDays);
        if (retention !== undefined) {
            throw new Error(`network ${name}: flowLogRetentionDays: ${retention}`);
        }

        this.plan = planSubnets(cidrBlock, azCount, args.tierBits ?? NETWORK_DEFAULTS.tierBits);
        const natCount = natMode === "perAz" ? azCount : 1;
        if (natCount > ELASTIC_IPS_PER_REGION) {
            throw new Error(
                `network ${name}: ${natCount} NAT gateways need ${natCount} Elastic IP addresses, over AWS's default of ${ELASTIC_IPS_PER_REGION} per Region ` +
                    '(Amazon VPC quotas, "Elastic IP addresses per Region"); use fewer zones, a single NAT gateway, or raise the quota first',
            );
        }
        this.vpcCidr = cidrBlock;

        this.vpc = new aws.ec2.Vpc(`${name}-vpc`, {
            cidrBlock,
            enableDnsSupport: true,
            // Interface endpoints with private DNS need hostnames on.
            enableDnsHostnames: true,
            tags: tags("vpc"),
        }, child);
        this.vpcId = this.vpc.id;

        // Nothing may use the default security group, and an unassociated
        // subnet falls back to a main route table with no routes out.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: this.vpc.id, ingress: [], egress: [], tags: tags("default-sg") }, child);
        new aws.ec2.DefaultRouteTable(`${name}-main-rtb`, { defaultRouteTableId: this.vpc.defaultRouteTableId, routes: [], tags: tags("main-rtb") }, child);

        // Zone IDs, not names, are what a service refuses; names map to IDs per account (excludeZoneIds filters by ID).
        const excluded = args.excludedZones ?? { ids: [], reason: "" };
        const zones = aws.getAvailabilityZonesOutput(
            { state: "available", excludeZoneIds: [...excluded.ids], filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
            child,
        );
        // The data source's id is the region it was read in.
        this.azNames = pulumi.all([zones.id, zones.names, zones.zoneIds]).apply(([region, names, zoneIds]) =>
            selectZones(name, { region, names, zoneIds }, azCount, excluded.ids, excluded.reason),
        );

        const subnets = {} as Record<SubnetTier, aws.ec2.Subnet[]>;
        for (const tier of SUBNET_TIERS) {
            subnets[tier] = subnetsOf(this.plan, tier).map(
                (s) =>
                    new aws.ec2.Subnet(`${name}-${tier}-${s.az + 1}`, {
                        vpcId: this.vpc.id,
                        cidrBlock: s.cidr,
                        availabilityZone: this.azNames.apply((z) => z[s.az]),
                        // Nothing here gets a public address by default; the ALB and NAT use their own.
                        mapPublicIpOnLaunch: false,
                        tags: tags(`${tier}-${s.az + 1}`, { ...TIER_TAGS[tier], tier }),
                    }, child),
            );
        }
        this.subnetIds = mapTiers((t) => subnets[t].map((s) => s.id));
        this.subnetCidrs = mapTiers((t) => subnetsOf(this.plan, t).map((s) => s.cidr));

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpc.id, tags: tags("igw") }, child);
        const publicRt = new aws.ec2.RouteTable(`${name}-public-rt`, {
            vpcId: this.vpc.id,
            routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
            tags: tags("public-rt"),
        }, child);
        subnets.public.forEach((s, i) => {
            new aws.ec2.RouteTableAssociation(`${name}-public-${i + 1}`, { subnetId: s.id, routeTableId: publicRt.id }, child);
        });

        const nats = subnets.public.slice(0, natCount).map((s, i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${i + 1}`, { domain: "vpc", tags: tags(`nat-${i + 1}`) }, child);
            return new aws.ec2.NatGateway(`${name}-nat-${i + 1}`, {
                allocationId: eip.allocationId,
                subnetId: s.id,
                connectivityType: "public",
                tags: tags(`nat-${i + 1}`),
            }, { parent: this, dependsOn: [igw] });
        });
        this.natGatewayIds = nats.map((n) => n.id);

        const privateRts = subnets.private.map((s, i) => {
            const rt = new aws.ec2.RouteTable(`${name}-private-rt-${i + 1}`, {
                vpcId: this.vpc.id,
                // Each zone leaves through its own NAT when there is one per zone.
                routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[natMode === "perAz" ? i : 0].id }],
                tags: tags(`private-rt-${i + 1}`),
            }, child);
            new aws.ec2.RouteTableAssociation(`${name}-private-${i + 1}`, { subnetId: s.id, routeTableId: rt.id }, child);
            return rt;
        });

        const isolatedRts = {} as Record<IsolatedTier, aws.ec2.RouteTable>;
        for (const tier of ISOLATED_TIERS) {
            // No routes: only the implicit local route, so nothing here can leave the VPC.
            const rt = new aws.ec2.RouteTable(`${name}-${tier}-rt`, { vpcId: this.vpc.id, routes: [], tags: tags(`${tier}-rt`) }, child);
            subnets[tier].forEach((s, i) => {
                new aws.ec2.RouteTableAssociation(`${name}-${tier}-${i + 1}`, { subnetId: s.id, routeTableId: rt.id }, child);
            });
            isolatedRts[tier] = rt;
            this.isolatedTierAcl(name, tier, subnets[tier], args.isolatedTierPorts[tier], tags);
        }
        // The endpoints' interfaces only answer: their tier routes nowhere beyond the VPC either.
        const endpointRt = new aws.ec2.RouteTable(`${name}-endpoints-rt`, { vpcId: this.vpc.id, routes: [], tags: tags("endpoints-rt") }, child);
        subnets.endpoints.forEach((s, i) => {
            new aws.ec2.RouteTableAssociation(`${name}-endpoints-${i + 1}`, { subnetId: s.id, routeTableId: endpointRt.id }, child);
        });
        this.routeTableIds = {
            public: [publicRt.id],
            private: privateRts.map((rt) => rt.id),
            data: [isolatedRts.data.id],
            messaging: [isolatedRts.messaging.id],
            endpoints: [endpointRt.id],
        };

        const flowLogs = this.flowLogs(name, flowLogRetentionDays, tags);
        this.flowLogId = flowLogs.id;
        this.flowLogGroupName = flowLogs.groupName;

        this.interfaceEndpoints = [...new Set(args.interfaceEndpoints ?? NETWORK_DEFAULTS.interfaceEndpoints)];
        const endpoints = createEndpoints(name, {
            vpcId: this.vpc.id,
            vpcCidr: cidrBlock,
            subnetIds: this.subnetIds.endpoints,
            subnetCidrs: this.subnetCidrs.endpoints,
            // Only the private tier reaches S3; isolated tiers keep no route out at all.
            gatewayRouteTableIds: this.routeTableIds.private,
            interfaceServices: this.interfaceEndpoints,
            tags: baseTags,
        }, this);
        this.endpointSecurityGroupId = endpoints.securityGroup.id;
        this.s3PrefixListId = endpoints.s3.prefixListId;
        this.endpointsReady = [endpoints.s3, ...endpoints.interfaces.values(), endpoints.ingressRule];

        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidr: this.vpcCidr,
            subnetIds: this.subnetIds,
            routeTableIds: this.routeTableIds,
            natGatewayIds: this.natGatewayIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            s3PrefixListId: this.s3PrefixListId,
            flowLogId: this.flowLogId,
        });
    }

    private isolatedTierAcl(
        name: string,
        tier: IsolatedTier,
        subnets: aws.ec2.Subnet[],
        ports: readonly number[],
        tags: (role: string) => Record<string, string>,
    ): void {
        const rules = isolatedTierAclRules({ ownBlocks: this.plan.tierBlocks[tier], clientBlocks: this.plan.tierBlocks.private, ports });
        for (const egress of [false, true]) {
            const count = rules.filter((r) => r.egress === egress).length;
            if (count > NACL_RULES_PER_DIRECTION) {
                throw new Error(
                    `network ${name}: the ${tier} tier ACL needs ${count} ${egress ? "outbound" : "inbound"} rules, over AWS's ${NACL_RULES_PER_DIRECTION}; ` +
                        "put fewer store ports in the tier",
                );
            }
        }
        new aws.ec2.NetworkAcl(`${name}-${tier}-acl`, {
            vpcId: this.vpc.id,
            subnetIds: subnets.map((s) => s.id),
            ingress: rules.filter((r) => !r.egress).map(aclEntry),
            egress: rules.filter((r) => r.egress).map(aclEntry),
            tags: tags(`${tier}-acl`),
        }, { parent: this });
    }

    private flowLogs(name: string, retentionInDays: number, tags: (role: string) => Record<string, string>): { id: pulumi.Output<string>; groupName: pulumi.Output<string> } {
        const child = { parent: this };
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, { retentionInDays, tags: tags("flow-logs") }, child);
        const account = aws.getCallerIdentityOutput({}, child);
        const role = new aws.iam.Role(`${name}-flow-logs`, {
            assumeRolePolicy: account.accountId.apply((accountId) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{
                        Effect: "Allow",
                        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        // Confused-deputy guard: only flow logs of this account may assume it.
                        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                    }],
                }),
            ),
            tags: tags("flow-logs"),
        }, child);
        new aws.iam.RolePolicy(`${name}-flow-logs`, {
            role: role.id,
            policy: logGroup.arn.apply((arn) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                        Resource: [arn, `${arn}:*`],
                    }],
                }),
            ),
        }, child);
        const flowLog = new aws.ec2.FlowLog(`${name}-flow-logs`, {
            vpcId: this.vpc.id,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval: 60,
            tags: tags("flow-logs"),
        }, child);
        return { id: flowLog.id, groupName: logGroup.name };
    }
}

function mapTiers<T>(f: (tier: SubnetTier) => T): Record<SubnetTier, T> {
    return Object.fromEntries(SUBNET_TIERS.map((t) => [t, f(t)])) as Record<SubnetTier, T>;
}

function aclEntry(r: NaclRule): aws.types.input.ec2.NetworkAclIngress {
    return { ruleNo: r.ruleNumber, protocol: r.protocol, action: r.ruleAction, cidrBlock: r.cidrBlock, fromPort: r.fromPort, toPort: r.toPort };
}
