// Pure pieces of threat detection: which GuardDuty features the detector
// turns on, the Security Hub standards' ARNs, the EventBridge patterns that
// pick the findings and backup failures worth an alert, and ECR's repository
// filter wildcards.
import { GUARDDUTY_ALERT_SEVERITY, SECURITY_HUB_ALERT_LABELS } from "./types";

/** A GuardDuty detector feature and the settings of its sub-features. */
export interface DetectorFeatureSpec {
    /** Feature name (aws.guardduty.DetectorFeature `name`). */
    readonly name: string;
    /** Sub-features (only RUNTIME_MONITORING has them here), all set explicitly. */
    readonly additional?: ReadonlyArray<{ readonly name: string; readonly status: "ENABLED" | "DISABLED" }>;
}

/**
 * The detector's features. https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
 * - EKS_AUDIT_LOGS: EKS Protection reads the cluster's audit log itself (nothing to install).
 * - RUNTIME_MONITORING, not EKS_RUNTIME_MONITORING: the two cannot both be set,
 *   and the latter is the older EKS-only form. Agent management is off for every
 *   resource type: each stack installs the aws-guardduty-agent add-on and the
 *   guardduty-data endpoint itself (see ThreatDetection for why).
 * - EBS_MALWARE_PROTECTION: scans the nodes' volumes when a finding points at malware.
 * - RDS_LOGIN_EVENTS: profiles logins of the RDS engines GuardDuty supports
 *   (https://docs.aws.amazon.com/guardduty/latest/ug/rds-protection.html#rds-pro-supported-db);
 *   DocumentDB, ElastiCache and Amazon MQ are not among them.
 * - S3_DATA_EVENTS: the load balancer's access-log buckets.
 * Left alone: LAMBDA_NETWORK_LOGS (no functions), and Malware Protection for
 * S3 (a plan per bucket that receives uploads; no bucket here does).
 */
export const DETECTOR_FEATURES: readonly DetectorFeatureSpec[] = [
    { name: "S3_DATA_EVENTS" },
    { name: "EKS_AUDIT_LOGS" },
    { name: "EBS_MALWARE_PROTECTION" },
    { name: "RDS_LOGIN_EVENTS" },
    {
        name: "RUNTIME_MONITORING",
        additional: [
            { name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" },
            { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" },
            { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" },
        ],
    },
];

/** Feature pairs the GuardDuty API refuses together. */
export const EXCLUSIVE_FEATURES: ReadonlyArray<readonly [string, string]> = [["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"]];

/** Throws when a feature list repeats a feature or holds a pair GuardDuty refuses together. */
export function checkDetectorFeatures(features: readonly DetectorFeatureSpec[]): void {
    const names = features.map((f) => f.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) {
        throw new Error(`GuardDuty feature ${repeated} is listed twice`);
    }
    for (const [a, b] of EXCLUSIVE_FEATURES) {
        if (names.includes(a) && names.includes(b)) {
            throw new Error(`GuardDuty features ${a} and ${b} cannot both be configured; ${a} supersedes ${b}`);
        }
    }
}

/** The Security Hub standards this stack subscribes to, by short name. */
export type SecurityStandard = "fsbp" | "cis";

/**
 * Standards ARNs (per region and partition). CIS v5.0.0 is the current
 * version; v1.2.0's ARN has another, region-less form and is not used.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html
 */
export function standardsArn(standard: SecurityStandard, partition: string, region: string): string {
    switch (standard) {
        case "fsbp":
            return `arn:${partition}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
        case "cis":
            return `arn:${partition}:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/5.0.0`;
    }
}

export const SECURITY_STANDARDS: readonly SecurityStandard[] = ["fsbp", "cis"];

/**
 * GuardDuty findings of high and critical severity.
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html
 */
export function guardDutyFindingPattern(minSeverity: number = GUARDDUTY_ALERT_SEVERITY): Record<string, unknown> {
    return {
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: { severity: [{ numeric: [">=", minSeverity] }] },
    };
}

/**
 * New, active Security Hub findings labelled critical or high, except
 * GuardDuty's (Security Hub imports them too; their own rule sends them once).
 * Amazon Inspector's findings on the cached images arrive this way.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-event-formats.html
 */
export function securityHubFindingPattern(labels: readonly string[] = SECURITY_HUB_ALERT_LABELS): Record<string, unknown> {
    return {
        source: ["aws.securityhub"],
        "detail-type": ["Security Hub Findings - Imported"],
        detail: {
            findings: {
                Severity: { Label: [...labels] },
                Workflow: { Status: ["NEW"] },
                RecordState: ["ACTIVE"],
                ProductName: [{ "anything-but": "GuardDuty" }],
            },
        },
    };
}

/**
 * Backup and copy jobs that did not complete.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */
export function backupFailurePattern(): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        "detail-type": ["Backup Job State Change", "Copy Job State Change"],
        detail: { state: ["FAILED", "ABORTED", "EXPIRED"] },
    };
}

/**
 * Whether an ECR WILDCARD filter matches a repository name: "*" stands for
 * zero or more characters and the filter spans the whole name.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-filters.html
 */
export function wildcardMatches(filter: string, repository: string): boolean {
    const pattern = filter.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${pattern}$`).test(repository);
}

/** ECR filters are 1-256 characters of lower-case letters, digits, separators and "*". */
export const ECR_FILTER = /^[a-z0-9*](?:[a-z0-9._\-/*]{0,255})$/;
