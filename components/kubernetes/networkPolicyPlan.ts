// Pure plan of the app namespace's NetworkPolicies, derived from the traffic
// catalog: a default deny of both directions for every pod, DNS to kube-dns
// only, the mesh's control plane, and per service exactly the catalog's
// flows (seed 000's venue-service policy is the shape). Stores live outside
// the cluster, so they are reached by the isolated subnets' ranges on their
// port; Stripe by one ipBlock per published address on TCP 443, never
// 0.0.0.0/0; the AWS APIs, for the services whose identity needs one, by the
// endpoint tier's ranges (which hold the interface endpoints' network
// interfaces and nothing else) on TCP 443. Every egress rule names its peers.
//
// Kubelet probes need no rule: the VPC CNI's network policy agent always
// admits traffic from the pod's own node address (aws-network-policy-agent
// PR #65, VPC CNI 1.15.1+), as the NetworkPolicy API documents for the node.
import { contains, parseCidr } from "../../policies/net";
import type { CatalogIndex, IsolatedTier } from "../../components/catalog";
import { planIdentity } from "../identity/plan";
import { APP_LABEL, KONG_PORTS, MESH_PORTS } from "./types";

export type PolicyType = "Ingress" | "Egress";
export type Protocol = "TCP" | "UDP";

export interface PolicyPort {
    readonly protocol: Protocol;
    readonly port: number;
}

/** A peer: pods (in this namespace, or in the one `namespace` names), or an address range. */
export type PolicyPeer =
    | { readonly podSelector: { readonly matchLabels: Readonly<Record<string, string>> }; readonly namespaceSelector?: { readonly matchLabels: Readonly<Record<string, string>> } }
    | { readonly ipBlock: { readonly cidr: string } };

export interface PolicyRule {
    /** Peers; for egress they go under `to`, for ingress under `from`. */
    readonly peers: readonly PolicyPeer[];
    readonly ports: readonly PolicyPort[];
}

/** One NetworkPolicy in Kubernetes shape, less its namespace. */
export interface PlannedNetworkPolicy {
    readonly name: string;
    readonly spec: {
        readonly podSelector: { readonly matchLabels?: Readonly<Record<string, string>> };
        readonly policyTypes: readonly PolicyType[];
        readonly ingress?: ReadonlyArray<{ readonly from: readonly PolicyPeer[]; readonly ports: readonly PolicyPort[] }>;
        readonly egress?: ReadonlyArray<{ readonly to: readonly PolicyPeer[]; readonly ports: readonly PolicyPort[] }>;
    };
}

/** Pods of another namespace, by labels. */
export interface NamespacedPods {
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
}

/** Where the catalog's outside peers are, and which platform pods the workloads talk to. */
export interface PolicyAddressing {
    /** Subnet ranges of each isolated tier: a store is reached on its port in its tier's ranges. */
    readonly storeCidrs: Readonly<Record<IsolatedTier, readonly string[]>>;
    /** Stripe's API addresses, for the catalog's Stripe clients (TCP 443). */
    readonly stripeCidrs: readonly string[];
    /** Where the load balancer sends from (the public subnets; target type ip keeps its addresses). */
    readonly edgeCidrs: readonly string[];
    /** The endpoint tier's ranges: where the AWS API endpoints' network interfaces are, and nothing else. */
    readonly awsApiCidrs: readonly string[];
    /** Cluster DNS. @default kube-dns in kube-system */
    readonly dns?: NamespacedPods;
    /** The mesh's control plane, which every sidecar calls on 15012. @default istiod in istio-system */
    readonly meshControlPlane?: NamespacedPods;
    /** The gateway's ingress controller, which pushes config to the edge service's admin port. @default kong-controller in kong */
    readonly gatewayController?: NamespacedPods;
}

export const PLATFORM_PEERS = {
    dns: { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
    meshControlPlane: { namespace: "istio-system", labels: { app: "istiod" } },
    gatewayController: { namespace: "kong", labels: { app: "kong-controller" } },
} as const satisfies Record<string, NamespacedPods>;

const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c)!);

const tcp = (port: number): PolicyPort => ({ protocol: "TCP", port });
/** The AWS APIs' endpoints answer HTTPS only. */
const AWS_API_PORT = 443;
const pods = (name: string): PolicyPeer => ({ podSelector: { matchLabels: { [APP_LABEL]: name } } });
const inNamespace = (p: NamespacedPods): PolicyPeer => ({
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } },
    podSelector: { matchLabels: { ...p.labels } },
});
const blocks = (cidrs: readonly string[]): PolicyPeer[] => cidrs.map((cidr) => ({ ipBlock: { cidr } }));

