// Wiring of the Kubernetes layer: namespaces, the services' identities, pod
// security groups, the mesh and its registry (stores, AWS APIs, per-workload
// sidecars), the load balancer controller, the gateway and the
// NetworkPolicies, in the order their resources need each other.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../components/cluster";
import { endpointHosts, PasswordLogin } from "../components/data";
import type { DocumentDb, Postgres, Redis, StoreEndpoint } from "../components/data";
import type { EdgeLoadBalancer } from "../components/edge";
import { EDGE_DEFAULTS } from "../components/edge/types";
import type { RabbitMqBroker } from "../components/messaging";
import { apiHost, AwsApi, GrantTargets, serviceAwsApis, WorkloadIdentities } from "../components/identity";
import {
    Gateway,
    KONG_PORTS,
    LOAD_BALANCER_CONTROLLER_WEBHOOK_PORT,
    LoadBalancerController,
    Mesh,
    MESH_PORTS,
    MeshRegistry,
    Namespaces,
    NetworkPolicies,
    PodSecurityGroups,
    StoreAdministration,
    StoreServices,
} from "../components/kubernetes";
import type { Network } from "../components/network";
import { CLUSTER_DNS, STORE_ADMIN_GROUP, TrafficSecurityGroupsArgs } from "../components/security";
import type { TrafficSecurityGroups } from "../components/security";
import type { CatalogIndex } from "../components/catalog";
import type { StackConfig } from "./config";

/** Webhooks the API server calls on the nodes: istiod, the Kong ingress controller, the load balancer controller. */
export const CLUSTER_WEBHOOK_PORTS: readonly number[] = [MESH_PORTS.webhook, KONG_PORTS.admissionWebhook, LOAD_BALANCER_CONTROLLER_WEBHOOK_PORT];

/**
 * What the catalog's pods need from the nodes besides DNS, least privilege:
 * their sidecars reach istiod (on the nodes) for config and certificates; the
 * kubelet probes the sidecar's health and the rewritten application probes;
 * the Kong ingress controller (on the nodes) calls the gateway's admin API.
 */
export function meshSecurityGroupArgs(catalog: CatalogIndex): Pick<TrafficSecurityGroupsArgs, "platformEgress" | "platformIngressPorts" | "platformIngressPortsOf"> {
    return {
        platformEgress: [...CLUSTER_DNS, { protocol: "tcp", port: MESH_PORTS.xds }],
        platformIngressPorts: [MESH_PORTS.status, MESH_PORTS.health],
        platformIngressPortsOf: { [catalog.edgeService().name]: [KONG_PORTS.admin] },
    };
}

export interface KubernetesLayer {
    readonly namespaces: Namespaces;
    readonly identities: WorkloadIdentities;
    readonly podSecurityGroups: PodSecurityGroups;
    readonly mesh: Mesh;
    readonly meshRegistry: MeshRegistry;
    readonly loadBalancerController: LoadBalancerController;
    readonly gateway: Gateway;
    readonly networkPolicies: NetworkPolicies;
    readonly storeServices: StoreServices;
    readonly storeAdministration: StoreAdministration;
}

interface Built {
    readonly catalog: CatalogIndex;
    readonly network: Network;
    readonly cluster: Cluster;
    readonly security: TrafficSecurityGroups;
    readonly alb: EdgeLoadBalancer;
    readonly postgres: Postgres;
    readonly redis: Redis;
    readonly documentDb: DocumentDb;
    readonly rabbitmq: RabbitMqBroker;
    /** Stripe's API addresses, as the traffic groups open them. */
    readonly stripeCidrs: readonly string[];
}

const PREFIX = "tickettoken";

