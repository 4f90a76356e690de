// Redis/Valkey/Memcached in transit: ElastiCache replication groups and
// standalone clusters must have transit encryption on, in "required" mode
// ("preferred" still accepts plain-text clients). MemoryDB has TLS on unless
// turned off. Serverless caches always use TLS.
import { INVALID, readBool, readFlag, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";

export const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
export const CACHE_CLUSTER = "aws:elasticache/cluster:Cluster";
export const MEMORYDB_CLUSTER = "aws:memorydb/cluster:Cluster";

function transitEncryption(props: Readonly<Record<string, unknown>>, what: string): Violation[] {
    const enabled = readBool(props.transitEncryptionEnabled);
    if (enabled === false || enabled === undefined) {
        return [{
            field: "transitEncryptionEnabled",
            message: `${show(props.transitEncryptionEnabled)} leaves ${what} accepting plain-text connections; set transitEncryptionEnabled to true (and transitEncryptionMode to "required")`,
        }];
    }
    const mode = readString(props.transitEncryptionMode);
    if (typeof mode === "string" && mode.toLowerCase() !== "required") {
        return [{ field: "transitEncryptionMode", message: `${show(mode)} still accepts plain-text clients; set transitEncryptionMode to "required"` }];
    }
    return [];
}

export function replicationGroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    return transitEncryption(props, "the replication group");
}

export function cacheClusterViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    // A member of a replication group takes its encryption from the group.
    const group = readString(props.replicationGroupId);
    if (group === UNKNOWN || (typeof group === "string" && group !== "")) {
        return [];
    }
    return transitEncryption(props, "the cache cluster");
}

export function memoryDbViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const tls = readFlag(props.tlsEnabled);
    return tls === false || tls === INVALID
        ? [{ field: "tlsEnabled", message: `${show(props.tlsEnabled)} lets clients connect in plain text (or is not a boolean the provider reads); remove it or set tlsEnabled to true` }]
        : [];
}
