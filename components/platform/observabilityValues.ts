// Pure values of the observability charts: kube-prometheus-stack (Prometheus,
// Alertmanager, Grafana, kube-state-metrics, the Prometheus operator, node
// exporter) and aws-for-fluent-bit. Images come through the cluster's ECR
// pull-through cache; every pod in the monitoring namespace satisfies Pod
// Security `restricted`; nothing reaches outside the VPC but the AWS APIs
// through their endpoints.
//
// Scraping through the mesh. The catalog's services run with sidecars under
// mesh-wide mTLS STRICT, so a plain scrape of their metrics port would be
// refused. Istio documents two ways (istio.io, "Prometheus" integration,
// "TLS settings"): exclude the port from mTLS (PeerAuthentication
// portLevelMtls PERMISSIVE) or scrape with the mesh's certificates. The
// second is used: Prometheus carries a sidecar that intercepts nothing
// (includeInboundPorts and includeOutboundIPRanges empty) and only writes
// its workload certificate to a shared in-memory volume (OUTPUT_CERTS), and
// Prometheus presents it on every scrape. So STRICT stays everywhere, the
// scrape is encrypted and Prometheus is authenticated to the service's
// sidecar; Prometheus cannot verify the server (its certificate names a
// SPIFFE identity, not an address: insecure_skip_verify, as Istio's guide).
import * as pulumi from "@pulumi/pulumi";
import { RESTRICTED_CONTAINER } from "../kubernetes/helm";
import { APP_LABEL } from "../kubernetes/types";
import { ObservabilitySettings } from "./types";

/** Where the mesh's certificates are written by Prometheus' sidecar, and read by Prometheus. */
export const MESH_CERTS = { volume: "istio-certs", sidecarPath: "/etc/istio-output-certs", prometheusPath: "/etc/prom-certs" } as const;

/** One scrape target of the catalog: a service's pods in the app namespace, on its metrics port. */
export interface ScrapeTarget {
    readonly service: string;
    readonly port: number;
}

/** A Prometheus scrape job per catalog service: its pods (label app=<service>), on its metrics port, over mTLS. */
export function serviceScrapeConfigs(namespace: string, targets: readonly ScrapeTarget[]): Record<string, unknown>[] {
    return targets.map((t) => ({
        job_name: `${namespace}/${t.service}`,
        scheme: "https",
        tls_config: {
            ca_file: `${MESH_CERTS.prometheusPath}/root-cert.pem`,
            cert_file: `${MESH_CERTS.prometheusPath}/cert-chain.pem`,
            key_file: `${MESH_CERTS.prometheusPath}/key.pem`,
            insecure_skip_verify: true,
        },
        kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [namespace] } }],
        relabel_configs: [
            { source_labels: [`__meta_kubernetes_pod_label_${APP_LABEL}`], action: "keep", regex: t.service },
            { source_labels: ["__meta_kubernetes_pod_phase"], action: "keep", regex: "Running" },
            { source_labels: ["__meta_kubernetes_pod_ip"], target_label: "__address__", replacement: `$1:${t.port}` },
            { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
            { target_label: "service", replacement: t.service },
        ],
    }));
}

/** Alertmanager's receivers (seed 002: default, critical, warning), each to the alert topic with its severity as an attribute. */
export const ALERT_RECEIVERS = ["default", "critical", "warning"] as const;

/** Alertmanager's configuration: every alert to the SNS topic, signed with SigV4 (its IRSA role), by severity. */
export function alertmanagerConfig(topicArn: string, region: string): Record<string, unknown> {
    const sns = (severity: string) => ({
        topic_arn: topicArn,
        sigv4: { region },
        subject: `[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} (${severity})`,
        attributes: { severity },
        send_resolved: true,
    });
    return {
        route: {
            receiver: "default",
            group_by: ["namespace", "alertname"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
            routes: [
                // The always-firing heartbeat of the alerting pipeline: not a page.
                { receiver: "null", matchers: ['alertname = "Watchdog"'] },
                { receiver: "critical", matchers: ['severity = "critical"'] },
                { receiver: "warning", matchers: ['severity = "warning"'] },
            ],
        },
        receivers: [{ name: "null" }, ...ALERT_RECEIVERS.map((name) => ({ name, sns_configs: [sns(name)] }))],
    };
}

export interface PrometheusStackInput {
    readonly settings: ObservabilitySettings;
    /** The default StorageClass (encrypted gp3): Prometheus' volumes. */
    readonly storageClass: string;
    /** ECR prefixes mirroring quay.io, registry.k8s.io and docker.io. */
    readonly mirrors: { readonly quay: pulumi.Input<string>; readonly k8s: pulumi.Input<string>; readonly dockerHub: pulumi.Input<string> };
    /** Alertmanager's ServiceAccount, its IRSA role, and where it publishes. */
    readonly alertmanager: { readonly serviceAccount: string; readonly roleArn: pulumi.Input<string>; readonly topicArn: pulumi.Input<string>; readonly region: pulumi.Input<string> };
    /** The catalog's services to scrape, in their namespace. */
    readonly scrape: { readonly namespace: string; readonly targets: readonly ScrapeTarget[] };
    /** Where node exporter runs (it needs the host's network and /proc, /sys). */
    readonly nodeExporterNamespace: string;
}

/** Pod-level settings Pod Security `restricted` asks (the containers' are the charts' own or RESTRICTED_CONTAINER). */
const RESTRICTED_POD = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: RESTRICTED_CONTAINER.seccompProfile };

