// The mesh's own egress (Istio), as far as the stack shows it:
// - the mesh-wide outbound traffic policy: istiod's Helm values (a Helm v3
//   Release or Chart, or a v4 Chart: meshConfig.outboundTrafficPolicy.mode;
//   Istio's default is ALLOW_ANY, so an istiod that does not set
//   REGISTRY_ONLY lets sidecars reach any host), an IstioOperator's
//   spec.meshConfig (or spec.values.meshConfig; not set is the default
//   ALLOW_ANY, unless the operator installs no istiod: profile "empty" or
//   "remote", or components.pilot disabled), and a Sidecar's
//   spec.outboundTrafficPolicy.mode;
// - ServiceEntries, whatever their location: REGISTRY_ONLY lets workloads
//   reach every host of the service registry, and every ServiceEntry adds its
//   hosts to it — MESH_INTERNAL only says the endpoints are in the mesh (mTLS
//   is used), not that the hosts are (Istio reference, ServiceEntry and
//   OutboundTrafficPolicy.Mode). Each host, address and endpoint they
//   register is a destination the mesh lets workloads reach (with resolution
//   STATIC only the endpoints are: the hosts are names for them). Hosts are allowed when listed in allowedHosts (on port
//   443 only), or when they are an endpoint of a store of this stack (an RDS
//   address, a cache's primary endpoint, a broker's AMQPS URL: in the VPC),
//   or the name an interface VPC endpoint of this stack answers inside the VPC
//   (privateDnsEnabled: the service's regional name resolves to the
//   endpoint's own addresses, so STS or Secrets Manager is reached without
//   leaving the VPC); addresses are judged like any range. Judged stack-wide,
//   since only the stack shows which hosts are its own.
// Values files of a Helm release (valueYamlFiles) are not read; only `values`.
// https://istio.io/latest/docs/reference/config/networking/service-entry/
// https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-OutboundTrafficPolicy-Mode
import { parseRange } from "../net/cidr";
import { elements, field, Read, readFlag, readNumber, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Guard, StackViolation, Violation } from "../lib/violation";
import { StackOwnRanges } from "../lib/ownRanges";
import { StackGraph, StackResource } from "../lib/stack";
import { DestinationContext, hostAllowed, hostNotAllowed, notHttpsOnly, rangeViolation } from "./destination";

export const SERVICE_ENTRY_TYPES: readonly string[] = [
    "kubernetes:networking.istio.io/v1:ServiceEntry",
    "kubernetes:networking.istio.io/v1beta1:ServiceEntry",
    "kubernetes:networking.istio.io/v1alpha3:ServiceEntry",
];
export const SIDECAR_TYPES: readonly string[] = [
    "kubernetes:networking.istio.io/v1:Sidecar",
    "kubernetes:networking.istio.io/v1beta1:Sidecar",
    "kubernetes:networking.istio.io/v1alpha3:Sidecar",
];
export const HELM_TYPES: readonly string[] = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v4:Chart"];
export const ISTIO_OPERATOR_TYPES: readonly string[] = ["kubernetes:install.istio.io/v1alpha1:IstioOperator"];

/** Resource types whose endpoints are stores of the stack (reached inside the VPC). */
const STORE_PREFIXES = ["aws:rds/", "aws:docdb/", "aws:neptune/", "aws:redshift", "aws:elasticache/", "aws:memorydb/", "aws:mq/", "aws:msk/", "aws:opensearch/", "aws:elasticsearch/", "aws:dax/", "aws:timestreaminfluxdb/"];
const ENDPOINT_KEY = /endpoint|address|host|url/i;

function modeProblem(mode: unknown, at: string, unsetMeans?: string): Violation[] {
    const m = readString(mode);
    if (m === UNKNOWN || m === "REGISTRY_ONLY") {
        return [];
    }
    if (m === undefined && unsetMeans === undefined) {
        return [];
    }
    return [{
        field: at,
        message:
            `${m === undefined ? `(not set) is Istio's default, ${unsetMeans}` : show(m)}, which lets sidecars send traffic to any host, out to the internet; ` +
            'set mode "REGISTRY_ONLY" and register Stripe\'s API host with a ServiceEntry',
    }];
}

