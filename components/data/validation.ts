// Pure checks of store settings. Each returns undefined when the value is
// fine, or what is allowed instead; config validation reports that against
// the key, and components throw it with their own name.
import {
    BACKUP_RETENTION_DAYS,
    CACHE_ENGINE_VERSIONS,
    CACHE_NODE_FAMILIES,
    CacheEngine,
    DOCDB_ENGINE_FAMILIES,
    DOCDB_INSTANCE_FAMILIES,
    InstanceFamilies,
    POSTGRES_GP3_STORAGE_GIB,
    POSTGRES_INSTANCE_FAMILIES,
    POSTGRES_MAJOR_VERSIONS,
} from "./types";

/** Every type of a family table, e.g. "cache.t4g.small". */
export function instanceTypes(prefix: string, families: InstanceFamilies): string[] {
    return Object.entries(families).flatMap(([family, sizes]) => sizes.map((size) => `${prefix}.${family}.${size}`));
}

function describeFamilies(prefix: string, families: InstanceFamilies): string {
    return Object.entries(families)
        .map(([family, sizes]) => `${prefix}.${family}.{${sizes.join(",")}}`)
        .join(", ");
}

/** Checks `type` against a family table; names the family's real sizes when only the size is wrong. */
export function instanceTypeProblem(type: string, prefix: string, families: InstanceFamilies, what: string): string | undefined {
    const match = new RegExp(`^${prefix.replace(".", "\\.")}\\.([a-z0-9]+)\\.([a-z0-9]+)$`).exec(type);
    const sizes = match ? families[match[1]] : undefined;
    if (match && sizes?.includes(match[2])) {
        return undefined;
    }
    if (sizes) {
        return `${what} family ${prefix}.${match![1]} has no size "${match![2]}"; it comes in ${sizes.join(", ")}`;
    }
    return `must be one of the ${what} types ${describeFamilies(prefix, families)}`;
}

/** An ElastiCache node type for Redis OSS or Valkey. */
export function cacheNodeTypeProblem(type: string, engine: CacheEngine): string | undefined {
    return instanceTypeProblem(type, "cache", CACHE_NODE_FAMILIES, `ElastiCache ${engine}`);
}

/** An RDS instance class for PostgreSQL. */
export function postgresInstanceClassProblem(type: string): string | undefined {
    return instanceTypeProblem(type, "db", POSTGRES_INSTANCE_FAMILIES, "RDS PostgreSQL");
}

/** A DocumentDB instance class. */
export function docdbInstanceClassProblem(type: string): string | undefined {
    return instanceTypeProblem(type, "db", DOCDB_INSTANCE_FAMILIES, "DocumentDB");
}

/** Major version of a PostgreSQL engine version ("17" or "17.6"), or undefined when malformed or not offered. */
export function postgresMajor(version: string): number | undefined {
    const match = /^([0-9]+)(\.[0-9]+)?$/.exec(version);
    const major = match ? Number(match[1]) : NaN;
    return POSTGRES_MAJOR_VERSIONS.includes(major) ? major : undefined;
}

export function postgresVersionProblem(version: string): string | undefined {
    if (!/^[0-9]+(\.[0-9]+)?$/.test(version)) {
        return 'must be a PostgreSQL version "<major>" or "<major>.<minor>", e.g. "17" (a major alone follows minor upgrades)';
    }
    return postgresMajor(version) === undefined ? `must be a major version RDS offers: ${POSTGRES_MAJOR_VERSIONS.join(", ")}` : undefined;
}

export function cacheVersionProblem(version: string, engine: CacheEngine): string | undefined {
    const allowed = CACHE_ENGINE_VERSIONS[engine];
    if (!/^[0-9]+\.[0-9]+$/.test(version)) {
        return `must be "major.minor", one of ${allowed.join(", ")} for ${engine}`;
    }
    return allowed.includes(version) ? undefined : `must be one of ${allowed.join(", ")} for ${engine} (IAM authentication needs Redis OSS 7.0+ or Valkey 7.2+)`;
}

export function docdbVersionProblem(version: string): string | undefined {
    const allowed = Object.keys(DOCDB_ENGINE_FAMILIES);
    if (!/^[0-9]+\.[0-9]+\.[0-9]+$/.test(version)) {
        return `must be "major.minor.patch", one of ${allowed.join(", ")}`;
    }
    return version in DOCDB_ENGINE_FAMILIES ? undefined : `must be one of ${allowed.join(", ")}`;
}

/** An integer in [min, max]. */
export function integerProblem(n: number, min: number, max: number): string | undefined {
    return Number.isInteger(n) && n >= min && n <= max ? undefined : `must be an integer from ${min} to ${max}`;
}

export function backupRetentionProblem(days: number): string | undefined {
    const { min, max } = BACKUP_RETENTION_DAYS;
    const problem = integerProblem(days, min, max);
    return problem && `${problem} (days of automated backups)`;
}

/** Allocated gp3 storage RDS for PostgreSQL takes. */
export function postgresStorageProblem(gib: number): string | undefined {
    const { min, max } = POSTGRES_GP3_STORAGE_GIB;
    const problem = integerProblem(gib, min, max);
    return problem && `${problem} GiB (gp3 storage of RDS for PostgreSQL)`;
}

/**
 * The autoscaling ceiling for `allocated` GiB: `growth` times it, capped at what gp3 holds; undefined (no
 * autoscaling) when the allocation is already the maximum, since the ceiling must exceed the allocation.
 */
export function postgresStorageCeiling(allocated: number, growth: number): number | undefined {
    const { max } = POSTGRES_GP3_STORAGE_GIB;
    return allocated >= max ? undefined : Math.min(allocated * growth, max);
}

/** An explicit autoscaling ceiling: above the allocation, within what gp3 holds. */
export function postgresCeilingProblem(ceiling: number, allocated: number): string | undefined {
    const { max } = POSTGRES_GP3_STORAGE_GIB;
    return Number.isInteger(ceiling) && ceiling > allocated && ceiling <= max
        ? undefined
        : `must be an integer above the allocated ${allocated} GiB and at most ${max} GiB (gp3 storage of RDS for PostgreSQL; "Amazon RDS DB instance storage")`;
}

/** Throws `problem` for a component's argument, if there is one. */
export function check(component: string, arg: string, value: unknown, problem: string | undefined): void {
    if (problem !== undefined) {
        throw new Error(`${component}: ${arg} = ${JSON.stringify(value)}: ${problem}`);
    }
}
