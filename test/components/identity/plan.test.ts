import { strict as assert } from "assert";
import { Catalog, CatalogIndex } from "../../../components/catalog";
import {
    administeredStores, administrationPort, apiHost, awsApisInUse, endpointService, passwordLoginClients, planIdentities, planIdentity,
} from "../../../components/identity";
import { serviceUserName } from "../../../components/data";
import { TICKETTOKEN } from "../../../infra/catalog";

const catalog = new CatalogIndex(TICKETTOKEN);

describe("components/identity/plan", () => {
    it("gives every catalog service a ServiceAccount named after it", () => {
        assert.deepEqual(planIdentities(catalog).map((p) => [p.service, p.serviceAccount]), TICKETTOKEN.services.map((s) => [s.name, s.name]));
    });

    it("logs each service into each store it uses, and only those, the way the store's engine authenticates", () => {
        for (const p of planIdentities(catalog)) {
            const stores = catalog.egressFrom(p.service).filter((f) => f.toKind === "store").map((f) => f.to);
            assert.deepEqual(Object.keys(p.logins), stores, p.service);
        }
        const venue = planIdentity(catalog, "venue-service").logins;
        assert.deepEqual(venue, {
            postgresql: { kind: "database-user", user: "venue_service", database: "venue_service" },
            redis: { kind: "cache-user" },
            mongodb: { kind: "password-login", user: "venue_service" },
            rabbitmq: { kind: "password-login", user: "venue_service" },
        });
        assert.deepEqual(planIdentity(catalog, "api-gateway").logins, { redis: { kind: "cache-password" } }, "Kong logs in with a password it gets as a Kubernetes Secret");
    });

    it("derives each service's AWS APIs from its logins: STS to use its role, Secrets Manager for its own secrets", () => {
        const apis = Object.fromEntries(planIdentities(catalog).map((p) => [p.service, p.awsApis]));
        assert.deepEqual(apis, {
            "api-gateway": [],
            "auth-service": ["sts"],
            "event-service": ["sts", "secretsmanager"],
            "ticket-service": ["sts", "secretsmanager"],
            "venue-service": ["sts", "secretsmanager"],
            "payment-service": ["sts", "secretsmanager"],
            "transfer-service": ["sts", "secretsmanager"],
        });
        assert.deepEqual(awsApisInUse(catalog), ["sts", "secretsmanager"]);
        assert.deepEqual(["sts", "secretsmanager"].map((a) => endpointService(a as "sts")), ["sts", "secretsmanager"]);
    });

    it("needs no AWS API at all for a catalog whose services use only services", () => {
        const bare: Catalog = {
            services: [
                { name: "edge", port: 8000, tls: true, edge: true, routes: [], uses: ["app"], description: "edge" },
                { name: "app", port: 3000, tls: false, edge: false, routes: ["/api/app"], uses: [], description: "app" },
            ],
            stores: [],
            externals: [],
        };
        assert.deepEqual(awsApisInUse(new CatalogIndex(bare)), []);
    });

    it("names the regional host of each API, never the global STS name", () => {
        assert.equal(apiHost("sts", "eu-west-1", "amazonaws.com"), "sts.eu-west-1.amazonaws.com");
        assert.equal(apiHost("secretsmanager", "cn-north-1", "amazonaws.com.cn"), "secretsmanager.cn-north-1.amazonaws.com.cn");
    });

    it("lists the password-login clients of each store, and the stores an administrator must create users in", () => {
        assert.deepEqual(passwordLoginClients(catalog, "mongodb"), catalog.clientsOf("mongodb"));
        assert.deepEqual(passwordLoginClients(catalog, "rabbitmq"), catalog.clientsOf("rabbitmq"));
        assert.deepEqual(passwordLoginClients(catalog, "redis"), [], "cache users are AWS resources");
        assert.deepEqual(administeredStores(catalog).map((a) => [a.store, a.port, Object.keys(a.users)]), [
            ["postgresql", 5432, catalog.clientsOf("postgresql")],
            ["mongodb", 27017, catalog.clientsOf("mongodb")],
            ["rabbitmq", 443, catalog.clientsOf("rabbitmq")],
        ]);
        assert.equal(administrationPort(catalog.store("redis")), undefined);
    });

    it("names every store user after its service, within PostgreSQL's identifier limit, and refuses names no store takes", () => {
        assert.equal(serviceUserName("venue-service"), "venue_service");
        assert.equal(serviceUserName("s".repeat(63)).length, 63);
        assert.throws(() => serviceUserName("s".repeat(64)), /at most 63 characters/);
        assert.throws(() => serviceUserName("9-lives"), /store user for service "9-lives" would be "9_lives": it must be a lower-case identifier/);
    });
});
