// A pure model of where an Istio 1.30 sidecar sends a connection, given the
// registered ServiceEntries, Kubernetes Services, Sidecar resources and the
// mesh config: the application looks the host up (answered by the sidecar's
// DNS proxy when DNS capture is on and the host has an address the proxy may
// use, else by upstream DNS with the host's real address), connects to that
// address and port, and the sidecar picks a listener: one on <address>:<port>
// if a service has that address, else the 0.0.0.0:<port> listener (TCP: the
// oldest service without an address on the port wins; TLS: by SNI), else the
// outbound policy (REGISTRY_ONLY: dropped). It follows Istio's
// pilot/pkg/model/service.go (GetAddressForProxy, nodeUsesAutoallocatedIPs),
// pkg/dns/server/name_table.go (BuildNameTable), pilot/pkg/networking/serviceentry
// (ShouldV2AutoAllocateIP) and the "DNS Proxying" guide ("External TCP services
// without VIPs"); it reads only what the stack registered.
import { RecordedResource } from "../../tools/harness/recorder";
import { RunResult } from "../../tools/harness/run";

const SERVICE_ENTRY = "kubernetes:networking.istio.io/v1:ServiceEntry";
const SIDECAR = "kubernetes:networking.istio.io/v1:Sidecar";
const SERVICE = "kubernetes:core/v1:Service";
const RELEASE = "kubernetes:helm.sh/v3:Release";

export type Protocol = "TCP" | "TLS" | "HTTP" | "HTTPS" | "GRPC";

/** One service in the mesh's registry. */
export interface RegistryService {
    readonly host: string;
    readonly namespace: string;
    /** Addresses given explicitly (a ServiceEntry's addresses, a Service's cluster IP). */
    readonly addresses: readonly string[];
    readonly ports: ReadonlyArray<{ readonly number: number; readonly protocol: Protocol }>;
    readonly resolution: "DNS" | "STATIC" | "NONE" | "ALIAS" | "CLIENT_SIDE_LB";
    /** Namespaces it is visible in: "." its own, "*" every. */
    readonly exportTo: readonly string[];
    /** Registration order: Istio resolves port conflicts in favour of the oldest. */
    readonly order: number;
    /** True for a ServiceEntry (auto-allocation applies to those only). */
    readonly serviceEntry: boolean;
}

export interface SidecarScope {
    readonly namespace: string;
    readonly selector: Readonly<Record<string, string>>;
    /** "namespace/host" patterns. */
    readonly hosts: readonly string[];
}

export interface MeshSettings {
    readonly outbound: "REGISTRY_ONLY" | "ALLOW_ANY";
    /** ISTIO_META_DNS_CAPTURE in the proxies' metadata. */
    readonly dnsCapture: boolean;
    /** istiod's PILOT_ENABLE_IP_AUTOALLOCATE (or the proxies' legacy ISTIO_META_DNS_AUTO_ALLOCATE). */
    readonly autoAllocate: boolean;
}

export interface MeshModel {
    readonly settings: MeshSettings;
    readonly services: readonly RegistryService[];
    readonly sidecars: readonly SidecarScope[];
}

/** Where a connection goes. */
export type Verdict =
    | { readonly kind: "cluster"; readonly host: string; readonly port: number }
    | { readonly kind: "blackhole" }
    | { readonly kind: "passthrough" };

/** A workload: its namespace and pod labels. */
export interface Workload {
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
}

function bool(v: unknown): boolean {
    return v === true || v === "true";
}

/** Istio 1.30's default for PILOT_ENABLE_IP_AUTOALLOCATE (pilot/pkg/features/pilot.go). */
const AUTO_ALLOCATE_DEFAULT = true;

/** The mesh config the stack's istiod release sets. */
export function meshSettings(run: Pick<RunResult, "resources">): MeshSettings {
    const istiod = run.resources.find((r) => r.type === RELEASE && r.inputs.chart === "istiod");
    if (!istiod) {
        throw new Error("no istiod release registered");
    }
    const v = istiod.inputs.values ?? {};
    const mesh = v.meshConfig ?? {};
    const metadata = mesh.defaultConfig?.proxyMetadata ?? {};
    // The chart copies the legacy `pilot.*` to the top level; either place sets istiod's environment.
    const env = { ...(v.env ?? {}), ...(v.pilot?.env ?? {}) };
    return {
        outbound: mesh.outboundTrafficPolicy?.mode ?? "ALLOW_ANY",
        dnsCapture: bool(metadata.ISTIO_META_DNS_CAPTURE),
        autoAllocate: env.PILOT_ENABLE_IP_AUTOALLOCATE === undefined ? AUTO_ALLOCATE_DEFAULT || bool(metadata.ISTIO_META_DNS_AUTO_ALLOCATE) : bool(env.PILOT_ENABLE_IP_AUTOALLOCATE) || bool(metadata.ISTIO_META_DNS_AUTO_ALLOCATE),
    };
}

function serviceEntry(r: RecordedResource, order: number): RegistryService[] {
    const spec = r.inputs.spec;
    return (spec.hosts as string[]).map((host) => ({
        host,
        namespace: r.inputs.metadata.namespace,
        addresses: spec.addresses ?? [],
        ports: (spec.ports ?? []).map((p: { number: number; protocol: Protocol }) => ({ number: p.number, protocol: p.protocol })),
        resolution: spec.resolution ?? "NONE",
        exportTo: spec.exportTo ?? ["*"],
        order,
        serviceEntry: true,
    }));
}

