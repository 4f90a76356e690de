// Wiring of the platform's workloads in the cluster: their namespaces and
// NetworkPolicies (from the catalog's platform entries), then observability,
// node autoscaling and secrets delivery, each where its feature is on. After
// the Kubernetes layer (the app namespace, the services' identities, istiod)
// and the operations layer (the alert topic).
import type { Cluster } from "../components/cluster";
import type { CatalogIndex } from "../components/catalog";
import type { DocumentDb } from "../components/data";
import type { RabbitMqBroker } from "../components/messaging";
import type { Network } from "../components/network";
import type { TrafficSecurityGroups } from "../components/security";
import { NodeAutoscaling, Observability, PlatformNamespaces, SecretsDelivery } from "../components/platform";
import type { KubernetesLayer } from "./kubernetes";
import { awsAccount } from "./kubernetes";
import type { OperationsLayer } from "./operations";
import type { StackConfig } from "./config";

export interface PlatformLayer {
    readonly namespaces: PlatformNamespaces;
    /** Undefined when the feature is off. */
    readonly observability?: Observability;
    readonly autoscaling?: NodeAutoscaling;
    readonly secrets?: SecretsDelivery;
}

interface Built {
    readonly security: TrafficSecurityGroups;
    /** The EKS cluster's name (plain: the log group and the autoscaler's tag condition derive from it). */
    readonly clusterName: string;
    readonly catalog: CatalogIndex;
    readonly network: Network;
    readonly cluster: Cluster;
    readonly kubernetes: KubernetesLayer;
    readonly operations: OperationsLayer;
    readonly documentDb: DocumentDb;
    readonly rabbitmq: RabbitMqBroker;
}

const PREFIX = "tickettoken";

export function buildPlatform(cfg: StackConfig, { clusterName, catalog, security, network, cluster, kubernetes, operations, documentDb, rabbitmq }: Built): PlatformLayer {
    const p = cfg.platform;
    const provider = { provider: cluster.provider };
    const mirror = (host: string) => cluster.imageRegistries.apply((r) => {
        if (!r[host]) {
            throw new Error(`the image cache mirrors no ${host} (have: ${Object.keys(r).join(", ")}); the platform's images come from there`);
        }
        return r[host];
    });
    const app = kubernetes.namespaces.appNamespace;
    const account = awsAccount();
    const namespaces = new PlatformNamespaces(`${PREFIX}-platform`, {
        catalog,
        kubernetesVersion: cluster.kubernetesVersion,
        addressing: {
            appNamespace: app,
            nodeCidrs: network.subnetCidrs.private,
            serviceCidr: cfg.network.serviceCidr,
            awsApiCidrs: network.subnetCidrs.endpoints,
        },
        after: [kubernetes.namespaces],
        podGroupIdOf: (workload) => security.groupId(workload),
    }, provider);
    // Every release runs pods: after its namespace and policies, the nodes and CoreDNS.
    const after = [namespaces, ...cluster.workloadsReady];
    const oidc = { oidcProviderArn: cluster.oidcProviderArn, oidcIssuerUrl: cluster.oidcIssuerUrl };

    let observability: Observability | undefined;
    if (p.observability !== undefined) {
        observability = new Observability(`${PREFIX}-observability`, {
            catalog,
            clusterName,
            settings: p.observability,
            chartVersions: { kubePrometheusStack: p.chartVersions.kubePrometheusStack, fluentBit: p.chartVersions.fluentBit },
            mirrors: { quay: mirror("quay.io"), k8s: mirror("registry.k8s.io"), dockerHub: mirror("docker.io"), ecrPublic: mirror("public.ecr.aws") },
            storageClass: cluster.defaultStorageClass,
            alerts: { topicArn: operations.alerts.topicArn, keyArn: operations.alerts.keyArn },
            region: account.region,
            dnsSuffix: account.dnsSuffix,
            ...oidc,
            appNamespace: app,
            after,
            // Prometheus carries a sidecar: istiod injects it.
            podsAfter: kubernetes.mesh.ready,
        }, provider);
    }

    let autoscaling: NodeAutoscaling | undefined;
    if (p.features.has("autoscaling")) {
        autoscaling = new NodeAutoscaling(`${PREFIX}-autoscaling`, {
            catalog,
            clusterName,
            kubernetesVersion: cluster.kubernetesVersion,
            chartVersions: { clusterAutoscaler: p.chartVersions.clusterAutoscaler, metricsServer: p.chartVersions.metricsServer },
            k8sMirror: mirror("registry.k8s.io"),
            region: account.region,
            ...oidc,
            metricsServerReplicas: cfg.kubernetes.controllerReplicas,
            after,
        }, provider);
    }

    let secrets: SecretsDelivery | undefined;
    if (p.features.has("secrets")) {
        const logins: Readonly<Record<string, DocumentDb["logins"]>> = { [documentDb.endpoint.name]: documentDb.logins, [rabbitmq.endpoint.name]: rabbitmq.logins };
        secrets = new SecretsDelivery(`${PREFIX}-secrets`, {
            catalog,
            chartVersion: p.chartVersions.externalSecrets,
            ghcrMirror: mirror("ghcr.io"),
            region: account.region,
            appNamespace: app,
            serviceAccountOf: (service) => kubernetes.identities.of(service).plan.serviceAccount,
            secretArnOf: (service, store) => {
                const login = logins[store]?.[service];
                if (!login) {
                    throw new Error(`secrets delivery: ${store} has no login for ${service}`);
                }
                return login.secretArn;
            },
            after,
            storeAfter: (service) => [kubernetes.identities.of(service).serviceAccount, kubernetes.identities.of(service).role],
        }, provider);
    }
    return { namespaces, observability, autoscaling, secrets };
}
