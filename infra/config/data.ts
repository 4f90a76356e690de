// Config of the data stores: engine versions, sizes (from the environment
// size unless overridden), redundancy, backups and protection.
import { ConfigReader } from "./reader";
import { SizeProfile } from "./sizes";
import { postgresVersionOfferedProblem } from "./offerings";
import {
    BACKUP_RETENTION_DAYS,
    CACHE_ENGINES,
    CACHE_SNAPSHOT_RETENTION_DAYS,
    CacheEngine,
    MAX_CACHE_NODES,
    MAX_DOCDB_INSTANCES,
} from "../../components/data/types";
import {
    cacheNodeTypeProblem,
    cacheVersionProblem,
    docdbInstanceClassProblem,
    docdbVersionProblem,
    postgresInstanceClassProblem,
    postgresVersionProblem,
} from "../../components/data/validation";

export interface PostgresConfig {
    readonly engineVersion: string;
    readonly instanceClass: string;
    readonly storageGb: number;
    readonly multiAz: boolean;
    readonly readReplica: boolean;
    readonly backupRetentionDays: number;
}

export interface CacheConfig {
    readonly engine: CacheEngine;
    readonly engineVersion: string;
    readonly nodeType: string;
    readonly nodes: number;
    readonly snapshotRetentionDays: number;
}

export interface DocumentDbConfig {
    readonly engineVersion: string;
    readonly instanceClass: string;
    readonly instances: number;
    readonly backupRetentionDays: number;
}

export interface DataConfig {
    /** protect, deletion protection and final snapshots on every stateful resource (stores, keys, secrets). */
    readonly protectStatefulResources: boolean;
    readonly postgres: PostgresConfig;
    readonly cache: CacheConfig;
    readonly documentDb: DocumentDbConfig;
}

/**
 * A machine type: the key's value when set, else the size's; either way
 * checked by `problem`, and a bad size default is reported against the key
 * too (unless the size itself is bad: its stand-in profile proves nothing).
 */
export function machineType(r: ConfigReader, key: string, fromSize: string, problem: (type: string) => string | undefined): string {
    const value = r.string(key, /^[a-z0-9.]*$/, 'must be empty (the size\'s type) or an instance type like "db.r7g.large"');
    const type = value === "" ? fromSize : value;
    const checkable = /^[a-z0-9.]*$/.test(value) && !(value === "" && r.rejected("size"));
    const why = checkable ? problem(type) : undefined;
    if (why !== undefined) {
        r.reject(key, value === "" ? `${type} (the size's default)` : value, why);
    }
    return type;
}

/** A string checked by a store's own validation. */
export function checkedString(r: ConfigReader, key: string, problem: (value: string) => string | undefined): string {
    const value = r.string(key, /^/, "");
    const why = r.rejected(key) ? undefined : problem(value);
    if (why !== undefined) {
        r.reject(key, value, why);
    }
    return value;
}

function retention(r: ConfigReader, key: string): number {
    return r.integer(key, BACKUP_RETENTION_DAYS.min, BACKUP_RETENTION_DAYS.max);
}

export function readDataConfig(r: ConfigReader, machines: SizeProfile): DataConfig {
    const engine = r.oneOf("cacheEngine", CACHE_ENGINES);
    // Against a stand-in engine, version and node type checks would only echo the engine's problem.
    const forEngine = (problem: (v: string) => string | undefined) => (v: string) => (r.rejected("cacheEngine") ? undefined : problem(v));
    return {
        protectStatefulResources: r.boolean("protectStatefulResources"),
        postgres: {
            engineVersion: checkedString(r, "postgresEngineVersion", (v) => postgresVersionProblem(v) ?? postgresVersionOfferedProblem(v)),
            instanceClass: machineType(r, "postgresInstanceClass", machines.postgresInstanceClass, postgresInstanceClassProblem),
            storageGb: r.integer("postgresStorageGb", 20, 65536),
            multiAz: r.boolean("postgresMultiAz"),
            readReplica: r.boolean("postgresReadReplica"),
            backupRetentionDays: retention(r, "postgresBackupRetentionDays"),
        },
        cache: {
            engine,
            engineVersion: checkedString(r, "cacheEngineVersion", forEngine((v) => cacheVersionProblem(v, engine))),
            nodeType: machineType(r, "cacheNodeType", machines.cacheNodeType, forEngine((t) => cacheNodeTypeProblem(t, engine))),
            nodes: r.integer("cacheNodes", 1, MAX_CACHE_NODES),
            snapshotRetentionDays: r.integer("cacheSnapshotRetentionDays", CACHE_SNAPSHOT_RETENTION_DAYS.min, CACHE_SNAPSHOT_RETENTION_DAYS.max),
        },
        documentDb: {
            engineVersion: checkedString(r, "docdbEngineVersion", docdbVersionProblem),
            instanceClass: machineType(r, "docdbInstanceClass", machines.docdbInstanceClass, docdbInstanceClassProblem),
            instances: r.integer("docdbInstances", 1, MAX_DOCDB_INSTANCES),
            backupRetentionDays: retention(r, "docdbBackupRetentionDays"),
        },
    };
}
