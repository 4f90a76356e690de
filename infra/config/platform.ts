// Config of the platform's workloads in the cluster: observability
// (Prometheus, Alertmanager, Grafana, Fluent Bit), node autoscaling (Cluster
// Autoscaler, metrics-server) and secrets delivery (External Secrets
// Operator), each on or off, with chart versions and sizes.
import { ConfigReader } from "./reader";
import { ClusterConfig } from "./cluster";
import { LOG_RETENTION_DAYS } from "./network";
import { CHART_VERSION } from "../../components/kubernetes/helm";
import { CACHE_CREDENTIAL_ARN } from "../../components/cluster/imageCache";
import { CLUSTER_AUTOSCALER_IMAGES, OBSERVABILITY_BOUNDS, ObservabilitySettings, PlatformChartVersions } from "../../components/platform/types";
import type { PlatformFeature } from "../../components/catalog";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../../components/cluster/types";

export interface PlatformConfig {
    /** The features whose workloads (and flows) the stack installs. */
    readonly features: ReadonlySet<PlatformFeature>;
    /** Undefined when observability is off. */
    readonly observability?: ObservabilitySettings;
    readonly chartVersions: PlatformChartVersions;
    /** Secrets Manager secret with GitHub credentials for the image cache (ghcr.io); undefined: ghcr.io not mirrored. */
    readonly githubCredentialArn?: string;
}

function chartVersion(r: ConfigReader, key: string): string {
    return r.string(key, CHART_VERSION, "must be an exact chart version like 1.2.3 (no ranges: an upgrade is a reviewed change)");
}

export function readPlatformConfig(r: ConfigReader, cluster: ClusterConfig): PlatformConfig {
    const features = new Set<PlatformFeature>();
    const on = (key: string, feature: PlatformFeature) => {
        if (r.boolean(key)) {
            features.add(feature);
        }
    };
    on("observability", "observability");
    on("nodeAutoscaling", "autoscaling");
    on("externalSecrets", "secrets");
    const bounded = (key: keyof typeof OBSERVABILITY_BOUNDS) => r.integer(key, OBSERVABILITY_BOUNDS[key].min, OBSERVABILITY_BOUNDS[key].max);
    const settings: ObservabilitySettings = {
        prometheusReplicas: bounded("prometheusReplicas"),
        prometheusRetentionDays: bounded("prometheusRetentionDays"),
        prometheusVolumeGi: bounded("prometheusVolumeGi"),
        alertmanagerReplicas: bounded("alertmanagerReplicas"),
        grafanaVolumeGi: bounded("grafanaVolumeGi"),
        containerLogRetentionDays: r.integerIn("containerLogRetentionDays", LOG_RETENTION_DAYS),
    };
    const github = r.string("githubCredentialArn", /^$|.*/, "");
    if (github !== "" && !CACHE_CREDENTIAL_ARN.test(github)) {
        r.reject("githubCredentialArn", github, "must be empty or the ARN of a Secrets Manager secret named ecr-pullthroughcache/..., as ECR pull-through cache requires");
    }
    if (features.has("secrets") && github === "") {
        r.reject("githubCredentialArn", github, "must name the ecr-pullthroughcache/ secret while externalSecrets is on: the operator's images are published on ghcr.io only, which ECR mirrors only with credentials, and nodes have no other way out");
    }
    // Cluster Autoscaler's role cannot read a group's shape from EKS (no eks:DescribeNodegroup), so it cannot grow a group from zero.
    for (const [role, key] of [["system", "systemNodeBounds"], ["apps", "appNodeBounds"]] as const) {
        if (features.has("autoscaling") && cluster.nodeGroups[role].counts.min < 1 && !r.rejected(key)) {
            r.reject(key, `${cluster.nodeGroups[role].counts.min}-${cluster.nodeGroups[role].counts.max}`, "must keep at least one node while nodeAutoscaling is on: Cluster Autoscaler here does not scale a group up from zero");
        }
    }
    if (features.has("autoscaling") && SUPPORTED_KUBERNETES_VERSIONS.includes(cluster.kubernetesVersion) && CLUSTER_AUTOSCALER_IMAGES[cluster.kubernetesVersion] === undefined) {
        r.reject("kubernetesVersion", cluster.kubernetesVersion, `has no Cluster Autoscaler release pinned (components/platform/types.ts: ${Object.keys(CLUSTER_AUTOSCALER_IMAGES).join(", ")})`);
    }
    return {
        features,
        observability: features.has("observability") ? settings : undefined,
        chartVersions: {
            kubePrometheusStack: chartVersion(r, "kubePrometheusStackChartVersion"),
            fluentBit: chartVersion(r, "fluentBitChartVersion"),
            metricsServer: chartVersion(r, "metricsServerChartVersion"),
            clusterAutoscaler: chartVersion(r, "clusterAutoscalerChartVersion"),
            externalSecrets: chartVersion(r, "externalSecretsChartVersion"),
        },
        githubCredentialArn: github === "" ? undefined : github,
    };
}
