import { strict as assert } from "assert";
import { backupHours, backupSchedule, blockedHours, FIRST_BACKUP_HOUR, jobWindows, MANUAL_SNAPSHOT_QUOTA, snapshotQuotaProblem } from "../../../components/operations";
import { DATA_DEFAULTS } from "../../../components/data/types";

describe("components/operations/backupPlan", () => {
    it("blocks the stores' backup window and the hour before it", () => {
        assert.deepEqual(blockedHours("03:00-04:00"), [2, 3]);
        assert.deepEqual(blockedHours("03:30-04:30"), [2, 3, 4]);
        assert.deepEqual(blockedHours("23:00-01:00"), [22, 23, 0]);
        assert.throws(() => blockedHours("3-4"), /must be "HH:MM-HH:MM"/);
    });

    it("spreads backups over the day from the first hour, outside the blocked hours", () => {
        const blocked = blockedHours(DATA_DEFAULTS.backupWindow);
        assert.deepEqual(backupHours(24, FIRST_BACKUP_HOUR, blocked), [6]);
        assert.deepEqual(backupHours(6, FIRST_BACKUP_HOUR, blocked), [0, 6, 12, 18]);
        const hourly = backupHours(1, FIRST_BACKUP_HOUR, blocked);
        assert.equal(hourly.length, 22);
        assert.ok(!hourly.includes(2) && !hourly.includes(3));
        assert.throws(() => backupHours(5, 6), /must be one of 1, 2, 3, 4, 6, 8, 12, 24/);
        assert.throws(() => backupHours(24, 3, [3]), /falls in the blocked hours/);
    });

    it("writes AWS Backup's cron form in UTC", () => {
        assert.equal(backupSchedule([6]), "cron(0 6 ? * * *)");
        assert.equal(backupSchedule([0, 6, 12, 18]), "cron(0 0,6,12,18 ? * * *)");
    });

    it("gives jobs a completion window at least an hour longer than the start window", () => {
        for (const h of [1, 2, 24]) {
            const w = jobWindows(h);
            assert.ok(w.completionWindow >= w.startWindow + 60, `${h} h`);
        }
        assert.deepEqual(jobWindows(24), { startWindow: 60, completionWindow: 480 });
    });

    it("refuses retention that keeps more snapshots than the regional quota", () => {
        assert.equal(MANUAL_SNAPSHOT_QUOTA, 100);
        assert.equal(snapshotQuotaProblem(1, 35), undefined);
        assert.equal(snapshotQuotaProblem(1, 100), undefined);
        assert.match(snapshotQuotaProblem(1, 101)!, /keeps 1 × 101 = 101 snapshots of each store in the region, over the 100/);
        assert.match(snapshotQuotaProblem(22, 35)!, /770 snapshots.*keep at most 4 days at this interval/);
        assert.match(snapshotQuotaProblem(1, 0)!, /whole number of days from 1/);
    });
});
