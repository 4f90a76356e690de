// AWS's default security-group quotas, and pure checks of planned rules and
// attachments against them. AWS refuses the 61st rule of a group with
// RulesPerSecurityGroupLimitExceeded, and a sixth group on a network interface
// with SecurityGroupsPerInterfaceLimitExceeded; mocks accept both, so the plan
// counts instead.
//
// Sources (Amazon VPC User Guide):
// - "Amazon VPC quotas", Security groups
//   (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups):
//   inbound or outbound rules per security group 60, "enforced separately for
//   inbound and outbound rules" and "separately for IPv4 rules and IPv6 rules";
//   security groups per network interface 5 (adjustable up to 16); "This quota
//   multiplied by the quota for rules per security group cannot exceed 1,000."
// - "Security group rules", Security group size
//   (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html#security-group-size):
//   a rule that references a CIDR block counts as one rule; one that references
//   another security group counts as one rule, whatever that group's size; one
//   that references a customer-managed prefix list counts as the list's
//   maximum size; one that references an AWS-managed prefix list counts as its
//   weight.
// - "Work with AWS-managed prefix lists", AWS-managed prefix list weight
//   (https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html):
//   com.amazonaws.<region>.s3 and .dynamodb weigh 1,
//   com.amazonaws.global.cloudfront.origin-facing 55.
import { parseCidr } from "../../policies/net";

/** The two IP families AWS counts rules in separately. */
export type IpFamily = "IPv4" | "IPv6";
export const IP_FAMILIES: readonly IpFamily[] = ["IPv4", "IPv6"];

export type QuotaDirection = "ingress" | "egress";
export const QUOTA_DIRECTIONS: readonly QuotaDirection[] = ["ingress", "egress"];

/** The account's security-group quotas the plan is held to. */
export interface SecurityGroupQuotas {
    /** Inbound, and separately outbound, rules per group, counted per IP family. */
    readonly rulesPerGroup: number;
    /** Security groups on one network interface (a node's, a pod's branch ENI, a store's). */
    readonly groupsPerInterface: number;
}

/** AWS's defaults, which this program is designed to stay within (no quota increase needed). */
export const AWS_DEFAULT_SECURITY_GROUP_QUOTAS: SecurityGroupQuotas = { rulesPerGroup: 60, groupsPerInterface: 5 };

/** Most groups per interface AWS allows even after an increase. */
export const MAX_GROUPS_PER_INTERFACE = 16;

/** Ceiling of rules per group × groups per interface, whatever the increases. */
export const MAX_RULES_TIMES_GROUPS = 1000;

/** Weights of the AWS-managed prefix lists, by the service part of their name. */
export const AWS_MANAGED_PREFIX_LIST_WEIGHTS = {
    s3: 1,
    dynamodb: 1,
    "cloudfront.origin-facing": 55,
} as const;

/** What a rule references, as far as its weight goes. */
export type QuotaPeer =
    | { readonly kind: "cidr"; readonly cidr: string }
    | { readonly kind: "group" }
    /** A managed prefix list: `weight` is an AWS-managed list's weight, or a customer-managed list's maximum entries. */
    | { readonly kind: "prefix-list"; readonly weight: number; readonly family: IpFamily };

/** One planned rule, reduced to what the quotas count. */
export interface QuotaRule {
    /** The group it is written on (a name the error shows). */
    readonly group: string;
    readonly direction: QuotaDirection;
    readonly peer: QuotaPeer;
}

/** How much one rule counts against each family's quota. */
export function ruleWeight(peer: QuotaPeer): Readonly<Record<IpFamily, number>> {
    switch (peer.kind) {
        case "cidr": {
            const parsed = parseCidr(peer.cidr);
            if (!parsed) {
                throw new Error(`"${peer.cidr}" is not a CIDR`);
            }
            return parsed.version === 4 ? { IPv4: 1, IPv6: 0 } : { IPv4: 0, IPv6: 1 };
        }
        case "group":
            // AWS counts a group reference as one rule without saying in which
            // family; it admits both, so it is counted in both and neither
            // total can be understated.
            return { IPv4: 1, IPv6: 1 };
        case "prefix-list":
            return peer.family === "IPv4" ? { IPv4: peer.weight, IPv6: 0 } : { IPv4: 0, IPv6: peer.weight };
    }
}

/** Rules of one group in one direction and family. */
export interface RuleCount {
    readonly group: string;
    readonly direction: QuotaDirection;
    readonly family: IpFamily;
    readonly count: number;
}

