// Config of the operations layer: threat detection and who owns the
// account's security services, the alert topic's subscribers, alarm
// thresholds, and backups with their retention and copy region.
import { ConfigReader } from "./reader";
import {
    ALARM_THRESHOLD_BOUNDS,
    AlarmThresholds,
    BACKUP_INTERVAL_HOURS,
    EMAIL_ENDPOINT,
    FIRST_BACKUP_HOUR,
    IMAGE_SCAN_TYPES,
    ImageScanType,
    MAX_BACKUP_RETENTION_DAYS,
    REGION_NAME,
    VAULT_LOCK_MODES,
    VaultLockMode,
} from "../../components/operations/types";
import { backupHours, blockedHours, snapshotQuotaProblem } from "../../components/operations/backupPlan";
import { DATA_DEFAULTS } from "../../components/data/types";

export interface BackupConfig {
    /** Hours between backups, a divisor of 24. */
    readonly intervalHours: number;
    /** Days a recovery point is kept in the stack's region. */
    readonly retentionDays: number;
    /** Second region the recovery points are copied to; undefined: no copy. */
    readonly copyRegion?: string;
    /** Days a copy is kept. */
    readonly copyRetentionDays: number;
    readonly vaultLock: VaultLockMode;
}

export interface OperationsConfig {
    /** GuardDuty's agent and endpoint for this cluster, and the finding rules. */
    readonly threatDetection: boolean;
    /** This stack creates the account's GuardDuty detector, Security Hub and ECR scanning configuration. */
    readonly securityServicesOwner: boolean;
    readonly imageScanType: ImageScanType;
    /** Addresses subscribed to the alert topic by email. */
    readonly alertEmails: readonly string[];
    readonly alarms: AlarmThresholds;
    /** AWS Backup of the stores; undefined when off. */
    readonly backups?: BackupConfig;
}

/** Config key of each alarm threshold. */
export const ALARM_KEYS: Readonly<Record<keyof AlarmThresholds, string>> = {
    cpuPercent: "alarmCpuPercent",
    memoryPercent: "alarmMemoryPercent",
    diskUsedPercent: "alarmDiskUsedPercent",
    postgresConnections: "alarmPostgresConnections",
    docdbConnections: "alarmDocdbConnections",
    replicaLagSeconds: "alarmReplicaLagSeconds",
    cacheEvictions: "alarmCacheEvictions",
    queueDepth: "alarmQueueDepth",
    brokerDiskFreeLimitMultiple: "alarmBrokerDiskFreeLimitMultiple",
    errorRatePercent: "alarmErrorRatePercent",
    tlsNegotiationErrors: "alarmTlsNegotiationErrors",
    natPacketDropPercent: "alarmNatPacketDropPercent",
    rejectedFlows: "alarmRejectedFlows",
    evaluationMinutes: "alarmEvaluationMinutes",
};

function readAlarms(r: ConfigReader): AlarmThresholds {
    const entries = (Object.keys(ALARM_KEYS) as Array<keyof AlarmThresholds>).map((k) => {
        const { min, max } = ALARM_THRESHOLD_BOUNDS[k];
        return [k, r.integer(ALARM_KEYS[k], min, max)] as const;
    });
    return Object.fromEntries(entries) as unknown as AlarmThresholds;
}

function retention(r: ConfigReader, key: string, backupsPerDay: number | undefined): number {
    const days = r.integer(key, 1, MAX_BACKUP_RETENTION_DAYS);
    const problem = backupsPerDay === undefined ? undefined : snapshotQuotaProblem(backupsPerDay, days);
    if (problem !== undefined && !r.rejected(key)) {
        r.reject(key, String(days), problem);
    }
    return days;
}

function readBackups(r: ConfigReader): BackupConfig | undefined {
    const on = r.boolean("backups");
    const intervalHours = r.integerIn("backupIntervalHours", BACKUP_INTERVAL_HOURS);
    // The quota check counts the backups a day actually takes, outside the stores' backup window.
    const perDay = r.rejected("backupIntervalHours") ? undefined : backupHours(intervalHours, FIRST_BACKUP_HOUR, blockedHours(DATA_DEFAULTS.backupWindow)).length;
    const retentionDays = retention(r, "backupRetentionDays", perDay);
    const copyRegion = r.string("backupCopyRegion", new RegExp(`^$|${REGION_NAME.source}`), "must be empty (no copy) or an AWS region name like us-west-2");
    const copyRetentionDays = retention(r, "backupCopyRetentionDays", copyRegion === "" ? undefined : perDay);
    const vaultLock = r.oneOf("backupVaultLock", VAULT_LOCK_MODES);
    if (!on) {
        return undefined;
    }
    return { intervalHours, retentionDays, copyRegion: REGION_NAME.test(copyRegion) ? copyRegion : undefined, copyRetentionDays, vaultLock };
}

export function readOperationsConfig(r: ConfigReader): OperationsConfig {
    return {
        threatDetection: r.boolean("threatDetection"),
        securityServicesOwner: r.boolean("securityServicesOwner"),
        imageScanType: r.oneOf("imageScanType", IMAGE_SCAN_TYPES),
        alertEmails: r.stringList("alertEmails", EMAIL_ENDPOINT, "must be an email address like ops@example.com"),
        alarms: readAlarms(r),
        backups: readBackups(r),
    };
}
