// Kubernetes Ingress and Service TLS, read as the controller that builds the
// listeners reads them. Which controller that is (the Ingress's class) and
// what overrides an Ingress (its class's parameters, its backends' Services)
// only the stack shows, so the stack rule (ingressClasses.ts) picks the
// reading and calls these functions:
//
// - generic (a class the pack does not model): every host the Ingress routes
//   must be covered by a `tls` entry; a `tls` entry without `hosts` covers
//   them all ("defaults to the wildcard host setting for the loadbalancer
//   controller fulfilling this Ingress", IngressTLS API reference). An
//   Ingress without `tls` serves plain HTTP.
// - ingress-nginx: the same, and HTTP is redirected to HTTPS for the hosts
//   that have TLS unless `nginx.ingress.kubernetes.io/ssl-redirect` is false
//   (Go's strconv.ParseBool; a value it refuses keeps the default, true);
//   `force-ssl-redirect: "true"` redirects even without `tls` (TLS ends at a
//   load balancer in front), so then a host without a `tls` entry is fine
//   (ingress-nginx, annotations rewrite/main.go and the annotation guide).
// - AWS Load Balancer Controller (ALB): `spec.tls` builds no listener. The
//   listeners come from `alb.ingress.kubernetes.io/listen-ports` (JSON, HTTP
//   or HTTPS per port); without it, HTTPS 443 when a certificate ARN is given
//   (annotation `certificate-arn`, or the class's IngressClassParams), else
//   HTTP 80 only. An HTTP listener serves the rules in plain text unless
//   `ssl-redirect` (or the IngressClassParams' sslRedirectPort) names an
//   HTTPS listen port, anywhere in the Ingress group. HTTPS listeners use
//   `ssl-policy` (or the class's sslPolicy), else the controller's
//   `--default-ssl-policy`, ELBSecurityPolicy-2016-08 (TLS 1.0) unless the
//   stack's controller release sets `defaultSSLPolicy`. Targets are reached
//   with `backend-protocol` from the backend Service's annotations, else the
//   Ingress's, else HTTP: the ALB-to-pod hop in plain text, like a target
//   group of protocol HTTP (model_build_listener.go,
//   model_build_target_group.go, ssl_redirect_config.go; controller v2.4 to v3.x).
// A patch is judged only for what it sets.
import { elements, field, INVALID, Read, readFlag, readObject, readString, show, UNKNOWN } from "../lib/read";
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

    constructor(hosts: readonly string[], private readonly all = false) {
        for (const t of hosts) {
            const pattern = t.toLowerCase();
            if (pattern.startsWith("*.")) {
                this.wildcard.add(pattern.slice(2));
            } else {
                this.exact.add(pattern);
            }
        }
    }

    /** True when an entry covers `host` (a wildcard covers one label; an entry without hosts covers every host). */
    covers(host: string): boolean {
        if (this.all) {
            return true;
        }
        const h = host.toLowerCase();
        const dot = h.indexOf(".");
        return this.exact.has(h) || (dot >= 0 && this.wildcard.has(h.slice(dot + 1)));
    }
}

/** True when a TLS host entry ("*.example.com" or exact) covers `host`. */
export function hostCovered(host: string, tlsHosts: readonly string[]): boolean {
    return new TlsHosts(tlsHosts).covers(host);
}

/** The reading of an Ingress: who builds its listeners. */
export type IngressReading = "generic" | "nginx" | "alb";

export const ALB = "alb.ingress.kubernetes.io/";
export const NGINX = "nginx.ingress.kubernetes.io/";
const SERVICE_SSL_POLICY = "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy";

/** An annotation as text (a number or a boolean is read as its text, as the API server stores it). */
export function annotation(props: Readonly<Record<string, unknown>>, key: string): Read<string> {
    const annotations = readObject(field(readObject(props.metadata), "annotations"));
    if (annotations === UNKNOWN) {
        return UNKNOWN;
    }
    const raw = field(annotations, key);
    const v = readString(raw);
    return v === undefined && raw !== undefined && raw !== null && typeof raw !== "object" ? String(raw) : v;
}

