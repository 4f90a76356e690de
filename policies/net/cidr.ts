// IPv4 and IPv6 address ranges as plain numbers, so that containment and
// overlap are exact integer comparisons rather than string heuristics. Shared
// by the policy pack (which must judge any CIDR an organisation writes) and
// the stack (which allocates subnets from the VPC range).

export type IpVersion = 4 | 6;

/** A range of addresses: `network` has every host bit cleared. */
export interface Cidr {
    readonly version: IpVersion;
    /** First address of the range. */
    readonly network: bigint;
    /** Prefix length: 0..32 for IPv4, 0..128 for IPv6. */
    readonly prefix: number;
}

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

/** Number of address bits for an IP version. */
export function addressBits(version: IpVersion): number {
    return BITS[version];
}

function parseIpv4(text: string, lenient = false): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4) {
        return undefined;
    }
    let value = 0n;
    for (const part of parts) {
        // Leading zeros are rejected: "010" is octal in some parsers and decimal
        // in others. Leniently (as Kubernetes' ParseCIDRSloppy) they are decimal.
        if (!(lenient ? /^[0-9]{1,3}$/ : /^(0|[1-9][0-9]{0,2})$/).test(part)) {
            return undefined;
        }
        const octet = Number(part);
        if (octet > 255) {
            return undefined;
        }
        value = (value << 8n) | BigInt(octet);
    }
    return value;
}

function parseHextets(groups: string[]): bigint[] | undefined {
    const out: bigint[] = [];
    for (const group of groups) {
        if (!/^[0-9a-fA-F]{1,4}$/.test(group)) {
            return undefined;
        }
        out.push(BigInt(parseInt(group, 16)));
    }
    return out;
}

