// Cilium policies (cilium.io/v2 CiliumNetworkPolicy and
// CiliumClusterwideNetworkPolicy, as Pulumi registers them: a CustomResource
// or a generated type of token kubernetes:cilium.io/v2:<Kind>). A policy
// holds one rule in `spec` or several in `specs`; each egress rule allows
// traffic to the peers its selectors name:
// - toCIDR / toCIDRSet: address ranges (`except` only narrows a range; a
//   cidrGroupRef names a CiliumCIDRGroup whose ranges are not judged here, so
//   it cannot be verified);
// - toEntities: "world", "world-ipv4", "world-ipv6" and "all" are the internet;
// - toFQDNs: host names (matchName) and patterns (matchPattern), allowed only
//   when listed in allowedHosts;
// - toEndpoints, toServices, toGroups, toNodes, toRequires: in-cluster or
//   in-VPC peers;
// - a rule with toPorts or icmps but no peer selector allows every peer
//   (Cilium's L4-only rule); an empty rule allows nothing.
// Allowed peers outside the private ranges need toPorts of TCP 443 only.
// https://docs.cilium.io/en/stable/security/policy/language/
import { elements, field, Read, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";
import { DestinationContext, hostViolation, rangeViolation } from "./destination";

export const CILIUM_TYPES: readonly string[] = [
    "kubernetes:cilium.io/v2:CiliumNetworkPolicy",
    "kubernetes:cilium.io/v2:CiliumClusterwideNetworkPolicy",
];

const PEER_SELECTORS = ["toCIDR", "toCIDRSet", "toEntities", "toFQDNs", "toEndpoints", "toServices", "toGroups", "toNodes", "toRequires"];
const WORLD_ENTITIES = new Set(["world", "world-ipv4", "world-ipv6", "all"]);

/** True when toPorts allows exactly TCP 443; else what it allows. */
function httpsOnly(toPorts: unknown): Read<true | string> {
    const list = elements(toPorts);
    if (list === UNKNOWN) {
        return UNKNOWN;
    }
    if (list.length === 0) {
        return "every port (toPorts not set)";
    }
    for (const [i, item] of list.entries()) {
        const ports = elements(field(readObject(item), "ports"));
        if (ports === UNKNOWN) {
            return UNKNOWN;
        }
        if (ports.length === 0) {
            return `every port (toPorts[${i}].ports not set)`;
        }
        for (const [j, p] of ports.entries()) {
            const entry = readObject(p);
            const protocol = readString(field(entry, "protocol"));
            const port = field(entry, "port");
            const endPort = field(entry, "endPort");
            if (protocol === UNKNOWN || readString(port) === UNKNOWN) {
                return UNKNOWN;
            }
            const at = `toPorts[${i}].ports[${j}]`;
            if (protocol === undefined || protocol.toUpperCase() !== "TCP") {
                return `${protocol === undefined ? "ANY (protocol not set)" : protocol} (${at}.protocol)`;
            }
            if (String(port) !== "443" || (endPort !== undefined && String(endPort) !== "443")) {
                return `TCP ${show(port)}${endPort !== undefined ? `-${show(endPort)}` : ""} (${at})`;
            }
        }
    }
    return true;
}

function ruleViolations(rule: Record<string, unknown>, path: string, ctx: DestinationContext): Violation[] {
    const hasPeer = PEER_SELECTORS.some((k) => rule[k] !== undefined);
    if (!hasPeer) {
        if (rule.toPorts === undefined && rule.icmps === undefined) {
            return []; // an empty rule allows nothing
        }
        return [{
            field: `${path}.toPorts`,
            message: "a rule with ports but no peer selector lets the selected endpoints reach every address, out to the internet; name the peers (toEndpoints, toFQDNs for Stripe's API host, toCIDR for private ranges)",
        }];
    }
    const out: Violation[] = [];
    let traffic: Read<true | string> | "unread" = "unread";
    const t = () => (traffic === "unread" ? (traffic = httpsOnly(rule.toPorts)) : traffic);
    const push = (v: Violation | undefined) => v && out.push(v);
    const entities = elements(rule.toEntities);
    if (entities !== UNKNOWN) {
        entities.forEach((e, i) => {
            const name = readString(e);
            if (typeof name === "string" && WORLD_ENTITIES.has(name.toLowerCase())) {
                out.push({ field: `${path}.toEntities[${i}]`, message: `${show(name)} is every address outside the cluster, the whole internet; name Stripe's API (toFQDNs) or private ranges (toCIDR) instead` });
            }
        });
    }
    const cidrs = elements(rule.toCIDR);
    if (cidrs !== UNKNOWN) {
        cidrs.forEach((c, i) => {
            const text = readString(c);
            if (typeof text === "string") {
                push(rangeViolation(text, `${path}.toCIDR[${i}]`, t, ctx));
            }
        });
    }
    const sets = elements(rule.toCIDRSet);
    if (sets !== UNKNOWN) {
        sets.forEach((s, i) => {
            const entry = readObject(s);
            const text = readString(field(entry, "cidr"));
            if (typeof text === "string") {
                push(rangeViolation(text, `${path}.toCIDRSet[${i}].cidr`, t, ctx));
            } else if (typeof readString(field(entry, "cidrGroupRef")) === "string") {
                out.push({ field: `${path}.toCIDRSet[${i}].cidrGroupRef`, message: `${show(field(entry, "cidrGroupRef"))} names a CiliumCIDRGroup whose ranges the pack does not read, so the destinations cannot be verified; write the ranges in toCIDR` });
            }
        });
    }
    const fqdns = elements(rule.toFQDNs);
    if (fqdns !== UNKNOWN) {
        fqdns.forEach((f, i) => {
            const entry = readObject(f);
            for (const key of ["matchName", "matchPattern"] as const) {
                const host = readString(field(entry, key));
                if (typeof host === "string") {
                    push(hostViolation(host, `${path}.toFQDNs[${i}].${key}`, t, ctx));
                }
            }
        });
    }
    return out;
}

export function ciliumPolicyViolations(props: Readonly<Record<string, unknown>>, ctx: DestinationContext): Violation[] {
    const specs: [unknown, string][] = [];
    if (props.spec !== undefined) {
        specs.push([props.spec, "spec"]);
    }
    const list = elements(props.specs);
    if (list !== UNKNOWN) {
        list.forEach((s, i) => specs.push([s, `specs[${i}]`]));
    }
    const out: Violation[] = [];
    for (const [s, at] of specs) {
        const rules = elements(field(readObject(s), "egress"));
        if (rules === UNKNOWN) {
            continue;
        }
        rules.forEach((r, i) => {
            const rule = readObject(r);
            if (rule !== UNKNOWN && rule !== undefined) {
                out.push(...ruleViolations(rule, `${at}.egress[${i}]`, ctx));
            }
        });
    }
    return out;
}
