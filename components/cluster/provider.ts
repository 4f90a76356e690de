// The Kubernetes provider bound to this cluster: a kubeconfig built from the
// cluster's outputs whose credential is fetched by `aws eks get-token`, so
// every Kubernetes resource of the stack goes to this cluster and no other.
// The token is the identity running Pulumi (the deploy role in `up`, the
// preview role in a preview); no role is named in the kubeconfig, so its text
// is the same for every caller and the provider never changes between runs.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { buildKubeconfig } from "./kubeconfig";

export interface ClusterProviderArgs {
    readonly cluster: aws.eks.Cluster;
    readonly region: pulumi.Input<string>;
}

export function createClusterProvider(name: string, args: ClusterProviderArgs, opts: pulumi.CustomResourceOptions): { provider: k8s.Provider; kubeconfig: pulumi.Output<string> } {
    const { cluster } = args;
    const kubeconfig = pulumi
        .all([cluster.name, cluster.endpoint, cluster.certificateAuthority, args.region])
        .apply(([clusterName, endpoint, ca, region]) =>
            JSON.stringify(buildKubeconfig({ clusterName, endpoint, certificateAuthorityData: ca.data, region })),
        );
    const provider = new k8s.Provider(`${name}-k8s`, {
        kubeconfig,
        // Replace the provider only when the cluster itself is replaced, not when its kubeconfig text changes.
        clusterIdentifier: cluster.arn,
        // Never fall back to a kubeconfig or context found on the deploying machine.
        context: cluster.name,
        enableServerSideApply: true,
    }, opts);
    return { provider, kubeconfig };
}
