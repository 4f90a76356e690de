// Kubernetes Ingress: every host it routes must be covered by a `tls` entry,
// and an Ingress without `tls` serves plain HTTP. A patch that does not
// mention `tls` leaves it as it is and is not judged for its absence.
import { elements, field, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";

export const INGRESS_TYPES: readonly string[] = [
    "kubernetes:networking.k8s.io/v1:Ingress",
    "kubernetes:networking.k8s.io/v1beta1:Ingress",
    "kubernetes:extensions/v1beta1:Ingress",
];
export const INGRESS_PATCH_TYPES: readonly string[] = ["kubernetes:networking.k8s.io/v1:IngressPatch"];

/** True when a TLS host entry ("*.example.com" or exact) covers `host`. */
export function hostCovered(host: string, tlsHosts: readonly string[]): boolean {
    const h = host.toLowerCase();
    return tlsHosts.some((t) => {
        const pattern = t.toLowerCase();
        if (pattern.startsWith("*.")) {
            const rest = h.slice(h.indexOf(".") + 1);
            return h.includes(".") && rest === pattern.slice(2);
        }
        return pattern === h;
    });
}

export function ingressViolations(props: Readonly<Record<string, unknown>>, patch = false): Violation[] {
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
    const out: Violation[] = [];
    rules.forEach((r, i) => {
        const host = readString(field(readObject(r), "host"));
        if (typeof host === "string" && !hostCovered(host, tlsHosts)) {
            out.push({ field: `spec.rules[${i}].host`, message: `${show(host)} has no tls entry, so it is served over plain HTTP; add it to spec.tls[].hosts` });
        }
    });
    return out;
}
