// The EKS cluster: a private API endpoint, secrets envelope-encrypted with a
// rotating KMS key, every control-plane log type kept for a set time, access
// through access entries only, an OIDC provider for IRSA; managed node groups
// on our own security group; the add-ons; and a Kubernetes provider bound to it.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../../policies/net";
import { ClusterAccess, planAccessEntries } from "./access";
import { checkNames, NAME_LIMITS } from "../naming";
import { logRetentionProblem } from "../network/types";
import { createNetworkingAddons, createWorkloadAddons, DEFAULT_STORAGE_CLASS } from "./addons";
import { createClusterRoles } from "./iam";
import { createImageCache } from "./imageCache";
import { checkNodeGroup, createNodeGroups } from "./nodeGroups";
import { createNodeSecurity } from "./nodeSecurity";
import type { NodeRuleOptions } from "./nodeRules";
import { createClusterProvider } from "./provider";
import { cacheUpstreams, CLUSTER_DEFAULTS, CONTROL_PLANE_LOG_TYPES, NODE_GROUP_ROLES, NodeGroupRole, NodeGroupSpec, SUPPORTED_KUBERNETES_VERSIONS, UpstreamRegistry } from "./types";

export interface ClusterArgs {
    /** EKS cluster name (also names its log group and image cache prefixes). */
    readonly clusterName: string;
    /** The VPC the cluster and its nodes live in. */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC range (plain: the DNS resolver's address derives from it). */
    readonly vpcCidr: string;
    /** Private subnets: the nodes and the API server's ENIs, at least two zones. */
    readonly privateSubnetIds: pulumi.Input<string>[];
    /** Group of the VPC interface endpoints (nodes reach AWS APIs through them). */
    readonly endpointSecurityGroupId: pulumi.Input<string>;
    /** Prefix list of the S3 gateway endpoint (ECR image layers). */
    readonly s3PrefixListId: pulumi.Input<string>;
    /** Range Kubernetes assigns Service IPs from. */
    readonly serviceCidr: string;
    /** Managed node groups by role. */
    readonly nodeGroups: Readonly<Record<NodeGroupRole, NodeGroupSpec>>;
    /** Kubernetes minor version, one of SUPPORTED_KUBERNETES_VERSIONS. @default "1.34" */
    readonly kubernetesVersion?: string;
    /** Networks allowed to the public API endpoint; empty turns the public endpoint off. @default [] */
    readonly endpointPublicAccessCidrs?: readonly string[];
    /** Days CloudWatch keeps control-plane logs. @default 365 */
    readonly logRetentionDays?: number;
    /** Roles with access entries: the deploy role (admin) and the preview role (read-only). @default {} (admin: the identity running the deployment; for a sandbox only) */
    readonly access?: ClusterAccess;
    /** Guard the cluster and its secrets key against deletion (EKS deletion protection and Pulumi protect). @default true */
    readonly deletionProtection?: boolean;
    /** TCP ports the API server may open on nodes (kubelet, webhooks). @default [443, 10250] */
    readonly controlPlaneToNodePorts?: readonly number[];
    /** Ports workloads on the nodes' group open on each other besides DNS (platform pods, host-network agents, kubelets). @default [] */
    readonly nodeToNodePorts?: NodeRuleOptions["nodeToNodePorts"];
    /** Secrets Manager secret (ecr-pullthroughcache/...) with Docker Hub credentials; without it Docker Hub is not mirrored. @default undefined */
    readonly dockerHubCredentialArn?: string;
    /** Secrets Manager secret (ecr-pullthroughcache/...) with GitHub credentials; without it ghcr.io is not mirrored. @default undefined */
    readonly githubCredentialArn?: string;
    /** Size of each node's gp3 root volume. @default 50 */
    readonly rootVolumeGiB?: number;
    /** One-minute EC2 metrics for nodes. @default true */
    readonly detailedMonitoring?: boolean;
    /** What nodes need before they boot besides this component's own resources: the VPC endpoints they reach AWS through (they have no internet). @default [] */
    readonly nodesAfter?: readonly pulumi.Resource[];
    /** Tags added to every resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
    /** Tags added to the node groups only (Cluster Autoscaler's auto-discovery tags, which EKS also puts on their Auto Scaling groups). @default {} */
    readonly nodeGroupTags?: Readonly<Record<string, string>>;
    /** A cluster autoscaler resizes the node groups: their desired sizes are set at creation and left to it afterwards. @default false */
    readonly autoscaled?: boolean;
}

export class Cluster extends pulumi.ComponentResource {
    readonly cluster: aws.eks.Cluster;
    readonly clusterName: pulumi.Output<string>;
    readonly kubernetesVersion: string;
    readonly endpoint: pulumi.Output<string>;
    readonly certificateAuthorityData: pulumi.Output<string>;
    /** The nodes' group: pass it to TrafficSecurityGroups as `platformSecurityGroupId`. */
    readonly nodeSecurityGroupId: pulumi.Output<string>;
    /** Our additional group on the API server's ENIs. */
    readonly controlPlaneSecurityGroupId: pulumi.Output<string>;
    /** The group EKS creates itself (on the API server's ENIs only; no node carries it). */
    readonly eksManagedSecurityGroupId: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcIssuerUrl: pulumi.Output<string>;
    readonly nodeRoleArn: pulumi.Output<string>;
    readonly nodeGroupNames: Readonly<Record<NodeGroupRole, pulumi.Output<string>>>;
    /** Kubernetes provider bound to this cluster. */
    readonly provider: k8s.Provider;
    readonly kubeconfig: pulumi.Output<string>;
    /** Image host ("docker.io", "public.ecr.aws", "quay.io", "registry.k8s.io", "ghcr.io") to the ECR prefix that mirrors it. */
    readonly imageRegistries: pulumi.Output<Record<string, string>>;
    readonly defaultStorageClass: string;
    /**
     * What a workload's pods need on a new cluster: both node groups created (their nodes joined) and
     * the CoreDNS add-on active. Helm releases wait for these, or their atomic timeout runs out while
     * the node groups are still being created and the release is rolled back.
     */
    readonly workloadsReady: readonly pulumi.Resource[];

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:cluster:Cluster", name, {}, opts);
        const version = args.kubernetesVersion ?? CLUSTER_DEFAULTS.kubernetesVersion;
        if (!SUPPORTED_KUBERNETES_VERSIONS.includes(version)) {
            throw new Error(`cluster ${name}: Kubernetes ${version} is not supported; use one of ${SUPPORTED_KUBERNETES_VERSIONS.join(", ")}`);
        }
        const publicCidrs = args.endpointPublicAccessCidrs ?? CLUSTER_DEFAULTS.endpointPublicAccessCidrs;
        for (const cidr of publicCidrs) {
            const parsed = parseCidr(cidr);
            if (!parsed || parsed.prefix === 0) {
                throw new Error(`cluster ${name}: public endpoint CIDR "${cidr}" must be a CIDR narrower than the whole address space`);
            }
        }
        for (const role of NODE_GROUP_ROLES) {
            checkNodeGroup(role, args.nodeGroups[role]);
        }
        const logRetentionDays = args.logRetentionDays ?? CLUSTER_DEFAULTS.logRetentionDays;
        const retention = logRetentionProblem(logRetentionDays);
        if (retention !== undefined) {
            throw new Error(`cluster ${name}: logRetentionDays: ${retention}`);
        }
        checkNames(`cluster ${name}`, [
            { name: args.clusterName, limit: NAME_LIMITS.eksCluster },
            { name: controlPlaneLogGroup(args.clusterName), limit: NAME_LIMITS.logGroup },
            { name: `${name}-cluster-role`, limit: NAME_LIMITS.iamRole, autonamed: true },
            { name: `${name}-node-role`, limit: NAME_LIMITS.iamRole, autonamed: true },
        ]);
        const accessEntries = planAccessEntries(args.clusterName, args.access ?? {});
        const protect = args.deletionProtection ?? CLUSTER_DEFAULTS.deletionProtection;
        const tags = args.tags ?? {};
        const child = { parent: this };
        const clusterName = args.clusterName;
        this.kubernetesVersion = version;

