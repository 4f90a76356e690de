import { strict as assert } from "assert";
import { countByType, RunResult } from "../../tools/harness/run";
import { all, idOf, one } from "../support/resources";
import { runAllStacks, STACKS } from "../support/stacks";
import { CACHE_REPOSITORY_FILTER } from "../../infra/operations";
import { rejectedFlowPattern, wildcardMatches } from "../../components/operations";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

function alarm(run: RunResult, key: string) {
    return one(run, ALARM, `tickettoken-alarms-${key}`).inputs;
}

// The operations layer of each whole stack, as `pulumi up` would build it.
describe("infra (whole stack): operations", () => {
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    it("alarms on what each environment has: 21 in dev, 35 in staging, 47 in prod", () => {
        const counts = STACKS.map((s) => all(runs[s], ALARM).length);
        // dev: PostgreSQL 3, cache 4, DocumentDB 2, broker 4, edge 5, NAT 2, flows 1; staging and prod add the
        // replica (4), five alarms per cache node and three per DocumentDB instance with replicas; prod NAT per zone
        // (staging has one NAT gateway, as dev).
        assert.deepEqual(counts, [21, 35, 47]);
        for (const s of STACKS) {
            const topic = one(runs[s], "aws:sns/topic:Topic", "tickettoken-alerts-topic");
            const arn = `arn:aws:sns:us-east-1:123456789012:${topic.name}`;
            for (const a of all(runs[s], ALARM)) {
                assert.deepEqual([a.inputs.alarmActions, a.inputs.okActions], [[arn], [arn]], `${s} ${a.name} notifies the topic`);
                assert.equal(a.inputs.period ?? a.inputs.metricQueries[1].metric.period, 300);
            }
            assert.equal(runs[s].outputs.alertTopicArn, arn);
            assert.equal(runs[s].outputs.alertTopicKeyArn, "arn:aws:kms:us-east-1:123456789012:key/tickettoken-alerts-key");
        }
    });

    it("names each store's real identifiers in the alarms' dimensions", () => {
        const prod = runs.prod;
        const primary = one(prod, "aws:rds/instance:Instance", "tickettoken-postgresql-primary");
        const replica = one(prod, "aws:rds/instance:Instance", "tickettoken-postgresql-replica");
        assert.deepEqual(alarm(prod, "postgresql-primary-cpu").dimensions, { DBInstanceIdentifier: primary.name });
        assert.deepEqual(alarm(prod, "postgresql-replica-lag").dimensions, { DBInstanceIdentifier: replica.name });
        const group = one(prod, "aws:elasticache/replicationGroup:ReplicationGroup", "tickettoken-redis-group");
        assert.deepEqual([1, 2, 3].map((i) => alarm(prod, `redis-node-${i}-engine-cpu`).dimensions.CacheClusterId), [1, 2, 3].map((i) => `${group.name}-00${i}`));
        assert.equal(group.inputs.numCacheClusters, 3);
        const docdb = all(prod, "aws:docdb/clusterInstance:ClusterInstance");
        assert.deepEqual([1, 2, 3].map((i) => alarm(prod, `mongodb-instance-${i}-cpu`).dimensions.DBInstanceIdentifier), docdb.map((d) => d.name));
        const broker = one(prod, "aws:mq/broker:Broker", "tickettoken-rabbitmq-broker");
        assert.ok(alarm(prod, "rabbitmq-memory").metricQueries.slice(1).every((q: any) => q.metric.dimensions.Broker === broker.name));
        assert.deepEqual(alarm(prod, "rabbitmq-queue-depth").dimensions, { Broker: broker.name });
        // prod's broker is a three-node cluster, whose CPU Amazon MQ reports as the nodes' sum; dev's is one node.
        const cpu = alarm(prod, "rabbitmq-cpu");
        assert.deepEqual([cpu.metricQueries[0].expression, cpu.metricQueries[1].metric.dimensions.Broker, cpu.threshold], ["m1 / 3", broker.name, 80]);
        assert.deepEqual([alarm(runs.dev, "rabbitmq-cpu").metricName, alarm(runs.dev, "rabbitmq-cpu").metricQueries], ["SystemCpuUtilization", undefined]);
        const tg = alarm(prod, "alb-unhealthy-targets").dimensions;
        const lb = all(prod, "aws:lb/loadBalancer:LoadBalancer")[0];
        const group2 = all(prod, "aws:lb/targetGroup:TargetGroup")[0];
        assert.match(tg.LoadBalancer, new RegExp(`^app/${lb.name}/[0-9a-f]{16}$`));
        assert.match(tg.TargetGroup, new RegExp(`^targetgroup/${group2.name}/[0-9a-f]{16}$`));
        const nats = all(prod, "aws:ec2/natGateway:NatGateway").map(idOf);
        assert.deepEqual([1, 2, 3].map((i) => alarm(prod, `nat-${i}-port-allocation`).dimensions.NatGatewayId), nats);
    });

    it("takes thresholds from the stack's config", () => {
        assert.deepEqual(STACKS.map((s) => alarm(runs[s], "postgresql-primary-connections").threshold), [300, 1200, 2400]);
        assert.deepEqual(STACKS.map((s) => alarm(runs[s], "mongodb-instance-1-connections").threshold), [400, 1300, 2700]);
        assert.deepEqual(STACKS.map((s) => alarm(runs[s], "flow-logs-rejected").threshold), [500, 1000, 2000]);
        // 15% of the allocated storage: 20 GiB in dev, 100 GiB elsewhere.
        assert.deepEqual(STACKS.map((s) => alarm(runs[s], "postgresql-primary-free-storage").threshold), [3221225472, 16106127360, 16106127360]);
        assert.equal(alarm(runs.prod, "redis-node-1-cpu").threshold, 80);
    });

    it("counts rejected flows of the network's flow log, whose records keep the default format", () => {
        for (const s of STACKS) {
            const filter = one(runs[s], "aws:cloudwatch/logMetricFilter:LogMetricFilter", "tickettoken-alarms-rejected-flows");
            const group = one(runs[s], "aws:cloudwatch/logGroup:LogGroup", "tickettoken-flow-logs");
            assert.equal(filter.inputs.logGroupName, group.name);
            assert.equal(filter.inputs.pattern, rejectedFlowPattern());
            assert.deepEqual(filter.inputs.metricTransformation, { name: "RejectedFlows", namespace: `TicketToken/${s}`, value: "1", defaultValue: "0" });
            const flowLog = all(runs[s], "aws:ec2/flowLog:FlowLog")[0];
            assert.equal(flowLog.inputs.logFormat, undefined, "a custom format would need another filter pattern");
            assert.deepEqual([alarm(runs[s], "flow-logs-rejected").namespace, alarm(runs[s], "flow-logs-rejected").metricName], [`TicketToken/${s}`, "RejectedFlows"]);
        }
    });

    it("lets only prod own the account's security services; every stack runs GuardDuty's agent", () => {
        const owned = ["aws:guardduty/detector:Detector", "aws:securityhub/account:Account", "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"];
        for (const s of STACKS) {
            const counts = countByType(runs[s]);
            assert.deepEqual(owned.map((t) => counts[t] ?? 0), s === "prod" ? [1, 1, 1] : [0, 0, 0], s);
            assert.equal(counts["aws:guardduty/detectorFeature:DetectorFeature"] ?? 0, s === "prod" ? 5 : 0);
            assert.equal(counts["aws:securityhub/standardsSubscription:StandardsSubscription"] ?? 0, s === "prod" ? 2 : 0);
            const addon = one(runs[s], "aws:eks/addon:Addon", "tickettoken-threats-aws-guardduty-agent");
            assert.equal(addon.inputs.clusterName, `tickettoken-${s}`);
            const endpoint = one(runs[s], "aws:ec2/vpcEndpoint:VpcEndpoint", "tickettoken-threats-guardduty-data");
            const privateSubnets = all(runs[s], "aws:ec2/subnet:Subnet").filter((x) => x.inputs.tags.tier === "private").map(idOf);
            assert.deepEqual(endpoint.inputs.subnetIds, privateSubnets);
            assert.deepEqual(endpoint.inputs.securityGroupIds, [idOf(one(runs[s], "aws:ec2/securityGroup:SecurityGroup", "tickettoken-endpoints"))]);
            // The scanning filter covers this stack's pull-through cache.
            for (const rule of all(runs[s], "aws:ecr/pullThroughCacheRule:PullThroughCacheRule")) {
                assert.ok(wildcardMatches(CACHE_REPOSITORY_FILTER, `${rule.inputs.ecrRepositoryPrefix}/x`), rule.inputs.ecrRepositoryPrefix);
            }
        }
        assert.equal(one(runs.prod, "aws:guardduty/detector:Detector", "tickettoken-threats-detector").protect, true);
    });

    it("backs up PostgreSQL and DocumentDB with each stack's retention, copying to us-west-2 in prod only", () => {
        const rules = STACKS.map((s) => one(runs[s], "aws:backup/plan:Plan", "tickettoken-backup-plan").inputs.rules[0]);
        assert.deepEqual(rules.map((r) => r.lifecycle.deleteAfter), [7, 14, 35]);
        assert.deepEqual(rules.map((r) => r.schedule), ["cron(0 6 ? * * *)", "cron(0 6 ? * * *)", "cron(0 6 ? * * *)"]);
        assert.deepEqual(rules.map((r) => r.copyActions?.length ?? 0), [0, 0, 1]);
        assert.deepEqual(rules[2].copyActions[0], {
            destinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:tickettoken-backup-copy-vault",
            lifecycle: { deleteAfter: 35 },
        });
        for (const s of STACKS) {
            const selection = one(runs[s], "aws:backup/selection:Selection", "tickettoken-backup-stores");
            const primary = one(runs[s], "aws:rds/instance:Instance", "tickettoken-postgresql-primary");
            const cluster = one(runs[s], "aws:docdb/cluster:Cluster", "tickettoken-mongodb-cluster");
            assert.deepEqual(selection.inputs.resources, [`arn:aws:rds:us-east-1:123456789012:db:${primary.name}`, `arn:aws:rds:us-east-1:123456789012:cluster:${cluster.name}`]);
            assert.equal(selection.inputs.name, `tickettoken-${s}-stores`);
        }
        const vaults = STACKS.map((s) => all(runs[s], "aws:backup/vault:Vault").map((v) => v.inputs.region ?? "us-east-1"));
        assert.deepEqual(vaults, [["us-east-1"], ["us-east-1"], ["us-east-1", "us-west-2"]]);
        assert.deepEqual(STACKS.map((s) => all(runs[s], "aws:backup/vaultLockConfiguration:VaultLockConfiguration", { allowNone: true }).length), [0, 0, 2]);
        assert.ok(all(runs.prod, "aws:backup/vault:Vault").every((v) => v.protect));
        assert.ok(all(runs.dev, "aws:backup/vault:Vault").every((v) => !v.protect));
        assert.equal((runs.prod.outputs.backupVaults as { copyArn?: string }).copyArn, "arn:aws:backup:us-west-2:123456789012:backup-vault:tickettoken-backup-copy-vault");
        // dev and staging keep no copy: a field of the object is empty, not a top-level output Pulumi warns about.
        assert.equal((runs.dev.outputs.backupVaults as { copyArn?: string }).copyArn, undefined);
        assert.ok(!("backupCopyVaultArn" in runs.dev.outputs));
    });

    it("sends findings and failed backup jobs to the topic", () => {
        for (const s of STACKS) {
            const rules = all(runs[s], "aws:cloudwatch/eventRule:EventRule").map((r) => JSON.parse(r.inputs.eventPattern).source[0]);
            assert.deepEqual(rules.sort(), ["aws.backup", "aws.guardduty", "aws.securityhub"]);
            const topic = `arn:aws:sns:us-east-1:123456789012:tickettoken-alerts-topic`;
            assert.ok(all(runs[s], "aws:cloudwatch/eventTarget:EventTarget").every((t) => t.inputs.arn === topic));
        }
    });
});
