// What each CloudWatch alarm watches, as plain data: namespace, metric name,
// statistic and dimensions exactly as each service documents them, the
// comparison and the threshold. `T` is the type of a dimension value (a
// string in tests, an Output in the component), so the plan is pure.
import { AlarmThresholds } from "./types";

export type Statistic = "Average" | "Maximum" | "Minimum" | "Sum";

/** Comparisons the plan uses (CloudWatch has more). */
export type Comparison = "GreaterThanThreshold" | "LessThanThreshold";

/** One CloudWatch metric. */
export interface MetricRef<T> {
    readonly namespace: string;
    readonly metricName: string;
    readonly statistic: Statistic;
    readonly dimensions: Readonly<Record<string, T>>;
}

/** One alarm: on a metric, or on a metric-math expression over named metrics. */
export interface AlarmSpec<T> {
    /** Stable, kebab-case role of the alarm; names its resource. */
    readonly key: string;
    readonly description: string;
    /** The metric, for an alarm on one metric. */
    readonly metric?: MetricRef<T>;
    /** A metric-math expression over `metrics` (ids m1, m2, ...), for a computed value. */
    readonly expression?: string;
    readonly metrics?: Readonly<Record<string, MetricRef<T>>>;
    readonly comparison: Comparison;
    readonly threshold: number;
    /**
     * What a window without data means. "notBreaching" for metrics that only
     * report when something happens (5xx, lag on a node that is not a
     * replica); "missing" (insufficient data, no notification) for gauges a
     * running resource always reports, so a new or stopped one does not page;
     * "breaching" where silence is itself the failure.
     */
    readonly treatMissingData: "notBreaching" | "missing" | "breaching";
}

/** Namespaces, each with the page that lists its metrics and dimensions. */
export const NAMESPACES = {
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html (dimension DBInstanceIdentifier)
    rds: "AWS/RDS",
    // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html and CacheMetrics.HostLevel.html
    // (dimension CacheClusterId: one per node; a replication group has no dimension of its own)
    elastiCache: "AWS/ElastiCache",
    // https://docs.aws.amazon.com/documentdb/latest/developerguide/cloud_watch.html (dimension DBInstanceIdentifier)
    documentDb: "AWS/DocDB",
    // https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-logging-monitoring.html
    // (dimension Broker = broker name; for a cluster each value is the sum over its three nodes)
    amazonMq: "AWS/AmazonMQ",
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
    // (dimensions LoadBalancer and TargetGroup: the ARN suffixes "app/..." and "targetgroup/...")
    applicationElb: "AWS/ApplicationELB",
    // https://docs.aws.amazon.com/vpc/latest/userguide/metrics-dimensions-nat-gateway.html (dimension NatGatewayId)
    natGateway: "AWS/NATGateway",
} as const;

const GiB = 1024 ** 3;

function metric<T>(namespace: string, metricName: string, statistic: Statistic, dimensions: Record<string, T>): MetricRef<T> {
    return { namespace, metricName, statistic, dimensions };
}

/** ElastiCache's id of node `index` (0-based) of a non-sharded replication group: "<group>-001", "-002", ... */
export function cacheNodeId(groupId: string, index: number): string {
    return `${groupId}-${String(index + 1).padStart(3, "0")}`;
}

/** PostgreSQL: CPU, free storage and connections of each instance; replica lag of the replica. */
export function postgresAlarms<T>(ids: { readonly primary: T; readonly replica?: T }, storageGb: number, t: AlarmThresholds): AlarmSpec<T>[] {
    const instances: Array<[string, T]> = [["primary", ids.primary]];
    if (ids.replica !== undefined) {
        instances.push(["replica", ids.replica]);
    }
    const freeBytes = Math.floor(((100 - t.diskUsedPercent) / 100) * storageGb * GiB);
    const specs = instances.flatMap(([role, id]): AlarmSpec<T>[] => {
        const dims = { DBInstanceIdentifier: id };
        return [
            {
                key: `postgresql-${role}-cpu`,
                description: `PostgreSQL ${role}: CPU above ${t.cpuPercent}%`,
                metric: metric(NAMESPACES.rds, "CPUUtilization", "Average", dims),
                comparison: "GreaterThanThreshold",
                threshold: t.cpuPercent,
                treatMissingData: "missing",
            },
            {
                // Storage autoscaling grows the volume; measured against the allocated size the alarm only gets earlier.
                key: `postgresql-${role}-free-storage`,
                description: `PostgreSQL ${role}: over ${t.diskUsedPercent}% of the allocated ${storageGb} GiB used`,
                metric: metric(NAMESPACES.rds, "FreeStorageSpace", "Minimum", dims),
                comparison: "LessThanThreshold",
                threshold: freeBytes,
                treatMissingData: "missing",
            },
            {
                key: `postgresql-${role}-connections`,
                description: `PostgreSQL ${role}: more than ${t.postgresConnections} connections`,
                metric: metric(NAMESPACES.rds, "DatabaseConnections", "Maximum", dims),
                comparison: "GreaterThanThreshold",
                threshold: t.postgresConnections,
                treatMissingData: "notBreaching",
            },
        ];
    });
    if (ids.replica !== undefined) {
        specs.push({
            key: "postgresql-replica-lag",
            description: `PostgreSQL replica: more than ${t.replicaLagSeconds} s behind the primary`,
            metric: metric(NAMESPACES.rds, "ReplicaLag", "Average", { DBInstanceIdentifier: ids.replica }),
            comparison: "GreaterThanThreshold",
            threshold: t.replicaLagSeconds,
            treatMissingData: "notBreaching",
        });
    }
    return specs;
}

