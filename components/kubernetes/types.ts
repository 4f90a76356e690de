// Plain types and defaults of the Kubernetes layer: no Pulumi imports, so
// config validation and pure helpers can use them cheaply.

/** Pod Security Admission levels (Pod Security Standards). */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** The platform namespaces this layer creates, besides the app namespace. */
export type PlatformNamespace = "istio-system" | "kong" | "aws-load-balancer-controller";

export const PLATFORM_NAMESPACES: readonly PlatformNamespace[] = ["istio-system", "kong", "aws-load-balancer-controller"];

/** The charts this layer installs. */
export type ChartName =
    | "istio-base" | "istio-cni" | "istiod" | "kong" | "aws-load-balancer-controller"
    // The platform's workloads (components/platform).
    | "kube-prometheus-stack" | "aws-for-fluent-bit" | "metrics-server" | "cluster-autoscaler" | "external-secrets";

/** Where a chart comes from: a pinned repository and the chart's name in it. */
export interface ChartSource {
    readonly repository: string;
    readonly chart: string;
}

/** Pinned chart repositories (HTTPS only); the versions come from config. */
export const CHART_SOURCES: Readonly<Record<ChartName, ChartSource>> = {
    "istio-base": { repository: "https://istio-release.storage.googleapis.com/charts", chart: "base" },
    "istio-cni": { repository: "https://istio-release.storage.googleapis.com/charts", chart: "cni" },
    istiod: { repository: "https://istio-release.storage.googleapis.com/charts", chart: "istiod" },
    kong: { repository: "https://charts.konghq.com", chart: "kong" },
    "aws-load-balancer-controller": { repository: "https://aws.github.io/eks-charts", chart: "aws-load-balancer-controller" },
    "kube-prometheus-stack": { repository: "https://prometheus-community.github.io/helm-charts", chart: "kube-prometheus-stack" },
    "aws-for-fluent-bit": { repository: "https://aws.github.io/eks-charts", chart: "aws-for-fluent-bit" },
    "metrics-server": { repository: "https://kubernetes-sigs.github.io/metrics-server", chart: "metrics-server" },
    "cluster-autoscaler": { repository: "https://kubernetes.github.io/autoscaler", chart: "cluster-autoscaler" },
    "external-secrets": { repository: "https://charts.external-secrets.io", chart: "external-secrets" },
};

/** Chart versions, from config (Istio's three charts share one version). */
export interface ChartVersions {
    readonly istio: string;
    readonly kong: string;
    readonly awsLoadBalancerController: string;
}

/** ECR prefixes (from the cluster's image cache) that mirror the upstream registries images come from. */
export interface ImageMirrors<T> {
    /** Mirror of docker.io (Istio, Kong). */
    readonly dockerHub: T;
    /** Mirror of public.ecr.aws (AWS Load Balancer Controller). */
    readonly ecrPublic: T;
}

/** Compute and object limits of the app namespace (a ResourceQuota). */
export interface NamespaceQuota {
    readonly requestsCpu: string;
    readonly requestsMemory: string;
    readonly limitsCpu: string;
    readonly limitsMemory: string;
    readonly pods: number;
}

/** Defaults a LimitRange gives containers that set none. */
export interface ContainerDefaults {
    readonly requestCpu: string;
    readonly requestMemory: string;
    readonly limitCpu: string;
    readonly limitMemory: string;
}

/** Istio's ports that workloads and the control plane use. */
export const MESH_PORTS = {
    /** istiod: xDS and certificate signing for sidecars (mTLS). */
    xds: 15012,
    /** istiod: sidecar injection and config validation webhooks, called by the API server. */
    webhook: 15017,
    /** Sidecar agent: the kubelet's rewritten application probes (/app-health/...). */
    status: 15020,
    /** Sidecar: its own readiness probe (/healthz/ready). */
    health: 15021,
} as const;

/** Kong's ports besides the proxy port (which is the catalog's). */
export const KONG_PORTS = {
    /** Admin API (TLS) the ingress controller pushes configuration to. */
    admin: 8444,
    /** Ingress controller's admission webhook, called by the API server. */
    admissionWebhook: 8080,
} as const;

/** The AWS Load Balancer Controller's webhook port, called by the API server. */
export const LOAD_BALANCER_CONTROLLER_WEBHOOK_PORT = 9443;

/** Label every catalog workload's pods carry: `app: <catalog name>` (seed 000). */
export const APP_LABEL = "app";

/** Node label of the managed node groups (components/cluster). */
export const NODE_GROUP_LABEL = "tickettoken/node-group";

/** Defaults of the Kubernetes layer. */
export const KUBERNETES_DEFAULTS = {
    appNamespace: "tickettoken",
    chartVersions: { istio: "1.30.1", kong: "3.4.1", awsLoadBalancerController: "3.5.0" } as ChartVersions,
    gatewayReplicas: 2,
    controllerReplicas: 2,
    rateLimitPerMinute: 600,
    jwtMaximumExpirationSeconds: 3600,
} as const;
