import { strict as assert } from "assert";
import { Postgres, PostgresArgs, POSTGRES_LOG_EXPORTS } from "../../../components/data";
import { RunError, RunResult } from "../../../tools/harness/run";
import { all, byId, idOf, one } from "../../support/resources";
import { buildStore, FixtureOptions, known, only, plainCredentialInputs, tiersOf } from "../../support/stores";

const INSTANCE = "aws:rds/instance:Instance";

function build(args: Partial<PostgresArgs> = {}, options: FixtureOptions = {}): Promise<{ run: RunResult; store: Postgres }> {
    return buildStore((f) => new Postgres("pg", {
        subnetIds: f.subnetIds("data"),
        securityGroupId: f.groupId("postgresql"),
        identifier: "tt-prod",
        instanceClass: "db.r7g.large",
        ...args,
    }), options);
}

describe("components/data/Postgres", () => {
    let prod: RunResult;
    let pg: Postgres;
    let dev: RunResult;
    before(async () => {
        ({ run: prod, store: pg } = await build());
        ({ run: dev } = await build({ multiAz: false, readReplica: false, protect: false, backupRetentionDays: 1, instanceClass: "db.t4g.medium" }));
    });

    it("puts the subnet group over the isolated data subnets only", () => {
        const group = one(prod, "aws:rds/subnetGroup:SubnetGroup", "pg-subnets");
        assert.deepEqual(tiersOf(prod, group.inputs.subnetIds), ["data", "data", "data"]);
        for (const db of all(prod, INSTANCE)) {
            assert.equal(db.inputs.dbSubnetGroupName, group.name, `${db.name} uses the data subnet group`);
        }
    });

    it("forces TLS through one parameter group that primary and replica both use", () => {
        const params = one(prod, "aws:rds/parameterGroup:ParameterGroup", "pg-params");
        assert.equal(params.inputs.family, "postgres17");
        const forceSsl = params.inputs.parameters.find((p: any) => p.name === "rds.force_ssl");
        assert.deepEqual([forceSsl.value, forceSsl.applyMethod], ["1", "immediate"]);
        assert.equal(params.inputs.parameters.find((p: any) => p.name === "ssl_min_protocol_version").value, "TLSv1.2");
        const dbs = all(prod, INSTANCE);
        assert.equal(dbs.length, 2);
        assert.ok(dbs.every((d) => d.inputs.parameterGroupName === params.name));
    });

    it("encrypts storage, insights and the master secret with its own rotating key", () => {
        const key = one(prod, "aws:kms/key:Key", "pg-key");
        assert.equal(key.inputs.enableKeyRotation, true);
        const arn = `arn:aws:kms:us-east-1:123456789012:key/${key.name}`;
        for (const db of all(prod, INSTANCE)) {
            assert.equal(db.inputs.storageEncrypted, true, db.name);
            assert.equal(db.inputs.kmsKeyId, arn, db.name);
            assert.equal(db.inputs.performanceInsightsEnabled, true, db.name);
            assert.equal(db.inputs.performanceInsightsKmsKeyId, arn, db.name);
        }
        const primary = one(prod, INSTANCE, "pg-primary");
        assert.equal(primary.inputs.manageMasterUserPassword, true);
        assert.equal(primary.inputs.masterUserSecretKmsKeyId, arn);
    });

    it("is never public and sits behind the catalog's postgresql group only", () => {
        const sg = one(prod, "aws:ec2/securityGroup:SecurityGroup", "sg-postgresql");
        for (const db of all(prod, INSTANCE)) {
            assert.equal(db.inputs.publiclyAccessible, false, db.name);
            assert.deepEqual(db.inputs.vpcSecurityGroupIds, [idOf(sg)], db.name);
            assert.equal(db.inputs.port, 5432);
        }
        const component = only(prod, "tickettoken:data:Postgres");
        const children = prod.resources.filter((r) => r.parent === component.urn).map((r) => r.type);
        assert.ok(children.length > 0);
        assert.ok(children.every((t) => !t.startsWith("aws:ec2/securityGroup") && !t.startsWith("aws:vpc/")), "no group or rule of its own");
    });

    it("turns on IAM auth, log exports and the current CA on both instances", () => {
        for (const db of all(prod, INSTANCE)) {
            assert.equal(db.inputs.iamDatabaseAuthenticationEnabled, true);
            assert.deepEqual(db.inputs.enabledCloudwatchLogsExports, POSTGRES_LOG_EXPORTS);
            assert.deepEqual(POSTGRES_LOG_EXPORTS, ["postgresql", "upgrade"]);
            assert.equal(db.inputs.caCertIdentifier, "rds-ca-rsa2048-g1");
        }
    });

    it("replicates the primary into a read replica (seed 000)", () => {
        const primary = one(prod, INSTANCE, "pg-primary");
        const replica = one(prod, INSTANCE, "pg-replica");
        assert.equal(byId(prod, idOf(primary)).name, "pg-primary");
        assert.equal(replica.inputs.replicateSourceDb, `arn:aws:rds:us-east-1:123456789012:db:${primary.name}`);
        assert.equal(replica.inputs.username, undefined);
        assert.equal(replica.inputs.manageMasterUserPassword, undefined);
    });

    it("is highly available and protected when asked: multi-AZ, deletion protection, final snapshot, protect", () => {
        const primary = one(prod, INSTANCE, "pg-primary");
        assert.equal(primary.inputs.multiAz, true);
        assert.equal(primary.inputs.deletionProtection, true);
        assert.equal(primary.inputs.skipFinalSnapshot, false);
        assert.equal(primary.inputs.finalSnapshotIdentifier, "tt-prod-postgresql-final");
        assert.equal(primary.inputs.backupRetentionPeriod, 14);
        assert.equal(one(prod, INSTANCE, "pg-replica").inputs.deletionProtection, true);
        const stateful = prod.resources.filter((r) => r.type === INSTANCE || r.type === "aws:kms/key:Key");
        assert.equal(stateful.length, 3);
        assert.ok(stateful.every((r) => r.protect), "instances and key are protected");
        assert.ok(!one(prod, "aws:rds/subnetGroup:SubnetGroup", "pg-subnets").protect, "stateless helpers stay unprotected");
    });

    it("is small in dev: no replica, one zone, nothing protected, no final snapshot", () => {
        const dbs = all(dev, INSTANCE);
        assert.deepEqual(dbs.map((d) => d.name), ["pg-primary"]);
        const primary = dbs[0];
        assert.equal(primary.inputs.multiAz, false);
        assert.equal(primary.inputs.deletionProtection, false);
        assert.equal(primary.inputs.skipFinalSnapshot, true);
        assert.equal(primary.inputs.finalSnapshotIdentifier, undefined);
        assert.equal(primary.inputs.backupRetentionPeriod, 1);
        assert.ok(dev.resources.every((r) => !r.protect));
        // TLS and encryption do not depend on size.
        assert.equal(primary.inputs.storageEncrypted, true);
        assert.equal(primary.inputs.publiclyAccessible, false);
        assert.equal(only(dev, "aws:rds/parameterGroup:ParameterGroup").inputs.parameters.find((p: any) => p.name === "rds.force_ssl").value, "1");
    });

    it("passes no password at all: RDS manages it", () => {
        for (const r of prod.resources) {
            assert.deepEqual(plainCredentialInputs(r), [], r.name);
        }
        assert.ok(all(prod, INSTANCE).every((d) => d.inputs.password === undefined && d.inputs.passwordWo === undefined));
    });

    it("exposes a verify-full endpoint, and the managed secret's ARN apart from it (the administrator's, not the services')", async () => {
        const e = pg.endpoint;
        assert.deepEqual([e.name, e.engine, e.port, e.tls], ["postgresql", "postgresql", 5432, "sslmode=verify-full"]);
        assert.equal(await known(e.url), "postgresql://pg-primary.c0ffee.us-east-1.rds.amazonaws.com:5432/tickettoken?sslmode=verify-full");
        assert.equal(await known(e.readerHost!), "pg-replica.c0ffee.us-east-1.rds.amazonaws.com");
        assert.match(await known(pg.masterSecretArn), /^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!pg-primary/);
        assert.ok(!("secretArn" in e), "the endpoint applications read names no credential");
    });

    it("registers in preview, where endpoints and ARNs are unknown", async () => {
        const { run } = await build({}, { preview: true });
        const replica = one(run, INSTANCE, "pg-replica");
        assert.equal(replica.wire.replicateSourceDb, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
        assert.equal(replica.inputs.publiclyAccessible, false);
    });

    for (const [arg, value, message] of [
        ["instanceClass", "db.t4g.micro", /Postgres pg: instanceClass = "db\.t4g\.micro": RDS PostgreSQL family db\.t4g has no size "micro"/],
        ["engineVersion", "17.x", /Postgres pg: engineVersion = "17\.x": must be a PostgreSQL version/],
        ["backupRetentionDays", 0, /Postgres pg: backupRetentionDays = 0: must be an integer from 1 to 35/],
        ["identifier", "TT", /identifier "TT" must be lowercase/],
    ] as Array<[keyof PostgresArgs, unknown, RegExp]>) {
        it(`refuses ${arg} = ${JSON.stringify(value)} before registering anything`, async () => {
            await assert.rejects(build({ [arg]: value }, { bare: true }), (e: unknown) => {
                assert.ok(e instanceof RunError);
                assert.match(e.message, message);
                assert.equal(e.resources.filter((r) => r.type.startsWith("aws:rds") || r.type === "aws:kms/key:Key").length, 0);
                return true;
            });
        });
    }
});
