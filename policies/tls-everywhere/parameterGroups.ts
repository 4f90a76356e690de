// Database parameter groups and TLS. PostgreSQL forces TLS with
// rds.force_ssl = 1 (the default from PostgreSQL 15 on RDS), MySQL and
// MariaDB with require_secure_transport (default off); both can also pin a
// minimum TLS version. DocumentDB has `tls` (default enabled). A group that
// turns enforcement off is a violation by itself; whether a group that does
// not mention it is fine depends on the family's default, which the stack
// rule judges for the instances attached to it.
import { elements, field, Read, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";

export const RDS_PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";
export const RDS_CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
export const DOCDB_CLUSTER_PARAMETER_GROUP = "aws:docdb/clusterParameterGroup:ClusterParameterGroup";

export type EngineKind = "postgres" | "mysql" | "mariadb";

/** A parameter-group family ("postgres14", "aurora-mysql8.0", "mariadb10.11"). */
export interface Family {
    readonly kind: EngineKind;
    readonly aurora: boolean;
    /** Version as written in the family ("14", "8.0"). */
    readonly version: string;
    readonly text: string;
}

export function parseFamily(text: string): Family | undefined {
    const m = /^(aurora-)?(postgres|postgresql|mysql|mariadb)([0-9]+(?:\.[0-9]+)?)$/.exec(text.trim().toLowerCase());
    if (!m) {
        return undefined;
    }
    const kind: EngineKind = m[2].startsWith("postgres") ? "postgres" : m[2] === "mysql" ? "mysql" : "mariadb";
    return { kind, aurora: m[1] !== undefined, version: m[3], text };
}

/** The family of an engine and version ("postgres", "14.9" → postgres14). */
export function familyOf(engine: string, version: string): Family | undefined {
    const e = engine.toLowerCase();
    const parts = version.split(".");
    const major = e.includes("postgres") ? parts[0] : parts.slice(0, 2).join(".");
    return parseFamily(`${e}${major}`);
}

const TLS_PARAMETER: Readonly<Record<EngineKind, string>> = {
    postgres: "rds.force_ssl",
    mysql: "require_secure_transport",
    mariadb: "require_secure_transport",
};

const ON = new Set(["1", "on", "true"]);
const OFF = new Set(["0", "off", "false"]);
const OLD_TLS = /^tlsv1(\.1)?$/i;

/** Parameters by lower-case name, with their index; UNKNOWN when the list is not known. */
export function parametersOf(props: Readonly<Record<string, unknown>>): Map<string, { value: Read<string>; index: number }> | typeof UNKNOWN {
    const list = elements(props.parameters);
    if (list === UNKNOWN) {
        return UNKNOWN;
    }
    const out = new Map<string, { value: Read<string>; index: number }>();
    list.forEach((p, index) => {
        const entry = readObject(p);
        const name = readString(field(entry, "name"));
        const raw = field(entry, "value");
        if (typeof name === "string") {
            out.set(name.toLowerCase(), { value: typeof raw === "number" ? String(raw) : readString(raw), index });
        }
    });
    return out;
}

/** Violations of a group that turns TLS off or allows versions older than 1.2. */
export function parameterGroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const params = parametersOf(props);
    if (params === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    for (const name of ["rds.force_ssl", "require_secure_transport"]) {
        const p = params.get(name);
        if (p && typeof p.value === "string" && OFF.has(p.value.toLowerCase())) {
            out.push({ field: `parameters[${p.index}].value`, message: `${name} = ${show(p.value)} lets clients connect without TLS; set it to "1"` });
        }
    }
    const minimum = params.get("ssl_min_protocol_version");
    if (minimum && typeof minimum.value === "string" && OLD_TLS.test(minimum.value)) {
        out.push({ field: `parameters[${minimum.index}].value`, message: `ssl_min_protocol_version = ${show(minimum.value)} accepts TLS older than 1.2; set it to "TLSv1.2"` });
    }
    const versions = params.get("tls_version");
    if (versions && typeof versions.value === "string" && versions.value.split(",").some((v) => OLD_TLS.test(v.trim()))) {
        out.push({ field: `parameters[${versions.index}].value`, message: `tls_version = ${show(versions.value)} accepts TLS older than 1.2; set it to "TLSv1.2,TLSv1.3"` });
    }
    return out;
}

export function docdbParameterGroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const params = parametersOf(props);
    const tls = params === UNKNOWN ? undefined : params.get("tls");
    if (!tls || typeof tls.value !== "string" || tls.value.toLowerCase() !== "disabled") {
        return [];
    }
    return [{ field: `parameters[${tls.index}].value`, message: `tls = ${show(tls.value)} lets clients connect without TLS; set it to "enabled" (or "tls1.2+")` }];
}

/**
 * Whether a group of `family` with `params` (undefined for the default
 * group) forces TLS: true, a reason it does not, or UNKNOWN when the value or
 * the family's default is not known (then nothing is said).
 */
export function groupForcesTls(family: Family, params: ReturnType<typeof parametersOf> | undefined): Read<true | string> {
    if (params === UNKNOWN) {
        return UNKNOWN;
    }
    const name = TLS_PARAMETER[family.kind];
    const set = params?.get(name);
    if (set) {
        if (typeof set.value !== "string") {
            return UNKNOWN;
        }
        const v = set.value.toLowerCase();
        return ON.has(v) ? true : OFF.has(v) ? `sets ${name} = ${show(set.value)}` : UNKNOWN;
    }
    // Family defaults known for certain; anything else is left unjudged.
    const where = params ? `leaves ${name} unset` : "is the default group";
    if (!family.aurora && family.kind === "postgres") {
        return Number(family.version) >= 15 ? true : `${where}, and ${family.text} defaults ${name} to 0`;
    }
    if (!family.aurora && (family.kind === "mariadb" || family.version === "5.7" || family.version === "8.0")) {
        return `${where}, and ${family.text} defaults ${name} to OFF`;
    }
    return UNKNOWN;
}

/** The parameter a family forces TLS with. */
export function tlsParameter(family: Family): string {
    return TLS_PARAMETER[family.kind];
}
