// CloudWatch alarms on the stores, the broker, the edge load balancer, the
// NAT gateways and the VPC's rejected flows (through a metric filter on the
// flow-log group), every one notifying the alert topic when it fires and when
// it clears. What each alarm watches is planned in alarmPlan.ts.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    AlarmSpec,
    brokerAlarms,
    cacheAlarms,
    cacheNodeId,
    documentDbAlarms,
    loadBalancerAlarms,
    MetricRef,
    natAlarms,
    postgresAlarms,
    rejectedFlowPattern,
    rejectedFlowsAlarm,
} from "./alarmPlan";
import { ALARM_THRESHOLD_BOUNDS, AlarmThresholds } from "./types";

export interface StackAlarmsArgs {
    /** Where every alarm notifies. */
    readonly topicArn: pulumi.Input<string>;
    readonly thresholds: AlarmThresholds;
    /** RDS identifiers of the primary and the replica (if any), and the allocated storage. */
    readonly postgres: { readonly primaryId: pulumi.Input<string>; readonly replicaId?: pulumi.Input<string>; readonly storageGb: number };
    /** The cache's replication group id and its node count (nodes are "<group>-001", ...). */
    readonly cache: { readonly replicationGroupId: pulumi.Input<string>; readonly nodes: number };
    /** DocumentDB instance identifiers. */
    readonly documentDbInstanceIds: readonly pulumi.Input<string>[];
    /** The broker's name (Amazon MQ's Broker dimension). */
    readonly brokerName: pulumi.Input<string>;
    /** Its RabbitMQ nodes (1, or 3 in a cluster, whose broker-level metrics are sums over them). */
    readonly brokerNodes: number;
    /** ARN suffixes of the edge load balancer and the gateway's target group. */
    readonly loadBalancer: { readonly arnSuffix: pulumi.Input<string>; readonly targetGroupArnSuffix: pulumi.Input<string> };
    readonly natGatewayIds: readonly pulumi.Input<string>[];
    /** The VPC flow-log group (default record format). */
    readonly flowLogGroupName: pulumi.Input<string>;
    /** Namespace of the metric the flow-log filter publishes; unique per stack of an account. */
    readonly metricNamespace: string;
    /** Tags added to every alarm. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Name of the metric counting rejected flow-log records. */
export const REJECTED_FLOWS_METRIC = "RejectedFlows";

/** Longest alarm window CloudWatch accepts: period × evaluation periods ≤ one day (PutMetricAlarm). */
const MAX_ALARM_WINDOW_SECONDS = 86400;

/** Custom namespaces: 1-255 characters, not "AWS/..." (reserved). https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html */
const CUSTOM_NAMESPACE = /^(?!AWS\/)[A-Za-z0-9.\-_/#: ]{1,255}$/;

/** Every alarm evaluates one window of `minutes`: the statistic over the window, one period (so metrics published every 5 minutes still count). */
export function alarmTiming(minutes: number): { period: number; evaluationPeriods: number } {
    const { min, max } = ALARM_THRESHOLD_BOUNDS.evaluationMinutes;
    const period = minutes * 60;
    if (!Number.isInteger(minutes) || minutes < min || minutes > max || period > MAX_ALARM_WINDOW_SECONDS) {
        throw new Error(`alarm window of ${minutes} minutes: must be a whole number of minutes from ${min} to ${max}`);
    }
    return { period, evaluationPeriods: 1 };
}

/** The MetricAlarm arguments of a planned alarm. */
export function alarmArgs(spec: AlarmSpec<pulumi.Input<string>>, minutes: number, topicArn: pulumi.Input<string>): aws.cloudwatch.MetricAlarmArgs {
    const { period, evaluationPeriods } = alarmTiming(minutes);
    const common = {
        alarmDescription: spec.description,
        comparisonOperator: spec.comparison,
        threshold: spec.threshold,
        evaluationPeriods,
        datapointsToAlarm: evaluationPeriods,
        treatMissingData: spec.treatMissingData,
        alarmActions: [topicArn],
        okActions: [topicArn],
    };
    if (spec.metric && !spec.expression) {
        const m = spec.metric;
        return { ...common, namespace: m.namespace, metricName: m.metricName, statistic: m.statistic, dimensions: { ...m.dimensions }, period };
    }
    if (spec.expression && spec.metrics && !spec.metric) {
        const query = (id: string, m: MetricRef<pulumi.Input<string>>): aws.types.input.cloudwatch.MetricAlarmMetricQuery => ({
            id,
            returnData: false,
            metric: { namespace: m.namespace, metricName: m.metricName, stat: m.statistic, dimensions: { ...m.dimensions }, period },
        });
        return {
            ...common,
            metricQueries: [
                { id: "e1", expression: spec.expression, label: spec.description, returnData: true },
                ...Object.entries(spec.metrics).map(([id, m]) => query(id, m)),
            ],
        };
    }
    throw new Error(`alarm ${spec.key}: give either one metric or an expression with its metrics`);
}

export class StackAlarms extends pulumi.ComponentResource {
    /** The alarms by key. */
    readonly alarms: ReadonlyMap<string, aws.cloudwatch.MetricAlarm>;

    constructor(name: string, args: StackAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:operations:StackAlarms", name, {}, opts);
        const t = args.thresholds;
        for (const [key, { min, max }] of Object.entries(ALARM_THRESHOLD_BOUNDS)) {
            const value = t[key as keyof AlarmThresholds];
            if (!Number.isFinite(value) || value < min || value > max) {
                throw new Error(`StackAlarms ${name}: threshold ${key} = ${value} must be from ${min} to ${max}`);
            }
        }
        if (!CUSTOM_NAMESPACE.test(args.metricNamespace)) {
            throw new Error(`StackAlarms ${name}: metric namespace "${args.metricNamespace}" must be 1-255 letters, digits or . - _ / # : and space, not starting with AWS/`);
        }
        const child = { parent: this };
        const tags = { ...args.tags };

        // Counted from the default record format, which the network's flow log uses.
        const filter = new aws.cloudwatch.LogMetricFilter(`${name}-rejected-flows`, {
            logGroupName: args.flowLogGroupName,
            pattern: rejectedFlowPattern(),
            metricTransformation: { name: REJECTED_FLOWS_METRIC, namespace: args.metricNamespace, value: "1", defaultValue: "0" },
        }, child);

        const cacheNodes = Array.from({ length: args.cache.nodes }, (_, i) => pulumi.output(args.cache.replicationGroupId).apply((id) => cacheNodeId(id, i)));
        const specs: Array<AlarmSpec<pulumi.Input<string>>> = [
            ...postgresAlarms({ primary: args.postgres.primaryId, replica: args.postgres.replicaId }, args.postgres.storageGb, t),
            ...cacheAlarms(cacheNodes, t),
            ...documentDbAlarms(args.documentDbInstanceIds, t),
            ...brokerAlarms(args.brokerName, args.brokerNodes, t),
            ...loadBalancerAlarms({ loadBalancer: args.loadBalancer.arnSuffix, targetGroup: args.loadBalancer.targetGroupArnSuffix }, t),
            ...natAlarms(args.natGatewayIds, t),
        ];
        const keys = new Set<string>();
        const alarms = new Map<string, aws.cloudwatch.MetricAlarm>();
        const add = (spec: AlarmSpec<pulumi.Input<string>>, extra: pulumi.CustomResourceOptions = {}) => {
            if (keys.has(spec.key)) {
                throw new Error(`StackAlarms ${name}: two alarms are keyed ${spec.key}`);
            }
            keys.add(spec.key);
            alarms.set(spec.key, new aws.cloudwatch.MetricAlarm(`${name}-${spec.key}`, { ...alarmArgs(spec, t.evaluationMinutes, args.topicArn), tags }, { parent: this, ...extra }));
        };
        specs.forEach((s) => add(s));
        // The metric exists once the filter does.
        add(rejectedFlowsAlarm(args.metricNamespace, REJECTED_FLOWS_METRIC, t), { dependsOn: [filter] });
        this.alarms = alarms;
        this.registerOutputs({ alarmCount: alarms.size });
    }
}