/** A Sidecar that opens the mesh for its workloads. */
export function sidecarViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    return modeProblem(field(readObject(field(readObject(props.spec), "outboundTrafficPolicy")), "mode"), "spec.outboundTrafficPolicy.mode");
}

/** Profiles that install no istiod of their own (istio.io, installation configuration profiles). */
const NO_ISTIOD_PROFILES: ReadonlySet<string> = new Set(["empty", "remote"]);

/** An IstioOperator whose mesh config allows any host, by setting it or by leaving Istio's default. */
export function istioOperatorViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const spec = readObject(props.spec);
    if (spec === UNKNOWN) {
        return [];
    }
    const meshConfig = readObject(field(spec, "meshConfig"));
    const valuesMesh = readObject(field(readObject(field(spec, "values")), "meshConfig"));
    if (meshConfig === UNKNOWN || valuesMesh === UNKNOWN) {
        return [];
    }
    const mode = field(readObject(field(meshConfig, "outboundTrafficPolicy")), "mode");
    if (mode !== undefined) {
        return modeProblem(mode, "spec.meshConfig.outboundTrafficPolicy.mode");
    }
    const fromValues = field(readObject(field(valuesMesh, "outboundTrafficPolicy")), "mode");
    if (fromValues !== undefined) {
        return modeProblem(fromValues, "spec.values.meshConfig.outboundTrafficPolicy.mode");
    }
    const profile = readString(field(spec, "profile"));
    const pilot = readFlag(field(readObject(field(readObject(field(spec, "components")), "pilot")), "enabled"));
    if (profile === UNKNOWN || pilot === UNKNOWN || pilot === false || (typeof profile === "string" && NO_ISTIOD_PROFILES.has(profile) && pilot !== true)) {
        return [];
    }
    return modeProblem(undefined, "spec.meshConfig.outboundTrafficPolicy.mode", "ALLOW_ANY");
}

/** istiod's Helm release or chart: the mesh config its values give (ALLOW_ANY when they set none and no values file is given). */
export function istiodReleaseViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const chart = readString(props.chart);
    if (typeof chart !== "string" || !/(^|\/)istiod(-[0-9][^/]*\.tgz)?$/.test(chart)) {
        return [];
    }
    const values = readObject(props.values);
    if (values === UNKNOWN) {
        return [];
    }
    const mode = field(readObject(field(readObject(field(values, "meshConfig")), "outboundTrafficPolicy")), "mode");
    const hasFiles = props.valueYamlFiles !== undefined && elements(props.valueYamlFiles) !== UNKNOWN && (elements(props.valueYamlFiles) as unknown[]).length > 0;
    return modeProblem(mode, "values.meshConfig.outboundTrafficPolicy.mode", hasFiles ? undefined : "ALLOW_ANY");
}

/** The host of a URL ("amqps://b-1.mq.example:5671" → "b-1.mq.example"), or the text itself. */
function hostOf(text: string): string {
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(text);
    return (m ? m[1] : text).toLowerCase();
}

/** Every endpoint-like string of the stack's stores, as host names. */
function storeHosts(graph: StackGraph): Set<string> {
    const out = new Set<string>();
    const visit = (v: unknown, depth: number, keyed: boolean) => {
        if (typeof v === "string") {
            if (keyed && v !== "") {
                out.add(hostOf(v));
            }
        } else if (Array.isArray(v)) {
            if (depth < 4) {
                v.forEach((x) => visit(x, depth + 1, keyed));
            }
        } else if (v && typeof v === "object" && depth < 4) {
            for (const [k, x] of Object.entries(v)) {
                visit(x, depth + 1, keyed || ENDPOINT_KEY.test(k));
            }
        }
    };
    for (const r of graph.resources) {
        if (STORE_PREFIXES.some((p) => r.type.startsWith(p))) {
            visit(r.props, 0, false);
        }
    }
    return out;
}

const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/**
 * The regional names interface endpoints of the stack answer in the VPC:
 * "com.amazonaws.<region>.<service>" with private DNS on is
 * "<service>.<region>.amazonaws.com" (AWS PrivateLink guide, "DNS hostnames"
 * of interface endpoints). The provider turns private DNS off unless told
 * (privateDnsEnabled defaults to false), and a Gateway endpoint has none.
 * Services whose name is not that shape (ecr.api, ecr.dkr) are left out:
 * their hosts are judged as any other.
 */
