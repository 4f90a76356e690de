// Security-group ingress that lets a non-private address reach a store port,
// in any of the forms AWS rules are written. A source is judged as an address
// range, whatever its spelling ("0.0.0.0/00" is the whole internet); a range
// only partly private is public, and a source the provider would not read is
// judged as the whole internet.
//
// Judged here, resource by resource: a rule that names a store port — a
// port range that includes one of storePorts and is not a dynamic port band, a rule whose only known end port is a store port (the range
// includes it whatever the other end turns out to be), and a rule with
// protocol -1/all whose ports, as written, name a store port (AWS then
// ignores the ports and admits every one; the author still named the store).
// A rule open to every port ("all traffic", TCP 0-65535) or to a dynamic
// port band (ECS's host ports 32768-65535, which happen to include 50000 and
// 61614; see isDynamicBand) names no store port in particular:
// whether it exposes one depends on what the group protects, which only the
// stack shows, so the stack rule (storeGroups.ts) judges it. A public IPv6
// source that may be a VPC's own block is left to the stack too
// (lib/ownRanges.ts). Security-group sources are in-VPC; prefix-list sources
// are read by the stack rule.
import { Cidr, parseRange } from "../net/cidr";
import { CidrSet } from "../net/cidrSet";
import { OwnContext, ownRangeVerdict } from "../lib/ownRanges";
import { describeTraffic, PortRange, portsIn } from "../lib/ports";
import { INVALID, show, UNKNOWN } from "../lib/read";
import { Peer, protocolField, securityGroupRules, SgRule } from "../lib/securityGroupRules";
import { storePortName } from "../lib/defaults";
import { Violation } from "../lib/violation";

export interface IngressContext extends OwnContext {
    readonly privateCidrs: CidrSet;
    readonly storePorts: readonly number[];
}

/**
 * The lowest port of the dynamic (ephemeral) band: Linux's default
 * ip_local_port_range starts at 32768, and ECS maps container ports to host
 * ports from 32768-65535 (older agents) or 49153-65535 ("dynamic host port
 * mapping ... uses the ephemeral port range", Amazon ECS task definition
 * parameters, portMappings.hostPort). A load balancer in front of ECS on EC2
 * must be admitted to that band, so the pack judges the band by what the
 * group protects, not by the store ports (50000, 61614, 61617) it happens to
 * include.
 */
export const DYNAMIC_PORTS_FROM = 32768;
/** A band is at least this wide: a narrower range up there (61614-61617) names ports on purpose. */
export const DYNAMIC_BAND_WIDTH = 1024;

/** True when a range is a dynamic port band (see DYNAMIC_PORTS_FROM), judged by what the group protects. */
export function isDynamicBand(range: PortRange): boolean {
    return range.from >= DYNAMIC_PORTS_FROM && range.to - range.from + 1 >= DYNAMIC_BAND_WIDTH;
}

/**
 * True when a rule admits every TCP port on purpose ("all traffic", TCP
 * 0-65535): it names no port in particular. A port the provider would not
 * read is judged as every port, but as one that names them all.
 */
export function admitsEveryPort(range: PortRange, rule?: SgRule): boolean {
    return range.from <= 1 && range.to >= 65535 && !(rule && (rule.fromPort === INVALID || rule.toPort === INVALID));
}

/** A public source: why it is public, and whether that depends on the stack's own IPv6 space (lib/ownRanges.ts). */
export interface WorldSource {
    readonly why: string;
    readonly deferred?: true;
}

/** Why a CIDR peer is a source outside the private ranges, or undefined when it is private (or the stack's own), or not there. */
export function worldSource(peer: Peer, ctx: Pick<IngressContext, "privateCidrs" | "own">): WorldSource | undefined {
    if (peer.kind !== "cidr" || peer.value === UNKNOWN || peer.value === undefined || peer.value === "") {
        return undefined;
    }
    const cidr: Cidr | undefined = parseRange(peer.value);
    if (!cidr) {
        return { why: `${show(peer.value)} is not a range the provider reads, judged as the whole internet, and` };
    }
    if (ctx.privateCidrs.covers(cidr)) {
        return undefined;
    }
    const own = ownRangeVerdict(cidr, peer.field, ctx);
    if (own === "own") {
        return undefined;
    }
    return { why: `${show(peer.value)} is outside the private ranges${own === "deferred" ? " and the IPv6 blocks of this stack's VPCs" : ""} and`, ...(own === "deferred" ? { deferred: true as const } : {}) };
}

/** The message for a public source admitted to store ports. */
export function exposureMessage(source: string, rule: SgRule, type: string, ports: readonly number[], privateCidrs: CidrSet, because = ""): string {
    const traffic = rule.protocol === UNKNOWN || rule.protocol === undefined || rule.tcp === UNKNOWN || rule.tcp === undefined || rule.tcp === "none" ? "traffic" : describeTraffic(rule.protocol, rule.tcp);
    const via = rule.protocol === "all" ? ` (${protocolField(rule, type)} = ${show(rule.protocolText)}${rule.namedPorts ? `: AWS ignores fromPort and toPort and admits every port, though the rule names ${describeTraffic("tcp", rule.namedPorts)}` : ""})` : "";
    const range = rule.protocol === "tcp" && typeof rule.tcp === "object" && rule.tcp.from !== rule.tcp.to;
    return (
        `${source} is admitted to ${traffic}${via}, which includes store port${ports.length > 1 ? "s" : ""} ${ports.map(storePortName).join(", ")}${because}; ` +
        `admit store ports only from security groups or private ranges (${privateCidrs.summary()})` +
        (range ? ", and narrow the port range to the ports the group's targets serve" : "")
    );
}

/** The store ports a rule names, resource by resource (see the file comment), and how. */
function namedStorePorts(rule: SgRule, storePorts: readonly number[]): number[] {
    if (rule.protocol === "all" && rule.namedPorts) {
        return isDynamicBand(rule.namedPorts) ? [] : portsIn(rule.namedPorts, storePorts);
    }
    if (rule.tcp === UNKNOWN) {
        // One end unknown: a known end that is a store port is inside the range whatever the other end is.
        if (rule.protocol !== "tcp") {
            return [];
        }
        const ends = [rule.fromPort, rule.toPort].filter((p): p is number => typeof p === "number");
        return ends.length === 1 ? storePorts.filter((p) => p === ends[0]) : [];
    }
    if (rule.tcp === undefined || rule.tcp === "none" || admitsEveryPort(rule.tcp, rule)) {
        return [];
    }
    // A port the provider would not read is judged as every port, and as named.
    if (isDynamicBand(rule.tcp) && rule.fromPort !== INVALID && rule.toPort !== INVALID) {
        return [];
    }
    return portsIn(rule.tcp, storePorts);
}

export function storeIngressViolations(type: string, props: Readonly<Record<string, unknown>>, ctx: IngressContext): Violation[] {
    const rules = securityGroupRules(type, props, "ingress");
    if (rules === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    for (const rule of rules) {
        const hit = namedStorePorts(rule, ctx.storePorts);
        if (hit.length === 0) {
            continue;
        }
        const unknownEnd = rule.tcp === UNKNOWN ? ` (${rule.fromPort === UNKNOWN ? "fromPort" : "toPort"} is not known yet, but the range ends at the store port)` : "";
        for (const peer of rule.peers) {
            const source = worldSource(peer, ctx);
            if (source !== undefined) {
                out.push({ field: peer.field, message: exposureMessage(source.why, rule, type, hit, ctx.privateCidrs, unknownEnd), ...(source.deferred ? { deferred: true as const } : {}) });
            }
        }
    }
    return out;
}
