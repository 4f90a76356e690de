// Stack-wide: egress to a prefix list. A resource alone cannot say what a
// prefix list holds; the stack can. The prefix list of a Gateway VPC endpoint
// of the stack (`vpcEndpointType` "Gateway", or not set: the provider's
// default) is fine: the traffic stays on AWS's network through the endpoint;
// a managed prefix list of the stack is judged by the addresses it holds,
// like any range (entries inline and ManagedPrefixListEntry resources); any
// other prefix list cannot be verified, which is a violation. In preview a
// Gateway endpoint's list id is not known yet, while a list looked up with
// getPrefixList (com.amazonaws.<region>.s3) reaches the pack as a literal
// "pl-..." id: it cannot be matched to the endpoint until apply, so it is
// advisory then, and judged exactly after apply. Each list
// is read and judged once, whatever the number of rules that name it.
import { PrefixLists } from "../lib/prefixLists";
import { UNKNOWN } from "../lib/read";
import { SECURITY_GROUP_RULE_TYPES, securityGroupRules } from "../lib/securityGroupRules";
import { Memo, StackGraph, StackResource } from "../lib/stack";
import { Guard, StackViolation } from "../lib/violation";
import { classifyDestination, DestinationContext, notAllowListed, unreadable } from "./destination";
import { isHttpsOnly, trafficOf } from "./securityGroupEgress";

/** At most this many entries are named in one message. */
const SHOWN = 3;

interface Entries {
    readonly shown: string[];
    total: number;
}

const listed = (e: Entries) => `${e.shown.join("; ")}${e.total > e.shown.length ? `; and ${e.total - e.shown.length} more entries` : ""}`;

export function prefixListViolations(graph: StackGraph, ctx: DestinationContext, guard: Guard): StackViolation[] {
    const lists = PrefixLists.of(graph);
    // A list's entries, judged once: those that are public or unreadable, and those on the allow-list (fine on TCP 443 only).
    const judged = new Memo<{ bad: Entries; allowListed: Entries; badMessage: string }>((urn) => {
        const contents = lists.contents(graph.get(urn)!);
        const bad = { shown: [] as string[], total: 0 };
        const allowListed = { shown: [] as string[], total: 0 };
        if (contents.entries !== UNKNOWN) {
            for (const e of contents.entries) {
                const where = classifyDestination(e.cidr, ctx);
                const into = where === "public" || where === "unreadable" ? bad : where === "allow-listed" ? allowListed : undefined;
                if (into) {
                    into.total++;
                    if (into.shown.length < SHOWN) {
                        into.shown.push(`${e.where}: ${where === "unreadable" ? unreadable(e.cidr) : where === "public" ? notAllowListed(e.cidr, ctx) : JSON.stringify(e.cidr)}`);
                    }
                }
            }
        }
        return { bad, allowListed, badMessage: `prefix list ${contents.list.name} holds ${listed(bad)}` };
    });
    const out: StackViolation[] = [];
    for (const r of graph.ofTypes(SECURITY_GROUP_RULE_TYPES)) {
        out.push(...guard(r.urn, () => judgeResource(r)));
    }
    return out;

    function judgeResource(r: StackResource): StackViolation[] {
        const rules = securityGroupRules(r.type, r.props, "egress");
        if (rules === UNKNOWN) {
            return [];
        }
        const found: StackViolation[] = [];
        for (const rule of rules) {
            for (const peer of rule.peers) {
                if (peer.kind !== "prefixList" || peer.value === undefined) {
                    continue;
                }
                for (const c of lists.named(r, peer.prop, peer.value)) {
                    if (c.kind === "external" && c.pending.length > 0) {
                        // Preview: the stack's Gateway endpoints do not know their list yet; a looked-up AWS-managed list may be theirs.
                        const names = c.pending.slice(0, 3).map((e) => `${e.name} (${typeof e.props.serviceName === "string" ? e.props.serviceName : "a Gateway endpoint"})`);
                        found.push({
                            urn: r.urn,
                            field: peer.field,
                            level: "advisory",
                            message:
                                `${JSON.stringify(peer.value)} is not a prefix list the stack shows yet: it may be the list of Gateway endpoint ${names.join(", ")}, whose id is known only after apply, ` +
                                "and is judged then (a violation if it is not the endpoint's); write the endpoint's prefixListId output instead of a looked-up id, so that preview can verify it",
                        });
                    } else if (c.kind === "external") {
                        found.push({
                            urn: r.urn,
                            field: peer.field,
                            message:
                                `${JSON.stringify(peer.value)} is neither the prefix list of a Gateway VPC endpoint of this stack nor a managed prefix list of this stack, so where it leads cannot be verified; ` +
                                "reach AWS services through a Gateway endpoint of this stack and name its prefixListId (an AWS-managed list looked up with getPrefixList, such as com.amazonaws.<region>.s3, " +
                                "is reached through the endpoint only when it is that endpoint's), or use a managed prefix list of this stack whose entries are private or on the allow-list (TCP 443)",
                        });
                    } else if (c.kind === "managed") {
                        const { bad, allowListed, badMessage } = judged.get(c.list.urn);
                        if (bad.total > 0) {
                            found.push({ urn: r.urn, field: peer.field, message: badMessage });
                        } else if (allowListed.total > 0 && isHttpsOnly(rule) === false) {
                            found.push({ urn: r.urn, field: peer.field, message: `prefix list ${c.list.name} holds allow-listed ${listed(allowListed)}, but the rule admits ${trafficOf(rule, r.type)}; allow only TCP 443 to it` });
                        }
                    }
                }
            }
        }
        return found;
    }
}
