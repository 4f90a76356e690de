// Plain types, allowed sets and defaults of the data stores: no Pulumi
// imports, so config validation and pure helpers can use them cheaply. Each
// allowed set lives here and only here.

/** ElastiCache engines that support RBAC with IAM-authenticated users. */
export type CacheEngine = "redis" | "valkey";

export const CACHE_ENGINES: readonly CacheEngine[] = ["redis", "valkey"];

/**
 * Engine versions per cache engine. IAM authentication needs Redis OSS 7.0+
 * or Valkey 7.2+; ElastiCache takes "major.minor" from 7 on.
 */
export const CACHE_ENGINE_VERSIONS: Readonly<Record<CacheEngine, readonly string[]>> = {
    redis: ["7.0", "7.1"],
    valkey: ["7.2", "8.0", "8.1", "8.2"],
};

/** Sizes of each node family, by instance class; a type is `<prefix>.<family>.<size>`. */
export type InstanceFamilies = Readonly<Record<string, readonly string[]>>;

const GRAVITON_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];
const INTEL_CACHE_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"];

/**
 * ElastiCache node types for Redis OSS and Valkey (the two share families).
 * Data-tiering (r6gd) and network-optimised (c7gn) families are left out: they
 * need settings this component does not make.
 */
export const CACHE_NODE_FAMILIES: InstanceFamilies = {
    t3: ["micro", "small", "medium"],
    t4g: ["micro", "small", "medium"],
    m5: INTEL_CACHE_SIZES,
    m6g: GRAVITON_SIZES,
    m7g: GRAVITON_SIZES,
    r5: INTEL_CACHE_SIZES,
    r6g: GRAVITON_SIZES,
    r7g: GRAVITON_SIZES,
};

/** PostgreSQL major versions RDS offers; the parameter group family is `postgres<major>`. */
export const POSTGRES_MAJOR_VERSIONS: readonly number[] = [14, 15, 16, 17, 18];

/**
 * RDS instance classes for PostgreSQL. Burstable micro and small classes are
 * left out: Performance Insights, which every instance here turns on, does
 * not run on them.
 */
export const POSTGRES_INSTANCE_FAMILIES: InstanceFamilies = {
    t3: ["medium", "large", "xlarge", "2xlarge"],
    t4g: ["medium", "large", "xlarge", "2xlarge"],
    m6g: GRAVITON_SIZES,
    m7g: GRAVITON_SIZES,
    m6i: GRAVITON_SIZES,
    m7i: GRAVITON_SIZES,
    r6g: GRAVITON_SIZES,
    r7g: GRAVITON_SIZES,
    r6i: GRAVITON_SIZES,
    r7i: GRAVITON_SIZES,
};

/** DocumentDB engine versions and their cluster parameter group families. */
export const DOCDB_ENGINE_FAMILIES: Readonly<Record<string, string>> = {
    "4.0.0": "docdb4.0",
    "5.0.0": "docdb5.0",
    "8.0.0": "docdb8.0",
};

/** DocumentDB instance classes (instance-based clusters). */
export const DOCDB_INSTANCE_FAMILIES: InstanceFamilies = {
    t3: ["medium"],
    t4g: ["medium"],
    r5: ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
    r6g: GRAVITON_SIZES,
};

/** Most nodes a non-sharded replication group has (a primary and five replicas). */
export const MAX_CACHE_NODES = 6;

/** Most instances a DocumentDB cluster has (a writer and fifteen replicas). */
export const MAX_DOCDB_INSTANCES = 16;

/** Snapshot retention ElastiCache accepts, in days (0: no automatic snapshots). */
export const CACHE_SNAPSHOT_RETENTION_DAYS = { min: 0, max: 35 } as const;

/**
 * gp3 storage RDS for PostgreSQL accepts, in GiB: 20 GiB to 64 TiB ("Amazon RDS DB instance storage",
 * Amazon RDS User Guide); storage autoscaling's ceiling (MaxAllocatedStorage) is bound by the same maximum.
 */
export const POSTGRES_GP3_STORAGE_GIB = { min: 20, max: 65536 } as const;

/** Backup retention RDS and DocumentDB accept, in days (0 would turn backups off). */
export const BACKUP_RETENTION_DAYS = { min: 1, max: 35 } as const;

/** Defaults shared by the store components. */
export const DATA_DEFAULTS = {
    postgresPort: 5432,
    redisPort: 6379,
    mongoPort: 27017,
    /** Weekly maintenance, Sunday night UTC, after the daily backups. */
    maintenanceWindow: "sun:05:00-sun:06:00",
    backupWindow: "03:00-04:00",
    /** Current RDS/DocumentDB certificate authority (RSA 2048, valid to 2061). */
    caCertIdentifier: "rds-ca-rsa2048-g1",
    /** Days a deleted KMS key can still be recovered (the maximum). */
    keyDeletionWindowDays: 30,
    /** Free Performance Insights retention. */
    performanceInsightsRetentionDays: 7,
} as const;
