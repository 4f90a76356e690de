// Which inputs of a registered resource carry a physical name that its
// service keeps unique, and why a resource that sets one may replace without
// deleting first. A replacement creates the new resource before deleting the
// old by default, so a fixed name collides unless the resource is
// deleteBeforeReplace, or its name changes whenever it is replaced.
import { RecordedResource } from "../../tools/harness/recorder";

/** Inputs that name the resource uniquely (in its account, region, zone, cluster or parent), per type. */
export const NAME_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "aws:eks/cluster:Cluster": ["name"],
    "aws:cloudwatch/logGroup:LogGroup": ["name"],
    "aws:kms/alias:Alias": ["name"],
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": ["ecrRepositoryPrefix"],
    "aws:elasticache/user:User": ["userId"],
    "aws:elasticache/userGroup:UserGroup": ["userGroupId"],
    "aws:elasticache/replicationGroup:ReplicationGroup": ["replicationGroupId", "finalSnapshotIdentifier"],
    "aws:elasticache/subnetGroup:SubnetGroup": ["name"],
    "aws:rds/instance:Instance": ["identifier", "finalSnapshotIdentifier"],
    "aws:rds/parameterGroup:ParameterGroup": ["name"],
    "aws:rds/subnetGroup:SubnetGroup": ["name"],
    "aws:docdb/cluster:Cluster": ["clusterIdentifier", "finalSnapshotIdentifier"],
    "aws:docdb/clusterInstance:ClusterInstance": ["identifier"],
    "aws:docdb/clusterParameterGroup:ClusterParameterGroup": ["name"],
    "aws:docdb/subnetGroup:SubnetGroup": ["name"],
    "aws:mq/broker:Broker": ["brokerName"],
    "aws:lb/loadBalancer:LoadBalancer": ["name"],
    "aws:lb/targetGroup:TargetGroup": ["name"],
    "aws:lb/trustStore:TrustStore": ["name"],
    "aws:s3/bucket:Bucket": ["bucket"],
    "aws:s3/bucketObjectv2:BucketObjectv2": ["key"],
    "aws:iam/role:Role": ["name"],
    "aws:iam/rolePolicy:RolePolicy": ["name"],
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ["url"],
    "aws:secretsmanager/secret:Secret": ["name"],
    "aws:ec2/securityGroup:SecurityGroup": ["name"],
    "aws:ec2/launchTemplate:LaunchTemplate": ["name"],
    "aws:eks/nodeGroup:NodeGroup": ["nodeGroupName"],
    "aws:eks/addon:Addon": ["addonName"],
    "aws:eks/accessEntry:AccessEntry": ["principalArn"],
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": ["principalArn"],
    "cloudflare:index/ruleset:Ruleset": ["phase"],
    "cloudflare:index/list:List": ["name"],
    "cloudflare:index/zoneSetting:ZoneSetting": ["settingId"],
    "cloudflare:index/dnsRecord:DnsRecord": ["name"],
    "kubernetes:helm.sh/v3:Release": ["name"],
};

/** Input keys that usually carry a physical name, for types the table above does not list. */
const LIKELY_NAME = /^(name|identifier|[a-z]+(Name|Identifier))$/;

/** Types whose inputs look like names but are not the resource's own, with why. */
export const NOT_NAMES: Readonly<Record<string, string>> = {
    "aws:ec2/vpcEndpoint:VpcEndpoint": "serviceName is the AWS service reached, not the endpoint's name",
    "aws:acm/certificate:Certificate": "domainName is what the certificate covers; ACM issues any number of certificates for one name",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": "clusterName is the cluster it belongs to",
    "aws:eks/accessEntry:AccessEntry": "clusterName is the cluster it belongs to",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "metricName is the metric watched; the alarm itself is autonamed",
    "aws:sns/topic:Topic": "displayName is the sender name of email and SMS notifications, not unique; the topic is autonamed",
};