function parseIpv6(text: string, lenient = false): bigint | undefined {
    let body = text;
    // An embedded IPv4 tail ("::ffff:10.0.0.1") stands for the last two hextets.
    const lastColon = body.lastIndexOf(":");
    if (body.slice(lastColon + 1).includes(".")) {
        const v4 = parseIpv4(body.slice(lastColon + 1), lenient);
        if (v4 === undefined) {
            return undefined;
        }
        body = `${body.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
    }
    const halves = body.split("::");
    if (halves.length > 2) {
        return undefined;
    }
    const head = parseHextets(halves[0] === "" ? [] : halves[0].split(":"));
    const rest = parseHextets(halves.length === 2 && halves[1] !== "" ? halves[1].split(":") : []);
    if (!head || !rest) {
        return undefined;
    }
    const given = head.length + rest.length;
    const compressed = halves.length === 2;
    if (compressed ? given > 7 : given !== 8) {
        return undefined;
    }
    const zeros = new Array<bigint>(8 - given).fill(0n);
    return [...head, ...zeros, ...rest].reduce((acc, h) => (acc << 16n) | h, 0n);
}

/** Parses a bare IPv4 or IPv6 address; undefined when it is not one. */
export function parseIp(text: string, lenient = false): { version: IpVersion; value: bigint } | undefined {
    if (text.includes(":")) {
        const value = parseIpv6(text, lenient);
        return value === undefined ? undefined : { version: 6, value };
    }
    const value = parseIpv4(text, lenient);
    return value === undefined ? undefined : { version: 4, value };
}

function mask(version: IpVersion, prefix: number): bigint {
    const bits = BigInt(BITS[version]);
    const all = (1n << bits) - 1n;
    return (all >> BigInt(prefix)) ^ all;
}

/** The result of reading a CIDR: the range, and whether host bits were set. */
export interface ParsedCidr {
    readonly cidr: Cidr;
    /** False when the text had host bits set ("10.0.0.1/8"). */
    readonly canonical: boolean;
}

/**
 * Parses "a.b.c.d/n", "x::y/n" or a bare address (a single-address range).
 * Host bits are cleared in the result and reported through `canonical`.
 * Strict by default (what config should accept); `lenient` reads what the
 * consumers of a rule accept as well: leading zeros in a prefix length (Go's
 * net.ParseCIDR, behind the AWS provider: "0.0.0.0/00" is the whole internet)
 * and in IPv4 octets, as decimal (Kubernetes' ParseCIDRSloppy).
 */
export function readCidr(text: string, lenient = false): ParsedCidr | undefined {
    const trimmed = text.trim();
    const slash = trimmed.indexOf("/");
    const addressText = slash < 0 ? trimmed : trimmed.slice(0, slash);
    const address = parseIp(addressText, lenient);
    if (!address) {
        return undefined;
    }
    let prefix = BITS[address.version];
    if (slash >= 0) {
        const prefixText = trimmed.slice(slash + 1);
        if (!(lenient ? /^[0-9]{1,4}$/ : /^(0|[1-9][0-9]{0,2})$/).test(prefixText)) {
            return undefined;
        }
        prefix = Number(prefixText);
        if (prefix > BITS[address.version]) {
            return undefined;
        }
    }
    const network = address.value & mask(address.version, prefix);
    return { cidr: { version: address.version, network, prefix }, canonical: network === address.value };
}

/** Parses a CIDR, clearing host bits; undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
    return readCidr(text)?.cidr;
}

/**
 * Parses a range the way the resources a rule judges are read by their
 * consumers (see readCidr's `lenient`): every spelling of a range gives the
 * same range. Undefined only for text no consumer reads as a range.
 */
export function parseRange(text: string): Cidr | undefined {
    let hit = rangeCache.get(text);
    if (hit === undefined) {
        hit = readCidr(text, true)?.cidr ?? null;
        // Stacks repeat the same few ranges thousands of times; the cache is bounded so crafted input cannot grow it.
        if (rangeCache.size >= RANGE_CACHE_LIMIT) {
            rangeCache.clear();
        }
        rangeCache.set(text, hit);
    }
    return hit ?? undefined;
}

const RANGE_CACHE_LIMIT = 4096;
const rangeCache = new Map<string, Cidr | null>();

// IPv6 ranges that stand for IPv4 addresses: IPv4-mapped (RFC 4291 2.5.5.2)
// and the NAT64 well-known prefix (RFC 6052), which a NAT gateway with DNS64
// translates to the IPv4 address in its last 32 bits.
const V4_IN_V6: readonly Cidr[] = [
    { version: 6, network: 0xffffn << 32n, prefix: 96 },
    { version: 6, network: 0x64ff9bn << 96n, prefix: 96 },
];

/** The IPv4 range an IPv4-mapped or NAT64 IPv6 range stands for; undefined for any other range. */
export function ipv4Equivalent(c: Cidr): Cidr | undefined {
    if (c.version !== 6) {
        return undefined;
    }
    for (const outer of V4_IN_V6) {
        if (contains(outer, c)) {
            return { version: 4, network: c.network & 0xffffffffn, prefix: c.prefix - 96 };
        }
    }
    return undefined;
}

/** Last address of a range. */
export function lastAddress(c: Cidr): bigint {
    return c.network | (((1n << BigInt(BITS[c.version])) - 1n) >> BigInt(c.prefix));
}

/** Number of addresses in a range. */
export function addressCount(c: Cidr): bigint {
    return 1n << BigInt(BITS[c.version] - c.prefix);
}

/** True when every address of `inner` is inside `outer` (same IP version). */
export function contains(outer: Cidr, inner: Cidr): boolean {
    return (
        outer.version === inner.version &&
        outer.prefix <= inner.prefix &&
        (inner.network & mask(outer.version, outer.prefix)) === outer.network
    );
}

/** True when the two ranges share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.version === b.version && a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

function formatIpv4(value: bigint): string {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join(".");
}

function formatIpv6(value: bigint): string {
    const hextets: number[] = [];
    for (let shift = 112n; shift >= 0n; shift -= 16n) {
        hextets.push(Number((value >> shift) & 0xffffn));
    }
    // RFC 5952: compress the longest run (of two or more) of zero hextets.
    let bestStart = -1;
    let bestLength = 1;
    for (let i = 0; i < 8; ) {
        if (hextets[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && hextets[j] === 0) {
            j++;
        }
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    const hex = hextets.map((h) => h.toString(16));
    if (bestStart < 0) {
        return hex.join(":");
    }
    const head = hex.slice(0, bestStart).join(":");
    const tail = hex.slice(bestStart + bestLength).join(":");
    return `${head}::${tail}`;
}

/** Formats an address of the given version. */
export function formatIp(version: IpVersion, value: bigint): string {
    return version === 4 ? formatIpv4(value) : formatIpv6(value);
}

/** Canonical text of a range ("10.0.0.0/16", "2001:db8::/32"). */
export function formatCidr(c: Cidr): string {
    return `${formatIp(c.version, c.network)}/${c.prefix}`;
}

/**
 * The `index`-th sub-range of prefix `newPrefix` inside `parent`, in address
 * order. Throws when it would not fit, so a caller can never get a range
 * outside its parent.
 */
export function subnetAt(parent: Cidr, newPrefix: number, index: number): Cidr {
    const bits = BITS[parent.version];
    if (!Number.isInteger(newPrefix) || newPrefix < parent.prefix || newPrefix > bits) {
        throw new RangeError(`prefix /${newPrefix} does not fit inside ${formatCidr(parent)}`);
    }
    const count = 1n << BigInt(newPrefix - parent.prefix);
    if (!Number.isInteger(index) || index < 0 || BigInt(index) >= count) {
        throw new RangeError(
            `${formatCidr(parent)} holds ${count} ranges of /${newPrefix}; index ${index} is outside 0..${count - 1n}`,
        );
    }
    const network = parent.network + BigInt(index) * (1n << BigInt(bits - newPrefix));
    return { version: parent.version, network, prefix: newPrefix };
}

/**
 * The fewest CIDRs that together cover exactly the addresses
 * [first, last] (inclusive), in address order.
 */
export function rangeToCidrs(version: IpVersion, first: bigint, last: bigint): Cidr[] {
    const bits = BITS[version];
    const out: Cidr[] = [];
    let start = first;
    while (start <= last) {
        // Largest aligned block starting at `start` that does not pass `last`.
        let size = 0;
        while (size < bits && (start & ((1n << BigInt(size + 1)) - 1n)) === 0n && start + (1n << BigInt(size + 1)) - 1n <= last) {
            size++;
        }
        out.push({ version, network: start, prefix: bits - size });
        start += 1n << BigInt(size);
    }
    return out;
}
