// Plain types and defaults of the platform's own workloads in the cluster
// (observability, node autoscaling, secrets delivery): no Pulumi imports, so
// config validation and pure helpers can use them cheaply.

/** Charts the platform layer installs, besides the Kubernetes layer's. */
export type PlatformChart = "kube-prometheus-stack" | "aws-for-fluent-bit" | "metrics-server" | "cluster-autoscaler" | "external-secrets";

/** Chart versions, from config. */
export interface PlatformChartVersions {
    readonly kubePrometheusStack: string;
    readonly fluentBit: string;
    readonly metricsServer: string;
    readonly clusterAutoscaler: string;
    readonly externalSecrets: string;
}

/** Prometheus, Alertmanager, Grafana and Fluent Bit, as configured. */
export interface ObservabilitySettings {
    readonly prometheusReplicas: number;
    readonly prometheusRetentionDays: number;
    readonly prometheusVolumeGi: number;
    readonly alertmanagerReplicas: number;
    readonly grafanaVolumeGi: number;
    /** Days CloudWatch keeps the containers' logs. */
    readonly containerLogRetentionDays: number;
}

/** Chart versions of the project's defaults (Pulumi.yaml declares them; the key-pinning tool refreshes these). */
export const PLATFORM_CHART_DEFAULTS: PlatformChartVersions = {
    kubePrometheusStack: "88.5.3",
    fluentBit: "0.2.0",
    metricsServer: "3.13.1",
    clusterAutoscaler: "9.59.0",
    externalSecrets: "2.9.0",
};

/** Bounds of each setting (what config accepts). */
export const OBSERVABILITY_BOUNDS: Readonly<Record<Exclude<keyof ObservabilitySettings, "containerLogRetentionDays">, { min: number; max: number }>> = {
    prometheusReplicas: { min: 1, max: 5 },
    prometheusRetentionDays: { min: 1, max: 365 },
    // EBS gp3 volumes are 1 GiB to 16 TiB (Amazon EBS User Guide, "Amazon EBS General Purpose SSD volumes").
    prometheusVolumeGi: { min: 10, max: 16384 },
    alertmanagerReplicas: { min: 1, max: 5 },
    grafanaVolumeGi: { min: 1, max: 16384 },
};

/** The namespace of the monitoring stack (Pod Security restricted, default deny). */
export const MONITORING_NAMESPACE = "monitoring";

/** The namespace of the External Secrets Operator (Pod Security restricted, default deny). */
export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";

/**
 * Cluster Autoscaler's minor must match the cluster's (its README: "We
 * recommend using Cluster Autoscaler with the Kubernetes control plane
 * version for which it was meant"). The newest patch of each minor this
 * program supports (kubernetes/autoscaler tags cluster-autoscaler-1.x.y).
 */
export const CLUSTER_AUTOSCALER_IMAGES: Readonly<Record<string, string>> = {
    "1.33": "v1.33.6",
    "1.34": "v1.34.5",
    "1.35": "v1.35.2",
};
