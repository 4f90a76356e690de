// The service mesh's own TLS switches (Istio): a PeerAuthentication that lets
// workloads accept plain text (mode PERMISSIVE or DISABLE, for the workload
// or one port), and a DestinationRule that turns TLS off towards a host
// (tls.mode DISABLE, for the host, a port or a subset). Mode UNSET inherits
// from the parent policy and is not judged. The forms Pulumi registers: the
// CustomResource of each served version (type kubernetes:<group>/<version>:<Kind>).
// https://istio.io/latest/docs/reference/config/security/peer_authentication/
// https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode
import { elements, field, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";

export const PEER_AUTHENTICATION_TYPES: readonly string[] = [
    "kubernetes:security.istio.io/v1:PeerAuthentication",
    "kubernetes:security.istio.io/v1beta1:PeerAuthentication",
];
export const DESTINATION_RULE_TYPES: readonly string[] = [
    "kubernetes:networking.istio.io/v1:DestinationRule",
    "kubernetes:networking.istio.io/v1beta1:DestinationRule",
    "kubernetes:networking.istio.io/v1alpha3:DestinationRule",
];

export function peerAuthenticationViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const spec = readObject(props.spec);
    const out: Violation[] = [];
    const judge = (mode: unknown, at: string) => {
        const m = readString(mode);
        if (typeof m === "string" && (m.toUpperCase() === "PERMISSIVE" || m.toUpperCase() === "DISABLE")) {
            out.push({ field: at, message: `${show(m)} lets workloads accept plain-text connections; set mode "STRICT" (or leave it UNSET to inherit a STRICT mesh policy)` });
        }
    };
    judge(field(readObject(field(spec, "mtls")), "mode"), "spec.mtls.mode");
    const ports = readObject(field(spec, "portLevelMtls"));
    if (ports !== UNKNOWN && ports !== undefined) {
        for (const [port, setting] of Object.entries(ports)) {
            judge(field(readObject(setting), "mode"), `spec.portLevelMtls.${port}.mode`);
        }
    }
    return out;
}

function trafficPolicyViolations(policy: unknown, at: string, host: unknown): Violation[] {
    const p = readObject(policy);
    const out: Violation[] = [];
    const judge = (tls: unknown, where: string) => {
        const mode = readString(field(readObject(tls), "mode"));
        if (typeof mode === "string" && mode.toUpperCase() === "DISABLE") {
            out.push({ field: `${where}.mode`, message: `"DISABLE" sends traffic to ${show(host)} in plain text; use "ISTIO_MUTUAL" inside the mesh or "SIMPLE"/"MUTUAL" to outside hosts` });
        }
    };
    judge(field(p, "tls"), `${at}.tls`);
    const ports = elements(field(p, "portLevelSettings"));
    if (ports !== UNKNOWN) {
        ports.forEach((s, i) => judge(field(readObject(s), "tls"), `${at}.portLevelSettings[${i}].tls`));
    }
    return out;
}

export function destinationRuleViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const spec = readObject(props.spec);
    const host = field(spec, "host");
    const out = trafficPolicyViolations(field(spec, "trafficPolicy"), "spec.trafficPolicy", host);
    const subsets = elements(field(spec, "subsets"));
    if (subsets !== UNKNOWN) {
        subsets.forEach((s, i) => out.push(...trafficPolicyViolations(field(readObject(s), "trafficPolicy"), `spec.subsets[${i}].trafficPolicy`, host)));
    }
    return out;
}