function checkRanges(what: string, cidrs: readonly string[], mustBePrivate: boolean): void {
    if (cidrs.length === 0) {
        throw new Error(`network policies: no ${what} ranges given; a rule with no peers would be dropped, and one with none listed would reach everything`);
    }
    for (const cidr of cidrs) {
        const parsed = parseCidr(cidr);
        if (!parsed || parsed.prefix === 0) {
            throw new Error(`network policies: ${what} range "${cidr}" must be a CIDR narrower than the whole address space`);
        }
        if (mustBePrivate && !PRIVATE.some((p) => contains(p, parsed))) {
            throw new Error(`network policies: ${what} range "${cidr}" must be private (RFC 1918): it is inside the VPC`);
        }
    }
}

/** Policies every pod of the namespace gets: deny all, then DNS and the mesh's control plane. */
function baseline(a: PolicyAddressing): PlannedNetworkPolicy[] {
    const dns = a.dns ?? PLATFORM_PEERS.dns;
    const mesh = a.meshControlPlane ?? PLATFORM_PEERS.meshControlPlane;
    return [
        // Selects every pod; with no rules, it denies all traffic both ways until another policy allows it.
        { name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-dns",
            spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [inNamespace(dns)], ports: [{ protocol: "UDP", port: 53 }, tcp(53)] }] },
        },
        {
            name: "allow-mesh-control-plane",
            spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [inNamespace(mesh)], ports: [tcp(MESH_PORTS.xds)] }] },
        },
    ];
}

/** One service's policy: the catalog's callers in, the catalog's callees out. */
function servicePolicy(catalog: CatalogIndex, name: string, a: PolicyAddressing): PlannedNetworkPolicy {
    const service = catalog.service(name);
    const ingress: Array<{ from: PolicyPeer[]; ports: PolicyPort[] }> = catalog
        .ingressTo(name)
        .map((f) => ({ from: [pods(f.from)], ports: [tcp(f.port)] }));
    // The catalog's platform workloads that call it (Prometheus, on its metrics port), from their namespace.
    for (const f of catalog.platformIngressTo(name)) {
        const w = catalog.workload(f.from);
        ingress.push({ from: [inNamespace({ namespace: w.namespace, labels: w.labels })], ports: [{ protocol: f.protocol === "udp" ? "UDP" : "TCP", port: f.port }] });
    }
    if (service.edge) {
        ingress.push({ from: blocks(a.edgeCidrs), ports: [tcp(service.port)] });
        ingress.push({ from: [inNamespace(a.gatewayController ?? PLATFORM_PEERS.gatewayController)], ports: [tcp(KONG_PORTS.admin)] });
    }
    const egress = catalog.egressFrom(name).map((f) => {
        switch (f.toKind) {
            case "service":
                return { to: [pods(f.to)], ports: [tcp(f.port)] };
            case "store":
                return { to: blocks(a.storeCidrs[catalog.store(f.to).tier]), ports: [tcp(f.port)] };
            case "external":
                return { to: blocks(a.stripeCidrs), ports: [tcp(f.port)] };
        }
    });
    if (planIdentity(catalog, name).awsApis.length > 0) {
        egress.push({ to: blocks(a.awsApiCidrs), ports: [tcp(AWS_API_PORT)] });
    }
    return {
        name: `${name}-network-policy`,
        spec: { podSelector: { matchLabels: { [APP_LABEL]: name } }, policyTypes: ["Ingress", "Egress"], ingress, egress },
    };
}

/** Every NetworkPolicy of the app namespace, in a stable order: the baseline, then one per catalog service. */
export function planNetworkPolicies(catalog: CatalogIndex, addressing: PolicyAddressing): PlannedNetworkPolicy[] {
    for (const tier of new Set(catalog.catalog.stores.map((s) => s.tier))) {
        checkRanges(`${tier} subnet`, addressing.storeCidrs[tier] ?? [], true);
    }
    if (catalog.stripeClients().length > 0) {
        checkRanges("Stripe API", addressing.stripeCidrs, false);
    }
    checkRanges("load balancer subnet", addressing.edgeCidrs, true);
    if (catalog.catalog.services.some((s) => planIdentity(catalog, s.name).awsApis.length > 0)) {
        checkRanges("AWS API endpoint subnet", addressing.awsApiCidrs, true);
    }
    for (const x of catalog.catalog.externals) {
        if (x.port !== 443) {
            throw new Error(`network policies: external "${x.name}" is on port ${x.port}; only TCP 443 to Stripe may leave the VPC`);
        }
    }
    return [...baseline(addressing), ...catalog.catalog.services.map((s) => servicePolicy(catalog, s.name, addressing))];
}
