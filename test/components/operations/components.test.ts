import { strict as assert } from "assert";
import { AlertTopic, Backups, BackupsArgs, ThreatDetection, ThreatDetectionArgs } from "../../../components/operations";
import { RunError, runComponents, RunResult } from "../../../tools/harness/run";
import { all, idOf, one } from "../../support/resources";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";

function threats(args: Partial<ThreatDetectionArgs> = {}): Promise<RunResult> {
    return runComponents(() => {
        new ThreatDetection("td", {
            ownsAccountServices: true,
            topicArn: TOPIC,
            vpcId: "vpc-1",
            subnetIds: ["subnet-a", "subnet-b"],
            endpointSecurityGroupId: "sg-endpoints",
            cluster: { name: "tt-prod", kubernetesVersion: "1.34", nodeGroupNames: ["system", "apps"] },
            imageRepositoryFilter: "tickettoken-*",
            cacheRepositoryPrefixes: ["tickettoken-prod-ecr-public"],
            ...args,
        });
    });
}

function backups(args: Partial<BackupsArgs> = {}): Promise<RunResult> {
    return runComponents(() => {
        new Backups("bk", {
            resources: [{ name: "postgresql", arn: "arn:aws:rds:us-east-1:123456789012:db:pg" }, { name: "mongodb", arn: "arn:aws:rds:us-east-1:123456789012:cluster:doc" }],
            identifier: "tt-prod",
            intervalHours: 24,
            retentionDays: 35,
            storeBackupWindow: "03:00-04:00",
            topicArn: TOPIC,
            ...args,
        });
    });
}

function policy(json: string): any {
    return JSON.parse(json);
}

