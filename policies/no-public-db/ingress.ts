// Security-group ingress that lets a non-private address reach a store port,
// in any of the forms AWS rules are written. A store port reached from a
// security group or a private range is fine; prefix lists are not judged
// here (their entries live elsewhere).
import { parseCidr } from "../net/cidr";
import { CidrSet } from "../net/cidrSet";
import { describeTraffic, portsIn } from "../lib/ports";
import { show, UNKNOWN } from "../lib/read";
import { protocolField, securityGroupRules } from "../lib/securityGroupRules";
import { storePortName } from "../lib/defaults";
import { Violation } from "../lib/violation";

export interface IngressContext {
    readonly privateCidrs: CidrSet;
    readonly storePorts: readonly number[];
}

export function storeIngressViolations(type: string, props: Readonly<Record<string, unknown>>, ctx: IngressContext): Violation[] {
    const rules = securityGroupRules(type, props, "ingress");
    if (rules === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    for (const rule of rules) {
        if (rule.tcp === UNKNOWN || rule.tcp === undefined || rule.tcp === "none" || rule.protocol === UNKNOWN || rule.protocol === undefined) {
            continue;
        }
        const hit = portsIn(rule.tcp, ctx.storePorts);
        if (hit.length === 0) {
            continue;
        }
        for (const peer of rule.peers) {
            if (peer.kind !== "cidr" || peer.value === UNKNOWN || peer.value === undefined) {
                continue;
            }
            const cidr = parseCidr(peer.value);
            if (!cidr || ctx.privateCidrs.covers(cidr)) {
                continue;
            }
            const traffic = describeTraffic(rule.protocol, rule.tcp);
            const via = rule.protocol === "all" ? ` (${protocolField(rule, type)} = ${show(rule.protocolText)})` : "";
            out.push({
                field: peer.field,
                message:
                    `${show(peer.value)} is outside the private ranges and is admitted to ${traffic}${via}, ` +
                    `which includes store port${hit.length > 1 ? "s" : ""} ${hit.map(storePortName).join(", ")}; ` +
                    `admit store ports only from security groups or private ranges (${ctx.privateCidrs.summary()})`,
            });
        }
    }
    return out;
}