/** Every group's weighted rule count per direction and family (zero counts left out), in first-seen order. */
export function countRules(rules: readonly QuotaRule[]): RuleCount[] {
    const totals = new Map<string, RuleCount>();
    for (const r of rules) {
        const weight = ruleWeight(r.peer);
        for (const family of IP_FAMILIES) {
            if (weight[family] === 0) {
                continue;
            }
            const key = `${r.group}\u0000${r.direction}\u0000${family}`;
            const before = totals.get(key)?.count ?? 0;
            totals.set(key, { group: r.group, direction: r.direction, family, count: before + weight[family] });
        }
    }
    return [...totals.values()];
}

/** Why a set of quotas is not one AWS can grant, or undefined. */
export function quotaSettingProblem(q: SecurityGroupQuotas): string | undefined {
    if (!Number.isInteger(q.rulesPerGroup) || q.rulesPerGroup < 1) {
        return `rules per group ${q.rulesPerGroup} must be a positive integer`;
    }
    if (!Number.isInteger(q.groupsPerInterface) || q.groupsPerInterface < 1 || q.groupsPerInterface > MAX_GROUPS_PER_INTERFACE) {
        return `groups per network interface ${q.groupsPerInterface} must be an integer from 1 to ${MAX_GROUPS_PER_INTERFACE}`;
    }
    if (q.rulesPerGroup * q.groupsPerInterface > MAX_RULES_TIMES_GROUPS) {
        return `${q.rulesPerGroup} rules per group × ${q.groupsPerInterface} groups per network interface exceeds AWS's ceiling of ${MAX_RULES_TIMES_GROUPS}`;
    }
    return undefined;
}

/** One message per group, direction and family over the quota. */
export function ruleQuotaProblems(rules: readonly QuotaRule[], quotas: SecurityGroupQuotas = AWS_DEFAULT_SECURITY_GROUP_QUOTAS): string[] {
    const setting = quotaSettingProblem(quotas);
    if (setting !== undefined) {
        return [`security-group quotas: ${setting}`];
    }
    return countRules(rules)
        .filter((c) => c.count > quotas.rulesPerGroup)
        .map((c) =>
            `security group ${c.group}: ${c.count} ${c.direction === "ingress" ? "inbound" : "outbound"} ${c.family} rules, ` +
                `over the quota of ${quotas.rulesPerGroup} per direction and IP family (Amazon VPC quotas, "Inbound or outbound rules per security group"); ` +
                "split the rules over more groups or narrow the flows",
        );
}

/** Why `groups` security groups cannot share one network interface, or undefined. */
export function groupsPerInterfaceProblem(attachment: string, groups: number, quotas: SecurityGroupQuotas = AWS_DEFAULT_SECURITY_GROUP_QUOTAS): string | undefined {
    if (groups > quotas.groupsPerInterface) {
        return `${attachment}: ${groups} security groups on one network interface, over the quota of ${quotas.groupsPerInterface} ` +
            '(Amazon VPC quotas, "Security groups per network interface")';
    }
    if (groups < 1) {
        return `${attachment}: a network interface needs at least one security group`;
    }
    return undefined;
}

/** Throws every rule-quota problem of `rules` at once, prefixed with `where`. */
export function checkRuleQuotas(where: string, rules: readonly QuotaRule[], quotas: SecurityGroupQuotas = AWS_DEFAULT_SECURITY_GROUP_QUOTAS): void {
    const problems = ruleQuotaProblems(rules, quotas);
    if (problems.length > 0) {
        throw new Error(`${where}: ${problems.join("; ")}`);
    }
}

/** Throws when `groups` security groups exceed what one network interface may carry. */
export function checkGroupsPerInterface(attachment: string, groups: number, quotas: SecurityGroupQuotas = AWS_DEFAULT_SECURITY_GROUP_QUOTAS): void {
    const problem = groupsPerInterfaceProblem(attachment, groups, quotas);
    if (problem !== undefined) {
        throw new Error(problem);
    }
}

/**
 * `items` split into exactly `count` contiguous chunks whose sizes differ by
 * at most one. Even chunks leave room in every group, so that a list refresh
 * which moves an address from one group to the next (created there before it
 * is removed here) does not overflow a full group on the way.
 */
export function evenSplit<T>(items: readonly T[], count: number): T[][] {
    const chunks: T[][] = [];
    let start = 0;
    for (let i = 0; i < count; i++) {
        const size = Math.floor(items.length / count) + (i < items.length % count ? 1 : 0);
        chunks.push(items.slice(start, start + size));
        start += size;
    }
    return chunks;
}
