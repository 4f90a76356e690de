import { strict as assert } from "assert";
import { CatalogIndex } from "../../../components/catalog";
import { TICKETTOKEN } from "../../../infra/catalog";
import { stripeApiCidrs } from "../../../infra/addresses";
import { buildModel, STRIPE, ALB } from "../../../tools/diagram";
import { RunResult } from "../../../tools/harness/run";
import { runAllStacks } from "../../support/stacks";

const catalog = new CatalogIndex(TICKETTOKEN);

describe("tools/diagram/model", () => {
    let preview: RunResult;
    let applied: RunResult;
    before(async () => {
        preview = (await runAllStacks({ preview: true })).prod;
        applied = (await runAllStacks()).dev;
    });

    const model = (run: RunResult) => buildModel(run.settings.stack, run.resources, catalog, stripeApiCidrs());

    for (const [what, run] of [["a preview (ids unknown, links by URN)", () => preview], ["an applied run (links by id)", () => applied]] as const) {
        it(`draws every catalog flow the security groups open, and nothing else, from ${what}`, () => {
            const m = model(run());
            assert.deepEqual(m.flows.filter((f) => f.source !== "both"), []);
            const drawn = m.flows.map((f) => `${f.from}>${f.to}:${f.ports.join(",")}`).sort();
            const expected = [
                ...catalog.flows.map((f) => `${f.from}>${f.toKind === "external" ? STRIPE : f.to}:tcp/${f.port}`),
                `${ALB}>${catalog.edgeService().name}:tcp/${catalog.edgeService().port}`,
                // The platform workload with a group of its own: Prometheus to each service's metrics port.
                ...catalog.platformFlows.filter((f) => f.to.kind === "service").map((f) => `${f.from}>${(f.to as { name: string }).name}:tcp/${f.port}`),
            ].sort();
            assert.deepEqual(drawn, expected);
            assert.deepEqual(m.platform.grouped, [{ name: "prometheus", namespace: "monitoring" }]);
            assert.deepEqual(m.platform.onNodes, [
                "monitoring: alertmanager, grafana, kube-state-metrics, prometheus-operator",
                "kube-system: node-exporter, fluent-bit, metrics-server, cluster-autoscaler",
                "external-secrets: external-secrets, external-secrets-webhook, external-secrets-certs",
            ]);
        });
    }

    it("lays out every tier per zone, the cluster, the stores with what implements them, and the edge", () => {
        const m = model(preview);
        assert.equal(m.vpcCidr, "10.0.0.0/16");
        assert.deepEqual(m.tiers.map((t) => [t.tier, t.subnets.length]), [["public", 3], ["private", 3], ["data", 3], ["messaging", 3], ["endpoints", 3]]);
        assert.deepEqual(m.tiers[2].subnets[0], { az: "us-east-1a", cidr: "10.0.216.0/22" });
        assert.equal(m.natGateways, 3);
        assert.equal(m.cluster?.nodeGroups, 2);
        assert.ok(m.cloudflare);
        assert.deepEqual(m.loadBalancer?.ports, [80, 443]);
        const stores = Object.fromEntries(m.stores.map((s) => [s.name, s.resources]));
        assert.ok(stores.postgresql.includes("rds Instance"));
        assert.ok(stores.redis.includes("elasticache ReplicationGroup"));
        assert.ok(stores.mongodb.includes("docdb Cluster"));
        assert.ok(stores.rabbitmq.includes("mq Broker"));
    });

    it("shows a flow the rules do not open as catalog-only, and one the catalog does not allow as rules-only", () => {
        const ingress = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
        const dropped = preview.resources.filter((r) => !(r.type === ingress && r.name.endsWith("postgresql-from-venue-service-tcp5432")));
        assert.equal(dropped.length, preview.resources.length - 1);
        const smaller = { ...TICKETTOKEN, services: TICKETTOKEN.services.map((s) => (s.name === "transfer-service" ? { ...s, uses: s.uses.filter((u) => u !== "auth-service") } : s)) };
        const m = buildModel("prod", dropped, new CatalogIndex(smaller), stripeApiCidrs());
        assert.deepEqual(m.flows.filter((f) => f.source !== "both").map((f) => `${f.from}>${f.to} ${f.source}`), [
            "transfer-service>auth-service rules-only",
            "venue-service>postgresql catalog-only",
        ]);
    });

    for (const [what, run] of [["a preview", () => preview], ["an applied run", () => applied]] as const) {
        it(`finds the deploy runner and the flows its group opens, from ${what}`, () => {
            const m = model(run());
            assert.ok(m.deployRunner);
            assert.deepEqual(m.platformFlows.map((f) => `${f.to}:${f.ports.join(",")}`), ["eks-api:tcp/443", "aws-endpoints:tcp/443", "vpc-resolver:tcp/53,udp/53", "internet:tcp/443"]);
        });
    }

    it("draws the runner's API flow only while the control plane admits it, and no runner at all in a stack without one", () => {
        const ingress = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
        const unadmitted = preview.resources.filter((r) => !(r.type === ingress && r.name === "tickettoken-deploy-control-plane-from-runner-tcp443"));
        assert.equal(unadmitted.length, preview.resources.length - 1);
        assert.deepEqual(buildModel("prod", unadmitted, catalog, stripeApiCidrs()).platformFlows.map((f) => f.to), ["aws-endpoints", "vpc-resolver", "internet"]);
        const noRunner = preview.resources.filter((r) => !r.urn.includes("tickettoken:deploy:DeployRunner"));
        const m = buildModel("prod", noRunner, catalog, stripeApiCidrs());
        assert.equal(m.deployRunner, undefined);
        assert.deepEqual(m.platformFlows, []);
    });
});
