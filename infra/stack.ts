// Wires the components together from validated config and the catalog. No
// decisions live here: config and the catalog decide, components build.
import * as pulumi from "@pulumi/pulumi";
import { Cluster, CLUSTER_DEFAULTS } from "../components/cluster";
import { DocumentDb, Postgres, Redis } from "../components/data";
import { RabbitMqBroker } from "../components/messaging";
import { KubernetesLayer, buildKubernetes, CLUSTER_WEBHOOK_PORTS, meshSecurityGroupArgs } from "./kubernetes";
import { DEFAULT_INTERFACE_ENDPOINTS, Network } from "../components/network";
import { administeredStores, awsApisInUse, endpointService, passwordLoginClients } from "../components/identity";
import { TrafficSecurityGroups } from "../components/security";
import { CloudflareEdge, EdgeLoadBalancer, OriginPullCertificates } from "../components/edge";
import { stripeApiCidrs, stripeWebhookCidrs } from "./addresses";
import { Catalog, CatalogIndex, IsolatedTier } from "../components/catalog";
import { TICKETTOKEN } from "./catalog";
import { StackConfig } from "./config";

/** Name prefix of every top-level component. */
export const STACK_PREFIX = "tickettoken";

export interface Stack {
    readonly catalog: CatalogIndex;
    readonly network: Network;
    readonly cluster: Cluster;
    readonly security: TrafficSecurityGroups;
    readonly originPull: OriginPullCertificates;
    readonly alb: EdgeLoadBalancer;
    readonly cloudflare: CloudflareEdge;
    readonly postgres: Postgres;
    readonly redis: Redis;
    readonly documentDb: DocumentDb;
    readonly rabbitmq: RabbitMqBroker;
    readonly kubernetes: KubernetesLayer;
}

/** Builds the whole stack; `catalogData` is TicketToken's catalog except in benchmarks of larger ones. */
export function buildStack(cfg: StackConfig, catalogData: Catalog = TICKETTOKEN): Stack {
    const catalog = new CatalogIndex(catalogData);
    // Read once: the traffic groups and the NetworkPolicies must open the same addresses.
    const stripeCidrs = stripeApiCidrs();
    const network = new Network(STACK_PREFIX, {
        cidrBlock: cfg.network.vpcCidr,
        azCount: cfg.network.azCount,
        natGateways: cfg.network.natGateways,
        flowLogRetentionDays: cfg.network.flowLogRetentionDays,
        isolatedTierPorts: { data: isolatedTierPorts(catalog, "data"), messaging: isolatedTierPorts(catalog, "messaging") },
        // What the nodes need, and what the services' identities need (STS, Secrets Manager), from the catalog.
        interfaceEndpoints: [...DEFAULT_INTERFACE_ENDPOINTS, ...awsApisInUse(catalog).map(endpointService)],
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
        stripeCidrs,
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        // Workloads resolve names through CoreDNS on the nodes; the kubelet probes them from the nodes.
        platformSecurityGroupId: cluster.nodeSecurityGroupId,
        ...meshSecurityGroupArgs(catalog),
        // The administrator's one-off pods that create the services' users in the stores (README, "Store users").
        storeAdministration: true,
    });

    // The edge: the zone's own origin-pull certificates, the origin load balancer that trusts only their CA,
    // then the zone that points at it and presents the client certificate.
    const gateway = catalog.edgeService();
    const edge = cfg.edge;
    const originPull = new OriginPullCertificates(`${STACK_PREFIX}-origin-pull`, {
        zoneName: edge.zoneName,
        generations: edge.originPullCaGenerations,
    });
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
        originPullCaPem: originPull.caBundlePem,
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
        originPullCertificate: { certificatePem: originPull.clientCertPem, privateKeyPem: originPull.clientKeyPem },
        // A certificate from a new CA is uploaded only once the origin trusts that CA.
        originPullAfter: [alb.trustStore],
    });
    const stores = buildStores(cfg, catalog, network, security);
    const kubernetes = buildKubernetes(cfg, { catalog, network, cluster, security, alb, ...stores, stripeCidrs });
    return { catalog, network, cluster, security, originPull, alb, cloudflare, ...stores, kubernetes };
}

/** Ports an isolated tier admits from the private tier: its stores' ports, and their administration ports. */
function isolatedTierPorts(catalog: CatalogIndex, tier: IsolatedTier): number[] {
    const admin = administeredStores(catalog).filter((a) => catalog.store(a.store).tier === tier).map((a) => a.port);
    return [...new Set([...catalog.storePorts(tier), ...admin])].sort((a, b) => a - b);
}

/** The data stores and the broker, each behind its catalog security group in an isolated tier. */
function buildStores(cfg: StackConfig, catalog: CatalogIndex, network: Network, security: TrafficSecurityGroups) {
    // Physical names AWS does not generate (user ids, final snapshots) must differ per stack of an account.
    const identifier = `${STACK_PREFIX}-${pulumi.getStack()}`;
    const { data, messaging } = cfg;
    const protect = data.protectStatefulResources;
    const postgres = new Postgres(`${STACK_PREFIX}-postgresql`, {
        subnetIds: network.subnetIds.data,
        securityGroupId: security.groupId("postgresql"),
        identifier,
        instanceClass: data.postgres.instanceClass,
        engineVersion: data.postgres.engineVersion,
        allocatedStorageGb: data.postgres.storageGb,
        multiAz: data.postgres.multiAz,
        readReplica: data.postgres.readReplica,
        backupRetentionDays: data.postgres.backupRetentionDays,
        protect,
    });
    const redis = new Redis(`${STACK_PREFIX}-redis`, {
        subnetIds: network.subnetIds.data,
        securityGroupId: security.groupId("redis"),
        identifier,
        clients: catalog.clientsOf("redis"),
        // Who may do what, and who logs in with a password instead of an IAM token: the catalog's cacheAccess.
        clientAccess: catalog.cacheAccess(),
        engine: data.cache.engine,
        engineVersion: data.cache.engineVersion,
        nodeType: data.cache.nodeType,
        nodes: data.cache.nodes,
        snapshotRetentionDays: data.cache.snapshotRetentionDays,
        protect,
    });
    const documentDb = new DocumentDb(`${STACK_PREFIX}-mongodb`, {
        subnetIds: network.subnetIds.data,
        securityGroupId: security.groupId("mongodb"),
        identifier,
        instanceClass: data.documentDb.instanceClass,
        engineVersion: data.documentDb.engineVersion,
        instances: data.documentDb.instances,
        backupRetentionDays: data.documentDb.backupRetentionDays,
        clients: passwordLoginClients(catalog, "mongodb"),
        protect,
    });
    const rabbitmq = new RabbitMqBroker(`${STACK_PREFIX}-rabbitmq`, {
        subnetIds: network.subnetIds.messaging,
        securityGroupId: security.groupId("rabbitmq"),
        instanceType: messaging.instanceType,
        deploymentMode: messaging.deploymentMode,
        engineVersion: messaging.engineVersion,
        clients: passwordLoginClients(catalog, "rabbitmq"),
        protect,
    });
    return { postgres, redis, documentDb, rabbitmq };
}
