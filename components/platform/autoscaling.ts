// Node autoscaling (seed 002 "Scaling"): Cluster Autoscaler moves each
// managed node group's desired size between its minimum and maximum with pod
// demand, through an IRSA role that may resize only this cluster's groups;
// metrics-server serves the resource metrics API that HPAs scale on. Both run
// in kube-system on the system nodes, their images through the
// registry.k8s.io mirror.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../catalog";
import { IrsaRole } from "../cluster/irsa";
import { helmRelease } from "../kubernetes/helm";
import { clusterAutoscalerPolicy, clusterAutoscalerValues, metricsServerValues } from "./autoscalingValues";
import { CLUSTER_AUTOSCALER_IMAGES } from "./types";

/** The catalog's autoscaling workloads, by role. */
export const AUTOSCALING_WORKLOADS = { clusterAutoscaler: "cluster-autoscaler", metricsServer: "metrics-server" } as const;

/** The ServiceAccount Cluster Autoscaler's role trusts. */
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";

export interface NodeAutoscalingArgs {
    /** The validated catalog: the workloads' namespaces and metrics-server's port. */
    readonly catalog: CatalogIndex;
    /** The cluster's name (plain: the role's condition names its groups' tag). */
    readonly clusterName: string;
    /** The cluster's Kubernetes minor: Cluster Autoscaler's image follows it. */
    readonly kubernetesVersion: string;
    readonly chartVersions: { readonly clusterAutoscaler: string; readonly metricsServer: string };
    /** ECR prefix mirroring registry.k8s.io. */
    readonly k8sMirror: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly oidcProviderArn: pulumi.Input<string>;
    readonly oidcIssuerUrl: pulumi.Input<string>;
    /** metrics-server replicas. @default 2 */
    readonly metricsServerReplicas?: number;
    /** What the releases wait for: their NetworkPolicies, the nodes, cluster DNS. @default [] */
    readonly after?: pulumi.Resource[];
    readonly tags?: Readonly<Record<string, string>>;
}

export class NodeAutoscaling extends pulumi.ComponentResource {
    readonly clusterAutoscaler: k8s.helm.v3.Release;
    readonly metricsServer: k8s.helm.v3.Release;
    readonly role: IrsaRole;

    constructor(name: string, args: NodeAutoscalingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:platform:NodeAutoscaling", name, {}, opts);
        const ca = args.catalog.workload(AUTOSCALING_WORKLOADS.clusterAutoscaler);
        const ms = args.catalog.workload(AUTOSCALING_WORKLOADS.metricsServer);
        const tag = CLUSTER_AUTOSCALER_IMAGES[args.kubernetesVersion];
        if (tag === undefined) {
            throw new Error(`node autoscaling ${name}: no Cluster Autoscaler release is pinned for Kubernetes ${args.kubernetesVersion} (have ${Object.keys(CLUSTER_AUTOSCALER_IMAGES).join(", ")})`);
        }
        const port = (ms.apiServerCalls ?? []).map((n) => ms.ports.find((p) => p.name === n)!.port)[0];
        if (port === undefined) {
            throw new Error(`node autoscaling ${name}: the catalog's ${ms.name} names no port the API server calls (the metrics API)`);
        }
        const after = args.after ?? [];
        this.role = new IrsaRole(`${name}-cluster-autoscaler`, {
            oidcProviderArn: args.oidcProviderArn,
            oidcIssuerUrl: args.oidcIssuerUrl,
            namespace: ca.namespace,
            serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
            inlinePolicy: JSON.stringify(clusterAutoscalerPolicy(args.clusterName)),
            tags: args.tags,
        }, { parent: this });
        this.clusterAutoscaler = helmRelease(`${name}-cluster-autoscaler`, {
            chart: "cluster-autoscaler",
            version: args.chartVersions.clusterAutoscaler,
            releaseName: "cluster-autoscaler",
            namespace: ca.namespace,
            values: clusterAutoscalerValues({
                clusterName: args.clusterName,
                region: args.region,
                serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
                roleArn: this.role.roleArn,
                k8sMirror: args.k8sMirror,
                imageTag: tag,
            }),
        }, { parent: this, dependsOn: [...after, this.role] });
        this.metricsServer = helmRelease(`${name}-metrics-server`, {
            chart: "metrics-server",
            version: args.chartVersions.metricsServer,
            releaseName: "metrics-server",
            namespace: ms.namespace,
            values: metricsServerValues({ port, k8sMirror: args.k8sMirror, replicas: args.metricsServerReplicas ?? 2 }),
        }, { parent: this, dependsOn: after });
        this.registerOutputs({ roleArn: this.role.roleArn });
    }
}
