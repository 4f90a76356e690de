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

/** An inline policy allowing `actions` on `resources`, and nothing else. */
function allow(name: string, role: aws.iam.Role, actions: string[], resources: pulumi.Input<string> | pulumi.Input<string[]>, parent: pulumi.Resource): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(name, {
        role: role.id,
        policy: pulumi.output(resources).apply((resource) =>
            JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resource }] }),
        ),
    }, { parent });
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
    const encryption = allow(`${name}-cluster-role-secrets-key`, clusterRole, ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], args.secretsKeyArn, parent);
    const clusterRoleReady = [...attach(`${name}-cluster-role`, clusterRole, CLUSTER_ROLE_POLICIES, args.partition, parent), encryption];

    const nodeRole = new aws.iam.Role(`${name}-node-role`, {
        description: "EKS managed nodes",
        assumeRolePolicy: servicePrincipalTrust("ec2.amazonaws.com", ["sts:AssumeRole"]),
        tags: args.tags,
    }, child);
    // The first pull of an upstream image through a cache rule creates its
    // repository and imports the image, as the puller.
    const cache = allow(`${name}-node-role-image-cache`, nodeRole, ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"], args.cacheRepositoryArns, parent);
    const nodeRoleReady = [...attach(`${name}-node-role`, nodeRole, NODE_ROLE_POLICIES, args.partition, parent), cache];
    return { clusterRole, nodeRole, clusterRoleReady, nodeRoleReady };
}