export function buildKubernetes(cfg: StackConfig, { catalog, network, cluster, security, alb, postgres, redis, documentDb, rabbitmq, stripeCidrs }: Built): KubernetesLayer {
    const k = cfg.kubernetes;
    const provider = { provider: cluster.provider };
    const mirror = (host: string) => cluster.imageRegistries.apply((r) => {
        if (!r[host]) {
            throw new Error(`the image cache mirrors no ${host} (have: ${Object.keys(r).join(", ")})`);
        }
        return r[host];
    });
    const namespaces = new Namespaces(`${PREFIX}-namespaces`, {
        kubernetesVersion: cluster.kubernetesVersion,
        quota: k.quota,
        containerDefaults: k.containerDefaults,
    }, provider);
    const app = namespaces.appNamespace;
    const after = [namespaces];
    // Every release runs pods: on a new cluster they must wait for the node groups and CoreDNS, or their
    // atomic timeout runs out while the nodes are still joining and the release is rolled back.
    const nodes = [...cluster.workloadsReady];
    const account = awsAccount();
    const identities = new WorkloadIdentities(`${PREFIX}-identity`, {
        catalog,
        namespace: app,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuerUrl: cluster.oidcIssuerUrl,
        targetsOf: (service) => grantTargets(service, account, postgres, redis, { [documentDb.endpoint.name]: documentDb.logins, [rabbitmq.endpoint.name]: rabbitmq.logins }),
        after,
    }, provider);
    const edge = catalog.edgeService().name;
    const podSecurityGroups = new PodSecurityGroups(`${PREFIX}-pod-security-groups`, {
        catalog, namespace: app, groupIdsOf: (s) => security.podGroupIds(s), after,
    }, provider);
    const mesh = new Mesh(`${PREFIX}-mesh`, {
        catalog, appNamespace: app, version: k.chartVersions.istio, dockerHubMirror: mirror("docker.io"), istiodReplicas: k.controllerReplicas, after, podsAfter: nodes,
    }, provider);
    const endpoints: StoreEndpoint[] = [postgres.endpoint, redis.endpoint, documentDb.endpoint, rabbitmq.endpoint];
    const meshRegistry = new MeshRegistry(`${PREFIX}-mesh-registry`, {
        catalog,
        namespace: app,
        hosts: {
            stores: Object.fromEntries(endpoints.map((e) => [e.name, endpointHosts(e)])),
            awsApis: Object.fromEntries(serviceAwsApis(catalog).map((api) => [api, account.apiHost(api)])),
        },
        after: [...after, ...mesh.ready],
    }, provider);
    const loadBalancerController = new LoadBalancerController(`${PREFIX}-lb-controller`, {
        clusterName: cluster.clusterName,
        vpcId: network.vpcId,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuerUrl: cluster.oidcIssuerUrl,
        namespace: "aws-load-balancer-controller",
        chartVersion: k.chartVersions.awsLoadBalancerController,
        ecrPublicMirror: mirror("public.ecr.aws"),
        targetGroupArns: [alb.targetGroupArn],
        replicas: k.controllerReplicas,
        after,
        podsAfter: nodes,
    }, provider);
    const gateway = new Gateway(`${PREFIX}-gateway`, {
        catalog,
        namespace: app,
        controllerNamespace: "kong",
        chartVersion: k.chartVersions.kong,
        dockerHubMirror: mirror("docker.io"),
        apiHostname: k.apiHostname,
        trustedCidrs: network.subnetCidrs.public,
        targetGroupArn: alb.targetGroupArn,
        healthCheckPath: EDGE_DEFAULTS.healthCheck.path,
        serviceAccount: identities.of(edge).plan.serviceAccount,
        rateLimitCache: cacheLogin(redis, edge),
        rateLimitPerMinute: k.rateLimitPerMinute,
        jwtMaximumExpirationSeconds: k.jwtMaximumExpirationSeconds,
        tokenIssuer: k.tokenIssuer,
        replicas: k.gatewayReplicas,
        controllerReplicas: k.controllerReplicas,
        after,
        // Gateway pods start with their identity, their sidecar and its registry, their security group and their readiness gate.
        podsAfter: [...nodes, identities.of(edge).serviceAccount, ...mesh.ready, meshRegistry.sidecarOf(edge), podSecurityGroups.policyOf(edge), loadBalancerController.release],
    }, provider);
    const networkPolicies = new NetworkPolicies(`${PREFIX}-network-policies`, {
        catalog,
        namespace: app,
        addressing: {
            storeCidrs: { data: network.subnetCidrs.data, messaging: network.subnetCidrs.messaging },
            stripeCidrs,
            edgeCidrs: network.subnetCidrs.public,
            awsApiCidrs: network.subnetCidrs.endpoints,
        },
        after,
    }, provider);
    const storeServices = new StoreServices(`${PREFIX}-store-services`, {
        catalog,
        namespace: app,
        stores: endpoints.map((e) => ({
            name: e.name,
            port: e.port,
            hosts: [
                { role: "writer", host: e.host },
                ...(e.readerHost ? [{ role: "reader", host: e.readerHost }] : []),
                ...(e.memberHosts ?? []).map((host, i) => ({ role: `member-${i + 1}`, host })),
            ],
        })),
        meshReady: mesh.ready,
        after,
    }, provider);
    const storeAdministration = new StoreAdministration(`${PREFIX}-store-admin`, {
        catalog,
        kubernetesVersion: cluster.kubernetesVersion,
        groupId: security.groupId(STORE_ADMIN_GROUP),
        storeCidrs: { data: network.subnetCidrs.data, messaging: network.subnetCidrs.messaging },
    }, provider);
    return { namespaces, identities, podSecurityGroups, mesh, meshRegistry, loadBalancerController, gateway, networkPolicies, storeServices, storeAdministration };
}

/** The deploying account, region and partition, and the regional host names of the AWS APIs in them. */
export function awsAccount() {
    const region = aws.getRegionOutput({}).region;
    const partition = aws.getPartitionOutput({});
    const accountId = aws.getCallerIdentityOutput({}).accountId;
    return {
        region,
        partition: partition.partition,
        dnsSuffix: partition.dnsSuffix,
        accountId,
        apiHost: (api: AwsApi) => pulumi.all([region, partition.dnsSuffix]).apply(([r, suffix]) => apiHost(api, r, suffix)),
    };
}

/** What `service`'s grants name: the database instances, the cache and its own user, its own logins (nothing of another service). */
function grantTargets(
    service: string,
    account: ReturnType<typeof awsAccount>,
    postgres: Postgres,
    redis: Redis,
    logins: Readonly<Record<string, Readonly<Record<string, PasswordLogin>>>>,
): pulumi.Output<GrantTargets> {
    return pulumi.output({
        partition: account.partition,
        region: account.region,
        accountId: account.accountId,
        dnsSuffix: account.dnsSuffix,
        databaseResourceIds: postgres.resourceIds,
        cache: { replicationGroupArn: redis.replicationGroupArn, userArns: redis.userArns[service] ? { [service]: redis.userArns[service] } : {} },
        logins: Object.fromEntries(Object.entries(logins).map(([store, byService]) => [store, byService[service]
            ? { [service]: { secretArn: byService[service].secretArn, keyArn: byService[service].keyArn } }
            : {}])),
    });
}

/** The cache login of `client` (a password client of the cache), for the gateway's rate-limiting plugin. */
function cacheLogin(redis: Redis, client: string) {
    const login = redis.passwordLogins[client];
    if (!login) {
        throw new Error(`the cache has no password login for ${client}; give it cacheAccess.authentication "password" in the catalog`);
    }
    return { host: redis.endpoint.host, port: redis.endpoint.port, username: login.userName, password: login.password };
}
