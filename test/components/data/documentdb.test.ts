import { strict as assert } from "assert";
import { DOCDB_LOG_EXPORTS, DocumentDb, DocumentDbArgs } from "../../../components/data";
import { RunError, RunResult } from "../../../tools/harness/run";
import { all, idOf, one } from "../../support/resources";
import { buildStore, FixtureOptions, known, only, plainCredentialInputs, plainOccurrences, tiersOf } from "../../support/stores";
import { offlinePassword } from "../../../tools/harness/answers/data";

const CLUSTER = "aws:docdb/cluster:Cluster";
const INSTANCE = "aws:docdb/clusterInstance:ClusterInstance";

function build(args: Partial<DocumentDbArgs> = {}, options: FixtureOptions = {}): Promise<{ run: RunResult; store: DocumentDb }> {
    return buildStore((f) => new DocumentDb("doc", {
        subnetIds: f.subnetIds("data"),
        securityGroupId: f.groupId("mongodb"),
        identifier: "tt-prod",
        instanceClass: "db.r6g.large",
        ...args,
    }), options);
}

describe("components/data/DocumentDb", () => {
    let prod: RunResult;
    let doc: DocumentDb;
    let dev: RunResult;
    before(async () => {
        ({ run: prod, store: doc } = await build());
        ({ run: dev } = await build({ instances: 1, protect: false, backupRetentionDays: 1, instanceClass: "db.t4g.medium" }));
    });

    it("turns TLS on through the cluster's parameter group", () => {
        const params = one(prod, "aws:docdb/clusterParameterGroup:ClusterParameterGroup", "doc-params");
        assert.equal(params.inputs.family, "docdb5.0");
        assert.equal(params.inputs.parameters.find((p: any) => p.name === "tls").value, "tls1.2+");
        assert.equal(only(prod, CLUSTER).inputs.dbClusterParameterGroupName, params.name);
        assert.equal(only(dev, "aws:docdb/clusterParameterGroup:ClusterParameterGroup").inputs.parameters.find((p: any) => p.name === "tls").value, "tls1.2+");
    });

    it("encrypts storage with its own rotating key", () => {
        const cluster = only(prod, CLUSTER);
        const key = one(prod, "aws:kms/key:Key", "doc-key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(cluster.inputs.storageEncrypted, true);
        assert.equal(cluster.inputs.kmsKeyId, `arn:aws:kms:us-east-1:123456789012:key/${key.name}`);
    });

    it("lives in the data subnets behind the catalog's mongodb group", () => {
        const cluster = only(prod, CLUSTER);
        const subnets = one(prod, "aws:docdb/subnetGroup:SubnetGroup", "doc-subnets");
        assert.equal(cluster.inputs.dbSubnetGroupName, subnets.name);
        assert.deepEqual(tiersOf(prod, subnets.inputs.subnetIds), ["data", "data", "data"]);
        assert.deepEqual(cluster.inputs.vpcSecurityGroupIds, [idOf(one(prod, "aws:ec2/securityGroup:SecurityGroup", "sg-mongodb"))]);
        assert.equal(cluster.inputs.port, 27017);
    });

    it("exports audit and profiler logs and keeps backups", () => {
        const cluster = only(prod, CLUSTER);
        assert.deepEqual(cluster.inputs.enabledCloudwatchLogsExports, DOCDB_LOG_EXPORTS);
        assert.deepEqual(DOCDB_LOG_EXPORTS, ["audit", "profiler"]);
        assert.equal(cluster.inputs.backupRetentionPeriod, 14);
    });

    it("has the configured instances, all in the cluster, on the current CA", () => {
        const instances = all(prod, INSTANCE);
        assert.deepEqual(instances.map((i) => i.name), ["doc-instance-1", "doc-instance-2", "doc-instance-3"]);
        for (const i of instances) {
            assert.equal(i.inputs.clusterIdentifier, idOf(only(prod, CLUSTER)));
            assert.equal(i.inputs.instanceClass, "db.r6g.large");
            assert.equal(i.inputs.caCertIdentifier, "rds-ca-rsa2048-g1");
        }
        assert.equal(all(dev, INSTANCE).length, 1);
    });

    it("is protected with deletion protection and a final snapshot in prod, not in dev", () => {
        const cluster = only(prod, CLUSTER);
        assert.equal(cluster.inputs.deletionProtection, true);
        assert.equal(cluster.inputs.skipFinalSnapshot, false);
        assert.equal(cluster.inputs.finalSnapshotIdentifier, "tt-prod-mongodb-final");
        assert.ok([cluster, ...all(prod, INSTANCE), one(prod, "aws:kms/key:Key", "doc-key")].every((r) => r.protect));
        const small = only(dev, CLUSTER);
        assert.deepEqual([small.inputs.deletionProtection, small.inputs.skipFinalSnapshot], [false, true]);
        assert.ok(dev.resources.every((r) => !r.protect));
    });

    it("lets DocumentDB manage the master password", async () => {
        const cluster = only(prod, CLUSTER);
        assert.equal(cluster.inputs.manageMasterUserPassword, true);
        assert.equal(cluster.inputs.masterPassword, undefined);
        for (const r of prod.resources) {
            assert.deepEqual(plainCredentialInputs(r), [], r.name);
        }
        assert.match(await known(doc.masterSecretArn), /^arn:aws:secretsmanager:.*:secret:docdb!doc-cluster/);
    });

    it("gives each client service its own login: a generated password in a secret of its own, under the store's key, never in plain text", async () => {
        const { run, store } = await build({ clients: ["event-service", "venue-service"] });
        assert.deepEqual(Object.keys(store.logins), ["event-service", "venue-service"]);
        for (const [client, login] of Object.entries(store.logins)) {
            assert.equal(login.userName, client.replace(/-/g, "_"));
            const secret = one(run, "aws:secretsmanager/secret:Secret", `doc-login-${client}`);
            assert.equal(secret.inputs.kmsKeyId, "arn:aws:kms:us-east-1:123456789012:key/doc-key");
            assert.equal(secret.inputs.tags["tickettoken/service"], client);
            assert.equal(await known(login.secretArn), `arn:aws:secretsmanager:us-east-1:123456789012:secret:doc-login-${client}-AbCdEf`);
            assert.equal(await known(login.keyArn), "arn:aws:kms:us-east-1:123456789012:key/doc-key");
            const leak = offlinePassword(`doc-login-${client}`);
            for (const r of run.resources) {
                assert.deepEqual(plainOccurrences(r.wire, leak), [], `${r.name} carries ${client}'s password in plain text`);
            }
            const version = one(run, "aws:secretsmanager/secretVersion:SecretVersion", `doc-login-${client}`);
            assert.deepEqual(JSON.parse((version.wire.secretString as Record<string, string>).value), { username: login.userName, password: leak });
        }
        assert.deepEqual(Object.keys(doc.logins), [], "none unless asked");
        await assert.rejects(build({ clients: ["a", "a"] }, { bare: true }), (e: unknown) => e instanceof RunError && /clients a are listed more than once/.test(e.message));
    });

    it("names every instance as a member a replica-set client connects to", async () => {
        const members = await Promise.all((doc.endpoint.memberHosts ?? []).map((h) => known(h)));
        assert.deepEqual(members, all(prod, INSTANCE).map((i) => `${i.name}.c0ffee.us-east-1.docdb.amazonaws.com`));
        assert.equal(members.length, 3);
    });

    it("exposes a TLS endpoint", async () => {
        const e = doc.endpoint;
        assert.deepEqual([e.name, e.engine, e.port, e.tls], ["mongodb", "mongodb", 27017, "tls=true"]);
        assert.match(await known(e.url), /^mongodb:\/\/doc-cluster\.cluster-c0ffee\.us-east-1\.docdb\.amazonaws\.com:27017\/\?tls=true&/);
    });

    it("registers in preview", async () => {
        const { run } = await build({}, { preview: true });
        assert.equal(only(run, CLUSTER).wire.kmsKeyId, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    });

    for (const [args, message] of [
        [{ instanceClass: "db.r7g.large" }, /DocumentDb doc: instanceClass = "db\.r7g\.large": must be one of the DocumentDB types/],
        [{ engineVersion: "5.0" }, /DocumentDb doc: engineVersion = "5\.0": must be "major\.minor\.patch"/],
        [{ instances: 0 }, /DocumentDb doc: instances = 0: must be an integer from 1 to 16/],
        [{ backupRetentionDays: 40 }, /backupRetentionDays = 40: must be an integer from 1 to 35/],
    ] as Array<[Partial<DocumentDbArgs>, RegExp]>) {
        it(`refuses ${JSON.stringify(args)}`, async () => {
            await assert.rejects(build(args, { bare: true }), (e: unknown) => e instanceof RunError && message.test(e.message));
        });
    }
});
