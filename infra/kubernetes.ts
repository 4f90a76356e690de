// Wiring of the Kubernetes layer: namespaces, pod security groups, the mesh,
// the load balancer controller, the gateway, the NetworkPolicies and the
// stores' internal names, in the order their resources need each other.
import type { Cluster } from "../components/cluster";
import type { DocumentDb, Postgres, Redis, StoreEndpoint } from "../components/data";
import type { EdgeLoadBalancer } from "../components/edge";
import { EDGE_DEFAULTS } from "../components/edge/types";
import type { RabbitMqBroker } from "../components/messaging";
import {
    Gateway,
    KONG_PORTS,
    LOAD_BALANCER_CONTROLLER_WEBHOOK_PORT,
    LoadBalancerController,
    Mesh,
    MESH_PORTS,
    Namespaces,
    NetworkPolicies,
    PodSecurityGroups,
    StoreServices,
} from "../components/kubernetes";
import type { Network } from "../components/network";
import { CLUSTER_DNS, TrafficSecurityGroupsArgs } from "../components/security";
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
    readonly podSecurityGroups: PodSecurityGroups;
    readonly mesh: Mesh;
    readonly loadBalancerController: LoadBalancerController;
    readonly gateway: Gateway;
    readonly networkPolicies: NetworkPolicies;
    readonly storeServices: StoreServices;
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
    const podSecurityGroups = new PodSecurityGroups(`${PREFIX}-pod-security-groups`, {
        catalog, namespace: app, groupIdOf: (s) => security.groupId(s), after,
    }, provider);
    const mesh = new Mesh(`${PREFIX}-mesh`, {
        catalog, appNamespace: app, version: k.chartVersions.istio, dockerHubMirror: mirror("docker.io"), istiodReplicas: k.controllerReplicas, after,
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
        rateLimitCache: cacheLogin(redis, catalog.edgeService().name),
        rateLimitPerMinute: k.rateLimitPerMinute,
        jwtMaximumExpirationSeconds: k.jwtMaximumExpirationSeconds,
        replicas: k.gatewayReplicas,
        controllerReplicas: k.controllerReplicas,
        after,
        // Gateway pods start with their sidecar, their security group and their readiness gate.
        podsAfter: [...mesh.ready, podSecurityGroups.policyOf(catalog.edgeService().name), loadBalancerController.release],
    }, provider);
    const networkPolicies = new NetworkPolicies(`${PREFIX}-network-policies`, {
        catalog,
        namespace: app,
        addressing: {
            storeCidrs: { data: network.subnetCidrs.data, messaging: network.subnetCidrs.messaging },
            stripeCidrs,
            edgeCidrs: network.subnetCidrs.public,
        },
        after,
    }, provider);
    const endpoints: StoreEndpoint[] = [postgres.endpoint, redis.endpoint, documentDb.endpoint, rabbitmq.endpoint];
    const storeServices = new StoreServices(`${PREFIX}-store-services`, {
        catalog,
        namespace: app,
        stores: endpoints.map((e) => ({ name: e.name, host: e.host, port: e.port })),
        meshReady: mesh.ready,
        after,
    }, provider);
    return { namespaces, podSecurityGroups, mesh, loadBalancerController, gateway, networkPolicies, storeServices };
}

/** The cache login of `client` (a password client of the cache), for the gateway's rate-limiting plugin. */
function cacheLogin(redis: Redis, client: string) {
    const login = redis.passwordLogins[client];
    if (!login) {
        throw new Error(`the cache has no password login for ${client}; give it cacheAccess.authentication "password" in the catalog`);
    }
    return { host: redis.endpoint.host, port: redis.endpoint.port, username: login.userName, password: login.password };
}
