import { strict as assert } from "assert";
import {
    ALARM_DEFAULTS,
    AlarmSpec,
    brokerAlarms,
    cacheAlarms,
    cacheNodeId,
    DEFAULT_FLOW_LOG_FIELDS,
    documentDbAlarms,
    loadBalancerAlarms,
    natAlarms,
    postgresAlarms,
    rejectedFlowPattern,
} from "../../../components/operations";

const t = ALARM_DEFAULTS;

function byKey<T>(specs: AlarmSpec<T>[], key: string): AlarmSpec<T> {
    const found = specs.filter((s) => s.key === key);
    assert.equal(found.length, 1, `one alarm keyed ${key} (have ${specs.map((s) => s.key).join(", ")})`);
    return found[0];
}

describe("components/operations/alarmPlan", () => {
    it("watches PostgreSQL by DBInstanceIdentifier, with replica lag only on the replica", () => {
        const alone = postgresAlarms({ primary: "pg-primary" }, 100, t);
        assert.deepEqual(alone.map((s) => s.key), ["postgresql-primary-cpu", "postgresql-primary-free-storage", "postgresql-primary-connections"]);
        const both = postgresAlarms({ primary: "pg-primary", replica: "pg-replica" }, 100, t);
        assert.equal(both.length, 7);
        const lag = byKey(both, "postgresql-replica-lag");
        assert.deepEqual(lag.metric, { namespace: "AWS/RDS", metricName: "ReplicaLag", statistic: "Average", dimensions: { DBInstanceIdentifier: "pg-replica" } });
        assert.equal(lag.threshold, 30);
        for (const s of both) {
            assert.equal(s.metric!.namespace, "AWS/RDS");
            assert.deepEqual(Object.keys(s.metric!.dimensions), ["DBInstanceIdentifier"]);
        }
    });

    it("turns the disk-used percentage into free bytes of the allocated storage", () => {
        const free = byKey(postgresAlarms({ primary: "p" }, 100, { ...t, diskUsedPercent: 85 }), "postgresql-primary-free-storage");
        assert.equal(free.metric!.metricName, "FreeStorageSpace");
        assert.equal(free.metric!.statistic, "Minimum");
        assert.equal(free.comparison, "LessThanThreshold");
        assert.equal(free.threshold, Math.floor(0.15 * 100 * 1024 ** 3));
        const conn = byKey(postgresAlarms({ primary: "p" }, 20, { ...t, postgresConnections: 300 }), "postgresql-primary-connections");
        assert.deepEqual([conn.metric!.metricName, conn.metric!.statistic, conn.threshold], ["DatabaseConnections", "Maximum", 300]);
    });

    it("names cache nodes as ElastiCache does and watches each by CacheClusterId", () => {
        assert.deepEqual([0, 1, 5].map((i) => cacheNodeId("tt-cache", i)), ["tt-cache-001", "tt-cache-002", "tt-cache-006"]);
        const one = cacheAlarms(["g-001"], t);
        assert.deepEqual(one.map((s) => s.metric!.metricName), ["CPUUtilization", "EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions"]);
        const three = cacheAlarms(["g-001", "g-002", "g-003"], t);
        assert.equal(three.length, 15, "five alarms per node once there are replicas");
        const lag = byKey(three, "redis-node-3-replication-lag");
        assert.deepEqual(lag.metric!.dimensions, { CacheClusterId: "g-003" });
        assert.equal(lag.metric!.namespace, "AWS/ElastiCache");
        assert.equal(lag.treatMissingData, "notBreaching", "the primary reports no lag");
        const evictions = byKey(three, "redis-node-1-evictions");
        assert.deepEqual([evictions.metric!.statistic, evictions.threshold], ["Sum", 100]);
        assert.equal(byKey(three, "redis-node-2-memory").threshold, 90);
    });

    it("watches DocumentDB per instance, replica lag in milliseconds", () => {
        assert.deepEqual(documentDbAlarms(["d1"], t).map((s) => s.key), ["mongodb-instance-1-cpu", "mongodb-instance-1-connections"]);
        const lag = byKey(documentDbAlarms(["d1", "d2"], { ...t, replicaLagSeconds: 30 }), "mongodb-instance-2-replica-lag");
        assert.deepEqual(lag.metric, { namespace: "AWS/DocDB", metricName: "DBInstanceReplicaLag", statistic: "Average", dimensions: { DBInstanceIdentifier: "d2" } });
        assert.equal(lag.threshold, 30000);
    });

    it("watches the broker by its name: memory and disk against RabbitMQ's limits, depth and CPU", () => {
        const specs = brokerAlarms("tt-broker", 1, t);
        const memory = byKey(specs, "rabbitmq-memory");
        assert.equal(memory.expression, "100 * m1 / m2");
        assert.deepEqual(Object.values(memory.metrics!).map((m) => [m.namespace, m.metricName, m.dimensions.Broker]), [
            ["AWS/AmazonMQ", "RabbitMQMemUsed", "tt-broker"],
            ["AWS/AmazonMQ", "RabbitMQMemLimit", "tt-broker"],
        ]);
        const disk = byKey(specs, "rabbitmq-disk-free");
        assert.deepEqual(Object.values(disk.metrics!).map((m) => m.metricName), ["RabbitMQDiskFree", "RabbitMQDiskFreeLimit"]);
        assert.deepEqual([disk.comparison, disk.threshold], ["LessThanThreshold", 2]);
        const depth = byKey(specs, "rabbitmq-queue-depth");
        assert.deepEqual([depth.metric!.metricName, depth.threshold], ["MessageCount", 1000]);
    });

    it("judges a cluster's CPU by its nodes' average: Amazon MQ sums the three nodes' percentages", () => {
        const single = byKey(brokerAlarms("tt-broker", 1, t), "rabbitmq-cpu");
        assert.deepEqual([single.metric!.metricName, single.expression, single.threshold], ["SystemCpuUtilization", undefined, 80]);
        const cluster = byKey(brokerAlarms("tt-broker", 3, t), "rabbitmq-cpu");
        // A sum over three nodes crosses 80 when each is at 27%: the alarm divides by the node count.
        assert.equal(cluster.metric, undefined);
        assert.equal(cluster.expression, "m1 / 3");
        assert.deepEqual(cluster.metrics!.m1, { namespace: "AWS/AmazonMQ", metricName: "SystemCpuUtilization", statistic: "Average", dimensions: { Broker: "tt-broker" } });
        assert.equal(cluster.threshold, 80);
        // Memory and disk are ratios of two sums: the same in either mode.
        for (const key of ["rabbitmq-memory", "rabbitmq-disk-free"]) {
            assert.deepEqual(byKey(brokerAlarms("b", 3, t), key), byKey(brokerAlarms("b", 1, t), key), key);
        }
        assert.throws(() => brokerAlarms("b", 0, t), /broker alarms: 0 nodes must be a positive integer/);
    });

    it("watches the load balancer and the gateway's target group by ARN suffix", () => {
        const specs = loadBalancerAlarms({ loadBalancer: "app/edge/abc", targetGroup: "targetgroup/gw/def" }, t);
        const target5xx = byKey(specs, "alb-target-5xx");
        assert.deepEqual(Object.values(target5xx.metrics!).map((m) => m.metricName), ["HTTPCode_Target_5XX_Count", "RequestCount"]);
        assert.deepEqual(target5xx.metrics!.m1.dimensions, { LoadBalancer: "app/edge/abc" });
        assert.equal(target5xx.threshold, 1);
        assert.equal(byKey(specs, "alb-elb-5xx").metrics!.m1.metricName, "HTTPCode_ELB_5XX_Count");
        const unhealthy = byKey(specs, "alb-unhealthy-targets");
        assert.deepEqual(unhealthy.metric!.dimensions, { TargetGroup: "targetgroup/gw/def", LoadBalancer: "app/edge/abc" });
        assert.equal(byKey(specs, "alb-no-healthy-target").treatMissingData, "breaching");
        assert.equal(byKey(specs, "alb-tls-negotiation-errors").metric!.metricName, "ClientTLSNegotiationErrorCount");
    });

    it("watches every NAT gateway by NatGatewayId", () => {
        const specs = natAlarms(["nat-a", "nat-b"], t);
        assert.equal(specs.length, 4);
        assert.deepEqual(byKey(specs, "nat-2-port-allocation").metric, { namespace: "AWS/NATGateway", metricName: "ErrorPortAllocation", statistic: "Sum", dimensions: { NatGatewayId: "nat-b" } });
        const dropped = byKey(specs, "nat-1-packets-dropped");
        assert.deepEqual(Object.values(dropped.metrics!).map((m) => m.metricName), ["PacketsDropCount", "PacketsInFromSource", "PacketsInFromDestination"]);
    });

    it("counts REJECT records of the default flow-log format", () => {
        assert.equal(
            rejectedFlowPattern(),
            '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action="REJECT", log_status]',
        );
        assert.equal(DEFAULT_FLOW_LOG_FIELDS.length, 14);
        assert.throws(() => rejectedFlowPattern(["version", "srcaddr"]), /has no action field/);
    });
});
