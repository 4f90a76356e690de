// Wires the components together from validated config and the catalog. No
// decisions live here: config and the catalog decide, components build.
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "../components/cluster";
import { Network } from "../components/network";
import { TrafficSecurityGroups } from "../components/security";
import { CloudflareEdge, EdgeLoadBalancer } from "../components/edge";
import { stripeApiCidrs, stripeWebhookCidrs } from "./addresses";
import { cloudflareOriginPullCa } from "./certificates";
import { CatalogIndex, TICKETTOKEN } from "./catalog";
import { StackConfig } from "./config";

/** Name prefix of every top-level component. */
export const STACK_PREFIX = "tickettoken";

export interface Stack {
    readonly catalog: CatalogIndex;
    readonly network: Network;
    readonly cluster: Cluster;
    readonly security: TrafficSecurityGroups;
    readonly alb: EdgeLoadBalancer;
    readonly cloudflare: CloudflareEdge;
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
    });
    const security = new TrafficSecurityGroups(`${STACK_PREFIX}-traffic`, {
        vpcId: network.vpcId,
        catalog,
        stripeCidrs: stripeApiCidrs(),
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        // Workloads resolve names through CoreDNS on the nodes; the kubelet probes them from the nodes.
        platformSecurityGroupId: cluster.nodeSecurityGroupId,
    });

    // Edge (issue 5): the origin load balancer, then the zone that points at it.
    const gateway = catalog.edgeService();
    const edge = cfg.edge;
    const alb = new EdgeLoadBalancer(`${STACK_PREFIX}-edge`, {
        vpcId: network.vpcId,
        publicSubnetIds: network.subnetIds.public,
        target: gateway,
        targetSecurityGroupId: security.groupId(gateway.name),
        cloudflareRanges: edge.cloudflareRanges,
        rangeDrift: edge.rangeDrift,
        zoneName: edge.zoneName,
        zoneId: edge.zoneId,
        hostLabels: edge.hostLabels,
        originPullCaPem: cloudflareOriginPullCa(),
        ...edge.alb,
    });
    const cloudflare = new CloudflareEdge(`${STACK_PREFIX}-cloudflare`, {
        zoneId: edge.zoneId,
        zoneName: edge.zoneName,
        accountId: edge.accountId,
        originHostname: alb.dnsName,
        hostLabels: edge.hostLabels,
        records: edge.records,
        minTlsVersion: edge.minTlsVersion,
        hsts: edge.hsts,
        stripeWebhookPath: edge.stripeWebhookPath,
        stripeWebhookCidrs: stripeWebhookCidrs(),
        apiRequestsPerMinute: edge.apiRequestsPerMinute,
        blockList: edge.blockList,
    });
    return { catalog, network, cluster, security, alb, cloudflare };
}
