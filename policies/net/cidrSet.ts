// A set of address ranges (the private ranges, the Stripe allow-list) and the
// questions asked of it: is every address of a range inside one member, or
// inside the members taken together (two halves of the internet are the
// internet), and how many addresses the set holds.
import { Cidr, contains, formatCidr, IpVersion, lastAddress, parseCidr } from "./cidr";

/** An inclusive run of addresses. */
interface Interval {
    readonly first: bigint;
    readonly last: bigint;
}

export class CidrSet {
    private readonly byVersion: Readonly<Record<4 | 6, readonly Cidr[]>>;
    private merged?: Readonly<Record<IpVersion, readonly Interval[]>>;

    constructor(readonly cidrs: readonly Cidr[]) {
        this.byVersion = { 4: cidrs.filter((c) => c.version === 4), 6: cidrs.filter((c) => c.version === 6) };
    }

    /** Parses every entry; throws naming the first that is not a CIDR. */
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

    /**
     * True when every address of `c` lies inside one member. (A range split
     * across two adjacent members reads as not contained: members are
     * published ranges, and a rule wider than any of them is not what was
     * published.)
     */
    covers(c: Cidr): boolean {
        return this.byVersion[c.version].some((m) => contains(m, c));
    }

    /** True when every address of `c` lies inside the members taken together (adjacent and overlapping members merge). */
    unionCovers(c: Cidr): boolean {
        const last = lastAddress(c);
        return this.intervals(c.version).some((run) => run.first <= c.network && last <= run.last);
    }

    /** How many addresses of `version` the members hold together, each counted once. */
    unionSize(version: IpVersion): bigint {
        return this.intervals(version).reduce((n, run) => n + (run.last - run.first + 1n), 0n);
    }

    /** The members of one version merged into disjoint, non-adjacent runs, in address order (computed once). */
    private intervals(version: IpVersion): readonly Interval[] {
        if (!this.merged) {
            const merge = (cidrs: readonly Cidr[]): Interval[] => {
                const sorted = cidrs.map((c) => ({ first: c.network, last: lastAddress(c) })).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
                const out: Interval[] = [];
                for (const run of sorted) {
                    const prev = out[out.length - 1];
                    if (prev && run.first <= prev.last + 1n) {
                        out[out.length - 1] = { first: prev.first, last: run.last > prev.last ? run.last : prev.last };
                    } else {
                        out.push(run);
                    }
                }
                return out;
            };
            this.merged = { 4: merge(this.byVersion[4]), 6: merge(this.byVersion[6]) };
        }
        return this.merged[version];
    }

    /** Short text for messages: the first few members and how many more. */
    summary(max = 4): string {
        const shown = this.cidrs.slice(0, max).map(formatCidr).join(", ");
        return this.cidrs.length > max ? `${shown} and ${this.cidrs.length - max} more` : shown;
    }
}
