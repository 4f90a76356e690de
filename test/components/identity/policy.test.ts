import { strict as assert } from "assert";
import { CatalogIndex } from "../../../components/catalog";
import { dbUserArn, GrantTargets, identityPolicy, planIdentities, planIdentity } from "../../../components/identity";
import { TICKETTOKEN } from "../../../infra/catalog";
import { allows, wildcardResources } from "../../support/iam";

const catalog = new CatalogIndex(TICKETTOKEN);
const ACCOUNT = { partition: "aws", region: "us-east-1", accountId: "123456789012", dnsSuffix: "amazonaws.com" };
const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:123456789012:${resource}`;

/** Targets as the stack gives them: two database instances, the cache's users, each store login's secret and key. */
const targets: GrantTargets = {
    ...ACCOUNT,
    databaseResourceIds: ["db-PRIMARY", "db-REPLICA"],
    cache: {
        replicationGroupArn: arn("elasticache", "replicationgroup:tt-cache"),
        userArns: Object.fromEntries(catalog.clientsOf("redis").map((c) => [c, arn("elasticache", `user:tt-${c}`)])),
    },
    logins: Object.fromEntries(["mongodb", "rabbitmq"].map((store) => [store, Object.fromEntries(catalog.clientsOf(store).map((c) => [c, {
        secretArn: arn("secretsmanager", `secret:${store}-login-${c}-AbCdEf`),
        keyArn: arn("kms", `key/${store}`),
    }]))])),
};

describe("components/identity/policy", () => {
    const policies = Object.fromEntries(planIdentities(catalog).map((p) => [p.service, identityPolicy(p, targets)]));

    it("grants the gateway nothing (its one login is a password it gets as a Kubernetes Secret)", () => {
        assert.equal(policies["api-gateway"], undefined);
    });

    it("names every resource in full: no wildcard in any service's policy", () => {
        for (const [service, doc] of Object.entries(policies)) {
            assert.deepEqual(wildcardResources(doc), [], service);
        }
    });

    it("lets each service connect to PostgreSQL, primary and replica, as its own user only", () => {
        const users = catalog.clientsOf("postgresql").map((s) => planIdentity(catalog, s).logins.postgresql).map((l) => (l as { user: string }).user);
        for (const service of catalog.clientsOf("postgresql")) {
            const own = (planIdentity(catalog, service).logins.postgresql as { user: string }).user;
            for (const instance of targets.databaseResourceIds) {
                for (const user of users) {
                    const resource = dbUserArn(ACCOUNT, instance, user);
                    assert.equal(allows(policies[service], { action: "rds-db:connect", resource }), user === own, `${service} as ${user} on ${instance}`);
                }
            }
            assert.ok(!allows(policies[service], { action: "rds-db:connect", resource: dbUserArn(ACCOUNT, "db-PRIMARY", "tickettoken_admin") }), `${service}: not the master user`);
        }
        assert.equal(dbUserArn(ACCOUNT, "db-ABC", "venue_service"), "arn:aws:rds-db:us-east-1:123456789012:dbuser:db-ABC/venue_service");
    });

    it("lets each IAM client of the cache connect as its own user only, on this cache only", () => {
        const iamClients = catalog.clientsOf("redis").filter((c) => planIdentity(catalog, c).logins.redis.kind === "cache-user");
        assert.deepEqual(iamClients, catalog.clientsOf("redis").filter((c) => c !== "api-gateway"));
        for (const service of iamClients) {
            for (const other of catalog.clientsOf("redis")) {
                // IAM needs both: the replication group and the user.
                const asUser = allows(policies[service], { action: "elasticache:Connect", resource: targets.cache!.userArns[other] });
                assert.equal(asUser, other === service, `${service} as ${other}'s cache user`);
            }
            assert.ok(allows(policies[service], { action: "elasticache:Connect", resource: targets.cache!.replicationGroupArn }));
            assert.ok(!allows(policies[service], { action: "elasticache:Connect", resource: arn("elasticache", "replicationgroup:another") }));
        }
    });

    it("lets each service read its own store logins only, and decrypt them only through Secrets Manager", () => {
        for (const [store, byService] of Object.entries(targets.logins)) {
            for (const service of catalog.catalog.services.map((s) => s.name)) {
                for (const [owner, login] of Object.entries(byService)) {
                    const read = allows(policies[service], { action: "secretsmanager:GetSecretValue", resource: login.secretArn });
                    assert.equal(read, owner === service, `${service} reads ${owner}'s ${store} login`);
                    const via = { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com", "kms:EncryptionContext:SecretARN": login.secretArn };
                    assert.equal(allows(policies[service], { action: "kms:Decrypt", resource: login.keyArn, context: via }), owner === service, `${service} decrypts ${owner}'s ${store} login`);
                    assert.ok(!allows(policies[service], { action: "kms:Decrypt", resource: login.keyArn, context: { "kms:EncryptionContext:SecretARN": login.secretArn } }), "not outside Secrets Manager");
                }
            }
        }
    });

    it("allows nothing else: no other action of any service", () => {
        const allowed = new Set(Object.values(policies).flatMap((d) => d?.Statement.map((s) => s.Action) ?? []));
        assert.deepEqual([...allowed].sort(), ["elasticache:Connect", "kms:Decrypt", "rds-db:connect", "secretsmanager:GetSecretValue"]);
    });

    it("refuses a plan whose targets are missing, naming the service and what", () => {
        const venue = planIdentity(catalog, "venue-service");
        assert.throws(() => identityPolicy(venue, { ...targets, databaseResourceIds: [] }), /identity of venue-service: it uses postgresql as database user venue_service, but no database instance was given/);
        assert.throws(() => identityPolicy(venue, { ...targets, cache: undefined }), /it uses redis as an IAM user, but the cache has no user for it/);
        assert.throws(() => identityPolicy(venue, { ...targets, logins: {} }), /it logs into mongodb with a password, but mongodb has no login for it/);
    });
});
