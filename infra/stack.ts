// Wires the components together from validated config and the catalog. No
// decisions live here: config and the catalog decide, components build.
import * as pulumi from "@pulumi/pulumi";
import { cachePrefix, Cluster, CLUSTER_DEFAULTS, EKS_UNSUPPORTED_ZONE_IDS, EKS_UNSUPPORTED_ZONES_SOURCE, UPSTREAM_REGISTRIES } from "../components/cluster";
import { checkIdentifier, DocumentDb, Postgres, Redis } from "../components/data";
import { NAME_LIMITS, nameProblem } from "../components/naming";
import { RabbitMqBroker } from "../components/messaging";
import { KubernetesLayer, buildKubernetes, CLUSTER_WEBHOOK_PORTS, meshSecurityGroupArgs } from "./kubernetes";
import { buildOperations, OperationsLayer } from "./operations";
import { buildPlatform, PlatformLayer } from "./platform";
import { DEFAULT_INTERFACE_ENDPOINTS, Network } from "../components/network";
import { administeredStores, awsApisInUse, endpointService, passwordLoginClients } from "../components/identity";
import { RulePlanOptions, TrafficSecurityGroups } from "../components/security";
import { CloudflareEdge, EdgeLoadBalancer, OriginPullCertificates } from "../components/edge";
import { DeployRunner } from "../components/deploy";
import { stripeApiCidrs, stripeWebhookCidrs } from "./addresses";
import { Catalog, CatalogIndex, IsolatedTier, withFeatures } from "../components/catalog";
import { apiServerPorts, autoDiscoveryTags, NodePort, nodeToNodePorts } from "../components/platform";
import { TICKETTOKEN } from "./catalog";
import { StackConfig } from "./config";
import { checkStackSecurityGroups, GroupOwners, planStackSecurityGroups } from "./securityGroups";

/** Name prefix of every top-level component. */
export const STACK_PREFIX = "tickettoken";

/**
 * The workflows (`name:` in .github/workflows) whose jobs run on the deploy
 * runner: previews with refresh and deployments, the jobs that reach the
 * cluster. A job of a reusable workflow belongs to its caller's run, so
 * deploy-stack.yml's jobs are the deploy workflow's; its own name is listed
 * as well in case GitHub reports the called workflow's name.
 */
export const DEPLOY_WORKFLOWS: readonly string[] = ["pull-request", "deploy", "deploy-stack"];

/** The deploy runner's CodeBuild project name for a stack; the workflows' runs-on labels repeat it. */
export function deployProjectName(stack: string): string {
    return `${STACK_PREFIX}-${stack}-deploy`;
}

/** The components that own security groups, by the names they are built with. */
export const GROUP_OWNERS: GroupOwners = {
    network: STACK_PREFIX,
    cluster: `${STACK_PREFIX}-cluster`,
    traffic: `${STACK_PREFIX}-traffic`,
    edge: `${STACK_PREFIX}-edge`,
    deploy: `${STACK_PREFIX}-deploy`,
};

/** How buildStack runs. */
export interface StackOptions {
    /**
     * Hold every security group and interface to AWS's default quotas before anything is registered.
     * Only the benchmark turns it off: its generated catalogs (up to 700 services behind one gateway)
     * are beyond what any AWS account allows, and it measures the program, not a deployment. @default true
     */
    readonly checkQuotas?: boolean;
}

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
    readonly operations: OperationsLayer;
    readonly platform: PlatformLayer;
    readonly deployRunner: DeployRunner;
}

