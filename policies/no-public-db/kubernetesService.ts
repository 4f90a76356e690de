// Kubernetes Services that put a store port outside the cluster: type
// LoadBalancer (unless the load balancer is internal or admits only private
// ranges), type NodePort (every node listens), and externalIPs that are not
// private.
import { parseCidr } from "../net/cidr";
import { CidrSet } from "../net/cidrSet";
import { storePortName } from "../lib/defaults";
import { elements, field, Read, readNumber, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";
import { IngressContext } from "./ingress";

export const SERVICE_TYPES: readonly string[] = ["kubernetes:core/v1:Service", "kubernetes:core/v1:ServicePatch"];

/** Annotations that make a LoadBalancer Service internal, with the values that mean so. */
const INTERNAL_ANNOTATIONS: Readonly<Record<string, (v: string) => boolean>> = {
    "service.beta.kubernetes.io/aws-load-balancer-scheme": (v) => v === "internal",
    "service.beta.kubernetes.io/aws-load-balancer-internal": (v) => v !== "false",
    "service.beta.kubernetes.io/azure-load-balancer-internal": (v) => v === "true",
    "networking.gke.io/load-balancer-type": (v) => v.toLowerCase() === "internal",
    "cloud.google.com/load-balancer-type": (v) => v.toLowerCase() === "internal",
};

/** True/false, or UNKNOWN when an annotation that decides it is not known yet. */
function isInternal(metadata: Read<Record<string, unknown>>): Read<boolean> {
    const annotations = readObject(field(metadata, "annotations"));
    if (annotations === UNKNOWN || metadata === UNKNOWN) {
        return UNKNOWN;
    }
    for (const [key, test] of Object.entries(INTERNAL_ANNOTATIONS)) {
        const v = readString(field(annotations, key));
        if (v === UNKNOWN) {
            return UNKNOWN;
        }
        if (v !== undefined && test(v)) {
            return true;
        }
    }
    return false;
}

/** True when every source range is private; UNKNOWN when some are not known; false when none are given. */
function onlyPrivateSources(ranges: unknown, privateCidrs: CidrSet): Read<boolean> {
    const list = elements(ranges);
    if (list === UNKNOWN) {
        return UNKNOWN;
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
        const c = text === undefined ? undefined : parseCidr(text);
        if (!c || !privateCidrs.covers(c)) {
            return false;
        }
    }
    return unknown ? UNKNOWN : true;
}

interface ServicePort {
    readonly index: number;
    readonly port: number;
    readonly field: string;
}

/** Ports (service port, or numeric target port) that are store ports. */
function storePortsExposed(ports: readonly unknown[], storePorts: readonly number[]): ServicePort[] {
    const out: ServicePort[] = [];
    ports.forEach((p, index) => {
        const entry = readObject(p);
        const protocol = readString(field(entry, "protocol"));
        if (protocol !== undefined && protocol !== UNKNOWN && protocol.toUpperCase() !== "TCP") {
            return;
        }
        for (const name of ["port", "targetPort"] as const) {
            const n = readNumber(field(entry, name));
            if (typeof n === "number" && storePorts.includes(n)) {
                out.push({ index, port: n, field: `spec.ports[${index}].${name}` });
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
    const exposed = storePortsExposed(ports, ctx.storePorts);
    if (exposed.length === 0) {
        return [];
    }
    const out: Violation[] = [];
    const type = readString(spec.type);
    if (type === "NodePort" || type === "LoadBalancer") {
        const internal = type === "LoadBalancer" ? isInternal(readObject(props.metadata)) : false;
        const privateOnly = type === "LoadBalancer" ? onlyPrivateSources(spec.loadBalancerSourceRanges, ctx.privateCidrs) : false;
        if (internal === false && privateOnly === false) {
            const reach = type === "NodePort" ? "on every node's address" : "through an internet-facing load balancer";
            for (const p of exposed) {
                out.push({
                    field: p.field,
                    message:
                        `${p.port} is store port ${storePortName(p.port)}, exposed outside the cluster ${reach} (spec.type = ${show(type)}); ` +
                        "use type ClusterIP and reach the store from inside the cluster or the VPC",
                });
            }
        }
    }
    const externalIps = elements(spec.externalIPs);
    if (externalIps !== UNKNOWN) {
        externalIps.forEach((ip, i) => {
            const text = readString(ip);
            const c = typeof text === "string" ? parseCidr(text) : undefined;
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
