// Which RDS and Aurora engines force TLS when their parameter group leaves
// the switch at its default: pinned data, read from AWS's documentation on
// 2026-12-01. Re-read the pages below when AWS adds a major version, and
// change the table (and the pack's version) when a default moves.
//
// - RDS for PostgreSQL: rds.force_ssl defaults to 1 from PostgreSQL 15, to 0
//   before ("Using SSL with a PostgreSQL DB instance", Amazon RDS User Guide,
//   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html).
// - RDS for MySQL: require_secure_transport defaults to 0 (OFF) for MySQL
//   8.4 and lower, to 1 (ON) for MySQL 9.7 ("Requiring SSL/TLS for all
//   connections to a MySQL DB instance on Amazon RDS",
//   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html).
// - RDS for MariaDB: require_secure_transport defaults to OFF for 11.4 and
//   earlier, to ON for 11.8 and later ("Requiring SSL/TLS for all connections
//   to a MariaDB DB instance on Amazon RDS",
//   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.require-ssl.html).
// - RDS for SQL Server: rds.force_ssl defaults to 0 ("Using SSL with a
//   Microsoft SQL Server DB instance": "set the rds.force_ssl parameter to 1",
//   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/SQLServer.Concepts.General.SSL.Using.html).
// - Aurora PostgreSQL: rds.force_ssl defaults to 0 in the cluster parameter
//   group ("Securing Aurora PostgreSQL data with SSL/TLS", Amazon Aurora User
//   Guide; AWS Knowledge Center, "the rds.force_ssl parameter is set to 0 by
//   default", https://repost.aws/knowledge-center/aurora-postgresql-ssl-certificates).
// - Aurora MySQL: require_secure_transport defaults to OFF in the cluster
//   parameter group ("TLS connections to Aurora MySQL DB clusters", Amazon
//   Aurora User Guide).
// Not in the table, so not judged: Oracle (TLS is the SSL option of an option
// group, not a parameter), Db2 (ssl_svcename), Aurora MySQL 1 ("aurora"
// engine, end of life).

export type EngineKind = "postgres" | "mysql" | "mariadb" | "sqlserver";

/** Where the date of the table is shown in messages. */
export const ENGINE_TLS_DEFAULTS_RETRIEVED = "2026-12-01";

interface EngineDefault {
    /** The parameter that forces TLS. */
    readonly parameter: string;
    /** The first version (major, or major.minor) whose default forces TLS; undefined when no version does. */
    readonly forcedFrom?: readonly [number, number];
    /** The default's spelling, off, for messages. */
    readonly off: string;
}

/** Per engine, RDS (`aurora: false`) and Aurora (`aurora: true`). A Map: engine text never finds Object.prototype's members. */
const TABLE: ReadonlyMap<string, EngineDefault> = new Map([
    ["postgres", { parameter: "rds.force_ssl", forcedFrom: [15, 0], off: "0" }],
    ["mysql", { parameter: "require_secure_transport", forcedFrom: [9, 7], off: "OFF" }],
    ["mariadb", { parameter: "require_secure_transport", forcedFrom: [11, 8], off: "OFF" }],
    ["sqlserver", { parameter: "rds.force_ssl", off: "0" }],
    ["aurora-postgres", { parameter: "rds.force_ssl", off: "0" }],
    ["aurora-mysql", { parameter: "require_secure_transport", off: "OFF" }],
] as [string, EngineDefault][]);

/** The TLS switch of an engine and whether its default forces TLS at `version` ("14", "8.0", "11.8", "16.0"). */
export function engineTlsDefault(kind: EngineKind, aurora: boolean, version: string): { parameter: string; forced: boolean; off: string } | undefined {
    const entry = TABLE.get(aurora ? `aurora-${kind}` : kind);
    if (!entry) {
        return undefined;
    }
    const [major, minor] = version.split(".").map(Number);
    if (!Number.isFinite(major)) {
        return undefined;
    }
    const from = entry.forcedFrom;
    const forced = from !== undefined && (major > from[0] || (major === from[0] && (Number.isFinite(minor) ? minor : 0) >= from[1]));
    return { parameter: entry.parameter, forced, off: entry.off };
}
