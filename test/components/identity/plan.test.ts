import { strict as assert } from "assert";
import { Catalog, CatalogIndex } from "../../../components/catalog";
import {
    administeredStores, administrationPort, apiHost, apisOfResource, AWS_APIS, awsApisInUse, endpointService, grantHolder, passwordLoginClients, planIdentities, planIdentity,
    planPlatformIdentity, serviceAwsApis,
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
        // The services' own APIs (their mesh registry), then with the platform workloads' (the network's endpoints).
        assert.deepEqual(serviceAwsApis(catalog), ["sts", "secretsmanager"]);
        assert.deepEqual(awsApisInUse(catalog), ["sts", "secretsmanager", "sns", "logs", "autoscaling", "ec2"]);
        assert.deepEqual(AWS_APIS.map(endpointService), ["sts", "secretsmanager", "sns", "logs", "autoscaling", "ec2"]);
        assert.deepEqual(awsApisInUse(new CatalogIndex({ ...TICKETTOKEN, platform: [] })), ["sts", "secretsmanager"]);
    });

    it("derives each platform workload's AWS APIs and own grants from the AWS resources its catalog entry uses", () => {
        const plans = Object.fromEntries(catalog.platform.map((w) => [w.name, planPlatformIdentity(w)]));
        assert.deepEqual(plans.alertmanager, { workload: "alertmanager", namespace: "monitoring", grants: ["alert-topic"], awsApis: ["sts", "sns"] });
        assert.deepEqual(plans["fluent-bit"], { workload: "fluent-bit", namespace: "kube-system", grants: ["container-logs"], awsApis: ["sts", "logs"] });
        assert.deepEqual(plans["cluster-autoscaler"], { workload: "cluster-autoscaler", namespace: "kube-system", grants: ["node-groups"], awsApis: ["sts", "autoscaling", "ec2"] });
        // It reads each service's secrets as that service: STS and Secrets Manager, but no grant of its own.
        assert.deepEqual(plans["external-secrets"], { workload: "external-secrets", namespace: "external-secrets", grants: [], awsApis: ["sts", "secretsmanager"] });
        for (const name of ["prometheus", "grafana", "kube-state-metrics", "prometheus-operator", "node-exporter", "metrics-server", "external-secrets-webhook"]) {
            assert.deepEqual(plans[name].awsApis, [], `${name} calls no AWS API`);
            assert.deepEqual(plans[name].grants, []);
        }
        assert.deepEqual(apisOfResource("node-groups"), ["autoscaling", "ec2"]);
        assert.equal(grantHolder("service-secrets"), "each-service");
        assert.equal(grantHolder("alert-topic"), "own");
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
