// Plain types, allowed sets and defaults of the operations layer (threat
// detection, alerting, backups): no Pulumi imports, so config validation and
// the pure planners can use them cheaply. Each allowed set lives here only.

/**
 * ECR registry scanning. BASIC scans on push only; ENHANCED (Amazon
 * Inspector, billed per image) also rescans continuously as new CVEs are
 * published, which matters for cached third-party images nobody rebuilds.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
 */
export type ImageScanType = "BASIC" | "ENHANCED";

export const IMAGE_SCAN_TYPES: readonly ImageScanType[] = ["BASIC", "ENHANCED"];

/**
 * AWS Backup vault lock. "governance" refuses to delete recovery points
 * before their retention ends, except for a principal allowed to remove the
 * lock. Compliance mode is deliberately not offered: after its grace period
 * no one, not even the account root, can remove the lock, shorten retention
 * or delete the vault, which no stack setting should be able to decide.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export type VaultLockMode = "none" | "governance";

export const VAULT_LOCK_MODES: readonly VaultLockMode[] = ["none", "governance"];

/** Backup intervals, in hours: divisors of a day, so every day has the same backup hours. */
export const BACKUP_INTERVAL_HOURS: readonly number[] = [1, 2, 3, 4, 6, 8, 12, 24];

/** The first backup of a day, UTC: after the stores' backup window (03:00-04:00) and weekly maintenance (Sunday 05:00-06:00). */
export const FIRST_BACKUP_HOUR = 6;

/** AWS region names, e.g. us-west-2, eu-central-1, us-gov-west-1. */
export const REGION_NAME = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/**
 * Manual snapshots RDS keeps per region (the default quota; DocumentDB's
 * manual cluster snapshots have the same). Snapshots taken by AWS Backup and
 * its cross-region copies are manual snapshots and count against it.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html
 * https://docs.aws.amazon.com/documentdb/latest/developerguide/limits.html
 * Raise it here only after raising the quota in Service Quotas.
 */
export const MANUAL_SNAPSHOT_QUOTA = 100;

/** Longest retention AWS Backup accepts for a recovery point without cold storage, in days (100 years). */
export const MAX_BACKUP_RETENTION_DAYS = 36500;

/** An address for SNS's email protocol, kept simple: one address, no display name. */
export const EMAIL_ENDPOINT = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** GuardDuty findings of this severity and above (High 7.0-8.9, Critical 9.0-10.0) reach the alert topic. */
export const GUARDDUTY_ALERT_SEVERITY = 7;

/** Security Hub severity labels that reach the alert topic. */
export const SECURITY_HUB_ALERT_LABELS: readonly string[] = ["CRITICAL", "HIGH"];

/** The thresholds of the CloudWatch alarms (seed 003 "Critical Alerts"). */
export interface AlarmThresholds {
    /** CPU of every store node and broker, percent. */
    readonly cpuPercent: number;
    /** Memory of the cache and the broker, percent of what the engine may use. */
    readonly memoryPercent: number;
    /** PostgreSQL storage used, percent of the allocated storage. */
    readonly diskUsedPercent: number;
    /** Connections to one PostgreSQL instance. */
    readonly postgresConnections: number;
    /** Connections to one DocumentDB instance. */
    readonly docdbConnections: number;
    /** Replica lag of PostgreSQL, DocumentDB and the cache, seconds. */
    readonly replicaLagSeconds: number;
    /** Keys the cache evicts in one evaluation window. */
    readonly cacheEvictions: number;
    /** Messages in the broker's queues (ready and unacknowledged). */
    readonly queueDepth: number;
    /** The broker alarms when its free disk falls below this multiple of the limit where it blocks publishers. */
    readonly brokerDiskFreeLimitMultiple: number;
    /** 5xx answers (from the targets, and from the load balancer itself), percent of requests. */
    readonly errorRatePercent: number;
    /** Failed TLS handshakes at the load balancer in one evaluation window. */
    readonly tlsNegotiationErrors: number;
    /** Packets a NAT gateway drops, percent of the packets it receives. */
    readonly natPacketDropPercent: number;
    /** Rejected flow-log records in one evaluation window. */
    readonly rejectedFlows: number;
    /** Length of the window every alarm evaluates, minutes. */
    readonly evaluationMinutes: number;
}

/** Inclusive bounds of each threshold. */
export const ALARM_THRESHOLD_BOUNDS: Readonly<Record<keyof AlarmThresholds, { readonly min: number; readonly max: number }>> = {
    cpuPercent: { min: 1, max: 100 },
    memoryPercent: { min: 1, max: 100 },
    diskUsedPercent: { min: 1, max: 99 },
    postgresConnections: { min: 1, max: 100000 },
    docdbConnections: { min: 1, max: 100000 },
    replicaLagSeconds: { min: 1, max: 86400 },
    cacheEvictions: { min: 1, max: 10000000 },
    queueDepth: { min: 1, max: 100000000 },
    brokerDiskFreeLimitMultiple: { min: 1, max: 100 },
    errorRatePercent: { min: 1, max: 100 },
    tlsNegotiationErrors: { min: 1, max: 1000000 },
    natPacketDropPercent: { min: 1, max: 100 },
    rejectedFlows: { min: 1, max: 100000000 },
    // CloudWatch's alarm period is at most a day; an hour keeps alerts timely.
    evaluationMinutes: { min: 1, max: 60 },
};

/** Defaults of AlarmThresholds: seed 003's "Critical Alerts" where it names a number. */
export const ALARM_DEFAULTS: AlarmThresholds = {
    cpuPercent: 80,
    memoryPercent: 90,
    diskUsedPercent: 85,
    postgresConnections: 400,
    docdbConnections: 400,
    replicaLagSeconds: 30,
    cacheEvictions: 100,
    queueDepth: 1000,
    brokerDiskFreeLimitMultiple: 2,
    errorRatePercent: 1,
    tlsNegotiationErrors: 10,
    natPacketDropPercent: 1,
    rejectedFlows: 1000,
    evaluationMinutes: 5,
};
