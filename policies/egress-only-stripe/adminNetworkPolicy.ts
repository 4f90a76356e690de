// Kubernetes AdminNetworkPolicy and BaselineAdminNetworkPolicy
// (policy.networking.k8s.io/v1alpha1, the network-policy-api project): cluster
// admins' policies, enforced by Calico 3.29+, OVN-Kubernetes and Antrea. An
// egress rule with action "Allow" reaches its peers: `networks` (ranges),
// `domainNames` (host names, allowed only when listed in allowedHosts),
// and in-cluster `namespaces`, `pods` and `nodes`. Allowed peers outside the
// private ranges need TCP port 443 only. Deny and Pass let nothing out.
// https://network-policy-api.sigs.k8s.io/reference/spec/
import { elements, field, Read, readNumber, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";
import { DestinationContext, hostViolation, rangeViolation } from "./destination";

export const ADMIN_NETWORK_POLICY_TYPES: readonly string[] = [
    "kubernetes:policy.networking.k8s.io/v1alpha1:AdminNetworkPolicy",
    "kubernetes:policy.networking.k8s.io/v1alpha1:BaselineAdminNetworkPolicy",
];

/** True when every port entry is TCP 443 (and there is at least one); else what is allowed. */
function httpsOnly(ports: unknown): Read<true | string> {
    const list = elements(ports);
    if (list === UNKNOWN) {
        return UNKNOWN;
    }
    if (list.length === 0) {
        return "every port (ports not set)";
    }
    for (const [i, p] of list.entries()) {
        const entry = readObject(p);
        const number = readObject(field(entry, "portNumber"));
        const range = readObject(field(entry, "portRange"));
        if (number === UNKNOWN || range === UNKNOWN) {
            return UNKNOWN;
        }
        const protocol = readString(field(number ?? range, "protocol"));
        if (number === undefined && range === undefined) {
            return `named port ${show(field(entry, "namedPort"))} (ports[${i}]), which cannot be checked`;
        }
        if (protocol !== undefined && protocol !== UNKNOWN && protocol.toUpperCase() !== "TCP") {
            return `${protocol} (ports[${i}])`;
        }
        const from = readNumber(field(number ?? range, number ? "port" : "start"));
        const to = number ? from : readNumber(field(range, "end"));
        if (from !== 443 || to !== 443) {
            return `TCP ${show(from)}${to !== from ? `-${show(to)}` : ""} (ports[${i}])`;
        }
    }
    return true;
}

export function adminNetworkPolicyViolations(props: Readonly<Record<string, unknown>>, ctx: DestinationContext): Violation[] {
    const rules = elements(field(readObject(props.spec), "egress"));
    if (rules === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    rules.forEach((r, i) => {
        const rule = readObject(r);
        if (rule === UNKNOWN || rule === undefined || readString(rule.action) !== "Allow") {
            return;
        }
        const path = `spec.egress[${i}]`;
        let traffic: Read<true | string> | "unread" = "unread";
        const t = () => (traffic === "unread" ? (traffic = httpsOnly(rule.ports)) : traffic);
        const peers = elements(rule.to);
        if (peers === UNKNOWN) {
            return;
        }
        peers.forEach((p, j) => {
            const peer = readObject(p);
            const networks = elements(field(peer, "networks"));
            if (networks !== UNKNOWN) {
                networks.forEach((n, k) => {
                    const text = readString(n);
                    const v = typeof text === "string" ? rangeViolation(text, `${path}.to[${j}].networks[${k}]`, t, ctx) : undefined;
                    if (v) {
                        out.push(v);
                    }
                });
            }
            const domains = elements(field(peer, "domainNames"));
            if (domains !== UNKNOWN) {
                domains.forEach((d, k) => {
                    const host = readString(d);
                    const v = typeof host === "string" ? hostViolation(host, `${path}.to[${j}].domainNames[${k}]`, t, ctx) : undefined;
                    if (v) {
                        out.push(v);
                    }
                });
            }
        });
    });
    return out;
}
