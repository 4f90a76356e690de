// Pure plan of the platform workloads' NetworkPolicies, derived from their
// catalog flows. Each namespace the platform owns (monitoring,
// external-secrets) gets what the app namespace gets: a default deny of both
// directions for every pod and DNS to kube-dns only. Every workload (but the
// host-network agents, which NetworkPolicies do not select) gets one policy
// that admits its catalog callers on their ports, the API server on the ports
// it calls (webhooks, aggregated APIs), and lets it out only to what its
// catalog entry uses. In a namespace the platform shares (kube-system) the
// policy selects only the workload's pods, so nothing else there changes,
// and carries its DNS rule itself.
//
// Outside peers are address ranges: the API server's network interfaces are
// in the private subnets (EKS places them in the cluster's subnets) and pods
// reach it through the `kubernetes` Service's address, so both are named;
// kubelets and host-network agents are the nodes' addresses (the private
// subnets); the AWS APIs are the endpoint tier's ranges, on 443.
import { formatCidr, parseCidr } from "../../policies/net";
import type { CatalogIndex, PlatformFlow, PlatformWorkloadSpec } from "../catalog";
import { APP_LABEL } from "../kubernetes/types";
import { NamespacedPods, PLATFORM_PEERS, PlannedNetworkPolicy, PolicyPeer, PolicyPort } from "../kubernetes/networkPolicyPlan";

export interface PlatformAddressing {
    /** The namespace of the catalog's services (scrape targets). */
    readonly appNamespace: string;
    /** The private subnets: nodes (kubelets, host-network agents) and the API server's network interfaces. */
    readonly nodeCidrs: readonly string[];
    /** The Service range: its first address is the `kubernetes` Service's, which pods dial for the API server. */
    readonly serviceCidr: string;
    /** The endpoint tier's ranges: the AWS API endpoints' network interfaces and nothing else. */
    readonly awsApiCidrs: readonly string[];
    /** Namespaces the platform owns whole: each gets a default deny and DNS. */
    readonly ownedNamespaces: readonly string[];
    /** Cluster DNS. @default kube-dns in kube-system */
    readonly dns?: NamespacedPods;
    /** istiod. @default istiod in istio-system */
    readonly meshControlPlane?: NamespacedPods;
}

/** A planned policy with its namespace. */
export interface PlatformNetworkPolicy extends PlannedNetworkPolicy {
    readonly namespace: string;
}

/** The `kubernetes` Service's address: the first host of the Service range (Kubernetes, "Service ClusterIP allocation"). */
export function kubernetesServiceCidr(serviceCidr: string): string {
    const c = parseCidr(serviceCidr);
    if (!c || c.version !== 4) {
        throw new Error(`platform network policies: service range "${serviceCidr}" is not an IPv4 CIDR`);
    }
    return formatCidr({ version: 4, network: c.network + 1n, prefix: 32 });
}

const port = (f: { protocol: "tcp" | "udp"; port: number }): PolicyPort => ({ protocol: f.protocol === "udp" ? "UDP" : "TCP", port: f.port });
const blocks = (cidrs: readonly string[]): PolicyPeer[] => cidrs.map((cidr) => ({ ipBlock: { cidr } }));
const inNamespace = (namespace: string, labels: Readonly<Record<string, string>>): PolicyPeer => ({
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
    podSelector: { matchLabels: { ...labels } },
});
const dnsRule = (dns: NamespacedPods) => ({ to: [inNamespace(dns.namespace, dns.labels)], ports: [{ protocol: "UDP" as const, port: 53 }, { protocol: "TCP" as const, port: 53 }] });

/** Where a workload's pods are, as a peer: their addresses if they use the host's network, else their labels. */
function workloadPeer(w: PlatformWorkloadSpec, a: PlatformAddressing): PolicyPeer[] {
    return w.hostNetwork ? blocks(a.nodeCidrs) : [inNamespace(w.namespace, w.labels)];
}

