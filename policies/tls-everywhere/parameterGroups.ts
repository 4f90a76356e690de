// Database parameter groups and TLS. PostgreSQL and SQL Server force TLS with
// rds.force_ssl = 1, MySQL and MariaDB with require_secure_transport; which
// engine versions do so by default is pinned in engineTlsDefaults.ts.
// PostgreSQL and MySQL can also pin a minimum TLS version. DocumentDB has
// `tls` (default enabled). A group that turns enforcement off is a violation
// by itself; whether a group that does not mention it is fine depends on the
// family's default, which the stack rule judges for the databases attached to it.
import { elements, field, Read, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";
import { EngineKind, engineTlsDefault, ENGINE_TLS_DEFAULTS_RETRIEVED } from "./engineTlsDefaults";

export const RDS_PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";
export const RDS_CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
export const DOCDB_CLUSTER_PARAMETER_GROUP = "aws:docdb/clusterParameterGroup:ClusterParameterGroup";

/** A parameter-group family ("postgres14", "aurora-mysql8.0", "mariadb10.11", "sqlserver-se-16.0"). */
export interface Family {
    readonly kind: EngineKind;
    readonly aurora: boolean;
    /** Version as written in the family ("14", "8.0", "16.0"). */
    readonly version: string;
    readonly text: string;
}

export function parseFamily(text: string): Family | undefined {
    const t = text.trim().toLowerCase();
    const sqlserver = /^sqlserver-(?:ee|se|ex|web)-([0-9]+\.[0-9]+)$/.exec(t);
    if (sqlserver) {
        return { kind: "sqlserver", aurora: false, version: sqlserver[1], text };
    }
    const m = /^(aurora-)?(postgres|postgresql|mysql|mariadb)([0-9]+(?:\.[0-9]+)?)$/.exec(t);
    if (!m) {
        return undefined;
    }
    const kind: EngineKind = m[2].startsWith("postgres") ? "postgres" : m[2] === "mysql" ? "mysql" : "mariadb";
    return { kind, aurora: m[1] !== undefined, version: m[3], text };
}

/** The family of an engine and version ("postgres", "14.9" → postgres14; "sqlserver-se", "16.00.4135.4.v1" → sqlserver-se-16.0). */
export function familyOf(engine: string, version: string): Family | undefined {
    const e = engine.toLowerCase();
    const parts = version.split(".");
    if (e.startsWith("sqlserver-")) {
        return parseFamily(`${e}-${Number(parts[0])}.${Number(parts[1] ?? 0)}`);
    }
    const major = e.includes("postgres") ? parts[0] : parts.slice(0, 2).join(".");
    return parseFamily(`${e}${major}`);
}

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
    const name = tlsParameter(family);
    const settings = params?.get(name);
    if (settings && settings.length > 0) {
        // Every setting must force TLS: with a name set twice, AWS applies one of them.
        const off = settings.find((s) => typeof s.value === "string" && OFF.has(s.value.toLowerCase()));
        if (off) {
            return `sets ${name} = ${show(off.value)}${settings.length > 1 ? ` (one of ${settings.length} settings of it)` : ""}`;
        }
        return settings.every((s) => typeof s.value === "string" && ON.has(s.value.toLowerCase())) ? true : UNKNOWN;
    }
    // The family's default, from the pinned table (engineTlsDefaults.ts); an engine it does not hold is left unjudged.
    const d = engineTlsDefault(family.kind, family.aurora, family.version);
    if (!d) {
        return UNKNOWN;
    }
    const where = params ? `leaves ${name} unset` : "is the default group";
    return d.forced ? true : `${where}, and ${family.text} defaults ${name} to ${d.off} (AWS documentation, read ${ENGINE_TLS_DEFAULTS_RETRIEVED})`;
}

/** The parameter a family forces TLS with. */
export function tlsParameter(family: Family): string {
    return engineTlsDefault(family.kind, family.aurora, family.version)?.parameter ?? (family.kind === "postgres" || family.kind === "sqlserver" ? "rds.force_ssl" : "require_secure_transport");
}
