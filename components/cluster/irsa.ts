// IAM roles for Kubernetes service accounts (IRSA): a role that only one
// service account of one cluster can assume, through the cluster's OIDC
// provider. The add-ons here use it, and so can the Kubernetes layer (AWS Load
// Balancer Controller, external secrets).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkNames, NAME_LIMITS } from "../naming";

export interface IrsaRoleArgs {
    /** ARN of the cluster's IAM OIDC provider. */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL (https://oidc.eks.<region>.amazonaws.com/id/<id>). */
    readonly oidcIssuerUrl: pulumi.Input<string>;
    /** Namespace of the service account. */
    readonly namespace: string;
    /** Name of the service account. */
    readonly serviceAccount: string;
    /** AWS managed or customer policies to attach, by a stable key (used in resource names). @default {} */
    readonly policyArns?: Readonly<Record<string, pulumi.Input<string>>>;
    /** An inline policy document (JSON) for what no managed policy grants narrowly enough. @default undefined */
    readonly inlinePolicy?: pulumi.Input<string>;
    /** Tags of the role. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Trust policy letting exactly `system:serviceaccount:<namespace>:<serviceAccount>`
 * assume the role with a token issued for STS.
 */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuerUrl: string, namespace: string, serviceAccount: string): object {
    const issuer = oidcIssuerUrl.replace(/^https:\/\//, "");
    if (issuer === oidcIssuerUrl || issuer === "") {
        throw new Error(`OIDC issuer "${oidcIssuerUrl}" is not an https URL`);
    }
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                    [`${issuer}:aud`]: "sts.amazonaws.com",
                },
            },
        }],
    };
}

const SERVICE_ACCOUNT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export class IrsaRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: IrsaRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:cluster:IrsaRole", name, {}, opts);
        for (const [what, value] of [["namespace", args.namespace], ["service account", args.serviceAccount]]) {
            if (!SERVICE_ACCOUNT_NAME.test(value) || value.length > 253) {
                throw new Error(`IRSA role ${name}: ${what} "${value}" is not a Kubernetes name (lower-case letters, digits, '-' and '.')`);
            }
        }
        checkNames(`IRSA role ${name}`, [{ name: `${name}-role`, limit: NAME_LIMITS.iamRole, autonamed: true }]);
        const child = { parent: this };
        this.role = new aws.iam.Role(`${name}-role`, {
            description: `Service account ${args.namespace}/${args.serviceAccount} (IRSA)`,
            assumeRolePolicy: pulumi
                .all([args.oidcProviderArn, args.oidcIssuerUrl])
                .apply(([arn, url]) => JSON.stringify(irsaTrustPolicy(arn, url, args.namespace, args.serviceAccount))),
            tags: { ...args.tags, "tickettoken/service-account": `${args.namespace}.${args.serviceAccount}` },
        }, child);
        for (const [key, policyArn] of Object.entries(args.policyArns ?? {})) {
            new aws.iam.RolePolicyAttachment(`${name}-${key}`, { role: this.role.name, policyArn }, child);
        }
        if (args.inlinePolicy !== undefined) {
            new aws.iam.RolePolicy(`${name}-inline`, { role: this.role.id, policy: args.inlinePolicy }, child);
        }
        this.roleArn = this.role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