export function prometheusStackValues(i: PrometheusStackInput): Record<string, unknown> {
    const s = i.settings;
    return {
        // Components EKS runs itself (no reachable scheduler, controller manager or etcd) or that are not scraped.
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeEtcd: { enabled: false },
        kubeProxy: { enabled: false },
        coreDns: { enabled: false },
        prometheusOperator: {
            // No admission webhook (its certificate jobs pull from yet another registry) and no TLS port to scrape.
            admissionWebhooks: { enabled: false },
            tls: { enabled: false },
            serviceMonitor: { selfMonitor: false },
            image: { registry: i.mirrors.quay },
            prometheusConfigReloader: { image: { registry: i.mirrors.quay } },
        },
        prometheus: {
            serviceMonitor: { selfMonitor: false },
            prometheusSpec: {
                image: { registry: i.mirrors.quay },
                replicas: s.prometheusReplicas,
                retention: `${s.prometheusRetentionDays}d`,
                storageSpec: {
                    volumeClaimTemplate: {
                        spec: { storageClassName: i.storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${s.prometheusVolumeGi}Gi` } } },
                    },
                },
                securityContext: RESTRICTED_POD,
                // A sidecar that only fetches the mesh's certificates for the scrapes (see above).
                podMetadata: {
                    labels: { "sidecar.istio.io/inject": "true" },
                    annotations: {
                        "traffic.sidecar.istio.io/includeInboundPorts": "",
                        "traffic.sidecar.istio.io/includeOutboundIPRanges": "",
                        // Its DNS is not captured either (the mesh's default, components/kubernetes MESH_DNS): the sidecar only holds certificates.
                        "proxy.istio.io/config": JSON.stringify({ proxyMetadata: { OUTPUT_CERTS: MESH_CERTS.sidecarPath, ISTIO_META_DNS_CAPTURE: "false" } }),
                        "sidecar.istio.io/userVolumeMount": JSON.stringify([{ name: MESH_CERTS.volume, mountPath: MESH_CERTS.sidecarPath }]),
                    },
                },
                volumes: [{ name: MESH_CERTS.volume, emptyDir: { medium: "Memory" } }],
                volumeMounts: [{ name: MESH_CERTS.volume, mountPath: MESH_CERTS.prometheusPath, readOnly: true }],
                additionalScrapeConfigs: serviceScrapeConfigs(i.scrape.namespace, i.scrape.targets),
            },
        },
        alertmanager: {
            serviceMonitor: { selfMonitor: false },
            serviceAccount: {
                create: true,
                name: i.alertmanager.serviceAccount,
                annotations: { "eks.amazonaws.com/role-arn": i.alertmanager.roleArn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
            },
            config: pulumi.all([i.alertmanager.topicArn, i.alertmanager.region]).apply(([topic, region]) => alertmanagerConfig(topic, region)),
            alertmanagerSpec: {
                image: { registry: i.mirrors.quay },
                replicas: s.alertmanagerReplicas,
                securityContext: RESTRICTED_POD,
            },
        },
        grafana: {
            image: { registry: i.mirrors.dockerHub },
            // The init container that chowns the volume runs as root; fsGroup does the same.
            initChownData: { enabled: false },
            testFramework: { enabled: false },
            serviceMonitor: { enabled: false },
            persistence: { enabled: true, type: "pvc", size: `${s.grafanaVolumeGi}Gi` },
            // Dashboards from ConfigMaps (the chart's cluster dashboards and the platform's), never from the internet.
            sidecar: { image: { registry: i.mirrors.quay }, datasources: { alertmanager: { enabled: false } } },
            "grafana.ini": { analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false } },
        },
        "kube-state-metrics": { image: { registry: i.mirrors.k8s } },
        "prometheus-node-exporter": { namespaceOverride: i.nodeExporterNamespace, image: { registry: i.mirrors.quay } },
    };
}

export interface FluentBitInput {
    readonly region: pulumi.Input<string>;
    /** The partition's DNS suffix: STS is named by its regional host (the global one has no endpoint in the VPC). */
    readonly dnsSuffix: pulumi.Input<string>;
    readonly logGroupName: pulumi.Input<string>;
    readonly serviceAccount: string;
    readonly roleArn: pulumi.Input<string>;
    /** ECR prefix mirroring public.ecr.aws. */
    readonly ecrPublicMirror: pulumi.Input<string>;
}

/** aws-for-fluent-bit: container logs to the program's log group (never one Fluent Bit creates), through the regional endpoints. */
export function fluentBitValues(i: FluentBitInput): Record<string, unknown> {
    return {
        image: { repository: pulumi.interpolate`${i.ecrPublicMirror}/aws-observability/aws-for-fluent-bit` },
        serviceAccount: {
            create: true,
            name: i.serviceAccount,
            annotations: { "eks.amazonaws.com/role-arn": i.roleArn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
        },
        cloudWatchLogs: {
            enabled: true,
            region: i.region,
            logGroupName: i.logGroupName,
            logStreamPrefix: "containers-",
            // The program creates the group with its retention; Fluent Bit creates streams only.
            autoCreateGroup: false,
            stsEndpoint: pulumi.interpolate`https://sts.${i.region}.${i.dnsSuffix}`,
        },
        cloudWatch: { enabled: false },
        firehose: { enabled: false },
        kinesis: { enabled: false },
        elasticsearch: { enabled: false },
    };
}
