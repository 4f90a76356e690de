// Stack-wide: egress to a prefix list. A resource alone cannot say what a
// prefix list holds; the stack can. The prefix list of a Gateway VPC endpoint
// of the stack is fine (the traffic stays on AWS's network through the
// endpoint); a managed prefix list of the stack is judged entry by entry like
// any range; any other prefix list cannot be verified, which is a violation.
import { elements, field, readObject, readString, UNKNOWN } from "../lib/read";
import { SECURITY_GROUP_RULE_TYPES, securityGroupRules, SgRule } from "../lib/securityGroupRules";
import { StackGraph, StackResource } from "../lib/stack";
import { StackViolation } from "../lib/violation";
import { DestinationContext } from "./destination";
import { destinationViolation } from "./securityGroupEgress";

const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const MANAGED_PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
const PREFIX_LIST_ENTRY = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";
const LIST_SOURCES = new Set([VPC_ENDPOINT, MANAGED_PREFIX_LIST]);

function isGatewayEndpoint(r: StackResource): boolean {
    const kind = readString(r.props.vpcEndpointType);
    return r.type === VPC_ENDPOINT && typeof kind === "string" && kind.toLowerCase() === "gateway";
}

/** Every CIDR a managed prefix list holds: inline entries and standalone entry resources. */
function entriesOf(list: StackResource, graph: StackGraph): { cidr: string; where: string }[] | typeof UNKNOWN {
    const inline = elements(list.props.entries);
    if (inline === UNKNOWN) {
        return UNKNOWN;
    }
    const out: { cidr: string; where: string }[] = [];
    inline.forEach((e, i) => {
        const cidr = readString(field(readObject(e), "cidr"));
        if (typeof cidr === "string") {
            out.push({ cidr, where: `${list.name}.entries[${i}]` });
        }
    });
    for (const entry of graph.ofTypes([PREFIX_LIST_ENTRY])) {
        if (graph.follow(entry, "prefixListId", new Set([MANAGED_PREFIX_LIST]), ["id"]).targets.includes(list)) {
            const cidr = readString(entry.props.cidr);
            if (typeof cidr === "string") {
                out.push({ cidr, where: `entry ${entry.name}` });
            }
        }
    }
    return out;
}

export function prefixListViolations(resources: readonly StackResource[], ctx: DestinationContext): StackViolation[] {
    const graph = new StackGraph(resources);
    // A gateway endpoint's prefix list id is an output (known after apply).
    const endpointByList = new Map<string, StackResource>();
    for (const ep of graph.ofTypes([VPC_ENDPOINT])) {
        const pl = readString(ep.props.prefixListId);
        if (typeof pl === "string" && isGatewayEndpoint(ep)) {
            endpointByList.set(pl, ep);
        }
    }
    const out: StackViolation[] = [];
    for (const r of graph.ofTypes(SECURITY_GROUP_RULE_TYPES)) {
        const rules = securityGroupRules(r.type, r.props, "egress");
        if (rules === UNKNOWN) {
            continue;
        }
        for (const rule of rules) {
            for (const peer of rule.peers) {
                if (peer.kind === "prefixList" && peer.value !== undefined) {
                    out.push(...judgePeer(r, rule, peer.field, peer.prop, peer.value, graph, endpointByList, ctx));
                }
            }
        }
    }
    return out;
}

function judgePeer(
    r: StackResource,
    rule: SgRule,
    at: string,
    prop: string,
    value: string | typeof UNKNOWN,
    graph: StackGraph,
    endpointByList: ReadonlyMap<string, StackResource>,
    ctx: DestinationContext,
): StackViolation[] {
    if (typeof value === "string" && endpointByList.has(value)) {
        return [];
    }
    const targets = graph.follow(r, prop, LIST_SOURCES, ["id"], value).targets;
    if (targets.some(isGatewayEndpoint)) {
        return [];
    }
    const lists = targets.filter((t) => t.type === MANAGED_PREFIX_LIST);
    if (lists.length === 0) {
        if (value === UNKNOWN) {
            return []; // not known yet and nothing in the stack it came from: judged after apply
        }
        return [{
            urn: r.urn,
            field: at,
            message:
                `${JSON.stringify(value)} is a prefix list this stack does not define, so its destinations cannot be verified; ` +
                "use the prefix list of a Gateway VPC endpoint or a managed prefix list in this stack whose entries are private or on the allow-list (TCP 443)",
        }];
    }
    const out: StackViolation[] = [];
    for (const list of lists) {
        const entries = entriesOf(list, graph);
        if (entries === UNKNOWN) {
            continue;
        }
        for (const e of entries) {
            const v = destinationViolation(e.cidr, at, rule, r.type, ctx);
            if (v) {
                out.push({ urn: r.urn, field: at, message: `prefix list ${list.name} holds ${e.where}: ${v.message}` });
            }
        }
    }
    return out;
}