const at = (key: string) => `metadata.annotations["${key}"]`;

/** Does the Ingress serve its hosts over TLS: `tls` entries covering every rule host. `redirectOnly` is ingress-nginx's force-ssl-redirect. */
function tlsCoverage(props: Readonly<Record<string, unknown>>, patch: boolean, served: string): Violation[] | typeof UNKNOWN {
    const spec = readObject(props.spec);
    if (spec === UNKNOWN || spec === undefined) {
        return [];
    }
    if (spec.tls === undefined && patch) {
        return [];
    }
    const tls = elements(spec.tls);
    if (tls === UNKNOWN) {
        return UNKNOWN;
    }
    if (tls.length === 0) {
        return [{ field: "spec.tls", message: `${show(spec.tls)}: the Ingress ${served}; add a tls entry (hosts and secretName) for every host` }];
    }
    const tlsHosts: string[] = [];
    let all = false;
    for (const entry of tls) {
        const hosts = elements(field(readObject(entry), "hosts"));
        if (hosts === UNKNOWN || hosts.some((h) => readString(h) === UNKNOWN)) {
            return UNKNOWN;
        }
        // An entry without hosts covers every host the controller serves (IngressTLS.hosts).
        all ||= hosts.length === 0;
        tlsHosts.push(...hosts.filter((h): h is string => typeof h === "string"));
    }
    const rules = elements(spec.rules);
    if (rules === UNKNOWN) {
        return UNKNOWN;
    }
    const covered = new TlsHosts(tlsHosts, all);
    const out: Violation[] = [];
    rules.forEach((r, i) => {
        const host = readString(field(readObject(r), "host"));
        if (typeof host === "string" && !covered.covers(host)) {
            out.push({ field: `spec.rules[${i}].host`, message: `${show(host)} has no tls entry, so it is served over plain HTTP; add it to spec.tls[].hosts` });
        }
    });
    return out;
}

/** A class the pack does not model: `tls` must cover every host. */
export function ingressViolations(props: Readonly<Record<string, unknown>>, patch = false): Violation[] {
    const v = tlsCoverage(props, patch, "serves plain HTTP");
    return v === UNKNOWN ? [] : v;
}

/** ingress-nginx: `tls` covering the hosts, and the HTTP-to-HTTPS redirect left on (or forced). */
export function nginxIngressViolations(props: Readonly<Record<string, unknown>>, patch = false): Violation[] {
    const force = readFlag(annotation(props, `${NGINX}force-ssl-redirect`), "go");
    if (force === UNKNOWN) {
        return [];
    }
    if (force === true) {
        // Every HTTP request is redirected; HTTPS is served by the Ingress's tls entries or a load balancer in front.
        return [];
    }
    const coverage = tlsCoverage(props, patch, "serves plain HTTP (ingress-nginx redirects only hosts that have TLS)");
    if (coverage === UNKNOWN) {
        return [];
    }
    const raw = annotation(props, `${NGINX}ssl-redirect`);
    const redirect = readFlag(raw, "go");
    if (redirect === false) {
        return [...coverage, {
            field: at(`${NGINX}ssl-redirect`),
            message: `${show(raw)} turns off ingress-nginx's redirect to HTTPS, so the Ingress's hosts are also served over plain HTTP; remove it (the default redirects)`,
        }];
    }
    return coverage;
}

/** What the stack shows about an ALB Ingress beyond its own fields. */
export interface AlbContext {
    /** The spec of the IngressClassParams of the Ingress's class, when the stack holds it (it overrides the annotations). */
    readonly params?: Readonly<Record<string, unknown>>;
    /** The SSL-redirect port some member of the Ingress's group sets (the setting is group-wide), or INVALID when a member's value is refused. */
    readonly groupRedirect?: number | typeof INVALID | typeof UNKNOWN;
    /** HTTPS listen ports of the Ingress's group. */
    readonly groupHttpsPorts: ReadonlySet<number>;
    /** The backend-protocol annotation of the backend Service `name` (in the Ingress's namespace), when the stack holds it. */
    readonly serviceBackendProtocol: (name: string) => Read<string>;
    /** The controller's default SSL policy (its --default-ssl-policy), and whose it is. */
    readonly defaultSslPolicy: { readonly name: string; readonly whose: string };
}

