// AWS Backup for the stores it supports (seed 003 "Disaster Recovery", seed
// 002 "Backup Strategy"): RDS PostgreSQL and DocumentDB, selected by ARN so
// that nothing else in the account is picked up by a tag. ElastiCache and
// Amazon MQ are not AWS Backup resource types
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html):
// the cache keeps its own daily snapshots, the broker holds only messages in
// flight (see docs/runbooks/recovery.md).
//
// Snapshot backups only, no continuous backup: RDS and DocumentDB already
// keep point-in-time recovery through their own automated backups, whose
// retention the data stores set; continuous backup in AWS Backup would take
// that retention over. What AWS Backup adds is longer retention than
// automated backups allow, a vault of its own, and a copy in a second region.
//
// The copy's vault lives in the DR region through the provider's
// per-resource `region` (AWS provider v7), so it is created with the same
// credentials and default tags as everything else, without a second provider
// to configure. Its key is its own, in that region: a copy must be readable
// when the primary region (and its keys) is not.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_NAME, backupHours, backupSchedule, blockedHours, jobWindows, snapshotQuotaProblem } from "./backupPlan";
import { backupFailurePattern } from "./findings";
import { eventRuleToTopic } from "./eventRules";
import { FIRST_BACKUP_HOUR, REGION_NAME, VaultLockMode } from "./types";

export interface BackupsArgs {
    /** The stores to back up, by ARN (RDS instances, DocumentDB clusters). */
    readonly resources: ReadonlyArray<{ readonly name: string; readonly arn: pulumi.Input<string> }>;
    /** Stack-wide prefix of the names AWS Backup does not generate (rule, selection). */
    readonly identifier: string;
    /** Hours between backups, a divisor of 24. */
    readonly intervalHours: number;
    /** Days each recovery point is kept in this region. */
    readonly retentionDays: number;
    /** The stores' own backup window ("HH:MM-HH:MM" UTC): no job starts in it or the hour before. */
    readonly storeBackupWindow: string;
    /** A copy of every recovery point in a second region, kept this long; undefined: no copy. */
    readonly copy?: { readonly region: string; readonly retentionDays: number };
    /** Lock of both vaults. @default "none" */
    readonly vaultLock?: VaultLockMode;
    /** Where failed backup and copy jobs are reported. */
    readonly topicArn: pulumi.Input<string>;
    /** `protect` on the vaults and their keys. @default true */
    readonly protect?: boolean;
    /** Tags added to every resource (and to every recovery point). @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** What Pulumi's auto-naming appends to a resource name: "-" and 7 characters. */
const AUTONAME_SUFFIX = 8;

export class Backups extends pulumi.ComponentResource {
    readonly vault: aws.backup.Vault;
    /** The copy's vault, in the DR region; undefined without a copy. */
    readonly copyVault?: aws.backup.Vault;
    readonly plan: aws.backup.Plan;
    readonly role: aws.iam.Role;

    constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:operations:Backups", name, {}, opts);
        const component = `Backups ${name}`;
        const hours = backupHours(args.intervalHours, FIRST_BACKUP_HOUR, blockedHours(args.storeBackupWindow));
        const quota = snapshotQuotaProblem(hours.length, args.retentionDays);
        if (quota) {
            throw new Error(`${component}: retentionDays ${args.retentionDays} ${quota}`);
        }
        if (args.copy) {
            if (!REGION_NAME.test(args.copy.region)) {
                throw new Error(`${component}: copy region "${args.copy.region}" is not an AWS region name like us-west-2`);
            }
            const copyQuota = snapshotQuotaProblem(hours.length, args.copy.retentionDays);
            if (copyQuota) {
                throw new Error(`${component}: copy retentionDays ${args.copy.retentionDays} ${copyQuota} (in ${args.copy.region})`);
            }
        }
        if (args.resources.length === 0) {
            throw new Error(`${component}: no resource to back up`);
        }
        const ruleName = `${args.identifier}-every-${args.intervalHours}h`;
        const selectionName = `${args.identifier}-stores`;
        for (const n of [ruleName, selectionName]) {
            if (!BACKUP_NAME.test(n)) {
                throw new Error(`${component}: AWS Backup name "${n}" must be 1-50 letters, digits, hyphens, underscores or dots; use a shorter identifier`);
            }
        }
        // Vaults are auto-named: the resource name plus "-" and 7 characters, within AWS Backup's 50.
        const longestVault = `${name}-copy-vault`.length + AUTONAME_SUFFIX;
        if (longestVault > 50) {
            throw new Error(`${component}: vault names would be ${longestVault} characters, over AWS Backup's 50; use a shorter component name`);
        }
        const tags = (role: string) => ({ ...args.tags, Name: `${name}-${role}` });
        const child = { parent: this };
        const stateful = { parent: this, protect: args.protect ?? true };
        const lock = args.vaultLock ?? "none";
        const partition = aws.getPartitionOutput({}, child).partition;
        const region = aws.getRegionOutput({}, child).region;

