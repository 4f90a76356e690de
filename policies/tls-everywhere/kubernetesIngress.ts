// Kubernetes Ingress: every host it routes must be covered by a `tls` entry,
// and an Ingress without `tls` serves plain HTTP. A patch that does not
// mention `tls` leaves it as it is and is not judged for its absence. The
// security policy an Ingress or Service asks the AWS Load Balancer Controller
// (or the in-tree provider) for is judged like a listener's sslPolicy.
import { elements, field, readObject, readString, show, UNKNOWN } from "../lib/read";
import { TlsPolicyChoice } from "../lib/tlsPolicies";
import { Violation } from "../lib/violation";
import { sslPolicyViolation } from "./loadBalancers";

export const INGRESS_TYPES: readonly string[] = [
    "kubernetes:networking.k8s.io/v1:Ingress",
    "kubernetes:networking.k8s.io/v1beta1:Ingress",
    "kubernetes:extensions/v1beta1:Ingress",
];
export const INGRESS_PATCH_TYPES: readonly string[] = ["kubernetes:networking.k8s.io/v1:IngressPatch"];

export const SERVICE_TYPES: readonly string[] = ["kubernetes:core/v1:Service", "kubernetes:core/v1:ServicePatch"];

/** The hosts of the tls entries, indexed: exact names, and the suffixes of wildcards ("*.example.com" → "example.com"). */
export class TlsHosts {
    private readonly exact = new Set<string>();
    private readonly wildcard = new Set<string>();

    constructor(hosts: readonly string[]) {
        for (const t of hosts) {
            const pattern = t.toLowerCase();
            if (pattern.startsWith("*.")) {
                this.wildcard.add(pattern.slice(2));
            } else {
                this.exact.add(pattern);
            }
        }
    }

    /** True when an entry covers `host` (a wildcard covers one label). */
    covers(host: string): boolean {
        const h = host.toLowerCase();
        const dot = h.indexOf(".");
        return this.exact.has(h) || (dot >= 0 && this.wildcard.has(h.slice(dot + 1)));
    }
}

/** True when a TLS host entry ("*.example.com" or exact) covers `host`. */
export function hostCovered(host: string, tlsHosts: readonly string[]): boolean {
    return new TlsHosts(tlsHosts).covers(host);
}

const INGRESS_SSL_POLICY = "alb.ingress.kubernetes.io/ssl-policy";
const SERVICE_SSL_POLICY = "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy";

/**
 * The security policy named by an annotation, judged like a listener's; an
 * annotation that is not there leaves the controller's default (its
 * --default-ssl-policy flag), which the stack does not show and is not judged.
 */
function annotatedPolicy(props: Readonly<Record<string, unknown>>, key: string, choice: TlsPolicyChoice): Violation[] {
    const annotations = readObject(field(readObject(props.metadata), "annotations"));
    const value = readString(field(annotations, key));
    if (value === undefined) {
        return [];
    }
    return sslPolicyViolation(value, `metadata.annotations["${key}"]`, choice);
}

export function serviceTlsViolations(props: Readonly<Record<string, unknown>>, choice: TlsPolicyChoice): Violation[] {
    return annotatedPolicy(props, SERVICE_SSL_POLICY, choice);
}

export function ingressViolations(props: Readonly<Record<string, unknown>>, choice: TlsPolicyChoice, patch = false): Violation[] {
    return [...annotatedPolicy(props, INGRESS_SSL_POLICY, choice), ...ingressTlsViolations(props, patch)];
}

function ingressTlsViolations(props: Readonly<Record<string, unknown>>, patch: boolean): Violation[] {
    const spec = readObject(props.spec);
    if (spec === UNKNOWN || spec === undefined) {
        return [];
    }
    if (spec.tls === undefined && patch) {
        return [];
    }
    const tls = elements(spec.tls);
    if (tls === UNKNOWN) {
        return [];
    }
    if (tls.length === 0) {
        return [{ field: "spec.tls", message: `${show(spec.tls)}: the Ingress serves plain HTTP; add a tls entry (hosts and secretName) for every host` }];
    }
    const tlsHosts: string[] = [];
    for (const entry of tls) {
        const hosts = elements(field(readObject(entry), "hosts"));
        if (hosts === UNKNOWN || hosts.some((h) => readString(h) === UNKNOWN)) {
            return [];
        }
        tlsHosts.push(...hosts.filter((h): h is string => typeof h === "string"));
    }
    const rules = elements(spec.rules);
    if (rules === UNKNOWN) {
        return [];
    }
    const covered = new TlsHosts(tlsHosts);
    const out: Violation[] = [];
    rules.forEach((r, i) => {
        const host = readString(field(readObject(r), "host"));
        if (typeof host === "string" && !covered.covers(host)) {
            out.push({ field: `spec.rules[${i}].host`, message: `${show(host)} has no tls entry, so it is served over plain HTTP; add it to spec.tls[].hosts` });
        }
    });
    return out;
}
