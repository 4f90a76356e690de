// Kubernetes NetworkPolicy egress. A rule with no `to` (or an empty one)
// reaches every address, so it is a violation whatever its ports. An ipBlock
// outside the private ranges must lie inside the allow-list with TCP 443 as
// its only port; `except` only narrows a block, it never makes a wide one
// acceptable. Pod and namespace selectors are in-cluster peers. Egress rules
// of a policy whose `policyTypes` is given without "Egress" are ignored by
// Kubernetes (NetworkPolicySpec.policyTypes), and so by the pack.
import { elements, field, Read, readNumber, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";
import { classifyDestination, DestinationContext, notHttpsOnly, publicDestination, unreadable } from "./destination";

export const NETWORK_POLICY_TYPES: readonly string[] = [
    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    "kubernetes:networking.k8s.io/v1:NetworkPolicyPatch",
    "kubernetes:extensions/v1beta1:NetworkPolicy",
];

/** True when every port entry is TCP 443 (and there is at least one); else a description of what is admitted, its fields under `path`. */
export function httpsOnly(ports: unknown, path = ""): Read<true | string> {
    const list = elements(ports);
    if (list === UNKNOWN) {
        return UNKNOWN;
    }
    if (list.length === 0) {
        return "every port (ports not set)";
    }
    let unknown = false;
    for (const [i, p] of list.entries()) {
        const entry = readObject(p);
        const protocol = readString(field(entry, "protocol"));
        const port = readNumber(field(entry, "port"));
        const endPort = readNumber(field(entry, "endPort"));
        if (entry === UNKNOWN || protocol === UNKNOWN || port === UNKNOWN || endPort === UNKNOWN) {
            unknown = true;
            continue;
        }
        const at = `${path}ports[${i}]`;
        if (protocol !== undefined && protocol.toUpperCase() !== "TCP") {
            return `${protocol} (${at}.protocol)`;
        }
        if (port === undefined) {
            const named = readString(field(entry, "port"));
            return named === undefined ? `every TCP port (${at}.port not set)` : `named port ${show(named)} (${at}.port), whose number the pack cannot check`;
        }
        if (port !== 443 || (endPort !== undefined && endPort !== 443)) {
            return endPort === undefined ? `TCP ${port} (${at}.port)` : `TCP ${port}-${endPort} (${at}.port, ${at}.endPort)`;
        }
    }
    return unknown ? UNKNOWN : true;
}

export function networkPolicyViolations(props: Readonly<Record<string, unknown>>, ctx: DestinationContext): Violation[] {
    const spec = readObject(props.spec);
    if (spec === UNKNOWN || spec === undefined) {
        return [];
    }
    const types = elements(spec.policyTypes);
    if (types === UNKNOWN || (spec.policyTypes !== undefined && !types.some((t) => readString(t) === "Egress" || readString(t) === UNKNOWN))) {
        // Not known yet, or given without "Egress": Kubernetes ignores the egress rules.
        return [];
    }
    const rules = elements(spec.egress);
    if (rules === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    rules.forEach((r, i) => {
        const rule = readObject(r);
        if (rule === UNKNOWN || rule === undefined) {
            return;
        }
        const path = `spec.egress[${i}]`;
        const to = elements(rule.to);
        if (to === UNKNOWN) {
            return;
        }
        if (to.length === 0) {
            out.push({
                field: `${path}.to`,
                message:
                    `${show(rule.to)} lets the selected pods reach every address, inside the cluster and out to the internet, whatever the ports; ` +
                    "list the peers: podSelector/namespaceSelector for in-cluster traffic, ipBlock for private ranges or Stripe's API addresses (TCP 443)",
            });
            return;
        }
        let traffic: Read<true | string> | "unread" = "unread";
        to.forEach((peer, j) => {
            const cidr = readString(field(readObject(field(readObject(peer), "ipBlock")), "cidr"));
            if (typeof cidr !== "string") {
                return;
            }
            const at = `${path}.to[${j}].ipBlock.cidr`;
            const where = classifyDestination(cidr, ctx);
            if (where === "unreadable") {
                out.push({ field: at, message: unreadable(cidr) });
            } else if (where === "public") {
                const v = publicDestination(cidr, at, ctx);
                if (v) {
                    out.push(v);
                }
            } else if (where === "allow-listed") {
                traffic = traffic === "unread" ? httpsOnly(rule.ports, `${path}.`) : traffic;
                if (typeof traffic === "string") {
                    out.push({ field: at, message: notHttpsOnly(cidr, traffic) });
                }
            }
        });
    });
    return out;
}
