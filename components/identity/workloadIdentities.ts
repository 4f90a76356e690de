// Every catalog service's identity: a Kubernetes ServiceAccount of its own in
// the app namespace (which is also its mesh identity) and an IRSA role that
// only that ServiceAccount can assume, allowed only what the service's
// catalog entry implies (identityPolicy). The ServiceAccount asks the EKS pod
// identity webhook for the regional STS endpoint, the only one the VPC
// reaches.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../catalog";
import { IrsaRole } from "../cluster/irsa";
import { IdentityPlan, planIdentities } from "./plan";
import { GrantTargets, identityPolicy } from "./policy";

export interface WorkloadIdentitiesArgs {
    /** The validated traffic catalog: one identity per service. */
    readonly catalog: CatalogIndex;
    /** The app namespace, where the ServiceAccounts live. */
    readonly namespace: string;
    /** ARN of the cluster's IAM OIDC provider. */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL. */
    readonly oidcIssuerUrl: pulumi.Input<string>;
    /** ARNs a service's grants name (known once the stores exist): its own only, so that no role waits on another's. */
    readonly targetsOf: (service: string) => pulumi.Input<GrantTargets>;
    /** What the ServiceAccounts wait for: their namespace. @default [] */
    readonly after?: pulumi.Resource[];
    /** Tags of the roles. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** One service's identity, as built. */
export interface WorkloadIdentity {
    readonly plan: IdentityPlan;
    readonly serviceAccount: k8s.core.v1.ServiceAccount;
    readonly role: IrsaRole;
}

/** IAM role names are at most 64 characters (IAM quotas, "IAM name requirements"); Pulumi appends 8 for uniqueness. */
export const ROLE_NAME_MAX = 64;

/** A role's inline policies may total 10,240 characters, whitespace not counted (IAM quotas, "IAM and STS character limits"). */
export const ROLE_POLICY_MAX = 10240;

/** The policy document as IAM counts it, or a thrown error naming the role, the size and the limit. */
export function policyText(role: string, policy: object): string {
    const text = JSON.stringify(policy);
    if (text.replace(/\s/g, "").length > ROLE_POLICY_MAX) {
        throw new Error(`role ${role}: its policy is ${text.length} characters, over IAM's ${ROLE_POLICY_MAX} for a role's inline policies`);
    }
    return text;
}
const AUTONAME_SUFFIX = 8;

/** Annotations the EKS pod identity webhook reads (EKS user guide, "Configure the AWS STS endpoint for a service account"). */
export const IRSA_ANNOTATIONS = {
    roleArn: "eks.amazonaws.com/role-arn",
    /** "true" makes the webhook inject AWS_STS_REGIONAL_ENDPOINTS=regional. */
    regionalSts: "eks.amazonaws.com/sts-regional-endpoints",
} as const;

export class WorkloadIdentities extends pulumi.ComponentResource {
    /** Each service's identity, by service name. */
    readonly identities: ReadonlyMap<string, WorkloadIdentity>;

    constructor(name: string, args: WorkloadIdentitiesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:identity:WorkloadIdentities", name, {}, opts);
        const identities = new Map<string, WorkloadIdentity>();
        for (const plan of planIdentities(args.catalog)) {
            const roleName = `${name}-${plan.service}-role`;
            if (roleName.length + AUTONAME_SUFFIX > ROLE_NAME_MAX) {
                throw new Error(
                    `workload identities ${name}: the role of service "${plan.service}" would be named ${roleName}-xxxxxxx, ` +
                        `${roleName.length + AUTONAME_SUFFIX} characters; IAM allows ${ROLE_NAME_MAX} (use a shorter component or service name)`,
                );
            }
            // A role that grants nothing gets no policy at all, rather than an empty one IAM would refuse.
            const grants = plan.awsApis.includes("sts");
            const role = new IrsaRole(`${name}-${plan.service}`, {
                oidcProviderArn: args.oidcProviderArn,
                oidcIssuerUrl: args.oidcIssuerUrl,
                namespace: args.namespace,
                serviceAccount: plan.serviceAccount,
                inlinePolicy: grants ? pulumi.output(args.targetsOf(plan.service)).apply((t) => policyText(roleName, identityPolicy(plan, t)!)) : undefined,
                tags: { ...args.tags, "tickettoken/service": plan.service },
            }, { parent: this });
            const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-${plan.service}`, {
                metadata: {
                    name: plan.serviceAccount,
                    namespace: args.namespace,
                    labels: { app: plan.service },
                    annotations: { [IRSA_ANNOTATIONS.roleArn]: role.roleArn, [IRSA_ANNOTATIONS.regionalSts]: "true" },
                },
                // The services call no Kubernetes API; the webhook and the mesh project the tokens they need themselves.
                automountServiceAccountToken: false,
            }, { parent: this, dependsOn: args.after ?? [] });
            identities.set(plan.service, { plan, serviceAccount, role });
        }
        this.identities = identities;
        this.registerOutputs({ serviceAccounts: [...identities.values()].map((i) => i.plan.serviceAccount) });
    }

    /** The identity of `service`; throws for a service the catalog does not have. */
    of(service: string): WorkloadIdentity {
        const found = this.identities.get(service);
        if (!found) {
            throw new Error(`workload identities: no identity for service "${service}" (have: ${[...this.identities.keys()].join(", ")})`);
        }
        return found;
    }
}
