// The AWS Load Balancer Controller's IAM policy and Helm values, pure.
//
// The controller here does one thing: keep the edge's target group filled
// with the gateway pods' addresses (TargetGroupBinding). It creates no load
// balancer, target group or security group, so its policy is a narrow
// subset of the upstream one (kubernetes-sigs/aws-load-balancer-controller,
// docs/install/iam_policy.json at v3.5.0): the read-only ec2 and
// elasticloadbalancing Describe calls the controller makes at start and for a
// binding, and RegisterTargets / DeregisterTargets on the bound target groups
// only. Upstream grants those two only on groups the controller tagged
// itself, which a group created by the edge stack is not.
import * as pulumi from "@pulumi/pulumi";
import { RESTRICTED_CONTAINER } from "./helm";
import { NODE_GROUP_LABEL } from "./types";

/** Read-only calls, which IAM cannot scope to a resource. */
export const CONTROLLER_DESCRIBE_ACTIONS: readonly string[] = [
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeInstances",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeTags",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetGroupAttributes",
    "elasticloadbalancing:DescribeTargetHealth",
    "elasticloadbalancing:DescribeTags",
];

/** What a binding changes: the targets of its group, nothing else. */
export const CONTROLLER_TARGET_ACTIONS: readonly string[] = ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"];

/** The policy document for bindings to `targetGroupArns` (none: describe only). */
export function loadBalancerControllerPolicy(targetGroupArns: readonly string[]): object {
    const statements: object[] = [{ Sid: "Describe", Effect: "Allow", Action: [...CONTROLLER_DESCRIBE_ACTIONS], Resource: "*" }];
    if (targetGroupArns.length > 0) {
        statements.push({ Sid: "BoundTargetGroups", Effect: "Allow", Action: [...CONTROLLER_TARGET_ACTIONS], Resource: [...targetGroupArns] });
    }
    return { Version: "2012-10-17", Statement: statements };
}

export interface ControllerValuesInput {
    readonly clusterName: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    /** The service account's IRSA role. */
    readonly roleArn: pulumi.Input<string>;
    /** Service account name (the IRSA role trusts exactly this one). */
    readonly serviceAccount: string;
    /** Mirror of public.ecr.aws. */
    readonly ecrPublicMirror: pulumi.Input<string>;
    readonly replicas: number;
}

export function loadBalancerControllerValues(o: ControllerValuesInput): Record<string, unknown> {
    return {
        // Pods cannot read the node's metadata (IMDS hop limit 1), so nothing can be discovered: name it all.
        clusterName: o.clusterName,
        region: o.region,
        vpcId: o.vpcId,
        image: { repository: pulumi.interpolate`${o.ecrPublicMirror}/eks/aws-load-balancer-controller` },
        replicaCount: o.replicas,
        nodeSelector: { [NODE_GROUP_LABEL]: "system" },
        serviceAccount: { create: true, name: o.serviceAccount, annotations: { "eks.amazonaws.com/role-arn": o.roleArn } },
        // Load balancers come from the edge stack only: no IngressClass, no taking over Services of type LoadBalancer,
        // no security group of its own (bindings never edit ours).
        createIngressClassResource: false,
        ingressClassParams: { create: false },
        enableServiceMutatorWebhook: false,
        enableBackendSecurityGroup: false,
        podSecurityContext: { fsGroup: 65534, seccompProfile: RESTRICTED_CONTAINER.seccompProfile },
        securityContext: { ...RESTRICTED_CONTAINER },
    };
}
