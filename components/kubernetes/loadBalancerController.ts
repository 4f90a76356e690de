// The AWS Load Balancer Controller: from its Helm chart, its image through the
// ECR Public mirror, two replicas on the system nodes, an IRSA role that may
// only describe and (de)register targets of the bound target groups. It
// serves the TargetGroupBinding of the gateway (components/kubernetes/gateway).
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { IrsaRole } from "../cluster/irsa";
import { helmRelease } from "./helm";
import { loadBalancerControllerPolicy, loadBalancerControllerValues } from "./loadBalancerControllerPolicy";
import { KUBERNETES_DEFAULTS } from "./types";

/** The controller's service account (the IRSA role trusts exactly it). */
export const CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";

export interface LoadBalancerControllerArgs {
    readonly clusterName: pulumi.Input<string>;
    /** Region of the cluster. @default the provider's region */
    readonly region?: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    readonly oidcProviderArn: pulumi.Input<string>;
    readonly oidcIssuerUrl: pulumi.Input<string>;
    /** Its namespace (created elsewhere, Pod Security restricted). */
    readonly namespace: string;
    /** Chart version. */
    readonly chartVersion: string;
    /** ECR prefix mirroring public.ecr.aws. */
    readonly ecrPublicMirror: pulumi.Input<string>;
    /** Target groups bindings may fill. @default [] */
    readonly targetGroupArns?: pulumi.Input<string>[];
    /** Replicas (leader election keeps one active). @default 2 */
    readonly replicas?: number;
    /** Tags of the IAM role. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
    /** What its resources wait for: their namespaces, the releases that install their CRDs. @default [] */
    readonly after?: pulumi.Resource[];
    /** What the release also waits for: the nodes its pods run on and cluster DNS. @default [] */
    readonly podsAfter?: pulumi.Resource[];
}

export class LoadBalancerController extends pulumi.ComponentResource {
    readonly role: IrsaRole;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:kubernetes:LoadBalancerController", name, {}, opts);
        this.role = new IrsaRole(`${name}-irsa`, {
            oidcProviderArn: args.oidcProviderArn,
            oidcIssuerUrl: args.oidcIssuerUrl,
            namespace: args.namespace,
            serviceAccount: CONTROLLER_SERVICE_ACCOUNT,
            inlinePolicy: pulumi.all(args.targetGroupArns ?? []).apply((arns) => JSON.stringify(loadBalancerControllerPolicy(arns))),
            tags: args.tags,
        }, { parent: this });
        this.release = helmRelease(`${name}-release`, {
            chart: "aws-load-balancer-controller",
            version: args.chartVersion,
            releaseName: "aws-load-balancer-controller",
            namespace: args.namespace,
            values: loadBalancerControllerValues({
                clusterName: args.clusterName,
                region: args.region ?? aws.getRegionOutput({}, { parent: this }).region,
                vpcId: args.vpcId,
                roleArn: this.role.roleArn,
                serviceAccount: CONTROLLER_SERVICE_ACCOUNT,
                ecrPublicMirror: args.ecrPublicMirror,
                replicas: args.replicas ?? KUBERNETES_DEFAULTS.controllerReplicas,
            }),
        }, { parent: this, dependsOn: [...(args.after ?? []), this.role, ...(args.podsAfter ?? [])] });
        this.registerOutputs({ roleArn: this.role.roleArn });
    }
}
