import { strict as assert } from "assert";
import {
    backupRetentionProblem,
    postgresCeilingProblem,
    postgresStorageCeiling,
    postgresStorageProblem,
    CACHE_ENGINE_VERSIONS,
    CACHE_NODE_FAMILIES,
    cacheNodeTypeProblem,
    cacheVersionProblem,
    check,
    docdbInstanceClassProblem,
    docdbVersionProblem,
    instanceTypes,
    postgresInstanceClassProblem,
    postgresMajor,
    postgresVersionProblem,
} from "../../../components/data";
import { SIZE_PROFILES, SIZES } from "../../../infra/config/sizes";

describe("components/data/validation", () => {
    it("accepts every type of the cache node families, for both engines", () => {
        const types = instanceTypes("cache", CACHE_NODE_FAMILIES);
        assert.ok(types.includes("cache.t4g.small") && types.includes("cache.r7g.large"));
        for (const t of types) {
            assert.equal(cacheNodeTypeProblem(t, "redis"), undefined, t);
            assert.equal(cacheNodeTypeProblem(t, "valkey"), undefined, t);
        }
    });

    it("names the real sizes when a cache family has no such size", () => {
        assert.equal(cacheNodeTypeProblem("cache.t4g.xlarge", "valkey"),
            'ElastiCache valkey family cache.t4g has no size "xlarge"; it comes in micro, small, medium');
        assert.equal(cacheNodeTypeProblem("cache.r7g.3xlarge", "redis"),
            'ElastiCache redis family cache.r7g has no size "3xlarge"; it comes in large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge');
    });

    it("lists the families when the type is not an ElastiCache type at all", () => {
        for (const t of ["db.r7g.large", "cache.x9.large", "r7g.large", "cache.r7g", ""]) {
            assert.match(cacheNodeTypeProblem(t, "redis")!, /^must be one of the ElastiCache redis types cache\.t3\.\{micro,small,medium\}, cache\.t4g/, t);
        }
    });

    it("checks RDS and DocumentDB classes against their own families", () => {
        assert.equal(postgresInstanceClassProblem("db.r7g.xlarge"), undefined);
        assert.equal(postgresInstanceClassProblem("db.t4g.medium"), undefined);
        assert.match(postgresInstanceClassProblem("db.t4g.micro")!, /family db\.t4g has no size "micro"/);
        assert.match(postgresInstanceClassProblem("cache.r7g.large")!, /^must be one of the RDS PostgreSQL types/);
        assert.equal(docdbInstanceClassProblem("db.r6g.large"), undefined);
        assert.match(docdbInstanceClassProblem("db.r7g.large")!, /^must be one of the DocumentDB types .*db\.r6g/);
        assert.match(docdbInstanceClassProblem("db.t4g.large")!, /family db\.t4g has no size "large"; it comes in medium$/);
    });

    it("every size's default store classes are valid", () => {
        for (const size of SIZES) {
            const p = SIZE_PROFILES[size];
            assert.equal(postgresInstanceClassProblem(p.postgresInstanceClass), undefined, `${size} postgres`);
            assert.equal(cacheNodeTypeProblem(p.cacheNodeType, "valkey"), undefined, `${size} cache`);
            assert.equal(docdbInstanceClassProblem(p.docdbInstanceClass), undefined, `${size} docdb`);
        }
    });

    it("reads PostgreSQL versions as a major, with or without a minor", () => {
        assert.equal(postgresMajor("17"), 17);
        assert.equal(postgresMajor("16.4"), 16);
        assert.equal(postgresMajor("12"), undefined);
        assert.equal(postgresVersionProblem("17"), undefined);
        assert.equal(postgresVersionProblem("17.6"), undefined);
        assert.match(postgresVersionProblem("17.6.1")!, /must be a PostgreSQL version "<major>" or "<major>\.<minor>"/);
        assert.match(postgresVersionProblem("v17")!, /must be a PostgreSQL version/);
        assert.equal(postgresVersionProblem("11"), "must be a major version RDS offers: 14, 15, 16, 17, 18");
    });

    it("takes cache versions of the chosen engine only", () => {
        for (const engine of ["redis", "valkey"] as const) {
            for (const v of CACHE_ENGINE_VERSIONS[engine]) {
                assert.equal(cacheVersionProblem(v, engine), undefined);
            }
        }
        assert.match(cacheVersionProblem("8.0", "redis")!, /must be one of 7\.0, 7\.1 for redis/);
        assert.match(cacheVersionProblem("6.2", "redis")!, /IAM authentication needs Redis OSS 7\.0\+/);
        assert.match(cacheVersionProblem("8", "valkey")!, /must be "major\.minor", one of 7\.2, 8\.0/);
    });

    it("takes DocumentDB versions it has a parameter family for", () => {
        assert.equal(docdbVersionProblem("5.0.0"), undefined);
        assert.equal(docdbVersionProblem("3.6.0"), "must be one of 4.0.0, 5.0.0, 8.0.0");
        assert.match(docdbVersionProblem("5.0")!, /must be "major\.minor\.patch"/);
    });

    it("bounds backup retention to what RDS and DocumentDB accept, never zero", () => {
        assert.equal(backupRetentionProblem(1), undefined);
        assert.equal(backupRetentionProblem(35), undefined);
        for (const bad of [0, 36, 1.5, -1]) {
            assert.equal(backupRetentionProblem(bad), "must be an integer from 1 to 35 (days of automated backups)", String(bad));
        }
    });

    it("throws a component's problem with the argument and value", () => {
        assert.doesNotThrow(() => check("Redis r", "nodeType", "cache.t4g.small", undefined));
        assert.throws(() => check("Redis r", "nodeType", "cache.t4g.huge", "is wrong"), /^Error: Redis r: nodeType = "cache\.t4g\.huge": is wrong$/);
    });

    it("caps PostgreSQL's storage autoscaling at gp3's 64 TiB, and leaves it off at the maximum", () => {
        assert.equal(postgresStorageCeiling(100, 4), 400);
        assert.equal(postgresStorageCeiling(20000, 4), 65536);
        assert.equal(postgresStorageCeiling(65536, 4), undefined);
        assert.match(postgresStorageProblem(70000)!, /must be an integer from 20 to 65536 GiB \(gp3 storage of RDS for PostgreSQL\)/);
        assert.equal(postgresCeilingProblem(400, 100), undefined);
        assert.match(postgresCeilingProblem(100, 100)!, /above the allocated 100 GiB and at most 65536/);
        assert.match(postgresCeilingProblem(70000, 100)!, /at most 65536/);
    });
});
