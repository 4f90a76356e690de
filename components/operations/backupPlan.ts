// Pure planning of AWS Backup: at which hours snapshots are taken, the
// schedule expression, the job windows, and whether the snapshots kept fit
// the regional snapshot quota.
import { BACKUP_INTERVAL_HOURS, MANUAL_SNAPSHOT_QUOTA, MAX_BACKUP_RETENTION_DAYS } from "./types";

/** The hours of a "HH:MM-HH:MM" window (UTC), and the hour before it. */
export function blockedHours(window: string): number[] {
    const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(window);
    if (!match) {
        throw new Error(`backup window "${window}" must be "HH:MM-HH:MM" in UTC`);
    }
    const start = Number(match[1]);
    // The hour the window ends in is blocked too, unless it ends on the hour.
    const end = (Number(match[3]) + (Number(match[4]) > 0 ? 1 : 0)) % 24;
    const hours: number[] = [];
    // From the hour before the window (a job may still be starting then).
    for (let h = (start + 23) % 24; h !== end || hours.length === 0; h = (h + 1) % 24) {
        hours.push(h);
    }
    return hours;
}

/**
 * The hours (UTC, ascending) a backup starts: every `intervalHours` from
 * `firstHour`, skipping `blocked` hours. RDS and DocumentDB cannot take a
 * snapshot for AWS Backup while they take their own automated backup, so the
 * stores' backup window is blocked.
 */
export function backupHours(intervalHours: number, firstHour: number, blocked: readonly number[] = []): number[] {
    if (!BACKUP_INTERVAL_HOURS.includes(intervalHours)) {
        throw new Error(`backup interval of ${intervalHours} h: must be one of ${BACKUP_INTERVAL_HOURS.join(", ")} hours`);
    }
    const hours = Array.from({ length: 24 / intervalHours }, (_, k) => (firstHour + k * intervalHours) % 24).filter((h) => !blocked.includes(h));
    if (hours.length === 0) {
        throw new Error(`every ${intervalHours} h from ${firstHour}:00 falls in the blocked hours ${blocked.join(", ")}`);
    }
    return hours.sort((a, b) => a - b);
}

/** AWS Backup's cron form (minutes hours day-of-month month day-of-week year), UTC. */
export function backupSchedule(hours: readonly number[]): string {
    return `cron(0 ${hours.join(",")} ? * * *)`;
}

/** Minutes a job may wait to start, and to finish (AWS Backup needs the latter at least 60 more than the former). */
export function jobWindows(intervalHours: number): { startWindow: number; completionWindow: number } {
    const startWindow = 60;
    // A job should finish before the next one is due, and within a working day.
    const completionWindow = Math.max(startWindow + 60, Math.min(intervalHours * 60, 8 * 60));
    return { startWindow, completionWindow };
}

/** Snapshots of one store kept at once in one region. */
export function retainedSnapshots(backupsPerDay: number, retentionDays: number): number {
    return backupsPerDay * retentionDays;
}

/**
 * Why `retentionDays` of backups taken `backupsPerDay` times a day do not
 * fit: each store keeps that many manual snapshots in the region, against the
 * quota. Undefined when they fit.
 */
export function snapshotQuotaProblem(backupsPerDay: number, retentionDays: number, quota: number = MANUAL_SNAPSHOT_QUOTA): string | undefined {
    if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > MAX_BACKUP_RETENTION_DAYS) {
        return `must be a whole number of days from 1 to ${MAX_BACKUP_RETENTION_DAYS}`;
    }
    const kept = retainedSnapshots(backupsPerDay, retentionDays);
    if (kept > quota) {
        return (
            `keeps ${backupsPerDay} × ${retentionDays} = ${kept} snapshots of each store in the region, over the ${quota} manual snapshots ` +
            `RDS and DocumentDB allow per region; keep at most ${Math.floor(quota / backupsPerDay)} days at this interval, back up less often, or raise the quota first`
        );
    }
    return undefined;
}

/** AWS Backup names (vault, rule, selection): 1-50 letters, digits, hyphens, underscores, dots. */
export const BACKUP_NAME = /^[A-Za-z0-9_.-]{1,50}$/;
