// Pure plan of the rules of the nodes' and the control plane's security
// groups: only what a node needs (the API server, AWS APIs through the VPC
// endpoints, S3 through its gateway endpoint, DNS), and only what reaches a
// node (the control plane, and cluster DNS from other nodes). Rules between
// the nodes and catalog workloads (DNS from pods, kubelet probes) come from
// the traffic component, which knows the workloads.
import { formatCidr, parseCidr } from "../../policies/net";

/** The two groups this plan writes rules on. */
export type ClusterGroup = "nodes" | "control-plane";

export type NodePeer =
    | { readonly kind: "group"; readonly group: ClusterGroup }
    /** The VPC interface endpoints' group (ECR, STS, EC2, SSM, logs...). */
    | { readonly kind: "endpoints" }
    /** S3 through the gateway endpoint, as its managed prefix list (ECR image layers live in S3). */
    | { readonly kind: "s3" }
    /** An address range inside the VPC (the Route 53 Resolver). */
    | { readonly kind: "cidr"; readonly cidr: string };

export interface NodeRule {
    /** Stable, unique key; resource names derive from it. */
    readonly key: string;
    readonly group: ClusterGroup;
    readonly direction: "ingress" | "egress";
    readonly protocol: "tcp" | "udp";
    readonly port: number;
    readonly peer: NodePeer;
    readonly description: string;
}

export interface NodeRuleOptions {
    /** The VPC range: the Resolver listens at its base address + 2. */
    readonly vpcCidr: string;
    /** Ports the control plane opens on nodes: kubelet and admission webhooks. */
    readonly controlPlaneToNodePorts: readonly number[];
    /**
     * Ports workloads on the nodes' group open on each other (platform pods, which carry the nodes' group,
     * to other platform pods, host-network agents and kubelets), each with why. @default []
     */
    readonly nodeToNodePorts?: ReadonlyArray<{ readonly protocol: "tcp" | "udp"; readonly port: number; readonly why: string }>;
}

const DNS = [
    { protocol: "udp", port: 53 },
    { protocol: "tcp", port: 53 },
] as const;

/** The Amazon-provided DNS server of a VPC: its base address + 2, as a /32. */
export function vpcResolverCidr(vpcCidr: string): string {
    const vpc = parseCidr(vpcCidr);
    if (!vpc || vpc.version !== 4) {
        throw new Error(`VPC range "${vpcCidr}" is not an IPv4 CIDR`);
    }
    return formatCidr({ version: 4, network: vpc.network + 2n, prefix: 32 });
}

function peerKey(peer: NodePeer): string {
    switch (peer.kind) {
        case "group":
            return peer.group;
        case "endpoints":
            return "endpoints";
        case "s3":
            return "s3";
        case "cidr":
            return `resolver`;
    }
}

function rule(group: ClusterGroup, direction: NodeRule["direction"], protocol: NodeRule["protocol"], port: number, peer: NodePeer, description: string): NodeRule {
    const way = direction === "egress" ? "to" : "from";
    return { key: `${group}-${way}-${peerKey(peer)}-${protocol}${port}`, group, direction, protocol, port, peer, description };
}

/** Both sides of a flow between two groups of this plan. */
function between(from: ClusterGroup, to: ClusterGroup, protocol: NodeRule["protocol"], port: number, why: string): NodeRule[] {
    return [
        rule(from, "egress", protocol, port, { kind: "group", group: to }, `${from} to ${to}: ${why}`),
        rule(to, "ingress", protocol, port, { kind: "group", group: from }, `${to} from ${from}: ${why}`),
    ];
}

/** Every rule of the nodes' and control plane's groups, in a stable order. */
export function planNodeRules(options: NodeRuleOptions): NodeRule[] {
    const ports = [...new Set(options.controlPlaneToNodePorts)];
    for (const port of ports) {
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
            throw new Error(`control plane to node port ${port} is not a TCP port (1..65535)`);
        }
    }
    const resolver = vpcResolverCidr(options.vpcCidr);
    const nodeToNode = (options.nodeToNodePorts ?? []).filter((p) => !DNS.some((d) => d.protocol === p.protocol && d.port === p.port));
    for (const p of nodeToNode) {
        if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
            throw new Error(`node to node port ${p.port} (${p.why}) is not a port (1..65535)`);
        }
    }
    const seen = new Set<string>();
    const duplicate = nodeToNode.find((p) => seen.size === seen.add(`${p.protocol}${p.port}`).size);
    if (duplicate !== undefined) {
        throw new Error(`node to node port ${duplicate.protocol}/${duplicate.port} is listed twice`);
    }
    return [
        ...between("nodes", "control-plane", "tcp", 443, "kubelet and pods to the API server"),
        ...ports.flatMap((port) => between("control-plane", "nodes", "tcp", port, port === 10250 ? "kubelet API (logs, exec)" : `webhooks (tcp/${port})`)),
        // CoreDNS runs on the nodes; host-network and node-group pods on one node resolve through CoreDNS on another.
        ...DNS.flatMap((d) => between("nodes", "nodes", d.protocol, d.port, `cluster DNS (${d.protocol}/${d.port})`)),
        ...nodeToNode.flatMap((p) => between("nodes", "nodes", p.protocol, p.port, p.why)),
        rule("nodes", "egress", "tcp", 443, { kind: "endpoints" }, "nodes to AWS APIs through the VPC endpoints"),
        rule("nodes", "egress", "tcp", 443, { kind: "s3" }, "nodes to S3 through the gateway endpoint (ECR image layers)"),
        ...DNS.map((d) => rule("nodes", "egress", d.protocol, d.port, { kind: "cidr", cidr: resolver }, `CoreDNS upstream: the VPC resolver (${d.protocol}/${d.port})`)),
    ];
}