        const partition = aws.getPartitionOutput({}, child).partition;
        const region = aws.getRegionOutput({}, child).region;

        const secretsKey = new aws.kms.Key(`${name}-secrets`, {
            description: `Envelope encryption of Kubernetes secrets in EKS cluster ${clusterName}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            tags,
        }, { parent: this, protect });
        // A prefix, not a name: nothing looks the alias up, and a replaced alias must not collide with the old one.
        new aws.kms.Alias(`${name}-secrets`, { namePrefix: `alias/${clusterName}-secrets-`, targetKeyId: secretsKey.arn }, child);

        const credentials: Partial<Record<UpstreamRegistry, string>> = { "docker-hub": args.dockerHubCredentialArn, ghcr: args.githubCredentialArn };
        const upstreams = cacheUpstreams({ dockerHub: args.dockerHubCredentialArn, github: args.githubCredentialArn })
            .map((upstream) => ({ upstream, credentialArn: credentials[upstream] }));
        const cache = createImageCache(`${name}-image-cache`, { clusterName, upstreams }, this);
        this.imageRegistries = cache.registries;

        const roles = createClusterRoles(name, { partition, secretsKeyArn: secretsKey.arn, cacheRepositoryArns: cache.repositoryArns, tags }, this);
        const security = createNodeSecurity(name, {
            vpcId: args.vpcId,
            vpcCidr: args.vpcCidr,
            endpointSecurityGroupId: args.endpointSecurityGroupId,
            s3PrefixListId: args.s3PrefixListId,
            controlPlaneToNodePorts: args.controlPlaneToNodePorts ?? CLUSTER_DEFAULTS.controlPlaneToNodePorts,
            nodeToNodePorts: args.nodeToNodePorts,
            tags,
        }, this);

        // Created first so that EKS writes into it instead of creating one that keeps logs forever. EKS writes to
        // exactly this name, so it is fixed: a replacement must delete the old group before creating the new one.
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-control-plane`, {
            name: controlPlaneLogGroup(clusterName),
            retentionInDays: logRetentionDays,
            tags,
        }, { parent: this, deleteBeforeReplace: true });

        this.cluster = new aws.eks.Cluster(`${name}-eks`, {
            name: clusterName,
            version,
            roleArn: roles.clusterRole.arn,
            vpcConfig: {
                subnetIds: args.privateSubnetIds,
                securityGroupIds: [security.controlPlane.id],
                endpointPrivateAccess: true,
                endpointPublicAccess: publicCidrs.length > 0,
                publicAccessCidrs: publicCidrs.length > 0 ? [...publicCidrs] : undefined,
            },
            kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: args.serviceCidr },
            encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
            enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
            // Access entries only; the creator gets no hidden admin grant.
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            // The add-ons below are EKS-managed; no unmanaged copies first.
            bootstrapSelfManagedAddons: false,
            deletionProtection: protect,
            tags,
            // The name is fixed (the log group, the image cache prefixes and the Kubernetes layer derive from it), so a
            // change that replaces the cluster must delete the old one first; `protect` guards that in production.
        }, { parent: this, protect, deleteBeforeReplace: true, dependsOn: [logGroup, ...roles.clusterRoleReady] });
        this.clusterName = this.cluster.name;
        this.endpoint = this.cluster.endpoint;
        this.certificateAuthorityData = this.cluster.certificateAuthority.data;
        this.oidcIssuerUrl = this.cluster.identities.apply((ids) => ids[0].oidcs[0].issuer);
        this.eksManagedSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId.apply((id) => id ?? "");

