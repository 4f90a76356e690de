import { strict as assert } from "assert";
import { Redis, RedisArgs } from "../../../components/data";
import { RunError, RunResult } from "../../../tools/harness/run";
import { offlinePassword } from "../../../tools/harness/answers/data";
import { all, idOf, one } from "../../support/resources";
import { buildStore, catalog, FixtureOptions, known, only, plainCredentialInputs, tiersOf } from "../../support/stores";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const USER = "aws:elasticache/user:User";

function build(args: Partial<RedisArgs> = {}, options: FixtureOptions = {}): Promise<{ run: RunResult; store: Redis }> {
    return buildStore((f) => new Redis("cache", {
        subnetIds: f.subnetIds("data"),
        securityGroupId: f.groupId("redis"),
        identifier: "tt-prod",
        clients: catalog.clientsOf("redis"),
        nodeType: "cache.r7g.large",
        ...args,
    }), options);
}

describe("components/data/Redis", () => {
    let prod: RunResult;
    let redis: Redis;
    let dev: RunResult;
    before(async () => {
        // Every client with an IAM login: the catalog's password client is tried on its own below.
        ({ run: prod, store: redis } = await build({ clientAccess: {} }));
        ({ run: dev } = await build({ nodes: 1, protect: false, engine: "redis", engineVersion: "7.1", nodeType: "cache.t4g.small", snapshotRetentionDays: 1 }));
    });

    it("requires TLS in transit and encrypts at rest with its own rotating key", () => {
        const group = only(prod, GROUP);
        assert.equal(group.inputs.transitEncryptionEnabled, true);
        assert.equal(group.inputs.transitEncryptionMode, "required");
        assert.equal(group.inputs.atRestEncryptionEnabled, true);
        const key = one(prod, "aws:kms/key:Key", "cache-key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(group.inputs.kmsKeyId, `arn:aws:kms:us-east-1:123456789012:key/${key.name}`);
        assert.equal(only(dev, GROUP).inputs.transitEncryptionMode, "required", "whatever the size");
    });

    it("lives in the data subnets behind the catalog's redis group", () => {
        const group = only(prod, GROUP);
        const subnets = one(prod, "aws:elasticache/subnetGroup:SubnetGroup", "cache-subnets");
        assert.equal(group.inputs.subnetGroupName, subnets.name);
        assert.deepEqual(tiersOf(prod, subnets.inputs.subnetIds), ["data", "data", "data"]);
        assert.deepEqual(group.inputs.securityGroupIds, [idOf(one(prod, "aws:ec2/securityGroup:SecurityGroup", "sg-redis"))]);
        assert.equal(group.inputs.port, 6379);
    });

    it("binds a user group of one IAM user per catalog client and a disabled default user", () => {
        const users = all(prod, USER);
        const byName = new Map(users.map((u) => [u.inputs.userName, u]));
        const def = byName.get("default")!;
        assert.equal(def.inputs.accessString, "off -@all");
        assert.equal(def.inputs.authenticationMode.type, "no-password-required");
        const clients = users.filter((u) => u !== def);
        assert.deepEqual(clients.map((u) => u.inputs.userId).sort(), catalog.clientsOf("redis").map((c) => `tt-prod-${c}`).sort());
        for (const u of clients) {
            assert.equal(u.inputs.authenticationMode.type, "iam", u.name);
            assert.equal(u.inputs.userName, u.inputs.userId, u.name);
            assert.match(u.inputs.accessString, /^on ~[a-z-]+:\* .*-@all .*-@dangerous -@admin$/, u.name);
            assert.equal(u.inputs.engine, "valkey");
        }
        const userGroup = only(prod, "aws:elasticache/userGroup:UserGroup");
        assert.deepEqual([...userGroup.inputs.userIds].sort(), users.map((u) => u.inputs.userId).sort());
        assert.deepEqual(only(prod, GROUP).inputs.userGroupIds, [userGroup.inputs.userGroupId]);
        // The id carries the engine: a change of engine replaces the group under a new id, never a colliding one.
        assert.equal(userGroup.inputs.userGroupId, "tt-prod-valkey-users");
        assert.ok(users.every((u) => u.deleteBeforeReplace === true), "a user's id is fixed: deleted before it is replaced");
        assert.notEqual(userGroup.deleteBeforeReplace, true, "a group in use cannot be deleted first");
    });

    it("exports each client's user id and ARN for IRSA", async () => {
        assert.deepEqual(Object.keys(redis.userIds).sort(), catalog.clientsOf("redis").sort());
        assert.equal(redis.userIds["api-gateway"], "tt-prod-api-gateway");
        assert.equal(await known(redis.userArns["api-gateway"]), "arn:aws:elasticache:us-east-1:123456789012:user:tt-prod-api-gateway");
        assert.match(await known(redis.replicationGroupArn), /^arn:aws:elasticache:us-east-1:123456789012:replicationgroup:/);
    });

    it("fails over across zones with replicas, and is one plain node in dev", () => {
        const ha = only(prod, GROUP).inputs;
        assert.deepEqual([ha.numCacheClusters, ha.automaticFailoverEnabled, ha.multiAzEnabled], [3, true, true]);
        const small = only(dev, GROUP).inputs;
        assert.deepEqual([small.numCacheClusters, small.automaticFailoverEnabled, small.multiAzEnabled], [1, false, false]);
        assert.deepEqual([small.engine, small.engineVersion, small.nodeType], ["redis", "7.1", "cache.t4g.small"]);
    });

    it("keeps snapshots and is protected when asked", () => {
        const group = only(prod, GROUP);
        assert.equal(group.inputs.snapshotRetentionLimit, 7);
        assert.equal(group.inputs.finalSnapshotIdentifier, "tt-prod-redis-final");
        assert.ok(group.protect && one(prod, "aws:kms/key:Key", "cache-key").protect);
        const small = only(dev, GROUP);
        assert.equal(small.inputs.finalSnapshotIdentifier, undefined);
        assert.ok(dev.resources.every((r) => !r.protect));
    });

    it("uses no password or AUTH token anywhere", () => {
        for (const r of prod.resources) {
            assert.deepEqual(plainCredentialInputs(r), [], r.name);
        }
        assert.equal(only(prod, GROUP).inputs.authToken, undefined);
        assert.ok(all(prod, USER).every((u) => u.inputs.passwords === undefined));
    });

    it("gives a password client a generated password in Secrets Manager, never in plain text, and IAM to everyone else", async () => {
        const { run, store } = await build({ clientAccess: { "api-gateway": { profile: "counters", authentication: "password" } } });
        const users = all(run, USER);
        const gateway = users.find((u) => u.inputs.userName === "tt-prod-api-gateway")!;
        // The engine gets the password list as a secret (signature key and value).
        const mode = gateway.wire.authenticationMode as Record<string, any>;
        assert.equal(mode.type, "password");
        assert.equal(mode.passwords["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
        assert.equal(mode.passwords.value.length, 1);
        assert.ok(users.filter((u) => u !== gateway && u.inputs.userName !== "default").every((u) => u.inputs.authenticationMode.type === "iam"));
        const password = one(run, "random:index/randomPassword:RandomPassword", "cache-password-api-gateway");
        assert.equal(password.inputs.length, 40);
        const secret = one(run, "aws:secretsmanager/secret:Secret", "cache-password-api-gateway");
        assert.equal(secret.inputs.kmsKeyId, `arn:aws:kms:us-east-1:123456789012:key/${one(run, "aws:kms/key:Key", "cache-key").name}`);
        for (const r of run.resources) {
            assert.deepEqual(plainCredentialInputs(r), [], r.name);
        }
        const login = store.passwordLogins["api-gateway"];
        assert.equal(login.userName, "tt-prod-api-gateway");
        assert.equal(await known(login.password), offlinePassword(password.name), "the login carries the generated password");
        assert.deepEqual(Object.keys(store.passwordLogins), ["api-gateway"]);
        assert.deepEqual(Object.keys(redis.passwordLogins), [], "none unless asked");
    });

    it("exposes a TLS endpoint", async () => {
        const e = redis.endpoint;
        assert.deepEqual([e.name, e.port, e.tls], ["redis", 6379, "tls=true"]);
        assert.equal(await known(e.url), "rediss://master.cache-group.c0ffee.use1.cache.amazonaws.com:6379");
        assert.equal(e.readerHost !== undefined, true, "replicas give a reader endpoint");
    });

    it("registers in preview", async () => {
        const { run } = await build({}, { preview: true });
        assert.equal(only(run, GROUP).wire.kmsKeyId, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    });

    for (const [args, message] of [
        [{ nodeType: "cache.t4g.large" }, /Redis cache: nodeType = "cache\.t4g\.large": ElastiCache valkey family cache\.t4g has no size "large"; it comes in micro, small, medium/],
        [{ engine: "redis", engineVersion: "8.0" }, /Redis cache: engineVersion = "8\.0": must be one of 7\.0, 7\.1 for redis/],
        [{ nodes: 7 }, /Redis cache: nodes = 7: must be an integer from 1 to 6/],
        [{ snapshotRetentionDays: 36 }, /snapshotRetentionDays = 36: must be an integer from 0 to 35/],
    ] as Array<[Partial<RedisArgs>, RegExp]>) {
        it(`refuses ${JSON.stringify(args)}`, async () => {
            await assert.rejects(build(args, { bare: true }), (e: unknown) => e instanceof RunError && message.test(e.message));
        });
    }
});
