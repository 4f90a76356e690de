// Which resources a reviewer must look at first, and which property changes
// replace a resource. Decided once, here.
//
// Protected: a resource whose loss cannot be undone by creating it again,
// because it holds data, a key or a credential, or everything inside it (the
// cluster), and any resource the program marks `protect`. Removing one is
// data loss; changing one deserves a second look.
//
// Replacement: the offline plan has no provider to ask for a diff, so it says
// "may replace" only for properties the provider's schema marks as forcing a
// new resource (Terraform's ForceNew, which the bridged Pulumi provider
// keeps), read from terraform-provider-aws for the stores below:
//   internal/service/rds/instance.go              (aws_db_instance)
//   internal/service/docdb/cluster.go             (aws_docdb_cluster)
//   internal/service/elasticache/replication_group.go (aws_elasticache_replication_group)
// Conditional replacements (ElastiCache's engine version downgrade, transit
// encryption below Redis 7.0.5) are left out: the plan cannot tell. For every
// other type a change is reported without a claim about replacement.

/** What a protected type holds, by type token. */
export const PROTECTED_TYPES: ReadonlyMap<string, string> = new Map([
    ["aws:rds/instance:Instance", "database"],
    ["aws:rds/cluster:Cluster", "database"],
    ["aws:rds/clusterInstance:ClusterInstance", "database"],
    ["aws:docdb/cluster:Cluster", "database"],
    ["aws:docdb/clusterInstance:ClusterInstance", "database"],
    ["aws:docdb/elasticCluster:ElasticCluster", "database"],
    ["aws:dynamodb/table:Table", "database"],
    ["aws:elasticache/replicationGroup:ReplicationGroup", "cache"],
    ["aws:elasticache/cluster:Cluster", "cache"],
    ["aws:elasticache/serverlessCache:ServerlessCache", "cache"],
    ["aws:mq/broker:Broker", "message broker"],
    ["aws:kms/key:Key", "encryption key"],
    ["aws:kms/replicaKey:ReplicaKey", "encryption key"],
    ["aws:secretsmanager/secret:Secret", "secret"],
    ["aws:secretsmanager/secretVersion:SecretVersion", "secret"],
    ["random:index/randomPassword:RandomPassword", "generated secret"],
    ["kubernetes:core/v1:Secret", "secret"],
    ["aws:eks/cluster:Cluster", "Kubernetes cluster"],
    ["aws:s3/bucket:Bucket", "bucket"],
    ["aws:s3/bucketV2:BucketV2", "bucket"],
    ["aws:efs/fileSystem:FileSystem", "file system"],
    ["aws:ebs/volume:Volume", "volume"],
    ["kubernetes:core/v1:PersistentVolumeClaim", "volume"],
    ["kubernetes:core/v1:Namespace", "namespace (everything in it)"],
    ["aws:backup/vault:Vault", "backup vault"],
    ["aws:cloudwatch/logGroup:LogGroup", "log history"],
]);

/** Properties whose change makes the provider replace the resource, by type token (top-level Pulumi names). */
export const REPLACING_PROPERTIES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
    [
        "aws:rds/instance:Instance",
        new Set(["characterSetName", "customIamInstanceProfile", "dbName", "engine", "identifier", "identifierPrefix", "kmsKeyId", "ncharCharacterSetName", "restoreToPointInTime", "snapshotIdentifier", "storageEncrypted", "timezone", "username"]),
    ],
    [
        "aws:docdb/cluster:Cluster",
        new Set(["availabilityZones", "clusterIdentifier", "clusterIdentifierPrefix", "dbSubnetGroupName", "engine", "kmsKeyId", "masterUsername", "port", "restoreToPointInTime", "snapshotIdentifier", "storageEncrypted"]),
    ],
    [
        "aws:elasticache/replicationGroup:ReplicationGroup",
        new Set(["atRestEncryptionEnabled", "dataTieringEnabled", "globalReplicationGroupId", "kmsKeyId", "networkType", "port", "replicationGroupId", "securityGroupNames", "snapshotArns", "snapshotName", "subnetGroupName"]),
    ],
]);

/** Why a resource is protected, or undefined when it is not. */
export function protectionOf(r: { readonly type: string; readonly protect: boolean }): string | undefined {
    const held = PROTECTED_TYPES.get(r.type);
    if (held && r.protect) {
        return `${held}, protect: true`;
    }
    return held ?? (r.protect ? "protect: true" : undefined);
}

/** True when a change at `path` (e.g. "engine", "restoreToPointInTime.restoreTime") replaces a resource of `type`. */
export function forcesReplacement(type: string, path: string): boolean {
    const top = /^[^.[]+/.exec(path)?.[0] ?? path;
    return REPLACING_PROPERTIES.get(type)?.has(top) ?? false;
}