        // IAM trusts EKS's issuer through its own library of root CAs, so no thumbprint is pinned (one would need updating when the certificate rotates).
        const oidc = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: this.oidcIssuerUrl, clientIdLists: ["sts.amazonaws.com"], tags }, child);
        this.oidcProviderArn = oidc.arn;

        // One entry per principal, named by its role in the deployment, so the same principals hold access whoever runs Pulumi.
        const accessPolicies = accessEntries.map((plan) => {
            const principalArn = plan.principalArn ?? aws.iam.getSessionContextOutput({ arn: aws.getCallerIdentityOutput({}, child).arn }, child).issuerArn;
            const entry = new aws.eks.AccessEntry(`${name}-${plan.role}`, { clusterName: this.cluster.name, principalArn, type: "STANDARD", tags }, child);
            return new aws.eks.AccessPolicyAssociation(`${name}-${plan.role}`, {
                clusterName: this.cluster.name,
                principalArn: entry.principalArn,
                policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/${plan.policy}`,
                accessScope: { type: "cluster" },
            }, child);
        });

        const addonArgs = { clusterName: this.cluster.name, kubernetesVersion: version, oidcProviderArn: oidc.arn, oidcIssuerUrl: this.oidcIssuerUrl, partition, tags };
        const networking = createNetworkingAddons(name, addonArgs, this);
        const groups = createNodeGroups(name, {
            clusterName: this.cluster.name,
            kubernetesVersion: version,
            nodeRoleArn: roles.nodeRole.arn,
            subnetIds: args.privateSubnetIds,
            nodeSecurityGroupId: security.nodes.id,
            groups: args.nodeGroups,
            rootVolumeGiB: args.rootVolumeGiB ?? CLUSTER_DEFAULTS.rootVolumeGiB,
            detailedMonitoring: args.detailedMonitoring ?? CLUSTER_DEFAULTS.detailedMonitoring,
            tags,
            groupTags: args.nodeGroupTags ?? {},
            autoscaled: args.autoscaled ?? false,
        }, { parent: this, dependsOn: [...networking, ...roles.nodeRoleReady, ...security.ruleResources, ...(args.nodesAfter ?? [])] });
        this.nodeGroupNames = { system: groups.system.nodeGroupName, apps: groups.apps.nodeGroupName };

        const bound = createClusterProvider(name, { cluster: this.cluster, region }, { parent: this, dependsOn: accessPolicies });
        this.provider = bound.provider;
        this.kubeconfig = bound.kubeconfig;
        const workload = createWorkloadAddons(name, addonArgs, this.provider, this, [groups.system, groups.apps]);
        this.defaultStorageClass = DEFAULT_STORAGE_CLASS;
        this.workloadsReady = [groups.system, groups.apps, workload.coredns];

        this.nodeSecurityGroupId = security.nodes.id;
        this.controlPlaneSecurityGroupId = security.controlPlane.id;
        this.nodeRoleArn = roles.nodeRole.arn;
        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            nodeSecurityGroupId: this.nodeSecurityGroupId,
            controlPlaneSecurityGroupId: this.controlPlaneSecurityGroupId,
            oidcProviderArn: this.oidcProviderArn,
            oidcIssuerUrl: this.oidcIssuerUrl,
            imageRegistries: this.imageRegistries,
            storageClass: workload.storageClass.metadata.name,
        });
    }
}

/** The log group EKS writes a cluster's control-plane logs to. */
export function controlPlaneLogGroup(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}