/** The controller's listen ports, or why it refuses the annotation, or UNKNOWN. */
export function albListenPorts(props: Readonly<Record<string, unknown>>, params: Readonly<Record<string, unknown>> | undefined): Read<Map<number, "HTTP" | "HTTPS"> | string> {
    const raw = annotation(props, `${ALB}listen-ports`);
    if (raw === UNKNOWN) {
        return UNKNOWN;
    }
    if (raw === undefined) {
        const certs = albCertificates(props, params);
        if (certs === UNKNOWN) {
            return UNKNOWN;
        }
        return new Map([certs ? [443, "HTTPS"] : [80, "HTTP"]]);
    }
    let entries: unknown;
    try {
        entries = JSON.parse(raw);
    } catch {
        return `${show(raw)} is not JSON`;
    }
    if (!Array.isArray(entries) || entries.length === 0) {
        return `${show(raw)} is not a non-empty list of {"HTTP": port} or {"HTTPS": port}`;
    }
    const out = new Map<number, "HTTP" | "HTTPS">();
    for (const e of entries) {
        if (e === null || typeof e !== "object" || Array.isArray(e)) {
            return `${show(raw)} holds ${show(e)}, not {"HTTP": port} or {"HTTPS": port}`;
        }
        for (const [protocol, port] of Object.entries(e)) {
            if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
                return `${show(raw)} holds port ${show(port)}, not an integer from 1 to 65535`;
            }
            if (protocol !== "HTTP" && protocol !== "HTTPS") {
                return `${show(raw)} holds protocol ${show(protocol)}, not HTTP or HTTPS`;
            }
            out.set(port, protocol);
        }
    }
    return out;
}

/** True when a certificate ARN is given (the class's IngressClassParams, else the annotation). */
function albCertificates(props: Readonly<Record<string, unknown>>, params: Readonly<Record<string, unknown>> | undefined): Read<boolean> {
    const fromParams = elements(field(params, "certificateArn"));
    if (fromParams === UNKNOWN) {
        return UNKNOWN;
    }
    if (fromParams.length > 0) {
        return true;
    }
    const raw = annotation(props, `${ALB}certificate-arn`);
    return raw === UNKNOWN ? UNKNOWN : typeof raw === "string" && raw.split(",").some((a) => a.trim() !== "");
}

/** The service backends of an Ingress (v1 `service.name`, v1beta1 `serviceName`), with where each is written. */
function backends(spec: Readonly<Record<string, unknown>>): { name: string; field: string }[] {
    const out: { name: string; field: string }[] = [];
    const visit = (backend: unknown, where: string) => {
        const b = readObject(backend);
        const service = readObject(field(b, "service"));
        const name = readString(field(service, "name")) ?? readString(field(b, "serviceName"));
        const port = field(readObject(field(service, "port")), "name") ?? field(b, "servicePort");
        // "use-annotation" backends are actions (alb.ingress.kubernetes.io/actions.*), not Services.
        if (typeof name === "string" && port !== "use-annotation") {
            out.push({ name, field: where });
        }
    };
    visit(spec.defaultBackend ?? spec.backend, spec.defaultBackend !== undefined ? "spec.defaultBackend" : "spec.backend");
    const rules = elements(spec.rules);
    if (rules !== UNKNOWN) {
        rules.forEach((r, i) => {
            const paths = elements(field(readObject(field(readObject(r), "http")), "paths"));
            if (paths !== UNKNOWN) {
                paths.forEach((p, j) => visit(field(readObject(p), "backend"), `spec.rules[${i}].http.paths[${j}].backend`));
            }
        });
    }
    return out;
}

