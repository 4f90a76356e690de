// Plain types and defaults of the network component: no Pulumi imports, so
// config validation and pure helpers can use them cheaply.

/** Subnet tiers, from the edge inwards; "endpoints" holds the interface endpoints' network interfaces and nothing else. */
export type SubnetTier = "public" | "private" | "data" | "messaging" | "endpoints";

/** Tiers whose route tables have no route out of the VPC. */
export type IsolatedTier = Extract<SubnetTier, "data" | "messaging">;

// Order matters to the address plan: a tier added later goes last, so that no existing subnet moves.
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "data", "messaging", "endpoints"];
export const ISOLATED_TIERS: readonly IsolatedTier[] = ["data", "messaging"];

/** One NAT gateway for all zones, or one per zone. */
export type NatGatewayMode = "single" | "perAz";

export const NAT_GATEWAY_MODES: readonly NatGatewayMode[] = ["single", "perAz"];

/** Most availability zones a network can span; address space is reserved for this many. */
export const MAX_AZS = 6;

/** Extra prefix bits of each tier's subnets over the VPC prefix (a /16 VPC gets /19 private subnets). */
export type TierBits = Readonly<Record<SubnetTier, number>>;

/** Interface endpoints that let private nodes reach AWS without the internet. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly string[] = [
    "ecr.api",
    "ecr.dkr",
    "sts",
    "ec2",
    "logs",
    "elasticloadbalancing",
    // Session Manager needs all three; nodes have no SSH.
    "ssm",
    "ssmmessages",
    "ec2messages",
];

/** Defaults of NetworkArgs. */
export const NETWORK_DEFAULTS = {
    cidrBlock: "10.0.0.0/16",
    azCount: 3,
    natGateways: "perAz" as NatGatewayMode,
    flowLogRetentionDays: 90,
    // Pods take VPC addresses (VPC CNI), so the private tier gets most of the space. The endpoint
    // tier needs one address per interface endpoint and zone: a /24 in a /16, a /28 (11 usable) in a /20.
    tierBits: { private: 3, public: 6, data: 6, messaging: 8, endpoints: 8 } as TierBits,
    interfaceEndpoints: DEFAULT_INTERFACE_ENDPOINTS,
} as const;

/**
 * Retention periods CloudWatch Logs accepts, in days (CloudWatch Logs API Reference, PutRetentionPolicy,
 * retentionInDays); any other value is refused.
 */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Why `days` is not a CloudWatch retention period, or undefined. */
export function logRetentionProblem(days: number): string | undefined {
    return LOG_RETENTION_DAYS.includes(days) ? undefined : `${days} days is not a retention period CloudWatch Logs accepts (PutRetentionPolicy): one of ${LOG_RETENTION_DAYS.join(", ")}`;
}

/** Elastic IP addresses a Region holds by default (Amazon VPC quotas, "Elastic IP addresses per Region"): one per NAT gateway. */
export const ELASTIC_IPS_PER_REGION = 5;

/**
 * Other Amazon VPC default quotas the stacks of one account come near (Amazon VPC User Guide, "Amazon VPC
 * quotas"): VPCs per Region (the default VPC counts), NAT gateways per Availability Zone, interface
 * endpoints per VPC ("Interface and Gateway Load Balancer endpoints per VPC"). Adjustable through Service
 * Quotas; a stack cannot see the others of its account, so the tests sum the stack files.
 */
export const VPC_QUOTAS = { vpcsPerRegion: 5, natGatewaysPerZone: 5, interfaceEndpointsPerVpc: 50 } as const;
