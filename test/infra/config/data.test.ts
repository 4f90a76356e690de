import { strict as assert } from "assert";
import { loadStackConfig } from "../../../infra/config";
import { configProblems as problemsOf, stackSource } from "../../support/config";

describe("infra/config (data and messaging)", () => {
    it("is small in dev and highly available and protected in prod", () => {
        const dev = loadStackConfig(stackSource("dev"));
        const staging = loadStackConfig(stackSource("staging"));
        const prod = loadStackConfig(stackSource("prod"));
        assert.deepEqual(
            [dev.data.protectStatefulResources, dev.data.postgres.readReplica, dev.data.postgres.multiAz, dev.data.cache.nodes, dev.data.documentDb.instances, dev.messaging.deploymentMode],
            [false, false, false, 1, 1, "SINGLE_INSTANCE"],
        );
        assert.deepEqual(
            [prod.data.protectStatefulResources, prod.data.postgres.readReplica, prod.data.postgres.multiAz, prod.data.cache.nodes, prod.data.documentDb.instances, prod.messaging.deploymentMode],
            [true, true, true, 3, 3, "CLUSTER_MULTI_AZ"],
        );
        assert.equal(staging.data.postgres.readReplica, true);
        assert.equal(staging.messaging.deploymentMode, "CLUSTER_MULTI_AZ");
    });

    it("takes machine types from the size unless a stack overrides them", () => {
        const prod = loadStackConfig(stackSource("prod"));
        assert.equal(prod.data.postgres.instanceClass, prod.machines.postgresInstanceClass);
        assert.equal(prod.data.cache.nodeType, "cache.r7g.xlarge");
        assert.equal(prod.messaging.instanceType, "mq.m7g.large");
        const dev = loadStackConfig(stackSource("dev"));
        assert.equal(dev.messaging.instanceType, "mq.m7g.medium");
        const custom = loadStackConfig(stackSource("prod", { cacheNodeType: "cache.m7g.large", postgresInstanceClass: "db.m7g.2xlarge", brokerInstanceType: "mq.m7g.xlarge" }));
        assert.deepEqual([custom.data.cache.nodeType, custom.data.postgres.instanceClass, custom.messaging.instanceType], ["cache.m7g.large", "db.m7g.2xlarge", "mq.m7g.xlarge"]);
    });

    const cases: Array<[string, Record<string, string>, RegExp, string?]> = [
        ["a micro broker for a cluster", { brokerInstanceType: "mq.t3.micro" },
            /tickettoken:brokerInstanceType = "mq\.t3\.micro": runs single-instance brokers only; a CLUSTER_MULTI_AZ broker needs one of mq\.m5\.large/],
        ["a size whose broker cannot run the stack's cluster", { size: "small" },
            /tickettoken:brokerInstanceType = "mq\.m7g\.medium \(the size's default\)": runs single-instance brokers only/],
        ["a broker type that does not run RabbitMQ 4", { brokerEngineVersion: "4.2", brokerInstanceType: "mq.m5.large" },
            /tickettoken:brokerInstanceType = "mq\.m5\.large": does not run RabbitMQ 4\.2; RabbitMQ 4 needs an mq\.m7g type/],
        ["a malformed broker version", { brokerEngineVersion: "3.13.x" }, /tickettoken:brokerEngineVersion = "3\.13\.x": must be a RabbitMQ version "major\.minor"/],
        ["an unknown deployment mode", { brokerDeploymentMode: "ACTIVE_STANDBY_MULTI_AZ" },
            /tickettoken:brokerDeploymentMode = "ACTIVE_STANDBY_MULTI_AZ": must be one of "SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"/],
        ["a cache node type that does not exist in its family", { cacheNodeType: "cache.t4g.xlarge" },
            /tickettoken:cacheNodeType = "cache\.t4g\.xlarge": ElastiCache valkey family cache\.t4g has no size "xlarge"; it comes in micro, small, medium/],
        ["a node type that is not an ElastiCache type", { cacheNodeType: "db.r7g.large" }, /tickettoken:cacheNodeType = "db\.r7g\.large": must be one of the ElastiCache valkey types/],
        ["a cache version of the other engine", { cacheEngine: "redis" }, /tickettoken:cacheEngineVersion = "8\.0": must be one of 7\.0, 7\.1 for redis/],
        ["an unknown cache engine", { cacheEngine: "memcached" }, /tickettoken:cacheEngine = "memcached": must be one of "redis", "valkey"/],
        ["too many cache nodes", { cacheNodes: "7" }, /tickettoken:cacheNodes = "7": must be an integer from 1 to 6/],
        ["a cache snapshot retention out of range", { cacheSnapshotRetentionDays: "36" }, /tickettoken:cacheSnapshotRetentionDays = "36": must be an integer from 0 to 35/],
        ["a malformed PostgreSQL version", { postgresEngineVersion: "17.6.1" }, /tickettoken:postgresEngineVersion = "17\.6\.1": must be a PostgreSQL version "<major>" or "<major>\.<minor>"/],
        ["a PostgreSQL major RDS no longer offers", { postgresEngineVersion: "12" }, /tickettoken:postgresEngineVersion = "12": must be a major version RDS offers: 14, 15, 16, 17, 18/],
        ["a PostgreSQL class without Performance Insights", { postgresInstanceClass: "db.t4g.micro" }, /tickettoken:postgresInstanceClass = "db\.t4g\.micro": RDS PostgreSQL family db\.t4g has no size "micro"/],
        ["a malformed instance class", { postgresInstanceClass: "DB.R7G.LARGE" }, /tickettoken:postgresInstanceClass = "DB\.R7G\.LARGE": must be empty \(the size's type\) or an instance type/],
        ["no PostgreSQL backups", { postgresBackupRetentionDays: "0" }, /tickettoken:postgresBackupRetentionDays = "0": must be an integer from 1 to 35/],
        ["too long a PostgreSQL backup retention", { postgresBackupRetentionDays: "36" }, /tickettoken:postgresBackupRetentionDays = "36": must be an integer from 1 to 35/],
        ["too little storage", { postgresStorageGb: "10" }, /tickettoken:postgresStorageGb = "10": must be an integer from 20 to 65536/],
        ["an unknown DocumentDB version", { docdbEngineVersion: "6.0.0" }, /tickettoken:docdbEngineVersion = "6\.0\.0": must be one of 4\.0\.0, 5\.0\.0, 8\.0\.0/],
        ["a DocumentDB class that does not exist", { docdbInstanceClass: "db.t4g.large" }, /tickettoken:docdbInstanceClass = "db\.t4g\.large": DocumentDB family db\.t4g has no size "large"; it comes in medium/],
        ["too many DocumentDB instances", { docdbInstances: "17" }, /tickettoken:docdbInstances = "17": must be an integer from 1 to 16/],
        ["a DocumentDB backup retention out of range", { docdbBackupRetentionDays: "0" }, /tickettoken:docdbBackupRetentionDays = "0": must be an integer from 1 to 35/],
        ["a protection flag that is not a boolean", { protectStatefulResources: "yes" }, /tickettoken:protectStatefulResources = "yes": must be true or false/],
    ];
    for (const [what, patch, message, stack] of cases) {
        it(`rejects ${what} with one error naming key, value and what is allowed`, () => {
            const text = problemsOf(patch, stack);
            assert.match(text, message);
            assert.match(text, /^Invalid stack config: /, "a single problem reads as one line");
        });
    }

    it("lets dev's small broker run as a single instance", () => {
        assert.equal(loadStackConfig(stackSource("dev", { brokerInstanceType: "mq.t3.micro" })).messaging.instanceType, "mq.t3.micro");
    });

    it("does not blame the size's machines when the size itself is wrong", () => {
        const text = problemsOf({ size: "huge" });
        assert.match(text, /^Invalid stack config: tickettoken:size = "huge"/);
        assert.doesNotMatch(text, /brokerInstanceType|cacheNodeType/);
    });
});
