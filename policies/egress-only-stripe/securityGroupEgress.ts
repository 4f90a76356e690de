// Security-group egress (inline blocks, SecurityGroupRule of type egress,
// vpc.SecurityGroupEgressRule; IPv4 and IPv6) to address ranges. Prefix
// lists are judged by the stack rule, security-group peers are in-VPC.
import { describeTraffic } from "../lib/ports";
import { Read, show, UNKNOWN } from "../lib/read";
import { protocolField, securityGroupRules, SgRule } from "../lib/securityGroupRules";
import { Violation } from "../lib/violation";
import { classifyDestination, DestinationContext, notHttpsOnly, publicDestination, unreadable } from "./destination";

/** True when the rule admits exactly TCP 443; UNKNOWN when preview leaves it open. */
export function isHttpsOnly(rule: SgRule): Read<boolean> {
    if (rule.protocol === UNKNOWN || rule.tcp === UNKNOWN) {
        return UNKNOWN;
    }
    return rule.protocol === "tcp" && rule.tcp !== undefined && rule.tcp !== "none" && rule.tcp.from === 443 && rule.tcp.to === 443;
}

/** What the rule admits, for messages, naming the fields. */
export function trafficOf(rule: SgRule, type: string): string {
    if (rule.protocol === UNKNOWN || rule.protocol === undefined || rule.tcp === UNKNOWN || rule.tcp === undefined) {
        return `${protocolField(rule, type)} = ${show(rule.protocolText)}`;
    }
    const ports = rule.protocol === "tcp" ? ` (fromPort ${show(rule.fromPort)}, toPort ${show(rule.toPort)})` : ` (${protocolField(rule, type)} = ${show(rule.protocolText)})`;
    return `${describeTraffic(rule.protocol, rule.tcp)}${ports}`;
}

/** The violation (if any) of one destination range of an egress rule. */
export function destinationViolation(text: string, at: string, rule: SgRule, type: string, ctx: DestinationContext): Violation | undefined {
    if (text.trim() === "") {
        return undefined;
    }
    const where = classifyDestination(text, ctx);
    if (where === "private") {
        return undefined;
    }
    if (where === "unreadable") {
        return { field: at, message: unreadable(text) };
    }
    if (where === "public") {
        return publicDestination(text, at, ctx);
    }
    return isHttpsOnly(rule) === false ? { field: at, message: notHttpsOnly(text, trafficOf(rule, type)) } : undefined;
}

export function securityGroupEgressViolations(type: string, props: Readonly<Record<string, unknown>>, ctx: DestinationContext): Violation[] {
    const rules = securityGroupRules(type, props, "egress");
    if (rules === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    for (const rule of rules) {
        for (const peer of rule.peers) {
            if (peer.kind === "cidr" && typeof peer.value === "string") {
                const v = destinationViolation(peer.value, peer.field, rule, type, ctx);
                if (v) {
                    // CloudFormation's implicit rule: say where it comes from.
                    out.push(peer.implicit ? { ...v, message: `${peer.implicit}; ${v.message}; give the group an explicit securityGroupEgress (only what it needs)` } : v);
                }
            }
        }
    }
    return out;
}
