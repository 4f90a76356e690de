// IAM roles of the control plane and the nodes, with only the AWS managed
// policies EKS documents as required, plus narrow inline grants. The nodes'
// role has no CNI policy: vpc-cni gets its own role through IRSA, so pods
// cannot borrow the node's ENI permissions.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ClusterRoles {
    readonly clusterRole: aws.iam.Role;
    readonly nodeRole: aws.iam.Role;
    /** Everything the cluster must wait for before it is created (attachments and inline policies). */
    readonly clusterRoleReady: pulumi.Resource[];
    /** Everything a node group must wait for. */
    readonly nodeRoleReady: pulumi.Resource[];
}

export interface ClusterRolesArgs {
    readonly partition: pulumi.Input<string>;
    /** The key that envelope-encrypts Kubernetes secrets. */
    readonly secretsKeyArn: pulumi.Input<string>;
    /** ECR repositories the nodes may create through pull-through cache rules (repository ARNs, wildcards allowed). */
    readonly cacheRepositoryArns: pulumi.Input<string[]>;
    readonly tags: Readonly<Record<string, string>>;
}

/** Managed policies of the control plane's role. */
export const CLUSTER_ROLE_POLICIES = {
    cluster: "AmazonEKSClusterPolicy",
    // Security groups for pods: the control plane creates and attaches trunk and branch ENIs.
    "vpc-resource-controller": "AmazonEKSVPCResourceController",
} as const;

/** Managed policies of the nodes' role. */
export const NODE_ROLE_POLICIES = {
    worker: "AmazonEKSWorkerNodePolicy",
    // Pull only: nodes never push images.
    "ecr-pull": "AmazonEC2ContainerRegistryPullOnly",
    // Shell access through Session Manager instead of SSH.
    ssm: "AmazonSSMManagedInstanceCore",
} as const;

function servicePrincipalTrust(service: string, actions: string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: actions }],
    });
}

function attach(name: string, role: aws.iam.Role, policies: Readonly<Record<string, string>>, partition: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Resource[] {
    return Object.entries(policies).map(
        ([key, policy]) =>
            new aws.iam.RolePolicyAttachment(`${name}-${key}`, {
                role: role.name,
                policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`,
            }, { parent }),
    );
}

export function createClusterRoles(name: string, args: ClusterRolesArgs, parent: pulumi.Resource): ClusterRoles {
    const child = { parent };
    const clusterRole = new aws.iam.Role(`${name}-cluster-role`, {
        description: "EKS control plane",
        assumeRolePolicy: servicePrincipalTrust("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
        tags: args.tags,
    }, child);
    const encryption = new aws.iam.RolePolicy(`${name}-cluster-role-secrets-key`, {
        role: clusterRole.id,
        policy: pulumi.output(args.secretsKeyArn).apply((keyArn) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Effect: "Allow",
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                    Resource: keyArn,
                }],
            }),
        ),
    }, child);
    const clusterRoleReady = [...attach(`${name}-cluster-role`, clusterRole, CLUSTER_ROLE_POLICIES, args.partition, parent), encryption];

    const nodeRole = new aws.iam.Role(`${name}-node-role`, {
        description: "EKS managed nodes",
        assumeRolePolicy: servicePrincipalTrust("ec2.amazonaws.com", ["sts:AssumeRole"]),
        tags: args.tags,
    }, child);
    // The first pull of an upstream image through a cache rule creates its
    // repository and imports the image, as the puller.
    const cache = new aws.iam.RolePolicy(`${name}-node-role-image-cache`, {
        role: nodeRole.id,
        policy: pulumi.output(args.cacheRepositoryArns).apply((arns) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"], Resource: arns }],
            }),
        ),
    }, child);
    const nodeRoleReady = [...attach(`${name}-node-role`, nodeRole, NODE_ROLE_POLICIES, args.partition, parent), cache];
    return { clusterRole, nodeRole, clusterRoleReady, nodeRoleReady };
}
