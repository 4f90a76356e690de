import { strict as assert } from "assert";
import { RabbitMqBroker, RabbitMqBrokerArgs } from "../../../components/messaging";
import { offlinePassword } from "../../../tools/harness/answers/data";
import { RunError, RunResult } from "../../../tools/harness/run";
import { idOf, one } from "../../support/resources";
import { buildStore, FixtureOptions, known, only, plainCredentialInputs, plainOccurrences, tiersOf } from "../../support/stores";

const BROKER = "aws:mq/broker:Broker";

function build(args: Partial<RabbitMqBrokerArgs> = {}, options: FixtureOptions = {}): Promise<{ run: RunResult; store: RabbitMqBroker }> {
    return buildStore((f) => new RabbitMqBroker("mq", {
        subnetIds: f.subnetIds("messaging"),
        securityGroupId: f.groupId("rabbitmq"),
        instanceType: "mq.m7g.large",
        ...args,
    }), options);
}

describe("components/messaging/RabbitMqBroker", () => {
    let prod: RunResult;
    let mq: RabbitMqBroker;
    let dev: RunResult;
    before(async () => {
        ({ run: prod, store: mq } = await build());
        ({ run: dev } = await build({ deploymentMode: "SINGLE_INSTANCE", instanceType: "mq.m7g.medium", protect: false }));
    });

    it("runs RabbitMQ as a three-zone cluster in the messaging subnets", () => {
        const b = only(prod, BROKER).inputs;
        assert.deepEqual([b.engineType, b.engineVersion, b.deploymentMode, b.hostInstanceType], ["RabbitMQ", "3.13", "CLUSTER_MULTI_AZ", "mq.m7g.large"]);
        assert.deepEqual(tiersOf(prod, b.subnetIds), ["messaging", "messaging", "messaging"]);
    });

    it("runs one instance in one messaging subnet in dev", () => {
        const b = only(dev, BROKER).inputs;
        assert.equal(b.deploymentMode, "SINGLE_INSTANCE");
        assert.deepEqual(tiersOf(dev, b.subnetIds), ["messaging"]);
    });

    it("is never public and sits behind the catalog's rabbitmq group only", () => {
        for (const run of [prod, dev]) {
            const b = only(run, BROKER).inputs;
            assert.equal(b.publiclyAccessible, false);
            assert.deepEqual(b.securityGroups, [idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "sg-rabbitmq"))]);
        }
    });

    it("sends no encryption options (RabbitMQ refuses them: AWS-owned key), logs, and takes minor upgrades in a maintenance window", () => {
        const b = only(prod, BROKER);
        assert.equal(b.inputs.encryptionOptions, undefined);
        assert.ok(!("encryptionOptions" in b.wire), "not even an empty block reaches the provider");
        assert.equal(one(prod, "aws:kms/key:Key", "mq-key").inputs.enableKeyRotation, true);
        assert.deepEqual(b.inputs.logs, { general: true });
        assert.equal(b.inputs.autoMinorVersionUpgrade, true);
        assert.deepEqual(b.inputs.maintenanceWindowStartTime, { dayOfWeek: "SUNDAY", timeOfDay: "05:00", timeZone: "UTC" });
    });

    it("generates the admin password once and passes it only as a secret", () => {
        const password = only(prod, "random:index/randomPassword:RandomPassword");
        assert.equal(password.inputs.special, false);
        assert.ok(password.inputs.length >= 32);
        const leak = offlinePassword(password.name);
        for (const r of prod.resources) {
            assert.deepEqual(plainOccurrences(r.wire, leak), [], `${r.name} carries the password in plain text`);
            assert.deepEqual(plainCredentialInputs(r), [], r.name);
        }
        for (const [urn, outputs] of prod.componentOutputs) {
            assert.deepEqual(plainOccurrences(outputs, leak), [], `${urn} outputs`);
        }
        // The password does reach the broker and the secret, as secrets.
        assert.equal((only(prod, BROKER).wire.users as any)[0].password.value, leak);
        assert.equal(JSON.parse((only(prod, "aws:secretsmanager/secretVersion:SecretVersion").wire.secretString as any).value).password, leak);
    });

    it("stores the admin credentials in Secrets Manager under the broker's key", async () => {
        const secret = one(prod, "aws:secretsmanager/secret:Secret", "mq-admin");
        assert.equal(secret.inputs.kmsKeyId, `arn:aws:kms:us-east-1:123456789012:key/mq-key`);
        assert.equal(only(prod, "aws:secretsmanager/secretVersion:SecretVersion").inputs.secretId, idOf(secret));
        assert.equal(await known(mq.adminSecret.arn), "arn:aws:secretsmanager:us-east-1:123456789012:secret:mq-admin-AbCdEf");
    });

    it("protects broker, key, password and secret when asked, nothing in dev", () => {
        const stateful = ["aws:mq/broker:Broker", "aws:kms/key:Key", "random:index/randomPassword:RandomPassword", "aws:secretsmanager/secret:Secret"];
        for (const type of stateful) {
            assert.ok(only(prod, type).protect, type);
        }
        assert.ok(dev.resources.every((r) => !r.protect));
    });

    it("gives each client service its own login in a secret of its own, for the administrator to create on the broker", async () => {
        const { run, store } = await build({ clients: ["ticket-service", "payment-service"] });
        assert.deepEqual(Object.keys(store.logins), ["ticket-service", "payment-service"]);
        for (const [client, login] of Object.entries(store.logins)) {
            assert.equal(login.userName, client.replace(/-/g, "_"));
            assert.notEqual(login.userName, "ttadmin");
            const secret = one(run, "aws:secretsmanager/secret:Secret", `mq-login-${client}`);
            assert.equal(secret.inputs.kmsKeyId, "arn:aws:kms:us-east-1:123456789012:key/mq-key");
            assert.ok(secret.protect, "kept like the broker's other credentials");
            const leak = offlinePassword(`mq-login-${client}`);
            for (const r of run.resources) {
                assert.deepEqual(plainOccurrences(r.wire, leak), [], `${r.name} carries ${client}'s password in plain text`);
            }
        }
        // Amazon MQ takes one user with a RabbitMQ broker: the administrator, never a service.
        assert.deepEqual((only(run, BROKER).wire.users as Array<{ username: string }>).map((u) => u.username), ["ttadmin"]);
    });

    it("exposes an AMQPS endpoint on 5671", async () => {
        const e = mq.endpoint;
        assert.deepEqual([e.name, e.engine, e.port, e.tls], ["rabbitmq", "rabbitmq", 5671, "amqps"]);
        assert.equal(await known(e.url), "amqps://b-mq-broker.mq.us-east-1.on.aws:5671");
        assert.equal(await known(e.host), "b-mq-broker.mq.us-east-1.on.aws");
    });

    it("registers in preview, where the password is not yet generated", async () => {
        const { run } = await build({}, { preview: true });
        const b = only(run, BROKER);
        assert.equal(b.inputs.publiclyAccessible, false);
        assert.deepEqual(b.wire.users, [{ username: "ttadmin", password: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }]);
    });

    for (const [args, message] of [
        [{ instanceType: "mq.t3.micro" }, /RabbitMqBroker mq: instanceType = "mq\.t3\.micro": runs single-instance brokers only; a CLUSTER_MULTI_AZ broker needs one of/],
        [{ instanceType: "mq.m5.large", engineVersion: "4.2" }, /instanceType = "mq\.m5\.large": does not run RabbitMQ 4\.2/],
        [{ engineVersion: "3.13.2" }, /engineVersion = "3\.13\.2": must be a RabbitMQ version "major\.minor"/],
        [{ adminUsername: "guest" }, /adminUsername = "guest": must be 2-100 letters/],
        [
            { encryption: { kind: "customer-key", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" } },
            /encryption = .*customer-key.*: Amazon MQ for RabbitMQ takes no customer-managed key: CreateBroker's EncryptionOptions "does not apply to RabbitMQ brokers"/,
        ],
    ] as Array<[Partial<RabbitMqBrokerArgs>, RegExp]>) {
        it(`refuses ${JSON.stringify(args)}`, async () => {
            await assert.rejects(build(args, { bare: true }), (e: unknown) => e instanceof RunError && message.test(e.message));
        });
    }
});
