import { strict as assert } from "assert";
import { Catalog, CatalogError, CatalogIndex, catalogProblems, PlatformWorkloadSpec, ServiceSpec, withFeatures } from "../../../components/catalog";
import { TICKETTOKEN } from "../../../infra/catalog";

function withService(patch: Partial<ServiceSpec> & { name: string }, base: Catalog = TICKETTOKEN): Catalog {
    const existing = base.services.find((s) => s.name === patch.name);
    const service: ServiceSpec = { port: 3999, tls: false, edge: false, routes: [], uses: [], description: "test", ...existing, ...patch };
    return { ...base, services: [...base.services.filter((s) => s.name !== patch.name), service] };
}

function rejects(catalog: Catalog, message: RegExp): void {
    assert.throws(() => new CatalogIndex(catalog), (e: Error) => {
        assert.ok(e instanceof CatalogError);
        assert.match(e.message, message);
        return true;
    });
}

describe("components/catalog", () => {
    const catalog = new CatalogIndex(TICKETTOKEN);

    it("holds the seed's services, ports and stores", () => {
        const ports = Object.fromEntries(TICKETTOKEN.services.map((s) => [s.name, s.port]));
        assert.deepEqual(ports, {
            "api-gateway": 8000, "auth-service": 3001, "event-service": 3002, "ticket-service": 3003,
            "venue-service": 3004, "payment-service": 3005, "transfer-service": 3006,
        });
        assert.deepEqual(TICKETTOKEN.stores.map((s) => [s.name, s.port, s.tier]), [
            ["postgresql", 5432, "data"], ["redis", 6379, "data"], ["mongodb", 27017, "data"], ["rabbitmq", 5671, "messaging"],
        ]);
        assert.equal(catalogProblems(TICKETTOKEN).length, 0);
    });

    it("answers who may reach a store, on its port (seed 000 database-sg and redis-sg)", () => {
        const pg = catalog.ingressTo("postgresql");
        assert.ok(pg.every((f) => f.port === 5432 && f.toKind === "store"));
        for (const client of ["venue-service", "auth-service", "event-service"]) {
            assert.ok(catalog.clientsOf("postgresql").includes(client), `${client} reaches PostgreSQL`);
        }
        assert.deepEqual(catalog.clientsOf("redis").sort(), ["api-gateway", "auth-service", "ticket-service", "venue-service"]);
        assert.ok(!catalog.clientsOf("postgresql").includes("api-gateway"), "the gateway never talks to the database");
    });

    it("answers who may reach a service (seed 000 venue-service-sg: the gateway, on 3004)", () => {
        const venue = catalog.ingressTo("venue-service");
        assert.ok(venue.some((f) => f.from === "api-gateway" && f.port === 3004));
        assert.ok(venue.every((f) => f.port === 3004));
        assert.deepEqual(catalog.egressFrom("venue-service").map((f) => `${f.to}:${f.port}`).sort(), [
            "auth-service:3001", "event-service:3002", "mongodb:27017", "postgresql:5432", "rabbitmq:5671", "redis:6379", "stripe-api:443",
        ]);
    });

    it("answers who needs Stripe", () => {
        assert.deepEqual(catalog.stripeClients().sort(), ["payment-service", "venue-service"]);
    });

    it("knows the edge service and the ports of each isolated tier", () => {
        assert.equal(catalog.edgeService().name, "api-gateway");
        assert.deepEqual(catalog.storePorts("data"), [5432, 6379, 27017]);
        assert.deepEqual(catalog.storePorts("messaging"), [5671]);
    });

    it("derives one flow per use", () => {
        const uses = TICKETTOKEN.services.reduce((n, s) => n + s.uses.length, 0);
        assert.equal(catalog.flows.length, uses);
    });

    it("rejects a flow to an unknown service, naming it", () => {
        rejects(withService({ name: "venue-service", uses: ["postgresql", "seat-service"] }),
            /service "venue-service" uses "seat-service", which is not a service, store or external in the catalog/);
    });

    it("rejects a duplicate port", () => {
        rejects(withService({ name: "seat-service", port: 3004, routes: ["/api/seats"] }),
            /service "seat-service": port 3004 is already assigned to "venue-service"/);
    });

    it("rejects a store no service uses", () => {
        rejects({ ...TICKETTOKEN, stores: [...TICKETTOKEN.stores, { name: "kafka", engine: "rabbitmq", port: 9093, tier: "messaging", description: "x" }] },
            /store "kafka" has no clients/);
    });

    it("rejects duplicate names, self-use, bad names, duplicate routes and a missing edge", () => {
        rejects(withService({ name: "postgresql", port: 3999 }), /the name is already used by a service|already used by a store/);
        rejects(withService({ name: "auth-service", uses: ["auth-service", "postgresql", "redis"] }), /lists itself/);
        rejects(withService({ name: "Seat_Service" }), /lowercase kebab-case/);
        rejects(withService({ name: "seat-service", routes: ["/api/venues"] }), /route "\/api\/venues" is already routed to "venue-service"/);
        rejects(withService({ name: "api-gateway", edge: false }), /exactly one service must have edge: true.*found 0/);
        rejects(withService({ name: "seat-service", port: 70000 }), /port 70000 is not a TCP port/);
    });

    it("keeps cache rights for cache clients only (seed 004 Redis ACLs)", () => {
        // Only the gateway needs more than its own prefix with the data commands: Kong's counters, by password.
        assert.deepEqual(Object.keys(catalog.cacheAccess()).sort(), ["api-gateway"]);
        assert.deepEqual(catalog.cacheAccess()["api-gateway"], { profile: "counters", sharedKeys: ["ratelimit:*"], authentication: "password" });
        rejects(withService({ name: "event-service", cacheAccess: { profile: "data" } }), /service "event-service" has cacheAccess but uses no redis store/);
    });

    it("opens only the token issuer's routes without a JWT", () => {
        assert.deepEqual(TICKETTOKEN.services.filter((s) => s.routeAuth === "none").map((s) => s.name), ["auth-service"]);
        rejects(withService({ name: "api-gateway", routeAuth: "none" }), /service "api-gateway" sets routeAuth but has no routes/);
    });

    it("gives every service a metrics port of its own, apart from its traffic and the mesh's ports", () => {
        assert.deepEqual([...new Set(TICKETTOKEN.services.map((s) => s.metricsPort))], [9464]);
        rejects(withService({ name: "venue-service", metricsPort: 3004 }), /service "venue-service": metricsPort 3004 is its service port/);
        rejects(withService({ name: "venue-service", metricsPort: 15020 }), /metricsPort 15020 is in the mesh sidecar's reserved range 15000-15090/);
        rejects(withService({ name: "venue-service", metricsPort: 5432 }), /metricsPort 5432 is the port of "postgresql"/);
        rejects(withService({ name: "venue-service", metricsPort: 0 }), /metricsPort 0 is not a TCP port/);
    });

    describe("platform workloads", () => {
        const platform = TICKETTOKEN.platform!;
        const withWorkload = (patch: Partial<PlatformWorkloadSpec> & { name: string }): Catalog => {
            const existing = platform.find((w) => w.name === patch.name);
            const w: PlatformWorkloadSpec = { feature: "observability", namespace: "monitoring", labels: { app: patch.name }, ports: [], uses: [], description: "test", ...existing, ...patch };
            return { ...TICKETTOKEN, platform: [...platform.filter((x) => x.name !== patch.name), w] };
        };

        it("derives their flows: Prometheus to every service's metrics port, to other workloads' named ports, the cluster, and AWS resources on 443", () => {
            const from = (name: string) => catalog.platformEgressFrom(name).map((f) => `${f.to.kind}:${"name" in f.to ? f.to.name : "peer" in f.to ? f.to.peer : f.to.resource}:${f.protocol}/${f.port}`);
            assert.deepEqual(from("prometheus"), [
                ...TICKETTOKEN.services.map((s) => `service:${s.name}:tcp/9464`),
                "workload:alertmanager:tcp/9093", "workload:kube-state-metrics:tcp/8080", "workload:node-exporter:tcp/9100",
                "cluster:kubelet:tcp/10250", "cluster:mesh-control-plane:tcp/15012", "cluster:api-server:tcp/443",
            ]);
            assert.deepEqual(from("alertmanager"), ["aws:alert-topic:tcp/443", "workload:alertmanager:tcp/9094", "workload:alertmanager:udp/9094"]);
            assert.deepEqual(from("cluster-autoscaler"), ["aws:node-groups:tcp/443", "cluster:api-server:tcp/443"]);
            assert.deepEqual(from("external-secrets"), ["aws:service-secrets:tcp/443", "cluster:api-server:tcp/443"]);
            assert.deepEqual(catalog.platformIngressTo("venue-service").map((f) => `${f.from}:${f.port}`), ["prometheus:9464"]);
            assert.deepEqual(catalog.platformNamespaces(), ["monitoring", "kube-system", "external-secrets"]);
        });

        it("keeps only the workloads of the features that are on", () => {
            const some = new CatalogIndex(withFeatures(TICKETTOKEN, new Set(["autoscaling"])));
            assert.deepEqual(some.platform.map((w) => w.name), ["metrics-server", "cluster-autoscaler"]);
            assert.equal(some.platformIngressTo("venue-service").length, 0, "nothing scrapes the services with observability off");
            assert.equal(new CatalogIndex(withFeatures(TICKETTOKEN, new Set())).platformFlows.length, 0);
        });

        it("rejects unknown workloads and ports, flows across features, names taken, empty selectors and bad ports", () => {
            rejects(withWorkload({ name: "grafana", uses: [{ kind: "workload", name: "loki", port: "http" }] }), /platform workload "grafana" uses workload "loki", which is not a platform workload/);
            rejects(withWorkload({ name: "grafana", uses: [{ kind: "workload", name: "prometheus", port: "grpc" }] }), /uses port "grpc" of "prometheus", which has ports web/);
            rejects(withWorkload({ name: "cluster-autoscaler", uses: [{ kind: "workload", name: "prometheus", port: "web" }] }),
                /platform workload "cluster-autoscaler" \(autoscaling\) uses "prometheus" \(observability\): a flow across features/);
            rejects(withWorkload({ name: "venue-service" }), /platform workload "venue-service": the name is already used by a service/);
            rejects(withWorkload({ name: "probe", labels: {} }), /needs labels that select its pods; an empty selector would select every pod of monitoring/);
            rejects(withWorkload({ name: "probe", namespace: "Monitoring" }), /namespace "Monitoring" is not a Kubernetes namespace name/);
            rejects(withWorkload({ name: "probe", ports: [{ name: "web", port: 70000 }] }), /port 70000 \(web\) is not a TCP or UDP port/);
            rejects(withWorkload({ name: "probe", ports: [{ name: "web", port: 80 }, { name: "web", port: 81 }] }), /port name "web" must be a distinct/);
            rejects(withWorkload({ name: "probe", apiServerCalls: ["hook"] }), /the API server calls port "hook", which is not one of its TCP ports/);
            rejects(withWorkload({ name: "probe", uses: [{ kind: "cluster", peer: "api-server" }, { kind: "cluster", peer: "api-server" }] }), /lists .* twice in "uses"/);
            rejects({ ...TICKETTOKEN, services: TICKETTOKEN.services.map((s) => ({ ...s, metricsPort: undefined })) },
                /platform workload "prometheus" scrapes the services' metrics, but no service declares a metricsPort/);
        });
    });

    it("reports every problem at once", () => {
        const bad = withService({ name: "seat-service", port: 3004, uses: ["nowhere"] });
        assert.throws(() => new CatalogIndex(bad), /2 problems/);
    });
});
