// Plain types and defaults of the cluster component: no Pulumi imports, so
// config validation and pure helpers can use them cheaply.

/**
 * Kubernetes minor versions this program accepts: those in EKS standard
 * support when this list was last reviewed (1.35 released 2026-01-28, 1.32
 * leaves standard support 2026-03-23). Review it when EKS releases or retires
 * a version; it is the one place versions are listed.
 */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = ["1.33", "1.34", "1.35"];

/**
 * Zone IDs where EKS refuses a cluster's subnets (EKS User Guide, "View Amazon EKS networking requirements
 * for VPC and subnets", subnet requirements: "The subnets can't reside in the following Availability
 * Zones": us-east-1 use1-az3, us-west-1 usw1-az2, ca-central-1 cac1-az3; the API answers
 * UnsupportedAvailabilityZoneException). Zone IDs, not names: us-east-1c is use1-az3 in one account and
 * not in another. An ID names one zone of one region, so the whole list applies in every region.
 * Review it with the guide when EKS changes it.
 */
export const EKS_UNSUPPORTED_ZONE_IDS: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];

/** Where EKS_UNSUPPORTED_ZONE_IDS comes from, for messages. */
export const EKS_UNSUPPORTED_ZONES_SOURCE = 'EKS refuses cluster subnets there: EKS User Guide, "View Amazon EKS networking requirements for VPC and subnets"';

/** Every control-plane log type EKS can send to CloudWatch; all are enabled. */
export const CONTROL_PLANE_LOG_TYPES: readonly string[] = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** The two managed node groups (seed 002): cluster services, and the platform's workloads. */
export type NodeGroupRole = "system" | "apps";

export const NODE_GROUP_ROLES: readonly NodeGroupRole[] = ["system", "apps"];

/** Node counts of one managed node group. */
export interface NodeCounts {
    readonly min: number;
    readonly desired: number;
    readonly max: number;
}

/** Shape of one managed node group. */
export interface NodeGroupSpec {
    /** Instance types, all of one CPU architecture and able to carry pod ENIs. */
    readonly instanceTypes: readonly string[];
    readonly counts: NodeCounts;
}

/** EKS-managed add-ons this cluster installs. */
export type AddonName = "vpc-cni" | "kube-proxy" | "coredns" | "aws-ebs-csi-driver";

export const ADDON_NAMES: readonly AddonName[] = ["vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver"];

/**
 * Upstream registries mirrored into ECR by pull-through cache rules, so that
 * nodes with no route to the internet can run third-party images. ECR's
 * supported upstreams and which need credentials: Amazon ECR User Guide,
 * "Sync an upstream registry with an Amazon ECR private registry".
 * "ecr-public": public.ecr.aws (AWS Load Balancer Controller, Fluent Bit), no credentials.
 * "docker-hub": registry-1.docker.io (Istio, Kong, Grafana), credentials required.
 * "quay": quay.io (Prometheus, Alertmanager, the Prometheus operator, node exporter), no credentials.
 * "k8s": registry.k8s.io (kube-state-metrics, metrics-server, Cluster Autoscaler), no credentials.
 * "ghcr": ghcr.io (External Secrets Operator), credentials required.
 * The keys are the prefixes' last part: "<cluster>-<key>" must fit ECR's 30 characters.
 */
export type UpstreamRegistry = "ecr-public" | "docker-hub" | "quay" | "k8s" | "ghcr";

export const UPSTREAM_REGISTRIES: readonly UpstreamRegistry[] = ["ecr-public", "docker-hub", "quay", "k8s", "ghcr"];

/** Credential secrets of the upstreams that need one (Secrets Manager, ecr-pullthroughcache/...); an upstream without is not mirrored. */
export interface CacheCredentials {
    readonly dockerHub?: string;
    readonly github?: string;
}

/** The upstreams a cluster mirrors: those without credentials always, the others when their secret is given. */
export function cacheUpstreams(credentials: CacheCredentials): UpstreamRegistry[] {
    return UPSTREAM_REGISTRIES.filter((u) => {
        switch (u) {
            case "ecr-public":
            case "quay":
            case "k8s":
                return true;
            case "docker-hub":
                return credentials.dockerHub !== undefined;
            case "ghcr":
                return credentials.github !== undefined;
        }
    });
}

/** Defaults of ClusterArgs. */
export const CLUSTER_DEFAULTS = {
    kubernetesVersion: "1.34",
    logRetentionDays: 365,
    endpointPublicAccessCidrs: [] as readonly string[],
    deletionProtection: true,
    // Kubelet (logs, exec, port-forward) and webhooks served on 443.
    controlPlaneToNodePorts: [443, 10250] as readonly number[],
    rootVolumeGiB: 50,
    detailedMonitoring: true,
} as const;
