// Security-group ingress that lets a non-private address reach a store port,
// in any of the forms AWS rules are written. A source is judged as an address
// range, whatever its spelling ("0.0.0.0/00" is the whole internet); a range
// only partly private is public, and a source the provider would not read is
// judged as the whole internet.
//
// Judged here, resource by resource: a rule that names a store port (a port
// range that includes one of storePorts). A rule open to every port ("all
// traffic", or TCP 0-65535) names no store port: whether it exposes one
// depends on what the group protects, which only the stack shows, so the
// stack rule (storeGroups.ts) judges it — mandatory when the group is
// attached to a store, silent for load-balancer and task groups with no
// store behind them. Security-group sources are in-VPC; prefix-list sources
// are read by the stack rule.
import { parseRange } from "../net/cidr";
import { CidrSet } from "../net/cidrSet";
import { describeTraffic, PortRange, portsIn } from "../lib/ports";
import { INVALID, show, UNKNOWN } from "../lib/read";
import { Peer, protocolField, securityGroupRules, SgRule } from "../lib/securityGroupRules";
import { storePortName } from "../lib/defaults";
import { Violation } from "../lib/violation";

export interface IngressContext {
    readonly privateCidrs: CidrSet;
    readonly storePorts: readonly number[];
}

/**
 * True when a rule admits every TCP port on purpose ("all traffic", TCP
 * 0-65535): it names no port in particular. A port the provider would not
 * read is judged as every port, but as one that names them all.
 */
export function admitsEveryPort(range: PortRange, rule?: SgRule): boolean {
    return range.from <= 1 && range.to >= 65535 && !(rule && (rule.fromPort === INVALID || rule.toPort === INVALID));
}

/** Why a CIDR peer is a source outside the private ranges ("" when it is), or undefined when it is private or not there. */
export function worldSource(peer: Peer, privateCidrs: CidrSet): string | undefined {
    if (peer.kind !== "cidr" || peer.value === UNKNOWN || peer.value === undefined || peer.value === "") {
        return undefined;
    }
    const cidr = parseRange(peer.value);
    if (!cidr) {
        return `${show(peer.value)} is not a range the provider reads, judged as the whole internet, and`;
    }
    return privateCidrs.covers(cidr) ? undefined : `${show(peer.value)} is outside the private ranges and`;
}

/** The message for a public source admitted to store ports. */
export function exposureMessage(source: string, rule: SgRule, type: string, ports: readonly number[], privateCidrs: CidrSet, because = ""): string {
    const traffic = rule.protocol === UNKNOWN || rule.protocol === undefined || rule.tcp === UNKNOWN || rule.tcp === undefined || rule.tcp === "none" ? "traffic" : describeTraffic(rule.protocol, rule.tcp);
    const via = rule.protocol === "all" ? ` (${protocolField(rule, type)} = ${show(rule.protocolText)})` : "";
    return (
        `${source} is admitted to ${traffic}${via}, which includes store port${ports.length > 1 ? "s" : ""} ${ports.map(storePortName).join(", ")}${because}; ` +
        `admit store ports only from security groups or private ranges (${privateCidrs.summary()})`
    );
}

export function storeIngressViolations(type: string, props: Readonly<Record<string, unknown>>, ctx: IngressContext): Violation[] {
    const rules = securityGroupRules(type, props, "ingress");
    if (rules === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    for (const rule of rules) {
        if (rule.tcp === UNKNOWN || rule.tcp === undefined || rule.tcp === "none" || admitsEveryPort(rule.tcp, rule)) {
            continue;
        }
        const hit = portsIn(rule.tcp, ctx.storePorts);
        if (hit.length === 0) {
            continue;
        }
        for (const peer of rule.peers) {
            const source = worldSource(peer, ctx.privateCidrs);
            if (source !== undefined) {
                out.push({ field: peer.field, message: exposureMessage(source, rule, type, hit, ctx.privateCidrs) });
            }
        }
    }
    return out;
}
