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

/** One setting of a parameter: its value and where it is. */
export interface ParameterSetting {
    readonly value: Read<string>;
    readonly index: number;
}

/**
 * Parameters by lower-case name, every setting of each (a name set twice is
 * ambiguous: AWS applies one of them, and the pack judges the weakest);
 * UNKNOWN when the list is not known.
 */
export function parametersOf(props: Readonly<Record<string, unknown>>): Map<string, ParameterSetting[]> | typeof UNKNOWN {
    const list = elements(props.parameters);
    if (list === UNKNOWN) {
        return UNKNOWN;
    }
    const out = new Map<string, ParameterSetting[]>();
    list.forEach((p, index) => {
        const entry = readObject(p);
        const name = readString(field(entry, "name"));
        const raw = field(entry, "value");
        if (typeof name === "string") {
            const key = name.toLowerCase();
            const settings = out.get(key) ?? [];
            settings.push({ value: typeof raw === "number" ? String(raw) : readString(raw), index });
            out.set(key, settings);
        }
    });
    return out;
}

/** The settings of `name` whose value passes `test`. */
function settingsWhere(params: Map<string, ParameterSetting[]>, name: string, test: (v: string) => boolean): ParameterSetting[] {
    return (params.get(name) ?? []).filter((p) => typeof p.value === "string" && test(p.value));
}

const twice = (params: Map<string, ParameterSetting[]>, name: string) => ((params.get(name)?.length ?? 0) > 1 ? ` (${name} is set ${params.get(name)!.length} times; AWS applies one of them, so the weakest counts)` : "");

/** Violations of a group that turns TLS off or allows versions older than 1.2. */
export function parameterGroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const params = parametersOf(props);
    if (params === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    for (const name of ["rds.force_ssl", "require_secure_transport"]) {
        for (const p of settingsWhere(params, name, (v) => OFF.has(v.toLowerCase()))) {
            out.push({ field: `parameters[${p.index}].value`, message: `${name} = ${show(p.value)} lets clients connect without TLS; set it to "1"${twice(params, name)}` });
        }
    }
    for (const p of settingsWhere(params, "ssl_min_protocol_version", (v) => OLD_TLS.test(v))) {
        out.push({ field: `parameters[${p.index}].value`, message: `ssl_min_protocol_version = ${show(p.value)} accepts TLS older than 1.2; set it to "TLSv1.2"${twice(params, "ssl_min_protocol_version")}` });
    }
    for (const p of settingsWhere(params, "tls_version", (v) => v.split(",").some((x) => OLD_TLS.test(x.trim())))) {
        out.push({ field: `parameters[${p.index}].value`, message: `tls_version = ${show(p.value)} accepts TLS older than 1.2; set it to "TLSv1.2,TLSv1.3"${twice(params, "tls_version")}` });
    }
    return out;
}

/**
 * DocumentDB's `tls`: "disabled" accepts plain text, and "enabled" accepts
 * TLS 1.0 through 1.3; "tls1.2+", "tls1.3+" and "fips-140-3" hold clients to
 * TLS 1.2 or newer (API_Parameter, Amazon DocumentDB developer guide).
 */
export function docdbTlsProblem(value: string): string | undefined {
    switch (value.toLowerCase()) {
        case "disabled":
            return "lets clients connect without TLS";
        case "enabled":
            return "accepts TLS 1.0 through 1.3";
        default:
            return undefined;
    }
}

export function docdbParameterGroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const params = parametersOf(props);
    if (params === UNKNOWN) {
        return [];
    }
    return (params.get("tls") ?? []).flatMap((p) => {
        const problem = typeof p.value === "string" ? docdbTlsProblem(p.value) : undefined;
        return problem ? [{ field: `parameters[${p.index}].value`, message: `tls = ${show(p.value)} ${problem}; set it to "tls1.2+" (or "tls1.3+")${twice(params, "tls")}` }] : [];
    });
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
    const settings = params?.get(name);
    if (settings && settings.length > 0) {
        // Every setting must force TLS: with a name set twice, AWS applies one of them.
        const off = settings.find((s) => typeof s.value === "string" && OFF.has(s.value.toLowerCase()));
        if (off) {
            return `sets ${name} = ${show(off.value)}${settings.length > 1 ? ` (one of ${settings.length} settings of it)` : ""}`;
        }
        return settings.every((s) => typeof s.value === "string" && ON.has(s.value.toLowerCase())) ? true : UNKNOWN;
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