function kubeService(r: RecordedResource, order: number): RegistryService {
    const { metadata, spec } = r.inputs;
    const external = spec.type === "ExternalName";
    return {
        host: `${metadata.name}.${metadata.namespace}.svc.cluster.local`,
        namespace: metadata.namespace,
        // Cluster IPs are assigned by Kubernetes; the model gives each Service one of its own.
        addresses: external ? [] : [`clusterip:${metadata.namespace}/${metadata.name}`],
        ports: (spec.ports ?? []).map((p: { port: number; name?: string; appProtocol?: string }) => ({
            number: p.port,
            protocol: (p.appProtocol ?? p.name ?? "").startsWith("http") ? "HTTP" : (p.name ?? "").startsWith("tls") ? "TLS" : "TCP",
        })),
        resolution: external ? "ALIAS" : "CLIENT_SIDE_LB",
        exportTo: ["*"],
        order,
        serviceEntry: false,
    };
}

/** The registry, the Sidecars and the mesh config a run registered. */
export function meshModel(run: Pick<RunResult, "resources">): MeshModel {
    const services: RegistryService[] = [];
    run.resources.forEach((r, i) => {
        if (r.type === SERVICE_ENTRY) {
            services.push(...serviceEntry(r, i));
        } else if (r.type === SERVICE) {
            services.push(kubeService(r, i));
        }
    });
    const sidecars = run.resources.filter((r) => r.type === SIDECAR).map((r): SidecarScope => ({
        namespace: r.inputs.metadata.namespace,
        selector: r.inputs.spec.workloadSelector?.labels ?? {},
        hosts: (r.inputs.spec.egress ?? []).flatMap((e: { hosts: string[] }) => e.hosts),
    }));
    return { settings: meshSettings(run), services, sidecars };
}

function hostMatches(pattern: string, host: string): boolean {
    if (pattern === "*") {
        return true;
    }
    return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : pattern === host;
}

/** The Sidecar that applies to `w`: the one selecting its labels, else none (all visible services). */
function sidecarOf(model: MeshModel, w: Workload): SidecarScope | undefined {
    return model.sidecars.find((s) => s.namespace === w.namespace && Object.entries(s.selector).every(([k, v]) => w.labels[k] === v));
}

/** Services `w`'s sidecar knows: exported to its namespace, and imported by its Sidecar's egress hosts. */
export function visibleServices(model: MeshModel, w: Workload): RegistryService[] {
    const exported = model.services.filter((s) => s.exportTo.includes("*") || (s.exportTo.includes(".") && s.namespace === w.namespace) || s.exportTo.includes(w.namespace));
    const sidecar = sidecarOf(model, w);
    if (!sidecar) {
        return exported;
    }
    return exported.filter((s) => sidecar.hosts.some((p) => {
        const [ns, host] = p.split("/");
        const nsOk = ns === "*" || (ns === "." ? s.namespace === sidecar.namespace : ns === s.namespace);
        return ns !== "~" && nsOk && hostMatches(host, s.host);
    }));
}

/** The address the proxy uses for `s`: its own, or the one istiod allocated if the proxy consumes those. */
function addressFor(model: MeshModel, s: RegistryService): string | undefined {
    if (s.addresses.length > 0) {
        return s.addresses[0];
    }
    const allocated = s.serviceEntry && model.settings.autoAllocate && s.resolution !== "NONE" && !s.host.startsWith("*");
    return allocated && model.settings.dnsCapture ? `auto:${s.host}` : undefined;
}

/** What the application gets when it looks `host` up from `w`. */
export function lookup(model: MeshModel, w: Workload, host: string): string {
    // A Kubernetes Service resolves to its cluster IP, from the proxy's table or from kube-dns alike.
    const kube = model.services.find((s) => !s.serviceEntry && s.host === host && s.resolution !== "ALIAS");
    if (kube) {
        return kube.addresses[0];
    }
    if (model.settings.dnsCapture) {
        const known = visibleServices(model, w).find((s) => s.host === host && s.resolution !== "ALIAS");
        const address = known && addressFor(model, known);
        if (address) {
            return address;
        }
    }
    return `real:${host}`;
}

/** Where `w`'s sidecar sends a connection the application opens to `host`:`port` (sending `host` as its TLS server name). */
export function route(model: MeshModel, w: Workload, host: string, port: number): Verdict {
    const ip = lookup(model, w, host);
    const visible = visibleServices(model, w).filter((s) => s.resolution !== "ALIAS" && s.ports.some((p) => p.number === port));
    const protocolOf = (s: RegistryService) => s.ports.find((p) => p.number === port)!.protocol;
    const bound = visible.find((s) => addressFor(model, s) === ip);
    if (bound) {
        return { kind: "cluster", host: bound.host, port };
    }
    const wildcard = visible.filter((s) => addressFor(model, s) === undefined).sort((a, b) => a.order - b.order);
    const tls = wildcard.find((s) => ["TLS", "HTTPS"].includes(protocolOf(s)) && s.host === host);
    if (tls) {
        return { kind: "cluster", host: tls.host, port };
    }
    const http = wildcard.find((s) => ["HTTP", "GRPC"].includes(protocolOf(s)) && s.host === host);
    if (http) {
        return { kind: "cluster", host: http.host, port };
    }
    const tcp = wildcard.find((s) => protocolOf(s) === "TCP");
    if (tcp) {
        return { kind: "cluster", host: tcp.host, port };
    }
    return model.settings.outbound === "REGISTRY_ONLY" ? { kind: "blackhole" } : { kind: "passthrough" };
}

/** Shorthand: the host whose cluster carries the connection, or "blackhole"/"passthrough". */
export function destination(model: MeshModel, w: Workload, host: string, port: number): string {
    const v = route(model, w, host, port);
    return v.kind === "cluster" ? v.host : v.kind;
}
