// Offline answers for the EKS cluster: add-on versions, the deploying
// identity, and the computed outputs of the cluster, its node groups, launch
// templates and OIDC provider.
import { InvokeHandler, OutputSynth } from "./types";

/**
 * Add-on versions the offline EKS reports as default for every Kubernetes
 * version. Offline only: a real run asks EKS (aws.eks.getAddonVersion).
 */
export const OFFLINE_ADDON_VERSIONS: Readonly<Record<string, string>> = {
    "vpc-cni": "v1.20.4-eksbuild.1",
    "kube-proxy": "v1.34.1-eksbuild.2",
    coredns: "v1.12.4-eksbuild.1",
    "aws-ebs-csi-driver": "v1.51.1-eksbuild.1",
    "aws-guardduty-agent": "v1.12.1-eksbuild.1",
};

/** Hex id EKS gives a cluster's endpoint and OIDC issuer (fixed offline). */
const CLUSTER_ID = "0A1B2C3D4E5F60718293A4B5C6D7E8F9";

export const CLUSTER_INVOKES: Record<string, InvokeHandler> = {
    "aws:eks/getAddonVersion:getAddonVersion": (inputs, a) => {
        const version = OFFLINE_ADDON_VERSIONS[inputs.addonName];
        if (!version) {
            throw new Error(`offline EKS has no add-on "${inputs.addonName}" (has: ${Object.keys(OFFLINE_ADDON_VERSIONS).join(", ")})`);
        }
        return { id: inputs.addonName, addonName: inputs.addonName, kubernetesVersion: inputs.kubernetesVersion, region: a.region, version };
    },
    // An assumed-role session's issuer is its role; any other principal is its own issuer.
    "aws:iam/getSessionContext:getSessionContext": (inputs, a) => {
        const arn: string = inputs.arn;
        const role = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
        return role
            ? { id: arn, arn, issuerArn: `arn:${a.partition}:iam::${role[1]}:role/${role[2]}`, issuerId: "AROAOFFLINE", issuerName: role[2], sessionName: role[3] }
            : { id: arn, arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "" };
    },
};

export const CLUSTER_COMPUTED: Record<string, OutputSynth> = {
    "aws:eks/cluster:Cluster": (name, inputs, a) => ({
        arn: `arn:${a.partition}:eks:${a.region}:${a.accountId}:cluster/${inputs.name ?? name}`,
        endpoint: `https://${CLUSTER_ID}.gr7.${a.region}.eks.amazonaws.com`,
        certificateAuthority: { data: Buffer.from("-----BEGIN CERTIFICATE-----\nOFFLINE\n-----END CERTIFICATE-----\n").toString("base64") },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${a.region}.amazonaws.com/id/${CLUSTER_ID}` }] }],
        vpcConfig: { ...inputs.vpcConfig, clusterSecurityGroupId: `sg-eks-cluster-${name}`, vpcId: "vpc-offline" },
        platformVersion: "eks.1",
        status: "ACTIVE",
    }),
    "aws:eks/nodeGroup:NodeGroup": (name, inputs) => ({ nodeGroupName: inputs.nodeGroupName ?? `${inputs.nodeGroupNamePrefix ?? name}offline`, status: "ACTIVE" }),
    "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1, defaultVersion: 1 }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_name, inputs, a) => ({
        arn: `arn:${a.partition}:iam::${a.accountId}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`,
    }),
};