/**
 * The cache, per node: host CPU (what small nodes are judged by) and engine
 * CPU (the engine's main thread, what larger nodes are judged by), memory,
 * evictions, and replication lag (reported by replicas only; the primary role
 * moves on failover, so every node is watched) when there are replicas.
 */
export function cacheAlarms<T>(nodeIds: readonly T[], t: AlarmThresholds): AlarmSpec<T>[] {
    return nodeIds.flatMap((id, i): AlarmSpec<T>[] => {
        const node = `node-${i + 1}`;
        const dims = { CacheClusterId: id };
        const specs: AlarmSpec<T>[] = [
            {
                key: `redis-${node}-cpu`,
                description: `Cache ${node}: host CPU above ${t.cpuPercent}%`,
                metric: metric(NAMESPACES.elastiCache, "CPUUtilization", "Average", dims),
                comparison: "GreaterThanThreshold",
                threshold: t.cpuPercent,
                treatMissingData: "missing",
            },
            {
                key: `redis-${node}-engine-cpu`,
                description: `Cache ${node}: engine CPU above ${t.cpuPercent}%`,
                metric: metric(NAMESPACES.elastiCache, "EngineCPUUtilization", "Average", dims),
                comparison: "GreaterThanThreshold",
                threshold: t.cpuPercent,
                treatMissingData: "missing",
            },
            {
                key: `redis-${node}-memory`,
                description: `Cache ${node}: over ${t.memoryPercent}% of its memory used`,
                metric: metric(NAMESPACES.elastiCache, "DatabaseMemoryUsagePercentage", "Maximum", dims),
                comparison: "GreaterThanThreshold",
                threshold: t.memoryPercent,
                treatMissingData: "missing",
            },
            {
                key: `redis-${node}-evictions`,
                description: `Cache ${node}: more than ${t.cacheEvictions} keys evicted in ${t.evaluationMinutes} min`,
                metric: metric(NAMESPACES.elastiCache, "Evictions", "Sum", dims),
                comparison: "GreaterThanThreshold",
                threshold: t.cacheEvictions,
                treatMissingData: "notBreaching",
            },
        ];
        if (nodeIds.length > 1) {
            specs.push({
                key: `redis-${node}-replication-lag`,
                description: `Cache ${node}: more than ${t.replicaLagSeconds} s behind the primary`,
                metric: metric(NAMESPACES.elastiCache, "ReplicationLag", "Average", dims),
                comparison: "GreaterThanThreshold",
                threshold: t.replicaLagSeconds,
                treatMissingData: "notBreaching",
            });
        }
        return specs;
    });
}

/** DocumentDB, per instance: CPU, connections, and replica lag (milliseconds; replicas only) when there are replicas. */
export function documentDbAlarms<T>(instanceIds: readonly T[], t: AlarmThresholds): AlarmSpec<T>[] {
    return instanceIds.flatMap((id, i): AlarmSpec<T>[] => {
        const instance = `instance-${i + 1}`;
        const dims = { DBInstanceIdentifier: id };
        const specs: AlarmSpec<T>[] = [
            {
                key: `mongodb-${instance}-cpu`,
                description: `DocumentDB ${instance}: CPU above ${t.cpuPercent}%`,
                metric: metric(NAMESPACES.documentDb, "CPUUtilization", "Average", dims),
                comparison: "GreaterThanThreshold",
                threshold: t.cpuPercent,
                treatMissingData: "missing",
            },
            {
                key: `mongodb-${instance}-connections`,
                description: `DocumentDB ${instance}: more than ${t.docdbConnections} connections`,
                metric: metric(NAMESPACES.documentDb, "DatabaseConnections", "Maximum", dims),
                comparison: "GreaterThanThreshold",
                threshold: t.docdbConnections,
                treatMissingData: "notBreaching",
            },
        ];
        if (instanceIds.length > 1) {
            specs.push({
                key: `mongodb-${instance}-replica-lag`,
                description: `DocumentDB ${instance}: more than ${t.replicaLagSeconds} s behind the writer`,
                metric: metric(NAMESPACES.documentDb, "DBInstanceReplicaLag", "Average", dims),
                comparison: "GreaterThanThreshold",
                // DBInstanceReplicaLag is in milliseconds.
                threshold: t.replicaLagSeconds * 1000,
                treatMissingData: "notBreaching",
            });
        }
        return specs;
    });
}

