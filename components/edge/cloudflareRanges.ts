// The address ranges Cloudflare connects to origins from: pinned in config
// (the security group is built from them, plainly), and compared at deploy
// time with what Cloudflare publishes so that drift is reported, not missed.
import { formatCidr, parseCidr } from "../../policies/net";

export interface CloudflareRanges {
    readonly ipv4: readonly string[];
    readonly ipv6: readonly string[];
}

export interface RangeDrift {
    /** Published by Cloudflare, missing from the pinned list: Cloudflare traffic from them is refused. */
    readonly added: string[];
    /** Pinned, no longer published: the origin admits addresses that may not be Cloudflare's. */
    readonly removed: string[];
}

function canonical(cidrs: readonly string[]): string[] {
    return cidrs.map((c) => {
        const parsed = parseCidr(c);
        if (!parsed) {
            throw new Error(`"${c}" is not a CIDR`);
        }
        return formatCidr(parsed);
    });
}

/** Ranges published and not pinned, and pinned and not published (canonical text). */
export function rangeDrift(pinned: CloudflareRanges, published: CloudflareRanges): RangeDrift {
    const mine = new Set(canonical([...pinned.ipv4, ...pinned.ipv6]));
    const theirs = new Set(canonical([...published.ipv4, ...published.ipv6]));
    return {
        added: [...theirs].filter((c) => !mine.has(c)),
        removed: [...mine].filter((c) => !theirs.has(c)),
    };
}

/** A message naming every difference and the config keys to update; undefined when there is none. */
export function describeDrift(drift: RangeDrift): string | undefined {
    if (drift.added.length === 0 && drift.removed.length === 0) {
        return undefined;
    }
    const parts = [];
    if (drift.added.length > 0) {
        parts.push(`published but not pinned (their traffic is refused at the ALB): ${drift.added.join(", ")}`);
    }
    if (drift.removed.length > 0) {
        parts.push(`pinned but no longer published (the ALB still admits them): ${drift.removed.join(", ")}`);
    }
    return `Cloudflare's IP ranges differ from cloudflareIpv4Cidrs/cloudflareIpv6Cidrs: ${parts.join("; ")}. Update the pinned lists in Pulumi.yaml.`;
}
