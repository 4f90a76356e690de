// Managed node groups in the private subnets, each launched from a template
// that puts the nodes in our own security group (so EKS does not add its
// allow-all cluster group), requires IMDSv2 with a hop limit of 1 (a pod is
// one hop further, so it cannot read the node's credentials), encrypts a gp3
// root volume, and has no key pair: shell access is through SSM only.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { amiTypeFor, groupArchitecture, instanceTypeProblem } from "./instanceTypes";
import { NODE_GROUP_ROLES, NodeGroupRole, NodeGroupSpec } from "./types";

export interface NodeGroupsArgs {
    readonly clusterName: pulumi.Input<string>;
    readonly kubernetesVersion: string;
    readonly nodeRoleArn: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<string>[];
    readonly nodeSecurityGroupId: pulumi.Input<string>;
    readonly groups: Readonly<Record<NodeGroupRole, NodeGroupSpec>>;
    readonly rootVolumeGiB: number;
    readonly detailedMonitoring: boolean;
    readonly tags: Readonly<Record<string, string>>;
    /** Tags of the node groups themselves (not their instances). */
    readonly groupTags: Readonly<Record<string, string>>;
    /** A cluster autoscaler moves the groups' desired sizes: the program sets them at creation only. */
    readonly autoscaled: boolean;
}

/** Device name of the root volume of Amazon Linux 2023 EKS AMIs. */
export const ROOT_DEVICE = "/dev/xvda";

/** Throws, naming the group, when a node group's shape cannot work. */
export function checkNodeGroup(role: NodeGroupRole, spec: NodeGroupSpec): void {
    const problems = spec.instanceTypes.map((t) => [t, instanceTypeProblem(t)] as const).filter(([, p]) => p !== undefined);
    if (spec.instanceTypes.length === 0 || problems.length > 0) {
        const detail = problems.map(([t, p]) => `"${t}" ${p}`).join("; ") || "no instance types";
        throw new Error(`node group ${role}: ${detail}`);
    }
    const { min, desired, max } = spec.counts;
    if (!(Number.isInteger(min) && Number.isInteger(desired) && Number.isInteger(max) && min >= 0 && min <= desired && desired <= max && max >= 1)) {
        throw new Error(`node group ${role}: counts min ${min}, desired ${desired}, max ${max} must be integers with 0 <= min <= desired <= max and max >= 1`);
    }
    groupArchitecture(spec.instanceTypes);
}

export function createNodeGroups(name: string, args: NodeGroupsArgs, opts: pulumi.CustomResourceOptions): Record<NodeGroupRole, aws.eks.NodeGroup> {
    const child = { parent: opts.parent };
    const out = {} as Record<NodeGroupRole, aws.eks.NodeGroup>;
    for (const role of NODE_GROUP_ROLES) {
        // Checked by the caller (checkNodeGroup) before anything is registered.
        const spec = args.groups[role];
        const tags = { ...args.tags, Name: `${name}-${role}`, "tickettoken/node-group": role };
        const template = new aws.ec2.LaunchTemplate(`${name}-${role}`, {
            description: `EKS ${role} nodes: IMDSv2 only, encrypted gp3 root, no key pair`,
            vpcSecurityGroupIds: [args.nodeSecurityGroupId],
            metadataOptions: {
                httpEndpoint: "enabled",
                httpTokens: "required",
                httpPutResponseHopLimit: 1,
                instanceMetadataTags: "disabled",
            },
            blockDeviceMappings: [{
                deviceName: ROOT_DEVICE,
                ebs: { volumeSize: args.rootVolumeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
            }],
            monitoring: { enabled: args.detailedMonitoring },
            tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags })),
            updateDefaultVersion: true,
            tags,
        }, child);
        out[role] = new aws.eks.NodeGroup(`${name}-${role}`, {
            clusterName: args.clusterName,
            // A prefix, not a name: changing instance types replaces the group, and the new one must not clash with the old.
            nodeGroupNamePrefix: `${role}-`,
            version: args.kubernetesVersion,
            nodeRoleArn: args.nodeRoleArn,
            subnetIds: args.subnetIds,
            instanceTypes: [...spec.instanceTypes],
            amiType: amiTypeFor(groupArchitecture(spec.instanceTypes)),
            capacityType: "ON_DEMAND",
            launchTemplate: { id: template.id, version: template.latestVersion.apply((v) => `${v}`) },
            scalingConfig: { minSize: spec.counts.min, desiredSize: spec.counts.desired, maxSize: spec.counts.max },
            updateConfig: { maxUnavailable: 1 },
            labels: { "tickettoken/node-group": role },
            tags: { ...tags, ...args.groupTags },
            // With Cluster Autoscaler resizing the group between min and max, an `up` must not reset its desired size
            // (EKS user guide, "Cluster Autoscaler": the node group's desired size is the autoscaler's to change).
        }, args.autoscaled ? { ...opts, ignoreChanges: ["scalingConfig.desiredSize"] } : opts);
    }
    return out;
}