/** AWS Load Balancer Controller: its listeners, their security policy, and the protocol to the targets. */
export function albIngressViolations(props: Readonly<Record<string, unknown>>, choice: TlsPolicyChoice, ctx: AlbContext, patch = false): Violation[] {
    const out: Violation[] = [];
    const params = ctx.params;
    // The security policy: the class's, else the annotation, else the controller's default.
    const policyFromParams = readString(field(params, "sslPolicy"));
    const policyAnnotation = annotation(props, `${ALB}ssl-policy`);
    const listeners = patch ? undefined : albListenPorts(props, params);
    const hasHttps = listeners instanceof Map ? [...listeners.values()].includes("HTTPS") : false;
    if (typeof policyFromParams === "string" && policyFromParams !== "") {
        if (hasHttps) {
            out.push(...sslPolicyViolation(policyFromParams, "spec.ingressClassName (its IngressClassParams' sslPolicy)", choice));
        }
    } else if (typeof policyAnnotation === "string" || (hasHttps && policyAnnotation === undefined)) {
        out.push(...sslPolicyViolation(policyAnnotation, at(`${ALB}ssl-policy`), choice, ctx.defaultSslPolicy.name, ctx.defaultSslPolicy.whose));
    }
    if (patch || listeners === UNKNOWN || listeners === undefined) {
        return out;
    }
    const listenAt = at(`${ALB}listen-ports`);
    if (typeof listeners === "string") {
        out.push({ field: listenAt, message: `${listeners}: the AWS Load Balancer Controller refuses the Ingress, and a load balancer it built before keeps its listeners; write e.g. '[{"HTTPS":443}]'` });
        return out;
    }
    const http = [...listeners].filter(([, p]) => p === "HTTP").map(([port]) => port).sort((a, b) => a - b);
    if (http.length > 0) {
        const redirect = ctx.groupRedirect;
        const https = new Set([...ctx.groupHttpsPorts, ...[...listeners].filter(([, p]) => p === "HTTPS").map(([port]) => port)]);
        if (redirect !== UNKNOWN && !(typeof redirect === "number" && https.has(redirect))) {
            const raw = annotation(props, `${ALB}listen-ports`);
            const why = raw === undefined ? `(not set, and no certificate-arn): the controller builds one listener, HTTP ${http[0]}` : `${show(raw)} gives the load balancer HTTP listener${http.length > 1 ? "s" : ""} on ${http.join(", ")}`;
            const fix = redirect === INVALID
                ? "the group's alb.ingress.kubernetes.io/ssl-redirect is not a port the controller reads"
                : typeof redirect === "number" ? `ssl-redirect ${redirect} is not an HTTPS listen port of the group` : "no ssl-redirect redirects them";
            out.push({
                field: listenAt,
                message: `${why}, which serve the Ingress's rules over plain HTTP (${fix}); listen on HTTPS only ('[{"HTTPS":443}]' with a certificate-arn), or add alb.ingress.kubernetes.io/ssl-redirect: '443' with an HTTPS listen port`,
            });
        }
    }
    // The hop to the targets: the backend Service's annotation, else the Ingress's, else HTTP.
    const spec = readObject(props.spec);
    if (spec === UNKNOWN || spec === undefined) {
        return out;
    }
    const ingressProtocol = annotation(props, `${ALB}backend-protocol`);
    if (ingressProtocol === UNKNOWN) {
        return out;
    }
    const plain: { name: string; field: string }[] = [];
    for (const b of backends(spec)) {
        const own = ctx.serviceBackendProtocol(b.name);
        if (own === UNKNOWN) {
            continue;
        }
        if ((own ?? ingressProtocol ?? "HTTP") === "HTTP") {
            plain.push(b);
        }
    }
    if (plain.length > 0) {
        const names = [...new Set(plain.map((b) => b.name))];
        out.push({
            field: ingressProtocol === "HTTP" ? at(`${ALB}backend-protocol`) : plain[0].field,
            message:
                `${ingressProtocol === undefined ? "(backend-protocol not set: the controller's default is HTTP)" : show(ingressProtocol)}: the load balancer sends requests to ` +
                `${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""} in plain text; set alb.ingress.kubernetes.io/backend-protocol: HTTPS ` +
                "(on the Ingress or the Service) and serve TLS on the pods",
        });
    }
    return out;
}