/**
 * The broker: memory used against the limit at which RabbitMQ blocks
 * publishers, free disk against its disk limit, queue depth and CPU. Node
 * metrics need the node's name (rabbit@<address>), which is known only once
 * the broker runs; the broker-level values are what a plan can name. For a
 * cluster, Amazon MQ reports each broker-level value as the sum over its
 * three nodes (Amazon MQ Developer Guide, "Available CloudWatch metrics for
 * Amazon MQ for RabbitMQ brokers": "for cluster deployments, this value
 * represents the sum of the corresponding metric values of all three RabbitMQ
 * nodes"). So: CPU, a percentage, is divided by the node count (the nodes'
 * average; a sum of three percentages crosses 80 when each node is at 27);
 * memory and disk are ratios of two sums (used over limit), whose unit is
 * right as they stand, but which read the cluster's average: one node near
 * its own limit (which blocks publishers everywhere) shows only in part.
 * Queue depth is a count of messages, a total by nature.
 */
export function brokerAlarms<T>(brokerName: T, nodes: number, t: AlarmThresholds): AlarmSpec<T>[] {
    if (!Number.isInteger(nodes) || nodes < 1) {
        throw new Error(`broker alarms: ${nodes} nodes must be a positive integer`);
    }
    const dims = { Broker: brokerName };
    const cpu = metric(NAMESPACES.amazonMq, "SystemCpuUtilization", "Average", dims);
    return [
        {
            key: "rabbitmq-memory",
            description: `RabbitMQ: over ${t.memoryPercent}% of the memory limit used (publishers are blocked at 100%)`,
            expression: "100 * m1 / m2",
            metrics: {
                m1: metric(NAMESPACES.amazonMq, "RabbitMQMemUsed", "Maximum", dims),
                m2: metric(NAMESPACES.amazonMq, "RabbitMQMemLimit", "Maximum", dims),
            },
            comparison: "GreaterThanThreshold",
            threshold: t.memoryPercent,
            treatMissingData: "missing",
        },
        {
            key: "rabbitmq-disk-free",
            description: `RabbitMQ: free disk below ${t.brokerDiskFreeLimitMultiple} × the limit at which publishers are blocked`,
            expression: "m1 / m2",
            metrics: {
                m1: metric(NAMESPACES.amazonMq, "RabbitMQDiskFree", "Minimum", dims),
                m2: metric(NAMESPACES.amazonMq, "RabbitMQDiskFreeLimit", "Maximum", dims),
            },
            comparison: "LessThanThreshold",
            threshold: t.brokerDiskFreeLimitMultiple,
            treatMissingData: "missing",
        },
        {
            key: "rabbitmq-queue-depth",
            description: `RabbitMQ: more than ${t.queueDepth} messages waiting (ready and unacknowledged)`,
            metric: metric(NAMESPACES.amazonMq, "MessageCount", "Maximum", dims),
            comparison: "GreaterThanThreshold",
            threshold: t.queueDepth,
            treatMissingData: "missing",
        },
        {
            key: "rabbitmq-cpu",
            ...(nodes === 1
                ? { description: `RabbitMQ: CPU above ${t.cpuPercent}%`, metric: cpu }
                : { description: `RabbitMQ: CPU above ${t.cpuPercent}% on average over its ${nodes} nodes`, expression: `m1 / ${nodes}`, metrics: { m1: cpu } }),
            comparison: "GreaterThanThreshold",
            threshold: t.cpuPercent,
            treatMissingData: "missing",
        },
    ];
}