/**
 * Fixed names that need no deleteBeforeReplace, by type, with the reason: the
 * name changes whenever the resource is replaced, or it is not the resource's
 * own name.
 */
export const ALLOWED_FIXED_NAMES: Readonly<Record<string, string>> = {
    "aws:elasticache/userGroup:UserGroup":
        "its id carries the engine, the one other input that replaces it, so a replacement always has a new id (and a group in use by the replication group cannot be deleted first)",
    "aws:elasticache/replicationGroup:ReplicationGroup":
        "finalSnapshotIdentifier names the snapshot taken when the group is deleted, not the group (autonamed); deletion is guarded by protect",
    "aws:rds/instance:Instance":
        "finalSnapshotIdentifier names the snapshot taken when the instance is deleted, not the instance (autonamed); deletion is guarded by protect and deletion protection",
    "aws:docdb/cluster:Cluster":
        "finalSnapshotIdentifier names the snapshot taken when the cluster is deleted, not the cluster (autonamed); deletion is guarded by protect and deletion protection",
    "aws:s3/bucketObjectv2:BucketObjectv2": "the key is unique within its own bucket only; a new bucket or a new key is another object",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "the URL is the cluster's issuer, and only a new URL (a new cluster) replaces the provider",
    "aws:eks/addon:Addon": "the add-on's name is its kind, unique per cluster; only a change of it or of the cluster replaces the resource",
    "aws:eks/accessEntry:AccessEntry": "an entry is keyed by cluster and principal; only a change of either (type is fixed STANDARD) replaces it",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation":
        "an association is keyed by cluster, principal and policy; only a change of one of them (the scope is fixed: cluster) replaces it",
    "cloudflare:index/zoneSetting:ZoneSetting": "a setting is keyed by zone and setting id, the only inputs that replace it",
    "aws:guardduty/detectorFeature:DetectorFeature": "name is the feature's kind, one per detector; only a new detector or kind replaces it",
    "cloudflare:index/dnsRecord:DnsRecord": "a record's name and type are updated in place; only a new zone replaces it",
    "cloudflare:index/list:List": "the list's kind is fixed (ip); only a new account replaces it, where the name is free",
    "kubernetes:helm.sh/v3:Release": "a release is unique per namespace and name, which are the inputs that replace it",
    "kubernetes:*": "the Kubernetes provider deletes a named object before replacing it (pulumi-kubernetes Diff: DeleteBeforeReplace when the name is fixed)",
};

export interface FixedName {
    readonly resource: RecordedResource;
    /** The inputs that fix a name, with their values. */
    readonly names: Readonly<Record<string, unknown>>;
}

/** The inputs of `r` that fix a physical name; empty when it is autonamed or has none. */
export function fixedNames(r: RecordedResource): Record<string, unknown> {
    if (r.type.startsWith("pulumi:providers:")) {
        return {};
    }
    if (r.type.startsWith("kubernetes:") && NAME_INPUTS[r.type] === undefined) {
        const name = (r.inputs.metadata as { name?: unknown } | undefined)?.name;
        return name === undefined ? {} : { "metadata.name": name };
    }
    const keys = NAME_INPUTS[r.type] ?? (NOT_NAMES[r.type] !== undefined ? [] : Object.keys(r.wire).filter((k) => LIKELY_NAME.test(k)));
    return Object.fromEntries(keys.filter((k) => r.wire[k] !== undefined).map((k) => [k, r.inputs[k] ?? "(unknown)"]));
}

/** Why `r`'s fixed name is safe, or undefined when it is not. */
export function whyFixedNameIsSafe(r: RecordedResource): string | undefined {
    if (r.deleteBeforeReplace === true) {
        return "deleteBeforeReplace";
    }
    return ALLOWED_FIXED_NAMES[r.type] ?? (r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release" ? ALLOWED_FIXED_NAMES["kubernetes:*"] : undefined);
}
