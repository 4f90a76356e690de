// Calico policies: NetworkPolicy and GlobalNetworkPolicy through Calico's API
// server (projectcalico.org/v3) or its CRDs directly (crd.projectcalico.org/v1),
// as Pulumi registers them (kubernetes:<group>/<version>:<Kind>). Only rules
// with action "Allow" let traffic out (Deny, Log and Pass do not). An Allow
// rule reaches:
// - every address when its destination names no nets, selector,
//   namespaceSelector, serviceAccounts, services or domains (notNets only
//   takes some away);
// - the ranges in destination.nets, judged like any range;
// - the host names in destination.domains (Calico Enterprise), allowed only
//   when listed in allowedHosts;
// - endpoints of the cluster (selectors, service accounts, services):
//   in-cluster, except that a selector also picks the Calico network sets
//   whose labels it matches: those nets are judged by the stack rule
//   (calicoNetworkSets.ts).
// Allowed peers outside the private ranges need protocol TCP and ports 443 only.
// https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule
import { elements, field, Read, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";
import { DestinationContext, hostViolation, rangeViolation } from "./destination";

export const CALICO_TYPES: readonly string[] = [
    "kubernetes:projectcalico.org/v3:NetworkPolicy",
    "kubernetes:projectcalico.org/v3:GlobalNetworkPolicy",
    "kubernetes:crd.projectcalico.org/v1:NetworkPolicy",
    "kubernetes:crd.projectcalico.org/v1:GlobalNetworkPolicy",
];

const PEERS = ["nets", "selector", "namespaceSelector", "serviceAccounts", "services", "domains"];

/** True when the rule allows exactly TCP 443; else what it allows. */
export function httpsOnly(rule: Record<string, unknown>, destination: Read<Record<string, unknown>>): Read<true | string> {
    const protocol = rule.protocol;
    if (readString(protocol) === UNKNOWN) {
        return UNKNOWN;
    }
    if (protocol === undefined || !(String(protocol).toUpperCase() === "TCP" || String(protocol) === "6")) {
        return `${protocol === undefined ? "every protocol (protocol not set)" : show(protocol)}`;
    }
    if (field(destination, "notPorts") !== undefined) {
        return "every port but notPorts";
    }
    const ports = elements(field(destination, "ports"));
    if (ports === UNKNOWN) {
        return UNKNOWN;
    }
    if (ports.length === 0) {
        return "every TCP port (destination.ports not set)";
    }
    for (const p of ports) {
        if (readString(p) === UNKNOWN) {
            return UNKNOWN;
        }
        if (String(p) !== "443") {
            return `TCP ${show(p)}`;
        }
    }
    return true;
}

export function calicoPolicyViolations(props: Readonly<Record<string, unknown>>, ctx: DestinationContext): Violation[] {
    const rules = elements(field(readObject(props.spec), "egress"));
    if (rules === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    rules.forEach((r, i) => {
        const rule = readObject(r);
        if (rule === UNKNOWN || rule === undefined) {
            return;
        }
        const action = readString(rule.action);
        if (typeof action !== "string" || action.toLowerCase() !== "allow") {
            return;
        }
        const path = `spec.egress[${i}]`;
        const destination = readObject(rule.destination);
        if (destination === UNKNOWN) {
            return;
        }
        if (!PEERS.some((k) => field(destination, k) !== undefined)) {
            out.push({
                field: `${path}.destination`,
                message:
                    `an Allow rule whose destination names no nets, selector or domains (${destination === undefined ? "destination not set" : "only ports or notNets"}) reaches every address, out to the internet; ` +
                    "name the peers: selectors for in-cluster traffic, nets for private ranges, Stripe's API addresses on TCP 443",
            });
            return;
        }
        let traffic: Read<true | string> | "unread" = "unread";
        const t = () => (traffic === "unread" ? (traffic = httpsOnly(rule, destination)) : traffic);
        const nets = elements(field(destination, "nets"));
        if (nets !== UNKNOWN) {
            nets.forEach((n, j) => {
                const text = readString(n);
                const v = typeof text === "string" ? rangeViolation(text, `${path}.destination.nets[${j}]`, t, ctx) : undefined;
                if (v) {
                    out.push(v);
                }
            });
        }
        const domains = elements(field(destination, "domains"));
        if (domains !== UNKNOWN) {
            domains.forEach((d, j) => {
                const host = readString(d);
                const v = typeof host === "string" ? hostViolation(host, `${path}.destination.domains[${j}]`, t, ctx) : undefined;
                if (v) {
                    out.push(v);
                }
            });
        }
    });
    return out;
}
