import { strict as assert } from "assert";
import { CatalogIndex } from "../../../components/catalog";
import { generateCatalog } from "../../../tools/bench/catalog";
import { growth } from "../../../tools/bench/plan";
import * as pulumi from "@pulumi/pulumi";
import { RunError, runComponents } from "../../../tools/harness/run";
import { loadStackConfig } from "../../../infra/config";
import { buildStack } from "../../../infra/stack";
import { analyzeRun, mandatory } from "../../../tools/analyzer";
import { stackPackConfig } from "../../support/pack";

describe("tools/bench/catalog", () => {
    for (const n of [7, 70, 700]) {
        it(`generates a valid catalog of ${n} services shaped like the real one`, () => {
            const c = new CatalogIndex(generateCatalog(n));
            assert.equal(c.catalog.services.length, n);
            assert.equal(c.edgeService().name, "api-gateway");
            assert.equal(c.stripeClients().length, Math.floor((n - 1) / 10));
            for (const store of ["postgresql", "redis", "mongodb", "rabbitmq"]) {
                assert.ok(c.clientsOf(store).length > 0, `${store} has clients`);
            }
            // Flows grow linearly with services, so resources do too.
            assert.ok(c.flows.length <= 6 * n);
        });
    }

    it("refuses sizes it cannot lay out", () => {
        assert.throws(() => generateCatalog(1), /2\.\.9000 services/);
    });

    it("reads growth as the exponent of time over resources", () => {
        const p = (resources: number, ms: number) => ({ services: 0, resources, programMs: ms, analyzeMs: ms, analyzeStackMs: ms });
        assert.equal(growth(p(100, 10), p(1000, 100), (x) => x.programMs), 1);
        assert.equal(growth(p(100, 10), p(1000, 1000), (x) => x.programMs), 2);
    });
});

describe("the stack from a generated catalog (nothing keyed on TicketToken's service names)", () => {
    it("builds every component from a 12-service catalog and passes the pack", async function () {
        this.timeout(120000);
        const catalog = generateCatalog(12);
        const run = await runComponents(() => {
            buildStack(loadStackConfig(new pulumi.Config()), catalog);
        }, { stack: "prod", preview: true });
        const policies = run.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        assert.ok(policies.length >= 12, "one NetworkPolicy per generated service, plus the defaults");
        const groups = run.resources.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && r.inputs.tags?.["tickettoken/workload"]);
        // A group per service and store, and Prometheus' (it scrapes every service's metrics port).
        assert.equal(groups.length, 12 + 4 + 1);
        assert.deepEqual(mandatory(await analyzeRun(run, { config: stackPackConfig("prod") })), []);
    });

    it("keeps each resource's dependencies independent of the catalog's size, so the stack grows linearly", async function () {
        this.timeout(120000);
        // The cache's user group lists one user per client: its only legitimate growth.
        const growsWithClients = new Set(["aws:elasticache/userGroup:UserGroup"]);
        const widest = async (services: number) => {
            const run = await runComponents(() => {
                buildStack(loadStackConfig(new pulumi.Config()), generateCatalog(services));
            }, { stack: "prod", preview: true });
            const out = new Map<string, number>();
            for (const r of run.resources) {
                const n = r.dependencies.length + Object.values(r.propertyDependencies).reduce((a, d) => a + d.length, 0);
                out.set(r.type, Math.max(out.get(r.type) ?? 0, n));
            }
            return out;
        };
        // 12 services, not more: with each service's DNS, mesh and probe rules on the nodes' group, and the platform
        // workloads' own (Prometheus to kubelets, node exporter, Alertmanager, istiod; Alertmanager's gossip), 14 services
        // would put that group over AWS's 60 rules per direction, which the stack refuses (see the test below). Both
        // catalogs have a Stripe caller (one in ten services), whose SecurityGroupPolicy also lists Stripe's egress groups.
        const [small, large] = [await widest(11), await widest(12)];
        const grown = [...large].filter(([type, n]) => !growsWithClients.has(type) && n > (small.get(type) ?? 0)).map(([type, n]) => `${type}: ${small.get(type)} -> ${n}`);
        assert.deepEqual(grown, [], "a dependency list that grows with the catalog makes the stack quadratic");
    });

    it("refuses a catalog whose rules would put a group over AWS's quota, naming the group, direction, family, count and quota", async function () {
        this.timeout(120000);
        await assert.rejects(runComponents(() => {
            buildStack(loadStackConfig(new pulumi.Config()), generateCatalog(24));
        }, { stack: "prod", preview: true }), (e: unknown) => {
            const message = String((e as Error).message);
            // 24 services: DNS (2) and istiod (1) in from each, plus DNS from the store administrator's pods.
            assert.match(message, /security group tickettoken-cluster-nodes: 92 inbound IPv4 rules, over the quota of 60 per direction and IP family/);
            assert.match(message, /security group tickettoken-cluster-nodes: 86 outbound IPv4 rules/);
            // Refused before a single cloud resource is registered.
            assert.equal((e as RunError).resources.filter((r) => r.custom).length, 0);
            return true;
        });
    });
});
