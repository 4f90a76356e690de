// A set of addresses (the private ranges, the Stripe allow-list, the
// destinations a route table sends to a gateway) and the questions rules ask
// of it: is every address of a range inside the set, does a range share an
// address with it. The set is its addresses, not its entries: two adjacent
// /32s cover the /31 they make up, and the two /1 halves cover the internet.
// Members are kept as sorted, merged intervals per IP version, so each
// question is a binary search.
import { Cidr, formatCidr, ipv4Equivalent, IpVersion, lastAddress, parseCidr, parseRange } from "./cidr";

/** An inclusive interval of addresses. */
interface Interval {
    readonly first: bigint;
    readonly last: bigint;
}

function merge(cidrs: readonly Cidr[]): Interval[] {
    const sorted = cidrs.map((c) => ({ first: c.network, last: lastAddress(c) })).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    const out: { first: bigint; last: bigint }[] = [];
    for (const i of sorted) {
        const top = out[out.length - 1];
        // Adjacent intervals merge too: [0, 1] and [2, 3] are [0, 3].
        if (top && i.first <= top.last + 1n) {
            if (i.last > top.last) {
                top.last = i.last;
            }
        } else {
            out.push({ ...i });
        }
    }
    return out;
}

/** Index of the last interval whose first address is at most `address`, or -1. */
function floorIndex(intervals: readonly Interval[], address: bigint): number {
    let lo = 0;
    let hi = intervals.length - 1;
    let found = -1;
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (intervals[mid].first <= address) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

export class CidrSet {
    private readonly byVersion: Readonly<Record<IpVersion, readonly Interval[]>>;

    constructor(readonly cidrs: readonly Cidr[]) {
        this.byVersion = { 4: merge(cidrs.filter((c) => c.version === 4)), 6: merge(cidrs.filter((c) => c.version === 6)) };
    }

    /** Parses every entry (strictly, as config is written); throws naming the first that is not a CIDR. */
    static parse(texts: readonly string[], what: string): CidrSet {
        return new CidrSet(
            texts.map((t, i) => {
                const c = parseCidr(t);
                if (!c) {
                    throw new Error(`${what}[${i}] = ${JSON.stringify(t)} is not an IPv4 or IPv6 address or CIDR`);
                }
                return c;
            }),
        );
    }

    /** The set of the ranges a consumer reads from `texts` (leniently, see parseRange); unreadable entries are returned apart. */
    static read(texts: readonly string[]): { set: CidrSet; unreadable: string[] } {
        const cidrs: Cidr[] = [];
        const unreadable: string[] = [];
        for (const t of texts) {
            const c = parseRange(t);
            if (c) {
                cidrs.push(c);
            } else {
                unreadable.push(t);
            }
        }
        return { set: new CidrSet(cidrs), unreadable };
    }

    /** Every address of both sets. */
    union(other: CidrSet): CidrSet {
        return new CidrSet([...this.cidrs, ...other.cidrs]);
    }

    /** How many addresses of one IP version the set holds (each once, however its entries overlap). */
    size(version: IpVersion): bigint {
        return this.byVersion[version].reduce((n, i) => n + (i.last - i.first + 1n), 0n);
    }

    /** True when the set holds no address. */
    get empty(): boolean {
        return this.byVersion[4].length === 0 && this.byVersion[6].length === 0;
    }

    /**
     * True when every address of `c` is in the set. An IPv4-mapped or NAT64
     * IPv6 range is judged as the IPv4 range it stands for.
     */
    covers(c: Cidr): boolean {
        if (this.coversExactly(c)) {
            return true;
        }
        const v4 = ipv4Equivalent(c);
        return v4 !== undefined && this.coversExactly(v4);
    }

    /** True when `c` and the set share at least one address (an IPv4-mapped or NAT64 range also through its IPv4 range). */
    intersects(c: Cidr): boolean {
        if (this.intersectsExactly(c)) {
            return true;
        }
        const v4 = ipv4Equivalent(c);
        return v4 !== undefined && this.intersectsExactly(v4);
    }

    /** True when every address of `other` is in this set. */
    coversSet(other: CidrSet): boolean {
        for (const version of [4, 6] as const) {
            const mine = this.byVersion[version];
            for (const i of other.byVersion[version]) {
                const k = floorIndex(mine, i.first);
                if (k < 0 || mine[k].last < i.last) {
                    return false;
                }
            }
        }
        return true;
    }

    private coversExactly(c: Cidr): boolean {
        const intervals = this.byVersion[c.version];
        const k = floorIndex(intervals, c.network);
        return k >= 0 && intervals[k].last >= lastAddress(c);
    }

    private intersectsExactly(c: Cidr): boolean {
        const intervals = this.byVersion[c.version];
        const last = lastAddress(c);
        // The last interval starting at or before the range's end is the only candidate.
        const k = floorIndex(intervals, last);
        return k >= 0 && intervals[k].last >= c.network;
    }

    /** Short text for messages: the first few members and how many more. */
    summary(max = 4): string {
        const shown = this.cidrs.slice(0, max).map(formatCidr).join(", ");
        return this.cidrs.length > max ? `${shown} and ${this.cidrs.length - max} more` : shown;
    }
}
