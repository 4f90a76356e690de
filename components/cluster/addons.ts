// EKS-managed add-ons at the version EKS names as the default for the
// cluster's Kubernetes version (asked of EKS, never typed in), and the
// default StorageClass. The networking add-ons go in before the nodes (a node
// is not Ready without its CNI); coredns and the EBS CSI driver, which run as
// Deployments, after them (they would not become healthy without nodes).
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { IrsaRole } from "./irsa";
import { AddonName } from "./types";
import { vpcCniConfigurationValues } from "./vpcCni";

export interface AddonsArgs {
    readonly clusterName: pulumi.Input<string>;
    readonly kubernetesVersion: string;
    readonly oidcProviderArn: pulumi.Input<string>;
    readonly oidcIssuerUrl: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    readonly tags: Readonly<Record<string, string>>;
}

/** Name of the default StorageClass. */
export const DEFAULT_STORAGE_CLASS = "gp3-encrypted";

/** The default StorageClass: encrypted gp3, volumes kept when their claim goes (seed 002 `mongodb-ebs`). */
export function storageClassSpec(): Omit<k8s.storage.v1.StorageClassArgs, "metadata"> & { metadata: { name: string; annotations: Record<string, string> } } {
    return {
        metadata: { name: DEFAULT_STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
        reclaimPolicy: "Retain",
        // Create the volume in the zone the pod lands in.
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
    };
}

function addon(
    name: string,
    addonName: AddonName,
    args: AddonsArgs,
    extra: Pick<aws.eks.AddonArgs, "configurationValues" | "serviceAccountRoleArn">,
    opts: pulumi.CustomResourceOptions,
): aws.eks.Addon {
    const version = aws.eks.getAddonVersionOutput({ addonName, kubernetesVersion: args.kubernetesVersion }, { parent: opts.parent });
    return new aws.eks.Addon(`${name}-${addonName}`, {
        clusterName: args.clusterName,
        addonName,
        addonVersion: version.version,
        // This program owns the add-ons' configuration: drift is overwritten.
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        ...extra,
        tags: args.tags,
    }, opts);
}

function serviceAccountRole(name: string, args: AddonsArgs, serviceAccount: string, policy: string, parent: pulumi.Resource): IrsaRole {
    return new IrsaRole(name, {
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuerUrl: args.oidcIssuerUrl,
        namespace: "kube-system",
        serviceAccount,
        policyArns: { policy: pulumi.interpolate`arn:${args.partition}:iam::aws:policy/${policy}` },
        tags: args.tags,
    }, { parent });
}

/** vpc-cni (with its own IRSA role, security groups for pods and network policy on) and kube-proxy. */
export function createNetworkingAddons(name: string, args: AddonsArgs, parent: pulumi.Resource): aws.eks.Addon[] {
    const cniRole = serviceAccountRole(`${name}-vpc-cni`, args, "aws-node", "AmazonEKS_CNI_Policy", parent);
    return [
        addon(name, "vpc-cni", args, { configurationValues: vpcCniConfigurationValues(), serviceAccountRoleArn: cniRole.roleArn }, { parent, dependsOn: [cniRole] }),
        addon(name, "kube-proxy", args, {}, { parent }),
    ];
}

/** coredns, the EBS CSI driver with its IRSA role, and the default StorageClass (through `provider`), all `after` the nodes. */
export function createWorkloadAddons(
    name: string,
    args: AddonsArgs,
    provider: k8s.Provider,
    parent: pulumi.Resource,
    after: pulumi.Resource[],
): { addons: aws.eks.Addon[]; coredns: aws.eks.Addon; storageClass: k8s.storage.v1.StorageClass } {
    const ebsRole = serviceAccountRole(`${name}-ebs-csi`, args, "ebs-csi-controller-sa", "service-role/AmazonEBSCSIDriverPolicy", parent);
    const coredns = addon(name, "coredns", args, {}, { parent, dependsOn: after });
    const ebs = addon(name, "aws-ebs-csi-driver", args, { serviceAccountRoleArn: ebsRole.roleArn }, { parent, dependsOn: [...after, ebsRole] });
    const storageClass = new k8s.storage.v1.StorageClass(`${name}-${DEFAULT_STORAGE_CLASS}`, storageClassSpec(), { parent, provider, dependsOn: [ebs] });
    return { addons: [coredns, ebs], coredns, storageClass };
}
