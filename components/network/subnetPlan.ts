// Pure address planning: which CIDR every subnet of every tier gets. Each
// tier reserves room for MAX_AZS subnets, so a subnet's range depends only on
// its tier and zone index: growing from 2 to 3 zones never re-addresses (and
// so never replaces) an existing subnet.
import { addressBits, Cidr, formatCidr, lastAddress, parseCidr, rangeToCidrs } from "../../policies/net";
import { MAX_AZS, SUBNET_TIERS, SubnetTier, TierBits } from "./types";

/** AWS refuses subnets smaller than this. */
export const SMALLEST_SUBNET_PREFIX = 28;

export interface PlannedSubnet {
    readonly tier: SubnetTier;
    /** Zone index, 0-based. */
    readonly az: number;
    readonly cidr: string;
}

export interface SubnetPlan {
    readonly subnets: readonly PlannedSubnet[];
    /** Fewest CIDRs covering each tier's reserved space (for ACLs that must not grow per zone). */
    readonly tierBlocks: Readonly<Record<SubnetTier, readonly string[]>>;
}

/** Lays out the subnets of `azCount` zones inside `vpcCidr`. Throws when they cannot fit. */
export function planSubnets(vpcCidr: string, azCount: number, tierBits: TierBits): SubnetPlan {
    const vpc = parseCidr(vpcCidr);
    if (!vpc || vpc.version !== 4) {
        throw new RangeError(`VPC range "${vpcCidr}" is not an IPv4 CIDR`);
    }
    if (!Number.isInteger(azCount) || azCount < 1 || azCount > MAX_AZS) {
        throw new RangeError(`zone count ${azCount} is outside 1..${MAX_AZS}`);
    }
    // Largest subnets first: consecutive power-of-two blocks in decreasing
    // size stay aligned without padding.
    const order = [...SUBNET_TIERS].sort((a, b) => tierBits[a] - tierBits[b] || SUBNET_TIERS.indexOf(a) - SUBNET_TIERS.indexOf(b));
    const subnets: PlannedSubnet[] = [];
    const tierBlocks = {} as Record<SubnetTier, string[]>;
    let offset = vpc.network;
    for (const tier of order) {
        const prefix = vpc.prefix + tierBits[tier];
        if (!Number.isInteger(tierBits[tier]) || tierBits[tier] < 1 || prefix > SMALLEST_SUBNET_PREFIX) {
            throw new RangeError(
                `${tier} subnets of ${formatCidr(vpc)} would be /${prefix}; AWS subnets must be /${SMALLEST_SUBNET_PREFIX} or larger`,
            );
        }
        const size = 1n << BigInt(addressBits(4) - prefix);
        const reservedLast = offset + size * BigInt(MAX_AZS) - 1n;
        if (reservedLast > lastAddress(vpc)) {
            throw new RangeError(
                `${formatCidr(vpc)} is too small: ${MAX_AZS} zones of ${SUBNET_TIERS.join(", ")} subnets do not fit; use a larger VPC range or smaller tiers`,
            );
        }
        for (let az = 0; az < azCount; az++) {
            const cidr: Cidr = { version: 4, network: offset + size * BigInt(az), prefix };
            subnets.push({ tier, az, cidr: formatCidr(cidr) });
        }
        tierBlocks[tier] = rangeToCidrs(4, offset, reservedLast).map(formatCidr);
        offset = reservedLast + 1n;
    }
    subnets.sort((a, b) => SUBNET_TIERS.indexOf(a.tier) - SUBNET_TIERS.indexOf(b.tier) || a.az - b.az);
    return { subnets, tierBlocks };
}

/** Subnets of one tier, by zone. */
export function subnetsOf(plan: SubnetPlan, tier: SubnetTier): PlannedSubnet[] {
    return plan.subnets.filter((s) => s.tier === tier);
}