/**
 * A Service of type LoadBalancer asks for a security policy
 * (`aws-load-balancer-ssl-negotiation-policy`, judged like a listener's), and
 * the in-tree cloud provider's classic load balancer carries HTTP when
 * `aws-load-balancer-backend-protocol` is "http": on a port with the
 * certificate (`aws-load-balancer-ssl-cert`, on every port unless
 * `aws-load-balancer-ssl-ports` lists some) the listener is HTTPS but sends
 * HTTP to the nodes; on any other port it is HTTP on both sides
 * (cloud-provider-aws, buildListener). TCP and SSL listeners pass TCP through
 * and are not judged, as for aws.elb.LoadBalancer.
 */
export function serviceTlsViolations(props: Readonly<Record<string, unknown>>, choice: TlsPolicyChoice): Violation[] {
    const out: Violation[] = [];
    const policy = annotation(props, SERVICE_SSL_POLICY);
    if (policy !== undefined) {
        out.push(...sslPolicyViolation(policy, at(SERVICE_SSL_POLICY), choice));
    }
    out.push(...inTreeClassicListeners(props));
    return out;
}

const AWS = "service.beta.kubernetes.io/aws-load-balancer-";

function inTreeClassicListeners(props: Readonly<Record<string, unknown>>): Violation[] {
    const spec = readObject(props.spec);
    if (spec === UNKNOWN || spec === undefined || readString(spec.type) !== "LoadBalancer") {
        return [];
    }
    const cls = readString(spec.loadBalancerClass);
    const lbType = annotation(props, `${AWS}type`);
    const backend = annotation(props, `${AWS}backend-protocol`);
    const cert = annotation(props, `${AWS}ssl-cert`);
    const sslPorts = annotation(props, `${AWS}ssl-ports`);
    if ([cls, lbType, backend, cert, sslPorts].includes(UNKNOWN)) {
        return [];
    }
    // Another controller (a class, the AWS Load Balancer Controller, an NLB) builds no classic HTTP listener.
    if ((typeof cls === "string" && cls !== "") || lbType === "external" || lbType === "nlb-ip" || lbType === "nlb") {
        return [];
    }
    const ports = elements(spec.ports);
    if (ports === UNKNOWN) {
        return [];
    }
    // getPortSets: "" and "*" mean every port; otherwise numbers and port names, split on ",".
    let numbers: Set<number> | undefined;
    let names: Set<string> | undefined;
    if (typeof sslPorts === "string" && sslPorts !== "" && sslPorts !== "*") {
        numbers = new Set();
        names = new Set();
        for (const item of sslPorts.split(",")) {
            if (/^[+-]?[0-9]+$/.test(item)) {
                numbers.add(Number(item));
            } else {
                names.add(item);
            }
        }
    }
    const out: Violation[] = [];
    ports.forEach((p, i) => {
        const entry = readObject(p);
        const port = field(entry, "port");
        const name = readString(field(entry, "name"));
        const protocol = readString(field(entry, "protocol"));
        if (protocol === UNKNOWN || typeof port !== "number" || (typeof protocol === "string" && protocol.toUpperCase() !== "TCP")) {
            return;
        }
        const secured = typeof cert === "string" && cert !== "" && (numbers === undefined || numbers.has(port) || (typeof name === "string" && names!.has(name.toLowerCase())));
        if (backend !== "http") {
            return;
        }
        out.push({
            field: `spec.ports[${i}]`,
            message: secured
                ? `port ${port}: ${AWS}backend-protocol "http" makes the classic load balancer decrypt HTTPS and send HTTP to the nodes in plain text; use "https" (or "ssl") and serve TLS on the pods`
                : `port ${port} is not in ${AWS}ssl-ports (${show(sslPorts)}), so with backend-protocol "http" the classic load balancer serves it over plain HTTP on both sides; list it in ssl-ports, or remove the port`,
        });
    });
    return out;
}
