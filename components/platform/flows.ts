// What the platform workloads' catalog flows need from the cluster's
// security groups. Most platform pods carry no security group of their own:
// they are on the nodes' group, as host-network agents and kubelets are. So a
// flow between two of them, or to a kubelet or to istiod, is a rule from the
// nodes' group to itself; the API server and the AWS API endpoints are
// already open to the nodes. The API server's calls to a webhook or an
// aggregated API on a node are control-plane-to-node rules. The workloads
// that reach catalog services (Prometheus) have a pod group of their own
// (components/security platformPodGroups), which plans their rules.
import type { CatalogIndex, TransportProtocol } from "../catalog";
import { platformPodGroups } from "../security/rulePlan";

export interface NodePort {
    readonly protocol: TransportProtocol;
    readonly port: number;
    /** Which flows need it (rule descriptions). */
    readonly why: string;
}

/** Ports the nodes' group must open to itself for the catalog's platform flows, in first-seen order. */
export function nodeToNodePorts(catalog: CatalogIndex): NodePort[] {
    const found = new Map<string, { protocol: TransportProtocol; port: number; flows: string[] }>();
    const grouped = new Set(platformPodGroups(catalog).map((w) => w.name));
    for (const f of catalog.platformFlows.filter((x) => !grouped.has(x.from) && !(x.to.kind === "workload" && grouped.has(x.to.name)))) {
        let to: string;
        switch (f.to.kind) {
            case "workload":
                to = f.to.name;
                break;
            case "cluster":
                if (f.to.peer === "api-server") {
                    continue;
                }
                to = f.to.peer;
                break;
            case "service":
            case "aws":
                continue;
        }
        const key = `${f.protocol}/${f.port}`;
        const entry = found.get(key) ?? { protocol: f.protocol, port: f.port, flows: [] };
        const flow = `${f.from} to ${to}`;
        if (!entry.flows.includes(flow)) {
            entry.flows.push(flow);
        }
        found.set(key, entry);
    }
    return [...found.values()].map((e) => ({ protocol: e.protocol, port: e.port, why: `platform (catalog): ${e.flows.join(", ")}` }));
}

/** Ports the API server calls on platform pods on the nodes' group (webhooks, aggregated APIs), ascending and distinct. */
export function apiServerPorts(catalog: CatalogIndex): number[] {
    const grouped = new Set(platformPodGroups(catalog).map((w) => w.name));
    const ports = catalog.platform.filter((w) => !grouped.has(w.name)).flatMap((w) => (w.apiServerCalls ?? []).map((name) => w.ports.find((p) => p.name === name)!.port));
    return [...new Set(ports)].sort((a, b) => a - b);
}
