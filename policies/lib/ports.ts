// IP protocols and port ranges as AWS, Kubernetes and Terraform write them:
// "tcp", "TCP", "6", 6, "-1", "all", -1 ... normalised to one closed set so
// that "does this rule admit TCP port 5432" has one answer whatever the form.
import { Invalid, INVALID, Read, UNKNOWN } from "./read";

/** What a rule's protocol means for TCP ports. */
export type Protocol = "tcp" | "udp" | "icmp" | "icmpv6" | "all" | "other";

// A Map, not an object: a protocol written "constructor" or "toString" must not find Object.prototype's members.
const NAMES: ReadonlyMap<string, Protocol> = new Map<string, Protocol>([
    ["tcp", "tcp"],
    ["6", "tcp"],
    ["udp", "udp"],
    ["17", "udp"],
    ["icmp", "icmp"],
    ["1", "icmp"],
    ["icmpv6", "icmpv6"],
    ["58", "icmpv6"],
    ["-1", "all"],
    ["all", "all"],
]);

/**
 * Normalises a protocol name or number. Other IANA numbers (0..255) and names
 * ("esp", "sctp") are "other": they carry no TCP ports. Anything that is not a
 * protocol at all is undefined.
 */
export function normaliseProtocol(value: Read<string | number>): Read<Protocol> {
    if (value === undefined || value === UNKNOWN) {
        return value;
    }
    const text = String(value).trim().toLowerCase();
    const known = NAMES.get(text);
    if (known) {
        return known;
    }
    if (/^[0-9]{1,3}$/.test(text)) {
        return Number(text) <= 255 ? "other" : undefined;
    }
    return /^[a-z][a-z0-9-]*$/.test(text) ? "other" : undefined;
}

/** An inclusive range of ports. */
export interface PortRange {
    readonly from: number;
    readonly to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/**
 * The TCP ports a rule admits: none for protocols other than TCP and "all",
 * every port for "all" (AWS ignores the port fields then), and the given
 * range for TCP. A TCP rule without ports admits every port, and so, judged
 * as the exposed case, does one whose port the provider would not read.
 */
export function tcpPorts(protocol: Read<Protocol>, from: Read<number> | Invalid, to: Read<number> | Invalid): Read<PortRange | "none"> {
    if (protocol === UNKNOWN) {
        return UNKNOWN;
    }
    if (protocol === undefined) {
        return undefined;
    }
    switch (protocol) {
        case "all":
            return ALL_PORTS;
        case "udp":
        case "icmp":
        case "icmpv6":
        case "other":
            return "none";
        case "tcp":
            if (from === INVALID || to === INVALID) {
                return ALL_PORTS;
            }
            if (from === UNKNOWN || to === UNKNOWN) {
                return UNKNOWN;
            }
            if (from === undefined && to === undefined) {
                return ALL_PORTS;
            }
            return normaliseRange(from ?? to!, to ?? from!);
    }
}

/** A range with its ends in order and clipped to 0..65535 (-1 reads as "every port"). */
export function normaliseRange(from: number, to: number): PortRange {
    if (from < 0 || to < 0) {
        return ALL_PORTS;
    }
    const [lo, hi] = from <= to ? [from, to] : [to, from];
    return { from: Math.max(0, lo), to: Math.min(65535, hi) };
}

export function rangeIncludes(range: PortRange, port: number): boolean {
    return range.from <= port && port <= range.to;
}

export function rangesOverlap(a: PortRange, b: PortRange): boolean {
    return a.from <= b.to && b.from <= a.to;
}

/** The ports of `ports` that `range` admits, in the order given. */
export function portsIn(range: PortRange, ports: readonly number[]): number[] {
    return ports.filter((p) => rangeIncludes(range, p));
}

/** Text for messages: "TCP 443", "TCP 5000-6000", "all traffic". */
export function describeTraffic(protocol: Protocol, range: PortRange | "none"): string {
    if (protocol === "all") {
        return "all traffic";
    }
    if (protocol !== "tcp" || range === "none") {
        return protocol === "other" ? "a non-TCP protocol" : protocol.toUpperCase();
    }
    if (range.from === 0 && range.to === 65535) {
        return "every TCP port";
    }
    return range.from === range.to ? `TCP ${range.from}` : `TCP ${range.from}-${range.to}`;
}
