// Pure values and IAM policy of node autoscaling: Cluster Autoscaler on the
// managed node groups (auto-discovered by the tags EKS puts on their Auto
// Scaling groups), and metrics-server for HPAs.
//
// Cluster Autoscaler, not Karpenter: the node groups are EKS managed node
// groups from launch templates (IMDSv2 hop limit 1, encrypted roots, the
// nodes' own security group) with a minimum and maximum per environment;
// Cluster Autoscaler moves each group's desired size between those bounds
// and changes nothing else. Karpenter would launch instances itself, outside
// the node groups, and need its own NodePool and EC2NodeClass copies of the
// launch template's settings, an interruption queue and rights to create
// instances and pass the node role.
import * as pulumi from "@pulumi/pulumi";
import { RESTRICTED_CONTAINER } from "../kubernetes/helm";
import { NODE_GROUP_LABEL } from "../kubernetes/types";

/** Auto-discovery tags EKS puts on every managed node group's Auto Scaling group (EKS user guide, "Managed node groups": "automatically tagged for auto-discovery by the Kubernetes Cluster Autoscaler"). */
export function autoDiscoveryTags(clusterName: string): Record<string, string> {
    return { "k8s.io/cluster-autoscaler/enabled": "true", [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned" };
}

/** Read-only calls Cluster Autoscaler makes, which IAM cannot scope to a resource (cluster-autoscaler/cloudprovider/aws/README.md, "Full Cluster Autoscaler Features Policy (Recommended)"). */
export const AUTOSCALER_DESCRIBE_ACTIONS: readonly string[] = [
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:DescribeAutoScalingInstances",
    "autoscaling:DescribeLaunchConfigurations",
    "autoscaling:DescribeScalingActivities",
    "autoscaling:DescribeTags",
    "ec2:DescribeImages",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:GetInstanceTypesFromInstanceRequirements",
];

/** What it changes: the size of a group of this cluster, and which instance leaves it. */
export const AUTOSCALER_SCALE_ACTIONS: readonly string[] = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"];

/** The policy: describe anything, resize only Auto Scaling groups tagged as this cluster's. */
export function clusterAutoscalerPolicy(clusterName: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "Describe", Effect: "Allow", Action: [...AUTOSCALER_DESCRIBE_ACTIONS], Resource: "*" },
            {
                Sid: "ScaleThisClustersGroups",
                Effect: "Allow",
                Action: [...AUTOSCALER_SCALE_ACTIONS],
                Resource: "*",
                Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
            },
        ],
    };
}

export interface ClusterAutoscalerInput {
    readonly clusterName: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly serviceAccount: string;
    readonly roleArn: pulumi.Input<string>;
    /** ECR prefix mirroring registry.k8s.io. */
    readonly k8sMirror: pulumi.Input<string>;
    /** The image tag for the cluster's Kubernetes minor. */
    readonly imageTag: string;
}

export function clusterAutoscalerValues(i: ClusterAutoscalerInput): Record<string, unknown> {
    return {
        cloudProvider: "aws",
        // Pods cannot read the node's metadata (IMDS hop limit 1): the region is given.
        awsRegion: i.region,
        autoDiscovery: { clusterName: i.clusterName },
        image: { repository: pulumi.interpolate`${i.k8sMirror}/autoscaling/cluster-autoscaler`, tag: i.imageTag },
        rbac: {
            serviceAccount: {
                create: true,
                name: i.serviceAccount,
                annotations: { "eks.amazonaws.com/role-arn": i.roleArn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
            },
        },
        extraArgs: {
            // Spread new nodes over the zones of each group; never remove a node running system pods' local data.
            "balance-similar-node-groups": true,
            "skip-nodes-with-system-pods": true,
            "skip-nodes-with-local-storage": false,
            expander: "least-waste",
        },
        nodeSelector: { [NODE_GROUP_LABEL]: "system" },
        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: RESTRICTED_CONTAINER.seccompProfile },
        containerSecurityContext: { ...RESTRICTED_CONTAINER },
    };
}

/** The port metrics-server serves the metrics API on: the API server calls it there (the catalog's entry). */
export interface MetricsServerInput {
    readonly port: number;
    /** ECR prefix mirroring registry.k8s.io. */
    readonly k8sMirror: pulumi.Input<string>;
    readonly replicas: number;
}

export function metricsServerValues(i: MetricsServerInput): Record<string, unknown> {
    return {
        image: { repository: pulumi.interpolate`${i.k8sMirror}/metrics-server/metrics-server` },
        containerPort: i.port,
        replicas: i.replicas,
        // Kubelets by their node address (the nodes have no public names), on the port the node reports.
        defaultArgs: ["--cert-dir=/tmp", "--kubelet-preferred-address-types=InternalIP", "--kubelet-use-node-status-port", "--metric-resolution=15s"],
        // The API server verifies metrics-server's certificate, which the chart issues from its own CA.
        tls: { type: "helm" },
        apiService: { insecureSkipTLSVerify: false },
        podDisruptionBudget: { enabled: i.replicas > 1, minAvailable: 1 },
        nodeSelector: { [NODE_GROUP_LABEL]: "system" },
    };
}
