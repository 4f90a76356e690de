import { strict as assert } from "assert";
import { CatalogIndex } from "../../../components/catalog";
import { TICKETTOKEN } from "../../../infra/catalog";
import { PlannedRule, planExternalGroups, planRules, podGroupKeys, STORE_ADMIN_GROUP } from "../../../components/security";
import { administeredStores, planIdentity } from "../../../components/identity";

const catalog = new CatalogIndex(TICKETTOKEN);
const STRIPE = ["13.55.5.15/32", "2600:1f18::/32"];

function flowsOf(rules: PlannedRule[]): Set<string> {
    const ingress = new Set(rules.filter((r) => r.direction === "ingress" && r.peer.kind === "group")
        .map((r) => `${(r.peer as { group: string }).group}->${r.group}:${r.port}`));
    const flows = new Set<string>();
    for (const r of rules.filter((x) => x.direction === "egress" && x.peer.kind === "group")) {
        const flow = `${r.group}->${(r.peer as { group: string }).group}:${r.port}`;
        if (ingress.has(flow)) {
            flows.add(flow);
        }
    }
    return flows;
}

describe("components/security/rulePlan", () => {
    const rules = planRules(catalog, { stripeCidrs: STRIPE, platform: false });

    it("opens exactly the catalog's flows, both sides of each", () => {
        const expected = new Set(catalog.flows.filter((f) => f.toKind !== "external").map((f) => `${f.from}->${f.to}:${f.port}`));
        assert.deepEqual(flowsOf(rules), expected);
        const groupRules = rules.filter((r) => r.peer.kind === "group");
        assert.equal(groupRules.length, expected.size * 2, "no one-sided rule");
    });

    it("lets only Stripe's egress groups out, only on TCP 443, one rule per Stripe address", () => {
        const out = rules.filter((r) => r.peer.kind === "cidr");
        assert.deepEqual([...new Set(out.map((r) => r.group))], ["stripe-api-egress-1"]);
        assert.ok(out.every((r) => r.direction === "egress" && r.protocol === "tcp" && r.port === 443));
        assert.deepEqual(out.map((r) => (r.peer as { cidr: string }).cidr), STRIPE);
        // A service's own group opens nothing outside the VPC, Stripe's callers' included.
        for (const client of catalog.stripeClients()) {
            assert.deepEqual(rules.filter((r) => r.group === client && r.peer.kind === "cidr"), []);
        }
    });

    it("plans the fewest egress groups that hold Stripe's addresses at 60 rules per IP family, evenly", () => {
        const v4 = Array.from({ length: 130 }, (_, i) => `203.0.${Math.floor(i / 200)}.${i + 1}/32`);
        const v6 = Array.from({ length: 61 }, (_, i) => `2001:db8::${(i + 1).toString(16)}/128`);
        const groups = planExternalGroups(catalog, [...v4, ...v6]);
        assert.deepEqual(groups.map((g) => g.key), ["stripe-api-egress-1", "stripe-api-egress-2", "stripe-api-egress-3"]);
        assert.deepEqual(groups.map((g) => g.cidrs.filter((c) => !c.includes(":")).length), [44, 43, 43]);
        assert.deepEqual(groups.map((g) => g.cidrs.filter((c) => c.includes(":")).length), [21, 20, 20]);
        assert.deepEqual(groups.flatMap((g) => g.cidrs).sort(), [...v4, ...v6].sort(), "every address once");
        assert.deepEqual(planExternalGroups(catalog, v4.slice(0, 60)).map((g) => g.cidrs.length), [60]);
        assert.deepEqual(planExternalGroups(catalog, v4.slice(0, 61)).map((g) => g.cidrs.length), [31, 30]);
        assert.deepEqual(planExternalGroups(catalog, []), [], "no addresses, no group");
        assert.deepEqual(planExternalGroups(new CatalogIndex({ ...TICKETTOKEN, services: TICKETTOKEN.services.map((s) => ({ ...s, uses: s.uses.filter((u) => u !== "stripe-api") })) }), v4), [], "no caller, no group");
    });

    it("puts a service's own group first on its pods, then the egress groups of the destinations it calls", () => {
        const groups = planExternalGroups(catalog, Array.from({ length: 100 }, (_, i) => `203.0.113.${i}/32`));
        assert.deepEqual(podGroupKeys(catalog, groups, "venue-service"), ["venue-service", "stripe-api-egress-1", "stripe-api-egress-2"]);
        assert.deepEqual(podGroupKeys(catalog, groups, "auth-service"), ["auth-service"]);
    });

    it("keys Stripe's rules by address, so an address moved to another group is the same rule replaced", () => {
        const addresses = Array.from({ length: 61 }, (_, i) => `203.0.113.${i}/32`);
        const keyOf = (list: string[], cidr: string) => planRules(catalog, { stripeCidrs: list, platform: false }).find((r) => r.peer.kind === "cidr" && r.peer.cidr === cidr)!;
        const before = keyOf(addresses.slice(0, 60), "203.0.113.59/32");
        const after = keyOf(addresses, "203.0.113.59/32");
        assert.notEqual(before.group, after.group);
        assert.equal(before.key, after.key);
    });

    it("gives HTTPS to the VPC endpoints to exactly the services whose identity needs an AWS API, and stores no egress at all", () => {
        const toEndpoints = rules.filter((r) => r.peer.kind === "endpoints");
        assert.ok(toEndpoints.every((r) => r.direction === "egress" && r.protocol === "tcp" && r.port === 443));
        const needing = TICKETTOKEN.services.filter((s) => planIdentity(catalog, s.name).awsApis.length > 0).map((s) => s.name);
        assert.deepEqual(toEndpoints.map((r) => r.group), needing);
        // The gateway logs into the cache with a password from a Kubernetes Secret: nothing of AWS to call.
        assert.ok(!needing.includes("api-gateway"));
        assert.equal(needing.length, TICKETTOKEN.services.length - 1);
        for (const store of TICKETTOKEN.stores) {
            assert.deepEqual(rules.filter((r) => r.group === store.name && r.direction === "egress"), []);
        }
    });

    it("gives the store administrator a group of its own: to each administered store's administration port, and DNS, only when asked", () => {
        assert.ok(!rules.some((r) => r.group === STORE_ADMIN_GROUP || (r.peer.kind === "group" && r.peer.group === STORE_ADMIN_GROUP)));
        const withAdmin = planRules(catalog, { stripeCidrs: STRIPE, platform: true, storeAdministration: true });
        const admin = withAdmin.filter((r) => r.group === STORE_ADMIN_GROUP || (r.peer.kind === "group" && r.peer.group === STORE_ADMIN_GROUP));
        const toStores = administeredStores(catalog).flatMap((a) => [`egress ${STORE_ADMIN_GROUP}->${a.store}:${a.port}`, `ingress ${a.store}<-${STORE_ADMIN_GROUP}:${a.port}`]);
        const dns = ["udp", "tcp"].flatMap((p) => [`egress ${STORE_ADMIN_GROUP}->platform:${p}53`, `ingress platform<-${STORE_ADMIN_GROUP}:${p}53`]);
        const seen = admin.map((r) => r.direction === "egress"
            ? `egress ${r.group}->${r.peer.kind === "group" ? r.peer.group : r.peer.kind}:${r.peer.kind === "platform" ? r.protocol : ""}${r.port}`
            : `ingress ${r.group}<-${(r.peer as { group: string }).group}:${r.group === "platform" ? r.protocol : ""}${r.port}`);
        assert.deepEqual(seen.sort(), [...toStores, ...dns].sort());
        assert.ok(!admin.some((r) => r.port === 6379), "cache users are the stack's, not the administrator's");
    });

    it("has unique keys", () => {
        assert.equal(new Set(rules.map((r) => r.key)).size, rules.length);
    });

    it("wires the nodes for DNS, probes and the platform's scrapes (its pods carry the nodes' group) only when there are nodes", () => {
        assert.ok(!rules.some((r) => r.peer.kind === "platform" || r.group === "platform"));
        const withNodes = planRules(catalog, { stripeCidrs: STRIPE, platform: true, platformIngressPorts: [15021] });
        const venue = withNodes.filter((r) => r.group === "venue-service" && r.peer.kind === "platform");
        assert.deepEqual(venue.map((r) => `${r.direction} ${r.protocol}/${r.port}`).sort(), [
            "egress tcp/53", "egress udp/53", "ingress tcp/15021", "ingress tcp/3004",
        ]);
        const nodeSide = withNodes.filter((r) => r.group === "platform" && r.peer.kind === "group" && r.peer.group === "venue-service");
        assert.deepEqual(nodeSide.map((r) => `${r.direction} ${r.protocol}/${r.port}`).sort(), [
            "egress tcp/15021", "egress tcp/3004", "ingress tcp/53", "ingress udp/53",
        ]);
        // Prometheus has a group of its own: the services' metrics ports admit it, and nothing on the nodes.
        const scrape = withNodes.filter((r) => r.port === 9464);
        assert.deepEqual(scrape.filter((r) => r.group === "venue-service").map((r) => [r.direction, r.peer]), [["ingress", { kind: "group", group: "prometheus" }]]);
        assert.equal(scrape.filter((r) => r.group === "prometheus" && r.direction === "egress").length, TICKETTOKEN.services.length);
        assert.ok(!scrape.some((r) => r.group === "platform" || r.peer.kind === "platform"));
        const prometheus = withNodes.filter((r) => r.group === "prometheus" || (r.peer.kind === "group" && r.peer.group === "prometheus" && r.group !== "prometheus"));
        assert.deepEqual(prometheus.filter((r) => r.group === "prometheus" && r.peer.kind !== "group").map((r) => `${r.direction} ${r.protocol}/${r.port} ${r.peer.kind}`).sort(), [
            "egress tcp/10250 platform", "egress tcp/15012 platform", "egress tcp/443 control-plane", "egress tcp/53 platform", "egress tcp/8080 platform",
            "egress tcp/9093 platform", "egress tcp/9100 platform", "egress udp/53 platform",
            "ingress tcp/15021 platform", "ingress tcp/9090 platform",
        ]);
        // Without a scraper in the catalog (observability off), no metrics port is opened and Prometheus has no group.
        const unscraped = planRules(new CatalogIndex({ ...TICKETTOKEN, platform: [] }), { stripeCidrs: STRIPE, platform: true });
        assert.ok(!unscraped.some((r) => r.port === 9464 || r.group === "prometheus"));
    });

    it("opens a port to the nodes on one service only when asked for that service", () => {
        const withAdmin = planRules(catalog, { stripeCidrs: STRIPE, platform: true, platformIngressPortsOf: { "api-gateway": [8444] } });
        const opened = withAdmin.filter((r) => r.port === 8444);
        assert.deepEqual(opened.map((r) => `${r.group} ${r.direction} ${r.peer.kind === "group" ? r.peer.group : r.peer.kind}`).sort(), [
            "api-gateway ingress platform", "platform egress api-gateway",
        ]);
        assert.throws(() => planRules(catalog, { stripeCidrs: STRIPE, platform: true, platformIngressPortsOf: { "no-such": [1] } }), /no service "no-such"/);
    });

    it("refuses a Stripe entry that is the whole address space", () => {
        assert.throws(() => planRules(catalog, { stripeCidrs: ["0.0.0.0/0"], platform: false }), /narrower than the whole address space/);
    });
});