/** Builds the whole stack; `catalogData` is TicketToken's catalog except in benchmarks of larger ones. */
export function buildStack(cfg: StackConfig, catalogData: Catalog = TICKETTOKEN, options: StackOptions = {}): Stack {
    // One cluster and one set of stores per stack: the stack name keeps those of one account apart.
    const stackName = `${STACK_PREFIX}-${pulumi.getStack()}`;
    checkStackNames(stackName);
    // Platform workloads (and their flows) of the features the stack turns on.
    const catalog = new CatalogIndex(withFeatures(catalogData, cfg.platform.features));
    // Read once: the traffic groups and the NetworkPolicies must open the same addresses.
    const stripeCidrs = stripeApiCidrs();
    const trafficPlan = trafficPlanOf(catalog, stripeCidrs);
    const { controlPlaneToNodePorts, nodeToNodePorts: nodeToNode } = clusterPortsOf(catalog);
    if (options.checkQuotas ?? true) {
        checkStackSecurityGroups(planStackSecurityGroups({
            catalog,
            owners: GROUP_OWNERS,
            traffic: trafficPlan,
            vpcCidr: cfg.network.vpcCidr,
            controlPlaneToNodePorts,
            nodeToNodePorts: nodeToNode,
            cloudflareRanges: cfg.edge.cloudflareRanges,
        }));
    }
    const network = new Network(GROUP_OWNERS.network, {
        cidrBlock: cfg.network.vpcCidr,
        azCount: cfg.network.azCount,
        natGateways: cfg.network.natGateways,
        flowLogRetentionDays: cfg.network.flowLogRetentionDays,
        isolatedTierPorts: { data: isolatedTierPorts(catalog, "data"), messaging: isolatedTierPorts(catalog, "messaging") },
        // What the nodes need, and what the services' identities need (STS, Secrets Manager), from the catalog.
        interfaceEndpoints: [...DEFAULT_INTERFACE_ENDPOINTS, ...awsApisInUse(catalog).map(endpointService)],
        // The cluster, its nodes and the stores share the subnets' zones: none where EKS refuses a subnet.
        excludedZones: { ids: EKS_UNSUPPORTED_ZONE_IDS, reason: EKS_UNSUPPORTED_ZONES_SOURCE },
    });
    const cluster = new Cluster(GROUP_OWNERS.cluster, {
        clusterName: stackName,
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
        access: cfg.cluster.access,
        deletionProtection: cfg.cluster.deletionProtection,
        dockerHubCredentialArn: cfg.cluster.dockerHubCredentialArn,
        githubCredentialArn: cfg.platform.githubCredentialArn,
        nodeGroupTags: cfg.platform.features.has("autoscaling") ? autoDiscoveryTags(stackName) : {},
        autoscaled: cfg.platform.features.has("autoscaling"),
        controlPlaneToNodePorts,
        nodeToNodePorts: nodeToNode,
        // Nodes have no route to the internet in their group: ECR, STS, EC2 and S3 only through the endpoints.
        nodesAfter: network.endpointsReady,
    });
    const security = new TrafficSecurityGroups(GROUP_OWNERS.traffic, {
        vpcId: network.vpcId,
        catalog,
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        // Workloads resolve names through CoreDNS on the nodes; the kubelet probes them from the nodes.
        platformSecurityGroupId: cluster.nodeSecurityGroupId,
        // Platform pods with a group of their own (Prometheus) call the API server.
        controlPlaneSecurityGroupId: cluster.controlPlaneSecurityGroupId,
        ...trafficPlan,
    });

    // The edge: the zone's own origin-pull certificates, the origin load balancer that trusts only their CA,
    // then the zone that points at it and presents the client certificate.
    const gateway = catalog.edgeService();
    const edge = cfg.edge;
    const originPull = new OriginPullCertificates(`${STACK_PREFIX}-origin-pull`, {
        zoneName: edge.zoneName,
        generations: edge.originPullCaGenerations,
    });
    const alb = new EdgeLoadBalancer(GROUP_OWNERS.edge, {
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
        existingRulesets: edge.existingRulesets,
        originPullCertificate: { certificatePem: originPull.clientCertPem, privateKeyPem: originPull.clientKeyPem },
        // A certificate from a new CA is uploaded only once the origin trusts that CA.
        originPullAfter: [alb.trustStore],
    });
    const stores = buildStores(cfg, catalog, network, security, stackName);
    const kubernetes = buildKubernetes(cfg, { catalog, network, cluster, security, alb, ...stores, stripeCidrs });
    const operations = buildOperations(cfg, { network, cluster, alb, ...stores });
    const platform = buildPlatform(cfg, { clusterName: stackName, catalog, security, network, cluster, kubernetes, operations, documentDb: stores.documentDb, rabbitmq: stores.rabbitmq });
    // Needs nothing of the Kubernetes layer, so the first `up` (which excludes that layer) creates it.
    const deployRunner = new DeployRunner(GROUP_OWNERS.deploy, {
        projectName: deployProjectName(pulumi.getStack()),
        repository: cfg.deploy.repository,
        connectionArn: cfg.deploy.connectionArn,
        workflowNames: DEPLOY_WORKFLOWS,
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        subnetIds: network.subnetIds.private,
        controlPlaneSecurityGroupId: cluster.controlPlaneSecurityGroupId,
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        computeType: cfg.deploy.computeType,
        concurrentBuilds: cfg.deploy.concurrentBuilds,
        logRetentionDays: cfg.deploy.logRetentionDays,
    });
    return { catalog, network, cluster, security, originPull, alb, cloudflare, ...stores, kubernetes, operations, platform, deployRunner };
}

