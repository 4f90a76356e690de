// Kubernetes Services that put a store port outside the cluster: type
// LoadBalancer (unless the load balancer is internal or admits only private
// ranges), type NodePort (every node listens), and externalIPs that are not
// private.
//
// Whether a LoadBalancer Service is internal depends on the controller that
// builds its load balancer, and each reads its annotations its own way; the
// pack reads them exactly as each does:
// - AWS Load Balancer Controller (spec.loadBalancerClass service.k8s.aws/nlb,
//   or the aws-load-balancer-type annotation "external" with an
//   nlb-target-type of ip or instance, or "nlb-ip"; pkg/service/service_utils.go):
//   the scheme annotation decides ("internal" or "internet-facing"; anything
//   else is an error); else the legacy internal annotation, parsed with Go's
//   strconv.ParseBool; else the controller's default scheme, internal
//   (--default-load-balancer-scheme; pkg/service/model_build_load_balancer.go).
//   A value the controller refuses stops it reconciling the Service, and a
//   load balancer it made before keeps its scheme: judged as exposed.
// - The in-tree AWS cloud provider (no class, no controller annotation): the
//   internal annotation makes it internal when set to anything but "" or
//   "false" (cloud-provider-aws, ensureLoadBalancer).
// - GKE: networking.gke.io/load-balancer-type, else the deprecated
//   cloud.google.com/load-balancer-type, internal only when "Internal" or
//   "internal"; the class networking.gke.io/l4-regional-internal.
// - Azure: service.beta.kubernetes.io/azure-load-balancer-internal exactly "true".
// A Service without a class is judged under the cloud whose annotations it
// carries (AWS in-tree when it carries none); carrying several, it must be
// internal under each. A class the pack does not know is judged as exposed.
import { parseRange } from "../net/cidr";
import { CidrSet } from "../net/cidrSet";
import { storePortName } from "../lib/defaults";
import { elements, field, INVALID, readFlag, readNumber, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";
import { IngressContext } from "./ingress";

export const SERVICE_TYPES: readonly string[] = ["kubernetes:core/v1:Service", "kubernetes:core/v1:ServicePatch"];

const AWS = "service.beta.kubernetes.io/aws-load-balancer-";
const SCHEME = `${AWS}scheme`;
const INTERNAL = `${AWS}internal`;
const LB_TYPE = `${AWS}type`;
const TARGET_TYPE = `${AWS}nlb-target-type`;
const AZURE_INTERNAL = "service.beta.kubernetes.io/azure-load-balancer-internal";
const GKE_TYPE = "networking.gke.io/load-balancer-type";
const GKE_LEGACY_TYPE = "cloud.google.com/load-balancer-type";
const SOURCE_RANGES = "service.beta.kubernetes.io/load-balancer-source-ranges";
export const LBC_CLASS = "service.k8s.aws/nlb";
// A Map: a class named "constructor" must not find Object.prototype's members.
const GKE_CLASSES: ReadonlyMap<string, boolean> = new Map([
    ["networking.gke.io/l4-regional-internal", true],
    ["networking.gke.io/l4-regional-external", false],
]);

/** Internal (true), internet-facing (a reason, for messages), or UNKNOWN. */
type Scheme = true | string | typeof UNKNOWN;

type Annotations = Readonly<Record<string, unknown>>;

function annotation(annotations: Annotations, key: string): string | undefined | typeof UNKNOWN {
    const v = readString(annotations[key]);
    // A non-string value (a number, a boolean) is not what the API server stores; read it as its text.
    return v === undefined && annotations[key] !== undefined && annotations[key] !== null ? String(annotations[key]) : v;
}

function lbcScheme(a: Annotations): Scheme {
    const scheme = annotation(a, SCHEME);
    if (scheme === UNKNOWN) {
        return UNKNOWN;
    }
    if (scheme !== undefined) {
        if (scheme === "internal") {
            return true;
        }
        return scheme === "internet-facing"
            ? `the AWS Load Balancer Controller builds an internet-facing load balancer (${SCHEME} = "internet-facing")`
            : `${show(scheme)} is not a scheme the AWS Load Balancer Controller reads ("internal" or "internet-facing"): it refuses the Service, and a load balancer it built before keeps its scheme`;
    }
    const raw = annotation(a, INTERNAL);
    if (raw === UNKNOWN) {
        return UNKNOWN;
    }
    if (raw === undefined) {
        return true; // the controller's default scheme
    }
    const internal = readFlag(raw, "go");
    if (internal === true) {
        return true;
    }
    return internal === INVALID
        ? `${show(raw)} is not a boolean the AWS Load Balancer Controller reads (Go's strconv.ParseBool): it refuses the Service, and a load balancer it built before keeps its scheme`
        : `the AWS Load Balancer Controller reads ${INTERNAL} = ${show(raw)} as false and builds an internet-facing load balancer`;
}

function inTreeScheme(a: Annotations): Scheme {
    const raw = annotation(a, INTERNAL);
    if (raw === UNKNOWN) {
        return UNKNOWN;
    }
    if (raw === undefined || raw === "" || raw === "false") {
        return `the in-tree AWS cloud provider builds an internet-facing load balancer (${INTERNAL} ${raw === undefined ? "not set" : `= ${show(raw)}`})`;
    }
    return true;
}

function gkeScheme(a: Annotations): Scheme {
    const current = annotation(a, GKE_TYPE);
    const value = current !== undefined ? current : annotation(a, GKE_LEGACY_TYPE);
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    return value === "Internal" || value === "internal" ? true : `GKE builds an external load balancer (load-balancer-type = ${show(value)}; only "Internal" makes it internal)`;
}

function azureScheme(a: Annotations): Scheme {
    const value = annotation(a, AZURE_INTERNAL);
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    return value === "true" ? true : `Azure builds a public load balancer (${AZURE_INTERNAL} = ${show(value)}; only "true" makes it internal)`;
}

/** Whether the Service's load balancer is internal, as the controller that builds it reads the Service. */
export function loadBalancerScheme(metadata: unknown, spec: Readonly<Record<string, unknown>>): Scheme {
    const meta = readObject(metadata);
    const annotations = readObject(field(meta, "annotations"));
    if (meta === UNKNOWN || annotations === UNKNOWN) {
        return UNKNOWN;
    }
    const a: Annotations = annotations ?? {};
    const cls = readString(spec.loadBalancerClass);
    if (cls === UNKNOWN) {
        return UNKNOWN;
    }
    if (cls !== undefined && cls !== "") {
        if (cls === LBC_CLASS) {
            return lbcScheme(a);
        }
        const gke = GKE_CLASSES.get(cls);
        if (gke !== undefined) {
            return gke ? true : `GKE builds an external load balancer (loadBalancerClass = ${show(cls)})`;
        }
        return `loadBalancerClass ${show(cls)} names a controller the pack does not model, so its load balancer is judged as internet-facing`;
    }
    const lbType = annotation(a, LB_TYPE);
    const targetType = annotation(a, TARGET_TYPE);
    if (lbType === UNKNOWN || targetType === UNKNOWN) {
        return UNKNOWN;
    }
    if (lbType === "nlb-ip" || (lbType === "external" && (targetType === "ip" || targetType === "instance"))) {
        return lbcScheme(a);
    }
    const keys = Object.keys(a);
    const schemes: Scheme[] = [];
    if (keys.some((k) => k === GKE_TYPE || k === GKE_LEGACY_TYPE)) {
        schemes.push(gkeScheme(a));
    }
    if (keys.some((k) => k.startsWith("service.beta.kubernetes.io/azure-"))) {
        schemes.push(azureScheme(a));
    }
    if (schemes.length === 0 || keys.some((k) => k.startsWith(AWS))) {
        schemes.push(inTreeScheme(a));
    }
    return schemes.find((s) => typeof s === "string") ?? (schemes.includes(UNKNOWN) ? UNKNOWN : true);
}

/** True when every source range is private; UNKNOWN when some are not known; false when none are given or one is not. */
function onlyPrivateSources(spec: Readonly<Record<string, unknown>>, metadata: unknown, privateCidrs: CidrSet): boolean | typeof UNKNOWN {
    let list = elements(spec.loadBalancerSourceRanges);
    if (list === UNKNOWN) {
        return UNKNOWN;
    }
    if (list.length === 0) {
        // Without spec ranges, both controllers read the annotation, comma-separated.
        const text = readString(field(readObject(field(readObject(metadata), "annotations")), SOURCE_RANGES));
        if (text === UNKNOWN) {
            return UNKNOWN;
        }
        list = typeof text === "string" ? text.split(",").map((s) => s.trim()).filter((s) => s !== "") : [];
    }
    if (list.length === 0) {
        return false;
    }
    let unknown = false;
    for (const r of list) {
        const text = readString(r);
        if (text === UNKNOWN) {
            unknown = true;
            continue;
        }
        const c = text === undefined ? undefined : parseRange(text);
        if (!c || !privateCidrs.covers(c)) {
            return false;
        }
    }
    return unknown ? UNKNOWN : true;
}

interface ServicePort {
    readonly port: number;
    readonly field: string;
}

/** The integers a port value could mean: itself, or both neighbours of a fraction (the API server refuses it; judged safely). */
function portCandidates(value: unknown): number[] {
    const n = readNumber(value) ?? (typeof value === "number" ? value : typeof value === "string" && /^\s*[0-9]+(\.[0-9]+)?\s*$/.test(value) ? Number(value) : undefined);
    if (typeof n !== "number" || !Number.isFinite(n)) {
        return [];
    }
    return Number.isInteger(n) ? [n] : [Math.floor(n), Math.ceil(n)];
}

/** Ports (service port, or numeric target port) that are store ports. */
function storePortsExposed(ports: readonly unknown[], storePorts: ReadonlySet<number>): ServicePort[] {
    const out: ServicePort[] = [];
    ports.forEach((p, index) => {
        const entry = readObject(p);
        const protocol = readString(field(entry, "protocol"));
        if (protocol !== undefined && protocol !== UNKNOWN && protocol.toUpperCase() !== "TCP") {
            return;
        }
        for (const name of ["port", "targetPort"] as const) {
            const hit = portCandidates(field(entry, name)).find((n) => storePorts.has(n));
            if (hit !== undefined) {
                out.push({ port: hit, field: `spec.ports[${index}].${name}` });
                return;
            }
        }
    });
    return out;
}

export function serviceViolations(props: Readonly<Record<string, unknown>>, ctx: IngressContext): Violation[] {
    const spec = readObject(props.spec);
    if (spec === UNKNOWN || spec === undefined) {
        return [];
    }
    const ports = elements(spec.ports);
    if (ports === UNKNOWN) {
        return [];
    }
    const exposed = storePortsExposed(ports, new Set(ctx.storePorts));
    if (exposed.length === 0) {
        return [];
    }
    const out: Violation[] = [];
    const type = readString(spec.type);
    if (type === "NodePort" || type === "LoadBalancer") {
        let reach: string | undefined;
        if (type === "NodePort") {
            reach = "on every node's address (spec.type = \"NodePort\")";
        } else {
            const scheme = loadBalancerScheme(props.metadata, spec);
            const privateOnly = onlyPrivateSources(spec, props.metadata, ctx.privateCidrs);
            if (typeof scheme === "string" && privateOnly === false) {
                reach = `through a load balancer reachable from the internet: ${scheme}`;
            }
        }
        if (reach) {
            for (const p of exposed) {
                out.push({
                    field: p.field,
                    message:
                        `${p.port} is store port ${storePortName(p.port)}, exposed outside the cluster ${reach}; ` +
                        "use type ClusterIP and reach the store from inside the cluster or the VPC, or make the load balancer internal",
                });
            }
        }
    }
    const externalIps = elements(spec.externalIPs);
    if (externalIps !== UNKNOWN) {
        externalIps.forEach((ip, i) => {
            const text = readString(ip);
            const c = typeof text === "string" ? parseRange(text) : undefined;
            if (c && !ctx.privateCidrs.covers(c)) {
                out.push({
                    field: `spec.externalIPs[${i}]`,
                    message:
                        `${show(text)} is not private and receives store port${exposed.length > 1 ? "s" : ""} ${exposed.map((p) => storePortName(p.port)).join(", ")}; ` +
                        "remove the external IP or use a private one",
                });
            }
        });
    }
    return out;
}
