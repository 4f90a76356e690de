// Which availability zones the network spreads over. Zone names (us-east-1a)
// map to physical zones per account; zone IDs (use1-az1) do not, and some
// services refuse some zone IDs (EKS: cluster subnets). So the zones are the
// region's available zones, less the refused IDs, in the region's name order.

/** What the region offers, as aws.getAvailabilityZones answers: names and their zone IDs, index for index. */
export interface OfferedZones {
    readonly region: string;
    readonly names: readonly string[];
    readonly zoneIds: readonly string[];
}

/**
 * The first `count` offered zones whose ID is not excluded; throws naming the
 * region, what it offers, what was left out and why, when fewer remain.
 */
export function selectZones(network: string, offered: OfferedZones, count: number, excludedIds: readonly string[], why: string): string[] {
    if (offered.names.length !== offered.zoneIds.length) {
        throw new Error(`network ${network}: the region ${offered.region} answered ${offered.names.length} zone names but ${offered.zoneIds.length} zone IDs`);
    }
    const usable = offered.names.filter((_, i) => !excludedIds.includes(offered.zoneIds[i]));
    if (usable.length < count) {
        const left = offered.names.map((n, i) => `${n} (${offered.zoneIds[i]})`).filter((_, i) => !excludedIds.includes(offered.zoneIds[i]));
        const out = excludedIds.length > 0 ? `, once zone IDs ${excludedIds.join(", ")} are left out (${why})` : "";
        throw new Error(
            `network ${network}: ${count} availability zones requested but the region ${offered.region} offers ${usable.length}` +
                ` (${left.join(", ") || "none"})${out}; lower azCount to ${usable.length} or less, or choose another region`,
        );
    }
    return usable.slice(0, count);
}