/**
 * What the nodes' and control plane's groups open besides their own needs: the API server calls the mesh's, the
 * gateway controller's and the load balancer controller's webhooks, and the platform workloads' webhooks and
 * aggregated APIs the catalog names; platform pods reach each other, kubelets and istiod on the nodes.
 */
export function clusterPortsOf(catalog: CatalogIndex): { controlPlaneToNodePorts: number[]; nodeToNodePorts: NodePort[] } {
    return {
        controlPlaneToNodePorts: [...new Set([...CLUSTER_DEFAULTS.controlPlaneToNodePorts, ...CLUSTER_WEBHOOK_PORTS, ...apiServerPorts(catalog)])],
        nodeToNodePorts: nodeToNodePorts(catalog),
    };
}

/** What the traffic groups are planned with: Stripe's addresses, the mesh's ports on the nodes, the store administrator's group. */
export function trafficPlanOf(catalog: CatalogIndex, stripeCidrs: readonly string[]): Omit<RulePlanOptions, "platform"> {
    // The administrator's one-off pods that create the services' users in the stores (README, "Store users").
    return { stripeCidrs, ...meshSecurityGroupArgs(catalog), storeAdministration: true };
}

/** Ports an isolated tier admits from the private tier: its stores' ports, and their administration ports. */
function isolatedTierPorts(catalog: CatalogIndex, tier: IsolatedTier): number[] {
    const admin = administeredStores(catalog).filter((a) => catalog.store(a.store).tier === tier).map((a) => a.port);
    return [...new Set([...catalog.storePorts(tier), ...admin])].sort((a, b) => a - b);
}

/** The data stores and the broker, each behind its catalog security group in an isolated tier. */
function buildStores(cfg: StackConfig, catalog: CatalogIndex, network: Network, security: TrafficSecurityGroups, stackName: string) {
    // Physical names AWS does not generate (user ids, final snapshots) must differ per stack of an account.
    const identifier = stackName;
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

/**
 * Every name the stack fixes from its own name, checked before anything is registered, so that a long
 * or odd stack name fails the plan with the limit it breaks instead of failing at AWS: the EKS cluster
 * name, the pull-through cache prefixes (ECR: 2 to 30 characters) and the stores' identifier (user ids,
 * final snapshots).
 */
export function checkStackNames(stackName: string): void {
    const problems = [
        nameProblem(stackName, NAME_LIMITS.eksCluster),
        ...UPSTREAM_REGISTRIES.map((upstream) => {
            try {
                cachePrefix(stackName, upstream);
                return undefined;
            } catch (e) {
                return (e as Error).message;
            }
        }),
        (() => {
            try {
                checkIdentifier(stackName);
                return undefined;
            } catch (e) {
                return (e as Error).message;
            }
        })(),
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
        throw new Error(`the names derived from "${stackName}" (the project and the stack name) are refused by AWS; shorten the stack name: ${problems.join("; ")}`);
    }
}