        const key = new aws.kms.Key(`${name}-vault-key`, {
            description: `Backup vault ${name}: recovery points`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            tags: tags("vault-key"),
        }, stateful);
        this.vault = new aws.backup.Vault(`${name}-vault`, { kmsKeyArn: key.arn, forceDestroy: false, tags: tags("vault") }, stateful);
        this.lockVault(name, this.vault, lock, args.retentionDays);

        let copyActions: aws.types.input.backup.PlanRuleCopyAction[] | undefined;
        if (args.copy) {
            const copyRegion = args.copy.region;
            // A copy in the stack's own region is no disaster recovery; checked once the region is known.
            const copyRegionInput = region.apply((r) => {
                if (r === copyRegion) {
                    throw new Error(`${component}: the copy region ${copyRegion} is the stack's own region; name another region`);
                }
                return copyRegion;
            });
            const copyKey = new aws.kms.Key(`${name}-copy-vault-key`, {
                region: copyRegionInput,
                description: `Backup vault ${name} (copy in ${copyRegion}): recovery points`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags: tags("copy-vault-key"),
            }, stateful);
            this.copyVault = new aws.backup.Vault(`${name}-copy-vault`, {
                region: copyRegion,
                kmsKeyArn: copyKey.arn,
                forceDestroy: false,
                tags: tags("copy-vault"),
            }, stateful);
            this.lockVault(`${name}-copy`, this.copyVault, lock, args.copy.retentionDays, copyRegion);
            copyActions = [{ destinationVaultArn: this.copyVault.arn, lifecycle: { deleteAfter: args.copy.retentionDays } }];
        }

        this.plan = new aws.backup.Plan(`${name}-plan`, {
            rules: [{
                ruleName,
                targetVaultName: this.vault.name,
                schedule: backupSchedule(hours),
                scheduleExpressionTimezone: "Etc/UTC",
                ...jobWindows(args.intervalHours),
                enableContinuousBackup: false,
                lifecycle: { deleteAfter: args.retentionDays },
                copyActions,
                recoveryPointTags: { ...args.tags },
            }],
            tags: tags("plan"),
        }, child);

        this.role = new aws.iam.Role(`${name}-role`, {
            description: `AWS Backup for ${name}: takes, copies and restores the stores' backups`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags: tags("role"),
        }, child);
        const attachments = ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"].map((policy) =>
            new aws.iam.RolePolicyAttachment(`${name}-${policy.replace(/^AWSBackupServiceRolePolicyFor/, "").toLowerCase()}`, {
                role: this.role.id,
                policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/${policy}`,
            }, child),
        );
        new aws.backup.Selection(`${name}-stores`, {
            name: selectionName,
            planId: this.plan.id,
            iamRoleArn: this.role.arn,
            // By ARN: a tag condition could pick up any resource of the account that carries the tag.
            resources: args.resources.map((r) => r.arn),
            // Its name is fixed and every change replaces it (the AWS Backup API has no UpdateBackupSelection):
            // drop the old before the new, so two selections never carry one name in one plan.
        }, { parent: this, dependsOn: attachments, deleteBeforeReplace: true });

        eventRuleToTopic(this, `${name}-job-failures`, "AWS Backup jobs and copy jobs that failed, were aborted or expired", backupFailurePattern(), args.topicArn);
        this.registerOutputs({ vaultArn: this.vault.arn, copyVaultArn: this.copyVault?.arn, planId: this.plan.id });
    }

    /**
     * Governance lock: recovery points cannot be deleted before
     * `retentionDays` except by a principal allowed to remove the lock. The
     * minimum equals the plan's retention, so every recovery point the plan
     * makes is accepted (a shorter one would be refused and the job fail).
     */
    private lockVault(name: string, vault: aws.backup.Vault, mode: VaultLockMode, retentionDays: number, region?: string): void {
        switch (mode) {
            case "none":
                return;
            case "governance":
                new aws.backup.VaultLockConfiguration(`${name}-lock`, {
                    region,
                    backupVaultName: vault.name,
                    minRetentionDays: retentionDays,
                    // No changeableForDays: that would be compliance mode.
                }, { parent: this });
                return;
        }
    }
}
