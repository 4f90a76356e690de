// A set of address ranges (the private ranges, the Stripe allow-list) and the
// one question rules ask of it: is every address of a range inside the set?
import { Cidr, contains, formatCidr, parseCidr } from "./cidr";

export class CidrSet {
    private readonly byVersion: Readonly<Record<4 | 6, readonly Cidr[]>>;

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

    /** Short text for messages: the first few members and how many more. */
    summary(max = 4): string {
        const shown = this.cidrs.slice(0, max).map(formatCidr).join(", ");
        return this.cidrs.length > max ? `${shown} and ${this.cidrs.length - max} more` : shown;
    }
}
