import { strict as assert } from "assert";
import { UNKNOWN, UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { docdbParameterGroupViolations, familyOf, groupForcesTls, parameterGroupViolations, parametersOf, parseFamily } from "../../../policies/tls-everywhere/parameterGroups";

const group = (family: string, parameters: { name: string; value: unknown }[]) => ({ family, parameters });

describe("tls-everywhere: parameter groups", () => {
    it("parses families of every engine", () => {
        assert.deepEqual(parseFamily("postgres14"), { kind: "postgres", aurora: false, version: "14", text: "postgres14" });
        assert.deepEqual(parseFamily("aurora-postgresql16")?.aurora, true);
        assert.equal(parseFamily("aurora-mysql8.0")?.kind, "mysql");
        assert.equal(parseFamily("mariadb10.11")?.kind, "mariadb");
        assert.deepEqual(parseFamily("sqlserver-ee-15.0"), { kind: "sqlserver", aurora: false, version: "15.0", text: "sqlserver-ee-15.0" });
        assert.equal(parseFamily("oracle-ee-19"), undefined);
        assert.equal(familyOf("sqlserver-se", "16.00.4135.4.v1")?.text, "sqlserver-se-16.0");
        assert.equal(familyOf("postgres", "14.9")?.text, "postgres14");
        assert.equal(familyOf("mysql", "8.0.35")?.text, "mysql8.0");
    });

    it("flags groups that turn TLS off or allow TLS older than 1.2", () => {
        const fields = (p: ReturnType<typeof group>) => parameterGroupViolations(p).map((v) => v.field);
        assert.deepEqual(fields(group("postgres16", [{ name: "rds.force_ssl", value: "0" }])), ["parameters[0].value"]);
        assert.deepEqual(fields(group("mysql8.0", [{ name: "max_connections", value: "100" }, { name: "require_secure_transport", value: "OFF" }])), ["parameters[1].value"]);
        assert.deepEqual(fields(group("aurora-postgresql16", [{ name: "ssl_min_protocol_version", value: "TLSv1.1" }])), ["parameters[0].value"]);
        assert.deepEqual(fields(group("mysql8.0", [{ name: "tls_version", value: "TLSv1.1,TLSv1.2" }])), ["parameters[0].value"]);
        assert.deepEqual(fields(group("postgres16", [{ name: "rds.force_ssl", value: "1" }, { name: "ssl_min_protocol_version", value: "TLSv1.2" }])), []);
        assert.deepEqual(fields(group("postgres16", [{ name: "rds.force_ssl", value: U }])), []);
        assert.deepEqual(parameterGroupViolations({ family: "postgres16", parameters: U }), []);
    });

    it("flags DocumentDB groups with tls disabled", () => {
        assert.deepEqual(docdbParameterGroupViolations(group("docdb5.0", [{ name: "tls", value: "disabled" }])).map((v) => v.field), ["parameters[0].value"]);
        assert.deepEqual(docdbParameterGroupViolations(group("docdb5.0", [{ name: "tls", value: "tls1.2+" }])), []);
        assert.deepEqual(docdbParameterGroupViolations(group("docdb5.0", [{ name: "tls", value: "enabled" }])).map((v) => v.field), ["parameters[0].value"], "enabled accepts TLS 1.0");
    });

    it("knows which families force TLS by default and says nothing where it is not certain", () => {
        const verdict = (family: string, params?: { name: string; value: unknown }[]) => groupForcesTls(parseFamily(family)!, params ? parametersOf({ parameters: params }) : undefined);
        assert.equal(verdict("postgres15"), true);
        assert.match(String(verdict("postgres14")), /is the default group, and postgres14 defaults rds\.force_ssl to 0/);
        assert.match(String(verdict("mysql8.0", [])), /leaves require_secure_transport unset, and mysql8\.0 defaults require_secure_transport to OFF/);
        assert.match(String(verdict("mariadb10.11")), /defaults require_secure_transport to OFF/);
        assert.equal(verdict("mysql8.0", [{ name: "require_secure_transport", value: "1" }]), true);
        assert.match(String(verdict("aurora-postgresql15")), /is the default group, and aurora-postgresql15 defaults rds\.force_ssl to 0/);
        assert.match(String(verdict("aurora-mysql8.0")), /aurora-mysql8\.0 defaults require_secure_transport to OFF/);
        assert.match(String(verdict("sqlserver-se-16.0")), /sqlserver-se-16\.0 defaults rds\.force_ssl to 0/);
        assert.match(String(verdict("mysql8.4")), /mysql8\.4 defaults require_secure_transport to OFF/);
        assert.equal(verdict("mysql9.7"), true, "MySQL 9.7 defaults require_secure_transport to ON");
        assert.match(String(verdict("mariadb11.4")), /mariadb11\.4 defaults require_secure_transport to OFF/);
        assert.equal(verdict("mariadb11.8"), true, "MariaDB 11.8 defaults require_secure_transport to ON");
        assert.equal(verdict("postgres14", [{ name: "rds.force_ssl", value: U }]), UNKNOWN);
    });
});
