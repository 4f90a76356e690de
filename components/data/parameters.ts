// Engine parameter sets. TLS is forced by parameters, not left to the
// engines' defaults, so that the policy pack (and a reader) can see it.
import { DOCDB_ENGINE_FAMILIES } from "./types";
import { postgresMajor } from "./validation";

export interface EngineParameter {
    readonly name: string;
    readonly value: string;
    /** "immediate" for dynamic parameters, "pending-reboot" for static ones. */
    readonly applyMethod: "immediate" | "pending-reboot";
}

/** The parameter group family of a PostgreSQL version, e.g. "17.6" -> "postgres17". */
export function postgresFamily(version: string): string {
    const major = postgresMajor(version);
    if (major === undefined) {
        throw new Error(`PostgreSQL version "${version}" has no parameter group family here`);
    }
    return `postgres${major}`;
}

/** PostgreSQL: TLS 1.2+ only, and every connection logged for the audit trail (seed 004). */
export const POSTGRES_PARAMETERS: readonly EngineParameter[] = [
    { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
    { name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "immediate" },
    { name: "log_connections", value: "1", applyMethod: "immediate" },
    { name: "log_disconnections", value: "1", applyMethod: "immediate" },
];

/** The cluster parameter group family of a DocumentDB version, e.g. "5.0.0" -> "docdb5.0". */
export function docdbFamily(version: string): string {
    const family = DOCDB_ENGINE_FAMILIES[version];
    if (family === undefined) {
        throw new Error(`DocumentDB version "${version}" has no cluster parameter group family here`);
    }
    return family;
}

/**
 * DocumentDB: TLS 1.2 or newer required ("enabled" accepts TLS 1.0 through
 * 1.3; "tls1.2+" needs engine 2.0.10980 on 4.0 and 3.0.11051 on 5.0, which new
 * clusters run — Amazon DocumentDB API reference, Parameter.ParameterValue);
 * audit and profiler logs on, so the log exports have something to export.
 */
export const DOCDB_PARAMETERS: readonly EngineParameter[] = [
    { name: "tls", value: "tls1.2+", applyMethod: "pending-reboot" },
    { name: "audit_logs", value: "enabled", applyMethod: "immediate" },
    { name: "profiler", value: "enabled", applyMethod: "immediate" },
];
