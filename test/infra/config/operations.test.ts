import { strict as assert } from "assert";
import { loadStackConfig } from "../../../infra/config";
import { ALARM_KEYS } from "../../../infra/config/operations";
import { ALARM_DEFAULTS } from "../../../components/operations/types";
import { readProjectFile } from "../../../tools/harness/project";
import { configProblems, stackSource } from "../../support/config";

describe("infra/config (operations)", () => {
    it("gives prod the account's security services, a copy region and a locked vault; dev and staging keep less", () => {
        const [dev, staging, prod] = ["dev", "staging", "prod"].map((s) => loadStackConfig(stackSource(s)).operations);
        assert.deepEqual([dev.securityServicesOwner, staging.securityServicesOwner, prod.securityServicesOwner], [false, false, true]);
        assert.deepEqual(prod.backups, { intervalHours: 24, retentionDays: 35, copyRegion: "us-west-2", copyRetentionDays: 35, vaultLock: "governance" });
        assert.deepEqual([dev.backups?.retentionDays, dev.backups?.copyRegion, dev.backups?.vaultLock], [7, undefined, "none"]);
        assert.equal(staging.backups?.retentionDays, 14);
        assert.deepEqual(dev.alertEmails, []);
        assert.equal(prod.alarms.postgresConnections, 2400);
    });

    it("declares every threshold in Pulumi.yaml with the component's default", () => {
        const declared = readProjectFile().config;
        for (const [field, key] of Object.entries(ALARM_KEYS)) {
            assert.equal(declared[key]?.type, "integer", key);
            assert.equal(declared[key]?.default, ALARM_DEFAULTS[field as keyof typeof ALARM_DEFAULTS], key);
        }
    });

    it("turns backups off", () => {
        assert.equal(loadStackConfig(stackSource("prod", { backups: "false" })).operations.backups, undefined);
    });

    const cases: Array<[string, Record<string, string>, RegExp]> = [
        ["an interval that does not divide a day", { backupIntervalHours: "5" }, /tickettoken:backupIntervalHours = "5": must be one of 1, 2, 3, 4, 6, 8, 12, 24/],
        ["hourly backups kept a month", { backupIntervalHours: "1", backupRetentionDays: "30" },
            /tickettoken:backupRetentionDays = "30": keeps 22 × 30 = 660 snapshots of each store in the region, over the 100 manual snapshots/],
        ["copies kept longer than the quota allows", { backupIntervalHours: "12", backupCopyRetentionDays: "60" },
            /tickettoken:backupCopyRetentionDays = "60": keeps 2 × 60 = 120 snapshots/],
        ["a copy region that is no region", { backupCopyRegion: "US-WEST-2" }, /tickettoken:backupCopyRegion = "US-WEST-2": must be empty \(no copy\) or an AWS region name/],
        ["compliance mode", { backupVaultLock: "compliance" }, /tickettoken:backupVaultLock = "compliance": must be one of "none", "governance"/],
        ["an unknown scan type", { imageScanType: "FULL" }, /tickettoken:imageScanType = "FULL": must be one of "BASIC", "ENHANCED"/],
        ["a subscriber that is no address", { alertEmails: '["ops"]' }, /tickettoken:alertEmails = .*item 0 \("ops"\) must be an email address/],
        ["a CPU threshold over 100%", { alarmCpuPercent: "120" }, /tickettoken:alarmCpuPercent = "120": must be an integer from 1 to 100/],
        ["an alarm window over an hour", { alarmEvaluationMinutes: "90" }, /tickettoken:alarmEvaluationMinutes = "90": must be an integer from 1 to 60/],
    ];
    for (const [what, patch, expected] of cases) {
        it(`refuses ${what}`, () => {
            assert.match(configProblems(patch), expected);
        });
    }
});
