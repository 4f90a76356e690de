// Observability (seed 002 "Observability", seed 003 "Monitoring &
// Alerting"): kube-prometheus-stack in the monitoring namespace (Prometheus
// on encrypted gp3 volumes, Alertmanager publishing to the stack's alert
// topic through an IRSA role, Grafana with the chart's cluster dashboards
// and the platform's, kube-state-metrics, node exporter in kube-system), a
// scrape job per catalog service on its metrics port, and Fluent Bit
// shipping container logs to a CloudWatch log group the program creates with
// the configured retention, through an IRSA role scoped to that group.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../catalog";
import { IrsaRole } from "../cluster/irsa";
import { checkNames, NAME_LIMITS } from "../naming";
import { logRetentionProblem } from "../network/types";
import { helmRelease } from "../kubernetes/helm";
import { alertPublisherPolicy, logShipperPolicy } from "./iamPolicies";
import { fluentBitValues, prometheusStackValues, ScrapeTarget } from "./observabilityValues";
import { platformDashboard } from "./dashboards";
import { ObservabilitySettings } from "./types";

/** The catalog's observability workloads this component installs, by role. */
export const OBSERVABILITY_WORKLOADS = { prometheus: "prometheus", alertmanager: "alertmanager", nodeExporter: "node-exporter", fluentBit: "fluent-bit" } as const;

/** ServiceAccounts the IRSA roles trust. */
export const OBSERVABILITY_SERVICE_ACCOUNTS = { alertmanager: "alertmanager", fluentBit: "fluent-bit" } as const;

/** The log group of a cluster's container logs (beside EKS's own /aws/eks/<cluster>/cluster). */
export function containerLogGroup(clusterName: string): string {
    return `/aws/eks/${clusterName}/containers`;
}

export interface ObservabilityArgs {
    /** The validated catalog: the workloads' namespaces and Prometheus' scrape targets. */
    readonly catalog: CatalogIndex;
    /** The cluster's name (plain: the log group's name derives from it). */
    readonly clusterName: string;
    readonly settings: ObservabilitySettings;
    readonly chartVersions: { readonly kubePrometheusStack: string; readonly fluentBit: string };
    /** ECR prefixes of the image cache, by upstream host. */
    readonly mirrors: { readonly quay: pulumi.Input<string>; readonly k8s: pulumi.Input<string>; readonly dockerHub: pulumi.Input<string>; readonly ecrPublic: pulumi.Input<string> };
    /** The default StorageClass (encrypted gp3). */
    readonly storageClass: string;
    /** The alert topic and its key. */
    readonly alerts: { readonly topicArn: pulumi.Input<string>; readonly keyArn: pulumi.Input<string> };
    readonly region: pulumi.Input<string>;
    readonly dnsSuffix: pulumi.Input<string>;
    readonly oidcProviderArn: pulumi.Input<string>;
    readonly oidcIssuerUrl: pulumi.Input<string>;
    /** The catalog services' namespace (scrape targets). */
    readonly appNamespace: string;
    /** What the releases wait for: their namespaces and NetworkPolicies. @default [] */
    readonly after?: pulumi.Resource[];
    /** What the releases also wait for: the nodes, cluster DNS, and istiod (Prometheus carries a sidecar). @default [] */
    readonly podsAfter?: pulumi.Resource[];
    /** Tags of the AWS resources. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

export class Observability extends pulumi.ComponentResource {
    readonly prometheusStack: k8s.helm.v3.Release;
    readonly fluentBit: k8s.helm.v3.Release;
    readonly alertmanagerRole: IrsaRole;
    readonly fluentBitRole: IrsaRole;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** What Prometheus scrapes of the catalog. */
    readonly scrapeTargets: readonly ScrapeTarget[];

    constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:platform:Observability", name, {}, opts);
        const w = OBSERVABILITY_WORKLOADS;
        const prometheus = args.catalog.workload(w.prometheus);
        const alertmanager = args.catalog.workload(w.alertmanager);
        const fluentBit = args.catalog.workload(w.fluentBit);
        if (prometheus.namespace !== alertmanager.namespace) {
            throw new Error(`observability ${name}: the catalog puts prometheus in ${prometheus.namespace} and alertmanager in ${alertmanager.namespace}; one kube-prometheus-stack release installs both`);
        }
        const retention = logRetentionProblem(args.settings.containerLogRetentionDays);
        if (retention !== undefined) {
            throw new Error(`observability ${name}: containerLogRetentionDays: ${retention}`);
        }
        const logGroupName = containerLogGroup(args.clusterName);
        checkNames(`observability ${name}`, [{ name: logGroupName, limit: NAME_LIMITS.logGroup }]);
        const child = { parent: this };
        const tags = args.tags ?? {};

