// Wires the components together from validated config and the catalog. No
// decisions live here: config and the catalog decide, components build.
import * as pulumi from "@pulumi/pulumi";
import { Cluster, CLUSTER_DEFAULTS } from "../components/cluster";
import { KubernetesLayer, buildKubernetes, CLUSTER_WEBHOOK_PORTS, meshSecurityGroupArgs } from "./kubernetes";
import { Network } from "../components/network";
import { TrafficSecurityGroups } from "../components/security";
import { stripeApiCidrs } from "./addresses";
import { CatalogIndex, TICKETTOKEN } from "./catalog";
import { StackConfig } from "./config";

/** Name prefix of every top-level component. */
export const STACK_PREFIX = "tickettoken";

export interface Stack {
    readonly catalog: CatalogIndex;
    readonly network: Network;
    readonly cluster: Cluster;
    readonly security: TrafficSecurityGroups;
    readonly kubernetes: KubernetesLayer;
}

export function buildStack(cfg: StackConfig): Stack {
    const catalog = new CatalogIndex(TICKETTOKEN);
    const network = new Network(STACK_PREFIX, {
        cidrBlock: cfg.network.vpcCidr,
        azCount: cfg.network.azCount,
        natGateways: cfg.network.natGateways,
        flowLogRetentionDays: cfg.network.flowLogRetentionDays,
        isolatedTierPorts: { data: catalog.storePorts("data"), messaging: catalog.storePorts("messaging") },
    });
    const cluster = new Cluster(`${STACK_PREFIX}-cluster`, {
        // One cluster per stack; the stack name keeps clusters of one account apart.
        clusterName: `${STACK_PREFIX}-${pulumi.getStack()}`,
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        privateSubnetIds: network.subnetIds.private,
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        s3PrefixListId: network.s3PrefixListId,
        serviceCidr: cfg.network.serviceCidr,
        nodeGroups: cfg.cluster.nodeGroups,
        kubernetesVersion: cfg.cluster.kubernetesVersion,
        endpointPublicAccessCidrs: cfg.cluster.endpointPublicAccessCidrs,
        logRetentionDays: cfg.cluster.logRetentionDays,
        adminRoleArn: cfg.cluster.adminRoleArn,
        deletionProtection: cfg.cluster.deletionProtection,
        dockerHubCredentialArn: cfg.cluster.dockerHubCredentialArn,
        // The API server calls the mesh's, the gateway controller's and the load balancer controller's webhooks.
        controlPlaneToNodePorts: [...CLUSTER_DEFAULTS.controlPlaneToNodePorts, ...CLUSTER_WEBHOOK_PORTS],
    });
    const security = new TrafficSecurityGroups(`${STACK_PREFIX}-traffic`, {
        vpcId: network.vpcId,
        catalog,
        stripeCidrs: stripeApiCidrs(),
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        // Workloads resolve names through CoreDNS on the nodes; the kubelet probes them from the nodes.
        platformSecurityGroupId: cluster.nodeSecurityGroupId,
        ...meshSecurityGroupArgs(catalog),
    });
    const kubernetes = buildKubernetes(cfg, { catalog, network, cluster, security });
    return { catalog, network, cluster, security, kubernetes };
}