describe("components/operations", () => {
    describe("AlertTopic", () => {
        it("encrypts the topic with its own rotating key that CloudWatch and EventBridge may use", async () => {
            const run = await runComponents(() => new AlertTopic("al", { emailEndpoints: ["ops@example.com"] }));
            const key = one(run, "aws:kms/key:Key", "al-key");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.equal(key.protect, true);
            const services = policy(key.inputs.policy).Statement.find((s: any) => s.Sid === "PublishingServicesUseTheKey");
            assert.deepEqual(services.Principal.Service, ["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
            assert.deepEqual(services.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);
            const topic = one(run, "aws:sns/topic:Topic", "al-topic");
            assert.equal(topic.inputs.kmsMasterKeyId, "arn:aws:kms:us-east-1:123456789012:key/al-key");
            const statements = policy(one(run, "aws:sns/topicPolicy:TopicPolicy", "al-topic").inputs.policy).Statement;
            assert.deepEqual(statements.map((s: any) => s.Sid), ["CloudWatchAlarmsPublish", "EventBridgeRulesPublish", "TlsOnly"]);
            for (const s of statements.slice(0, 2)) {
                assert.equal(s.Condition.StringEquals["aws:SourceAccount"], "123456789012");
            }
            const sub = one(run, "aws:sns/topicSubscription:TopicSubscription", "al-email-ops-example-com");
            assert.deepEqual([sub.inputs.protocol, sub.inputs.endpoint], ["email", "ops@example.com"]);
            const none = await runComponents(() => new AlertTopic("al", {}));
            assert.equal(all(none, "aws:sns/topicSubscription:TopicSubscription", { allowNone: true }).length, 0);
        });

        it("refuses an address SNS cannot deliver to", async () => {
            await assert.rejects(runComponents(() => new AlertTopic("al", { emailEndpoints: ["not-an-address"] })), /"not-an-address" is not an email address/);
        });
    });

    describe("ThreatDetection", () => {
        it("owns the account's detector, features, Security Hub and registry scanning when told so", async () => {
            const run = await threats();
            const detector = one(run, "aws:guardduty/detector:Detector", "td-detector");
            assert.equal(detector.protect, true);
            const features = all(run, "aws:guardduty/detectorFeature:DetectorFeature");
            assert.equal(features.length, 5);
            assert.ok(features.every((f) => f.inputs.detectorId === idOf(detector) && f.inputs.status === "ENABLED"));
            const runtime = features.find((f) => f.inputs.name === "RUNTIME_MONITORING")!;
            assert.deepEqual(runtime.inputs.additionalConfigurations.find((a: any) => a.name === "EKS_ADDON_MANAGEMENT"), { name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" });
            assert.equal(one(run, "aws:securityhub/account:Account", "td-security-hub").inputs.enableDefaultStandards, false);
            assert.deepEqual(all(run, "aws:securityhub/standardsSubscription:StandardsSubscription").map((s) => s.inputs.standardsArn), [
                "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0",
            ]);
            const scanning = one(run, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "td-image-scanning");
            assert.equal(scanning.inputs.scanType, "ENHANCED");
            assert.deepEqual(scanning.inputs.rules, [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "tickettoken-*", filterType: "WILDCARD" }] }]);
            const basic = await threats({ imageScanType: "BASIC" });
            assert.equal(all(basic, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")[0].inputs.rules[0].scanFrequency, "SCAN_ON_PUSH");
        });

        it("leaves the account's services alone when another stack owns them, and still installs its agent", async () => {
            const run = await threats({ ownsAccountServices: false });
            for (const type of ["aws:guardduty/detector:Detector", "aws:guardduty/detectorFeature:DetectorFeature", "aws:securityhub/account:Account", "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"]) {
                assert.equal(all(run, type, { allowNone: true }).length, 0, type);
            }
            assert.equal(all(run, "aws:eks/addon:Addon").length, 1);
            assert.equal(all(run, "aws:cloudwatch/eventRule:EventRule").length, 2);
        });

        it("reaches GuardDuty through its endpoint, limited to the account, before the agent starts", async () => {
            const run = await threats();
            const endpoint = one(run, "aws:ec2/vpcEndpoint:VpcEndpoint", "td-guardduty-data");
            assert.equal(endpoint.inputs.serviceName, "com.amazonaws.us-east-1.guardduty-data");
            assert.equal(endpoint.inputs.privateDnsEnabled, true);
            assert.deepEqual(endpoint.inputs.securityGroupIds, ["sg-endpoints"]);
            const deny = policy(endpoint.inputs.policy).Statement.find((s: any) => s.Effect === "Deny");
            assert.deepEqual(deny.Condition, { StringNotEquals: { "aws:PrincipalAccount": "123456789012" } });
            const addon = one(run, "aws:eks/addon:Addon", "td-aws-guardduty-agent");
            assert.equal(addon.inputs.addonName, "aws-guardduty-agent");
            assert.equal(addon.inputs.clusterName, "tt-prod");
            assert.ok(addon.dependencies.includes(endpoint.urn), "the agent waits for its endpoint");
            const rules = all(run, "aws:cloudwatch/eventRule:EventRule");
            assert.deepEqual(JSON.parse(rules[0].inputs.eventPattern).detail, { severity: [{ numeric: [">=", 7] }] });
            assert.ok(all(run, "aws:cloudwatch/eventTarget:EventTarget").every((t) => t.inputs.arn === TOPIC));
        });

        it("stops when the scanning filter misses the stack's cache", async () => {
            await assert.rejects(threats({ imageRepositoryFilter: "other-*" }), (e: unknown) => {
                assert.ok(e instanceof RunError);
                assert.match(e.message, /ECR filter "other-\*" does not match the cache prefixes tickettoken-prod-ecr-public/);
                return true;
            });
        });
    });

    describe("Backups", () => {
        it("backs up the stores by ARN into a vault with its own key, daily outside their backup window", async () => {
            const run = await backups();
            const vault = one(run, "aws:backup/vault:Vault", "bk-vault");
            assert.equal(vault.inputs.kmsKeyArn, "arn:aws:kms:us-east-1:123456789012:key/bk-vault-key");
            assert.equal(vault.inputs.forceDestroy, false);
            assert.ok(vault.protect && one(run, "aws:kms/key:Key", "bk-vault-key").protect);
            const rule = one(run, "aws:backup/plan:Plan", "bk-plan").inputs.rules[0];
            assert.deepEqual([rule.schedule, rule.lifecycle.deleteAfter, rule.enableContinuousBackup, rule.copyActions], ["cron(0 6 ? * * *)", 35, false, undefined]);
            assert.equal(rule.targetVaultName, "bk-vault");
            const selection = one(run, "aws:backup/selection:Selection", "bk-stores");
            assert.deepEqual(selection.inputs.resources, ["arn:aws:rds:us-east-1:123456789012:db:pg", "arn:aws:rds:us-east-1:123456789012:cluster:doc"]);
            assert.equal(selection.inputs.selectionTags, undefined, "never by tag");
            assert.deepEqual(all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn).sort(), [
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
            ]);
            assert.equal(all(run, "aws:backup/vault:Vault").length, 1);
            assert.equal(all(run, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", { allowNone: true }).length, 0);
        });

        it("copies to a vault in the DR region with a key of its own there, both locked in governance mode", async () => {
            const run = await backups({ copy: { region: "us-west-2", retentionDays: 30 }, vaultLock: "governance" });
            const copyVault = one(run, "aws:backup/vault:Vault", "bk-copy-vault");
            const copyKey = one(run, "aws:kms/key:Key", "bk-copy-vault-key");
            assert.equal(copyVault.inputs.region, "us-west-2");
            assert.equal(copyKey.inputs.region, "us-west-2");
            assert.equal(copyVault.inputs.kmsKeyArn, "arn:aws:kms:us-west-2:123456789012:key/bk-copy-vault-key");
            const rule = one(run, "aws:backup/plan:Plan", "bk-plan").inputs.rules[0];
            assert.deepEqual(rule.copyActions, [{ destinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:bk-copy-vault", lifecycle: { deleteAfter: 30 } }]);
            const locks = all(run, "aws:backup/vaultLockConfiguration:VaultLockConfiguration");
            assert.deepEqual(locks.map((l) => [l.inputs.backupVaultName, l.inputs.minRetentionDays, l.inputs.changeableForDays, l.inputs.region]), [
                ["bk-vault", 35, undefined, undefined],
                ["bk-copy-vault", 30, undefined, "us-west-2"],
            ]);
        });

        it("refuses a copy in its own region, a retention over the snapshot quota and a bad region name", async () => {
            await assert.rejects(backups({ copy: { region: "us-east-1", retentionDays: 7 } }), /copy region us-east-1 is the stack's own region/);
            await assert.rejects(backups({ intervalHours: 1, retentionDays: 7 }), /retentionDays 7 keeps 22 × 7 = 154 snapshots/);
            await assert.rejects(backups({ copy: { region: "mars-1", retentionDays: 7 } }), /"mars-1" is not an AWS region name/);
        });
    });
});