        // Fluent Bit and the CloudWatch output name this group exactly: a replacement must delete the old one first.
        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-containers`, {
            name: logGroupName,
            retentionInDays: args.settings.containerLogRetentionDays,
            tags,
        }, { parent: this, deleteBeforeReplace: true });

        const irsa = { oidcProviderArn: args.oidcProviderArn, oidcIssuerUrl: args.oidcIssuerUrl, tags };
        this.alertmanagerRole = new IrsaRole(`${name}-alertmanager`, {
            ...irsa,
            namespace: alertmanager.namespace,
            serviceAccount: OBSERVABILITY_SERVICE_ACCOUNTS.alertmanager,
            inlinePolicy: pulumi.all([args.alerts.topicArn, args.alerts.keyArn, args.region, args.dnsSuffix])
                .apply(([topic, key, region, suffix]) => JSON.stringify(alertPublisherPolicy(topic, key, region, suffix))),
        }, child);
        this.fluentBitRole = new IrsaRole(`${name}-fluent-bit`, {
            ...irsa,
            namespace: fluentBit.namespace,
            serviceAccount: OBSERVABILITY_SERVICE_ACCOUNTS.fluentBit,
            inlinePolicy: this.logGroup.arn.apply((arn) => JSON.stringify(logShipperPolicy(arn))),
        }, child);

        this.scrapeTargets = args.catalog.platformEgressFrom(w.prometheus)
            .flatMap((f) => (f.to.kind === "service" ? [{ service: f.to.name, port: f.port }] : []));
        const after = args.after ?? [];
        const podsAfter = args.podsAfter ?? [];
        this.prometheusStack = helmRelease(`${name}-prometheus-stack`, {
            chart: "kube-prometheus-stack",
            version: args.chartVersions.kubePrometheusStack,
            releaseName: "kube-prometheus-stack",
            namespace: prometheus.namespace,
            values: prometheusStackValues({
                settings: args.settings,
                storageClass: args.storageClass,
                mirrors: args.mirrors,
                alertmanager: { serviceAccount: OBSERVABILITY_SERVICE_ACCOUNTS.alertmanager, roleArn: this.alertmanagerRole.roleArn, topicArn: args.alerts.topicArn, region: args.region },
                scrape: { namespace: args.appNamespace, targets: this.scrapeTargets },
                nodeExporterNamespace: args.catalog.workload(w.nodeExporter).namespace,
            }),
        }, { parent: this, dependsOn: [...after, this.alertmanagerRole, ...podsAfter] });
        new k8s.core.v1.ConfigMap(`${name}-dashboard`, {
            // Grafana's sidecar loads every ConfigMap labelled grafana_dashboard=1 (the chart's label); no dashboard comes from the internet.
            metadata: { name: "tickettoken-platform-dashboard", namespace: prometheus.namespace, labels: { grafana_dashboard: "1" } },
            data: { "tickettoken-platform.json": JSON.stringify(platformDashboard(args.appNamespace, this.scrapeTargets)) },
        }, { parent: this, dependsOn: after });
        this.fluentBit = helmRelease(`${name}-fluent-bit`, {
            chart: "aws-for-fluent-bit",
            version: args.chartVersions.fluentBit,
            releaseName: "aws-for-fluent-bit",
            namespace: fluentBit.namespace,
            values: fluentBitValues({
                region: args.region,
                dnsSuffix: args.dnsSuffix,
                logGroupName: this.logGroup.name,
                serviceAccount: OBSERVABILITY_SERVICE_ACCOUNTS.fluentBit,
                roleArn: this.fluentBitRole.roleArn,
                ecrPublicMirror: args.mirrors.ecrPublic,
            }),
        }, { parent: this, dependsOn: [...after, this.fluentBitRole, ...podsAfter] });
        this.registerOutputs({ logGroupName: this.logGroup.name, alertmanagerRoleArn: this.alertmanagerRole.roleArn, fluentBitRoleArn: this.fluentBitRole.roleArn });
    }
}
