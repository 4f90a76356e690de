import { strict as assert } from "assert";
import { accessString, RATE_LIMIT_KEYS, DISABLED_DEFAULT_ACCESS, planCacheUsers, profileCommands } from "../../../components/data";
import { catalog } from "../../support/stores";

const idOf = (role: string) => `tt-prod-${role}`;

describe("components/data/redisAcl", () => {
    const clients = catalog.clientsOf("redis");
    const access = catalog.cacheAccess();
    const plans = planCacheUsers(clients, idOf, access);

    it("plans one user per catalog client of the cache, IAM unless the catalog says password, and a disabled default user", () => {
        assert.deepEqual(plans.map((p) => p.client), ["default", ...clients]);
        const [def, ...users] = plans;
        assert.deepEqual(def, { client: "default", userId: "tt-prod-cache-default", userName: "default", accessString: DISABLED_DEFAULT_ACCESS, authentication: "disabled" });
        assert.match(def.accessString, /^off /);
        for (const u of users) {
            assert.equal(u.authentication, u.client === "api-gateway" ? "password" : "iam", u.client);
            assert.equal(u.userName, u.userId, "IAM authentication needs the user name to equal the id");
            assert.equal(u.userId, `tt-prod-${u.client}`);
        }
    });

    it("confines every client to its own key prefix, plus the rate-limit counters for the gateway", () => {
        for (const u of plans.slice(1)) {
            const keys = u.accessString.split(" ").filter((t) => t.startsWith("~"));
            const expected = [`~${u.client}:*`, ...(access[u.client]?.sharedKeys ?? []).map((k) => `~${k}`)];
            assert.deepEqual(keys, expected, u.client);
            assert.ok(!keys.includes("~*"), `${u.client} may not reach every key`);
        }
        const shared = plans.filter((p) => p.accessString.split(" ").filter((t) => t.startsWith("~")).length > 1).map((p) => p.client);
        assert.deepEqual(shared, ["api-gateway"]);
        assert.ok(plans.every((p) => !p.accessString.includes("blocklist")), "no client reads a block-list nobody keeps");
    });

    it("starts from no commands and ends by removing dangerous and admin ones", () => {
        for (const u of plans.slice(1)) {
            const tokens = u.accessString.split(" ");
            assert.equal(tokens[0], "on");
            const first = tokens.findIndex((t) => /^[+-]/.test(t));
            assert.equal(tokens[first], "-@all", `${u.client} starts from nothing`);
            assert.deepEqual(tokens.slice(-2), ["-@dangerous", "-@admin"], u.client);
            assert.ok(!tokens.includes("+@all"), u.client);
        }
    });

    it("gives the gateway counters only, not general writes", () => {
        const gateway = plans.find((p) => p.client === "api-gateway")!;
        assert.equal(gateway.accessString, accessString("api-gateway", { profile: "counters", sharedKeys: [RATE_LIMIT_KEYS] }));
        // Kong's counters: scripts that increment and expire keys named ratelimit:...
        for (const command of ["+eval", "+evalsha", "+incrby", "+expireat"]) {
            assert.ok(gateway.accessString.split(" ").includes(command), command);
        }
        assert.ok(gateway.accessString.includes("~ratelimit:*"));
        assert.ok(!gateway.accessString.includes("+@write"));
        assert.ok(gateway.accessString.includes("+incrby") && gateway.accessString.includes("+expire"));
        assert.deepEqual(profileCommands("data"), ["+@connection", "+@read", "+@write", "+@transaction"]);
    });

    it("lets password clients log in with a password and everyone else with IAM only", () => {
        assert.deepEqual(plans.filter((p) => p.authentication === "password").map((p) => p.client), ["api-gateway"]);
        const allIam = planCacheUsers(clients, idOf, { "api-gateway": { profile: "counters" } });
        assert.ok(allIam.slice(1).every((p) => p.authentication === "iam"), "IAM is the default");
    });

    it("refuses access rules for a service that is not a client, and duplicate clients", () => {
        assert.throws(() => planCacheUsers(["auth-service"], idOf, access), /access is defined for api-gateway, which the catalog does not list as cache clients/);
        assert.throws(() => planCacheUsers([...clients, "auth-service"], idOf, access), /client "auth-service" is listed twice/);
        assert.equal(planCacheUsers(["seat-service"], idOf, {})[1].accessString, "on ~seat-service:* -@all +@connection +@read +@write +@transaction -@dangerous -@admin");
    });
});
