// Wiring of the operations layer: the alert topic, the alarms on what the
// stack built, threat detection for its cluster (and the account's security
// services where this stack owns them), and backups of the stores.
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../components/cluster";
import { cachePrefix, cacheUpstreams } from "../components/cluster";
import type { DocumentDb, Postgres, Redis } from "../components/data";
import { DATA_DEFAULTS } from "../components/data/types";
import type { EdgeLoadBalancer } from "../components/edge";
import type { RabbitMqBroker } from "../components/messaging";
import { brokerNodeCount } from "../components/messaging/types";
import type { Network } from "../components/network";
import { AlertTopic, Backups, StackAlarms, ThreatDetection } from "../components/operations";
import type { StackConfig } from "./config";

export interface OperationsLayer {
    readonly alerts: AlertTopic;
    readonly alarms: StackAlarms;
    /** Undefined when threat detection is off. */
    readonly threats?: ThreatDetection;
    /** Undefined when backups are off. */
    readonly backups?: Backups;
}

interface Built {
    readonly network: Network;
    readonly cluster: Cluster;
    readonly alb: EdgeLoadBalancer;
    readonly postgres: Postgres;
    readonly redis: Redis;
    readonly documentDb: DocumentDb;
    readonly rabbitmq: RabbitMqBroker;
}

const PREFIX = "tickettoken";

/**
 * ECR filter covering the pull-through cache of every stack of the account
 * (their prefixes are "<prefix>-<stack>-<upstream>"): the registry's scanning
 * configuration is one per account, owned by one stack.
 */
export const CACHE_REPOSITORY_FILTER = `${PREFIX}-*`;

export function buildOperations(cfg: StackConfig, { network, cluster, alb, postgres, redis, documentDb, rabbitmq }: Built): OperationsLayer {
    const ops = cfg.operations;
    const stack = pulumi.getStack();
    const protect = cfg.data.protectStatefulResources;
    const alerts = new AlertTopic(`${PREFIX}-alerts`, { emailEndpoints: ops.alertEmails, protect });
    const alarms = new StackAlarms(`${PREFIX}-alarms`, {
        topicArn: alerts.topicArn,
        thresholds: ops.alarms,
        postgres: { primaryId: postgres.primary.identifier, replicaId: postgres.replica?.identifier, storageGb: cfg.data.postgres.storageGb },
        cache: { replicationGroupId: redis.replicationGroup.replicationGroupId, nodes: cfg.data.cache.nodes },
        documentDbInstanceIds: documentDb.instances.map((i) => i.identifier),
        brokerName: rabbitmq.broker.brokerName,
        brokerNodes: brokerNodeCount(cfg.messaging.deploymentMode),
        loadBalancer: { arnSuffix: alb.loadBalancer.arnSuffix, targetGroupArnSuffix: alb.targetGroup.arnSuffix },
        natGatewayIds: network.natGatewayIds,
        flowLogGroupName: network.flowLogGroupName,
        // One namespace per stack: stacks of one account must not add up each other's rejected flows.
        metricNamespace: `TicketToken/${stack}`,
    });

    let threats: ThreatDetection | undefined;
    if (ops.threatDetection) {
        // The cluster's name and cache upstreams, as the stack gives them to the cluster.
        const clusterName = `${PREFIX}-${stack}`;
        const upstreams = cacheUpstreams({ dockerHub: cfg.cluster.dockerHubCredentialArn, github: cfg.platform.githubCredentialArn });
        threats = new ThreatDetection(`${PREFIX}-threats`, {
            ownsAccountServices: ops.securityServicesOwner,
            topicArn: alerts.topicArn,
            vpcId: network.vpcId,
            subnetIds: network.subnetIds.private,
            endpointSecurityGroupId: network.endpointSecurityGroupId,
            cluster: {
                name: cluster.clusterName,
                kubernetesVersion: cluster.kubernetesVersion,
                nodeGroupNames: [cluster.nodeGroupNames.system, cluster.nodeGroupNames.apps],
            },
            imageScanType: ops.imageScanType,
            imageRepositoryFilter: CACHE_REPOSITORY_FILTER,
            cacheRepositoryPrefixes: upstreams.map((u) => cachePrefix(clusterName, u)),
            protect,
        });
    }

    let backups: Backups | undefined;
    if (ops.backups) {
        const b = ops.backups;
        backups = new Backups(`${PREFIX}-backup`, {
            resources: [
                { name: "postgresql", arn: postgres.primary.arn },
                { name: "mongodb", arn: documentDb.cluster.arn },
            ],
            identifier: `${PREFIX}-${stack}`,
            intervalHours: b.intervalHours,
            retentionDays: b.retentionDays,
            storeBackupWindow: DATA_DEFAULTS.backupWindow,
            copy: b.copyRegion === undefined ? undefined : { region: b.copyRegion, retentionDays: b.copyRetentionDays },
            vaultLock: b.vaultLock,
            topicArn: alerts.topicArn,
            protect,
        });
    }
    return { alerts, alarms, threats, backups };
}