function egressOf(catalog: CatalogIndex, f: PlatformFlow, a: PlatformAddressing): { to: PolicyPeer[]; ports: PolicyPort[] } {
    switch (f.to.kind) {
        case "workload":
            return { to: workloadPeer(catalog.workload(f.to.name), a), ports: [port(f)] };
        case "service":
            return { to: [inNamespace(a.appNamespace, { [APP_LABEL]: f.to.name })], ports: [port(f)] };
        case "cluster":
            switch (f.to.peer) {
                case "api-server":
                    return { to: blocks([...a.nodeCidrs, kubernetesServiceCidr(a.serviceCidr)]), ports: [port(f)] };
                case "kubelet":
                    return { to: blocks(a.nodeCidrs), ports: [port(f)] };
                case "mesh-control-plane": {
                    const mesh = a.meshControlPlane ?? PLATFORM_PEERS.meshControlPlane;
                    return { to: [inNamespace(mesh.namespace, mesh.labels)], ports: [port(f)] };
                }
            }
            break;
        case "aws":
            return { to: blocks(a.awsApiCidrs), ports: [port(f)] };
    }
}

function sameRule(x: { to: PolicyPeer[]; ports: PolicyPort[] }, y: { to: PolicyPeer[]; ports: PolicyPort[] }): boolean {
    return JSON.stringify(x) === JSON.stringify(y);
}

/** One workload's policy. */
function workloadPolicy(catalog: CatalogIndex, w: PlatformWorkloadSpec, a: PlatformAddressing): PlatformNetworkPolicy {
    const ingress: Array<{ from: PolicyPeer[]; ports: PolicyPort[] }> = catalog
        .platformFlows.filter((f) => f.to.kind === "workload" && f.to.name === w.name)
        .map((f) => ({ from: workloadPeer(catalog.workload(f.from), a), ports: [port(f)] }));
    const calls = (w.apiServerCalls ?? []).map((name) => w.ports.find((p) => p.name === name)!);
    if (calls.length > 0) {
        // The API server's network interfaces are in the private subnets.
        ingress.push({ from: blocks(a.nodeCidrs), ports: calls.map((p) => port({ protocol: "tcp", port: p.port })) });
    }
    const egress: Array<{ to: PolicyPeer[]; ports: PolicyPort[] }> = [];
    for (const f of catalog.platformEgressFrom(w.name)) {
        const rule = egressOf(catalog, f, a);
        if (!egress.some((r) => sameRule(r, rule))) {
            egress.push(rule);
        }
    }
    if (!a.ownedNamespaces.includes(w.namespace)) {
        egress.push(dnsRule(a.dns ?? PLATFORM_PEERS.dns));
    }
    return {
        name: `${w.name}-network-policy`,
        namespace: w.namespace,
        spec: { podSelector: { matchLabels: { ...w.labels } }, policyTypes: ["Ingress", "Egress"], ingress, egress },
    };
}

function checkRanges(what: string, cidrs: readonly string[]): void {
    if (cidrs.length === 0) {
        throw new Error(`platform network policies: no ${what} ranges given; a rule with no peers would be dropped`);
    }
}

/** Every NetworkPolicy of the platform workloads: each owned namespace's baseline, then one per workload (host-network ones excepted). */
export function planPlatformNetworkPolicies(catalog: CatalogIndex, a: PlatformAddressing): PlatformNetworkPolicy[] {
    if (catalog.platform.length === 0) {
        return [];
    }
    checkRanges("node", a.nodeCidrs);
    if (catalog.platformFlows.some((f) => f.to.kind === "aws")) {
        checkRanges("AWS API endpoint", a.awsApiCidrs);
    }
    const dns = a.dns ?? PLATFORM_PEERS.dns;
    const baselines = catalog.platformNamespaces().filter((ns) => a.ownedNamespaces.includes(ns)).flatMap((namespace): PlatformNetworkPolicy[] => [
        // Selects every pod of the namespace; with no rules, it denies all traffic both ways until another policy allows it.
        { name: "default-deny", namespace, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        { name: "allow-dns", namespace, spec: { podSelector: {}, policyTypes: ["Egress"], egress: [dnsRule(dns)] } },
    ]);
    return [...baselines, ...catalog.platform.filter((w) => !w.hostNetwork).map((w) => workloadPolicy(catalog, w, a))];
}
