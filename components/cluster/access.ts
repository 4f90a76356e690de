// Pure plan of who may use the cluster's API: one access entry per principal
// (EKS allows no more), each with one EKS access policy over the whole
// cluster. Named principals make access independent of who runs Pulumi: the
// deploy role is admin whether CI or a person assumes it, and a preview under
// the preview role plans no change to access.

/** What a principal does with the cluster. */
export type AccessRole = "admin" | "viewer";

export const ACCESS_ROLES: readonly AccessRole[] = ["admin", "viewer"];

/**
 * The EKS access policy of each role
 * (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html).
 * - admin (the deploy role, `pulumi up`): AmazonEKSClusterAdminPolicy, every
 *   verb on every resource.
 * - viewer (the preview role, `pulumi preview --refresh`): AmazonEKSAdminViewPolicy,
 *   get/list/watch on every resource, Secrets included. AmazonEKSViewPolicy is
 *   not enough: it follows the Kubernetes `view` role, which cannot read
 *   Secrets (and custom resources only where their CRDs aggregate into it),
 *   and refreshing a helm.v3.Release reads the release's record, which Helm
 *   keeps in a Secret of the release's namespace (driver "secret"); the
 *   stack's Istio, Kong and load-balancer custom resources, StorageClass and
 *   NetworkPolicies must be readable too. Writes are refused to it: during a
 *   preview the Kubernetes provider's server-side dry runs get 403 and it
 *   falls back to a client-side diff (pulumi-kubernetes, provider.go Create
 *   and Update, "IsForbidden" under preview).
 */
export function accessPolicyName(role: AccessRole): string {
    switch (role) {
        case "admin":
            return "AmazonEKSClusterAdminPolicy";
        case "viewer":
            return "AmazonEKSAdminViewPolicy";
    }
}

/**
 * An IAM role ARN, the only principal a deployment identity should be
 * (access entries take IAM roles and users; a role ARN may carry a path; an
 * STS assumed-role session ARN is refused by EKS).
 * https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
 */
export const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export interface AccessEntryPlan {
    readonly role: AccessRole;
    /** The principal's ARN, or undefined for "whoever runs the deployment" (admin only). */
    readonly principalArn?: string;
    readonly policy: string;
}

export interface ClusterAccess {
    /** Runs `pulumi up`: cluster admin. Undefined: the identity running the deployment (a sandbox only). */
    readonly deployRoleArn?: string;
    /** Runs `pulumi preview --refresh`: reads everything, changes nothing. Undefined: no read-only entry. */
    readonly previewRoleArn?: string;
}

/** The entries to create, checked; throws naming the cluster, the value and the rule. */
export function planAccessEntries(cluster: string, access: ClusterAccess): AccessEntryPlan[] {
    const given: Array<[AccessRole, string | undefined]> = [["admin", access.deployRoleArn], ["viewer", access.previewRoleArn]];
    for (const [role, arn] of given) {
        if (arn !== undefined && !ROLE_ARN.test(arn)) {
            throw new Error(`cluster ${cluster}: ${role} principal "${arn}" must be an IAM role ARN (arn:aws:iam::<account>:role/<name>); EKS refuses STS session ARNs`);
        }
    }
    if (access.deployRoleArn !== undefined && access.deployRoleArn === access.previewRoleArn) {
        throw new Error(`cluster ${cluster}: the deploy and preview roles are both "${access.deployRoleArn}"; EKS allows one access entry per principal, so they must differ`);
    }
    return given
        .filter(([role, arn]) => role === "admin" || arn !== undefined)
        .map(([role, principalArn]) => ({ role, principalArn, policy: accessPolicyName(role) }));
}