function privateEndpointHosts(graph: StackGraph): Set<string> {
    const out = new Set<string>();
    for (const r of graph.ofTypes([VPC_ENDPOINT])) {
        const type = readString(r.props.vpcEndpointType);
        if (r.props.privateDnsEnabled !== true || (typeof type === "string" && type !== "Interface") || type === UNKNOWN) {
            continue;
        }
        const name = readString(r.props.serviceName);
        const m = typeof name === "string" ? /^com\.amazonaws\.([a-z0-9-]+)\.([a-z0-9-]+)$/.exec(name) : null;
        if (m) {
            out.add(`${m[2]}.${m[1]}.amazonaws.com`);
        }
    }
    return out;
}

/** True when every port is 443 (and not UDP); else what the entry registers. */
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
        const number = readNumber(field(entry, "number"));
        const protocol = readString(field(entry, "protocol"));
        if (number === UNKNOWN || protocol === UNKNOWN) {
            return UNKNOWN;
        }
        if (number !== 443 || (typeof protocol === "string" && protocol.toUpperCase() === "UDP")) {
            return `port ${show(field(entry, "number"))}${protocol ? ` ${protocol}` : ""} (ports[${i}])`;
        }
    }
    return true;
}

export function serviceEntryViolations(graph: StackGraph, base: DestinationContext, guard: Guard): StackViolation[] {
    const entries = graph.ofTypes(SERVICE_ENTRY_TYPES);
    if (entries.length === 0) {
        return [];
    }
    const own = StackOwnRanges.of(graph);
    const ownHosts = new Set([...storeHosts(graph), ...privateEndpointHosts(graph)]);
    const out: StackViolation[] = [];
    for (const se of entries) {
        out.push(...guard(se.urn, () => judge(se)));
    }
    return out;

    function judge(se: StackResource): StackViolation[] {
        const ctx: DestinationContext = { ...base, own: own.forResource(se) };
        const spec = readObject(se.props.spec);
        if (spec === UNKNOWN || spec === undefined) {
            return [];
        }

        let traffic: Read<true | string> | "unread" = "unread";
        const t = () => (traffic === "unread" ? (traffic = httpsOnly(spec.ports)) : traffic);
        const found: Violation[] = [];
        const judgeHost = (host: string, at: string) => {
            if (hostAllowed(host, ctx)) {
                const tr = t();
                if (typeof tr === "string") {
                    found.push({ field: at, message: notHttpsOnly(host, tr) });
                }
            } else if (!ownHosts.has(host.toLowerCase())) {
                found.push({ field: at, message: `${hostNotAllowed(host, ctx)} (nor an endpoint of a store of this stack, nor a name a private-DNS interface endpoint of this stack answers)` });
            }
        };
        // With resolution STATIC the sidecar sends to the endpoints (or the workloads a workloadSelector picks), never to
        // what the host names resolve to: the endpoints are the destinations, the hosts only names (ServiceEntry.Resolution).
        const resolution = readString(spec.resolution);
        const hosts = resolution === "STATIC" ? [] : elements(spec.hosts);
        if (hosts !== UNKNOWN && resolution !== UNKNOWN) {
            hosts.forEach((h, i) => {
                const host = readString(h);
                if (typeof host === "string") {
                    judgeHost(host, `spec.hosts[${i}]`);
                }
            });
        }
        const addresses = elements(spec.addresses);
        if (addresses !== UNKNOWN) {
            addresses.forEach((a, i) => {
                const text = readString(a);
                const v = typeof text === "string" ? rangeViolation(text, `spec.addresses[${i}]`, t, ctx) : undefined;
                if (v) {
                    found.push(v);
                }
            });
        }
        const endpoints = elements(spec.endpoints);
        if (endpoints !== UNKNOWN) {
            endpoints.forEach((e, i) => {
                const address = readString(field(readObject(e), "address"));
                if (typeof address !== "string" || address.startsWith("unix://")) {
                    return;
                }
                const at = `spec.endpoints[${i}].address`;
                if (parseRange(address)) {
                    const v = rangeViolation(address, at, t, ctx);
                    if (v) {
                        found.push(v);
                    }
                } else {
                    judgeHost(address, at);
                }
            });
        }
        return found.map((v) => ({ ...v, urn: se.urn }));
    }
}