/** The edge load balancer: 5xx rates, targets of the gateway's group, failed TLS handshakes. */
export function loadBalancerAlarms<T>(ids: { readonly loadBalancer: T; readonly targetGroup: T }, t: AlarmThresholds): AlarmSpec<T>[] {
    const lb = { LoadBalancer: ids.loadBalancer };
    const tg = { TargetGroup: ids.targetGroup, LoadBalancer: ids.loadBalancer };
    const requests = metric(NAMESPACES.applicationElb, "RequestCount", "Sum", lb);
    // No request in the window: no rate, not an alarm.
    const rate = "100 * FILL(m1, 0) / m2";
    return [
        {
            key: "alb-target-5xx",
            description: `Edge: over ${t.errorRatePercent}% of requests answered 5xx by the gateway`,
            expression: rate,
            metrics: { m1: metric(NAMESPACES.applicationElb, "HTTPCode_Target_5XX_Count", "Sum", lb), m2: requests },
            comparison: "GreaterThanThreshold",
            threshold: t.errorRatePercent,
            treatMissingData: "notBreaching",
        },
        {
            key: "alb-elb-5xx",
            description: `Edge: over ${t.errorRatePercent}% of requests answered 5xx by the load balancer itself`,
            expression: rate,
            metrics: { m1: metric(NAMESPACES.applicationElb, "HTTPCode_ELB_5XX_Count", "Sum", lb), m2: requests },
            comparison: "GreaterThanThreshold",
            threshold: t.errorRatePercent,
            treatMissingData: "notBreaching",
        },
        {
            key: "alb-unhealthy-targets",
            description: "Edge: a gateway pod fails its health check",
            metric: metric(NAMESPACES.applicationElb, "UnHealthyHostCount", "Maximum", tg),
            comparison: "GreaterThanThreshold",
            threshold: 0,
            treatMissingData: "notBreaching",
        },
        {
            // Unhealthy counts stay 0 when no pod is registered at all.
            key: "alb-no-healthy-target",
            description: "Edge: no healthy gateway pod behind the load balancer",
            metric: metric(NAMESPACES.applicationElb, "HealthyHostCount", "Minimum", tg),
            comparison: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "breaching",
        },
        {
            // Only Cloudflare's ranges reach the listener and only its client certificate completes mutual TLS: any failure is ours.
            key: "alb-tls-negotiation-errors",
            description: `Edge: more than ${t.tlsNegotiationErrors} failed TLS handshakes in ${t.evaluationMinutes} min`,
            metric: metric(NAMESPACES.applicationElb, "ClientTLSNegotiationErrorCount", "Sum", lb),
            comparison: "GreaterThanThreshold",
            threshold: t.tlsNegotiationErrors,
            treatMissingData: "notBreaching",
        },
    ];
}

/** Each NAT gateway: source-port exhaustion, and packets dropped as a share of those received. */
export function natAlarms<T>(natIds: readonly T[], t: AlarmThresholds): AlarmSpec<T>[] {
    return natIds.flatMap((id, i): AlarmSpec<T>[] => {
        const dims = { NatGatewayId: id };
        return [
            {
                key: `nat-${i + 1}-port-allocation`,
                description: `NAT gateway ${i + 1}: could not allocate a source port (too many connections to one destination)`,
                metric: metric(NAMESPACES.natGateway, "ErrorPortAllocation", "Sum", dims),
                comparison: "GreaterThanThreshold",
                threshold: 0,
                treatMissingData: "notBreaching",
            },
            {
                key: `nat-${i + 1}-packets-dropped`,
                description: `NAT gateway ${i + 1}: over ${t.natPacketDropPercent}% of packets dropped`,
                expression: "100 * FILL(m1, 0) / (m2 + m3)",
                metrics: {
                    m1: metric(NAMESPACES.natGateway, "PacketsDropCount", "Sum", dims),
                    m2: metric(NAMESPACES.natGateway, "PacketsInFromSource", "Sum", dims),
                    m3: metric(NAMESPACES.natGateway, "PacketsInFromDestination", "Sum", dims),
                },
                comparison: "GreaterThanThreshold",
                threshold: t.natPacketDropPercent,
                treatMissingData: "notBreaching",
            },
        ];
    });
}

/**
 * Fields of the default VPC flow log format (version 2), in order: the
 * network component sets no log format, so its records have exactly these.
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html#flow-logs-default
 */
export const DEFAULT_FLOW_LOG_FIELDS: readonly string[] = [
    "version", "account_id", "interface_id", "srcaddr", "dstaddr", "srcport", "dstport",
    "protocol", "packets", "bytes", "start", "end", "action", "log_status",
];

/**
 * A space-delimited filter pattern that matches records of `fields` whose
 * action is REJECT. https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export function rejectedFlowPattern(fields: readonly string[] = DEFAULT_FLOW_LOG_FIELDS): string {
    if (!fields.includes("action")) {
        throw new Error(`flow log format ${fields.join(" ")} has no action field; rejected flows cannot be counted`);
    }
    return `[${fields.map((f) => (f === "action" ? 'action="REJECT"' : f)).join(", ")}]`;
}

/** The alarm on the metric the rejected-flow filter publishes. */
export function rejectedFlowsAlarm(namespace: string, metricName: string, t: AlarmThresholds): AlarmSpec<never> {
    return {
        key: "flow-logs-rejected",
        description: `VPC: more than ${t.rejectedFlows} rejected flows in ${t.evaluationMinutes} min`,
        metric: { namespace, metricName, statistic: "Sum", dimensions: {} },
        comparison: "GreaterThanThreshold",
        threshold: t.rejectedFlows,
        treatMissingData: "notBreaching",
    };
}
