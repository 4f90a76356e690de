import { strict as assert } from "assert";
import { checkIdentifier, DOCDB_PARAMETERS, docdbFamily, elasticacheId, finalSnapshotName, POSTGRES_PARAMETERS, postgresFamily } from "../../../components/data";

describe("components/data/naming and parameters", () => {
    it("accepts identifiers that can prefix AWS names, and refuses the rest", () => {
        for (const ok of ["tickettoken-prod", "tt-dev2", "a"]) {
            assert.doesNotThrow(() => checkIdentifier(ok), ok);
        }
        for (const bad of ["Tickettoken-prod", "tickettoken--prod", "tickettoken-", "1prod", "tickettoken_prod", "tickettoken-production-eu1"]) {
            assert.throws(() => checkIdentifier(bad), /data stores: identifier ".*" must be lowercase letters, digits and single hyphens.*at most 24 characters/, bad);
        }
    });

    it("names final snapshots by stack and store, the same on every run", () => {
        assert.equal(finalSnapshotName("tickettoken-prod", "postgresql"), "tickettoken-prod-postgresql-final");
    });

    it("makes ElastiCache ids within AWS's limit or says why not", () => {
        assert.equal(elasticacheId("tickettoken-staging", "ticket-service"), "tickettoken-staging-ticket-service");
        assert.throws(() => elasticacheId("tickettoken-staging", "a-very-long-service-name"), /ElastiCache id "tickettoken-staging-a-very-long-service-name" must be at most 40 characters/);
    });

    it("derives parameter group families from the engine version", () => {
        assert.equal(postgresFamily("17"), "postgres17");
        assert.equal(postgresFamily("16.4"), "postgres16");
        assert.throws(() => postgresFamily("9.6"), /no parameter group family/);
        assert.equal(docdbFamily("5.0.0"), "docdb5.0");
        assert.throws(() => docdbFamily("6.0.0"), /no cluster parameter group family/);
    });

    it("forces TLS 1.2+ on PostgreSQL and turns TLS on for DocumentDB", () => {
        const pg = Object.fromEntries(POSTGRES_PARAMETERS.map((p) => [p.name, p.value]));
        assert.equal(pg["rds.force_ssl"], "1");
        assert.equal(pg["ssl_min_protocol_version"], "TLSv1.2");
        const doc = Object.fromEntries(DOCDB_PARAMETERS.map((p) => [p.name, p.value]));
        assert.equal(doc.tls, "tls1.2+");
        assert.equal(doc.audit_logs, "enabled");
    });
});
