import { strict as assert } from "assert";
import { planNetworkPolicies } from "../../../components/kubernetes";
import { RunResult } from "../../../tools/harness/run";
import { allowedFlows, isPrivate, NETWORK_POLICY, policySides } from "../../support/networkPolicies";
import { all, one } from "../../support/resources";
import { planIdentity } from "../../../components/identity";
import { APP, buildLayer, catalog, catalogFlows, EDGE_CIDRS, ENDPOINT_CIDRS, STORE_CIDRS, storeRanges, STRIPE } from "../../support/kubernetes";

describe("components/kubernetes/NetworkPolicies", () => {
    let run: RunResult;
    before(async () => {
        run = await buildLayer();
    });
    const policies = () => all(run, NETWORK_POLICY);

    it("denies every pod of the app namespace both ways by default", () => {
        const deny = one(run, NETWORK_POLICY, "np-default-deny").inputs;
        assert.equal(deny.metadata.namespace, APP);
        assert.deepEqual(deny.spec.podSelector, {}, "selects every pod");
        assert.deepEqual([...deny.spec.policyTypes].sort(), ["Egress", "Ingress"]);
        assert.equal(deny.spec.ingress, undefined, "allows no ingress");
        assert.equal(deny.spec.egress, undefined, "allows no egress");
    });

    it("lets every pod resolve names through kube-dns only, over UDP and TCP 53", () => {
        const dns = one(run, NETWORK_POLICY, "np-allow-dns").inputs.spec;
        assert.deepEqual(dns.podSelector, {});
        assert.deepEqual(dns.policyTypes, ["Egress"]);
        assert.deepEqual(dns.egress, [{
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
        }]);
    });

    it("allows in the namespace exactly the catalog's flows: every pair from the registered policies, none more, none missing", () => {
        const flows = allowedFlows(run, APP, { stores: storeRanges(), stripe: STRIPE });
        const want = catalogFlows();
        assert.deepEqual([...flows].filter((f) => !want.has(f)).sort(), [], "flows the catalog does not allow");
        assert.deepEqual([...want].filter((f) => !flows.has(f)).sort(), [], "catalog flows that are not open");
        assert.equal(flows.size, catalog.flows.length);
    });

    it("admits nothing into a service but its catalog callers (services, and Prometheus on its metrics port), the load balancer and the gateway's controller", () => {
        const ingress = policySides(policies()).filter((s) => s.direction === "ingress");
        const callers = new Set([
            ...catalog.flows.filter((f) => f.toKind === "service").map((f) => `app=${f.from}->${f.to}:${f.port}`),
            ...catalog.platformFlows.filter((f) => f.to.kind === "service").map((f) => `monitoring/app.kubernetes.io/name=${f.from}->${(f.to as { name: string }).name}:${f.port}`),
        ]);
        assert.equal(catalog.platformFlows.filter((f) => f.to.kind === "service").length, catalog.catalog.services.length, "every service is scraped");
        for (const s of catalog.catalog.services) {
            assert.ok(ingress.some((x) => x.selects === s.name && x.peer === "monitoring/app.kubernetes.io/name=prometheus" && x.port === 9464), `${s.name}: Prometheus scrapes 9464`);
        }
        for (const s of ingress) {
            const key = `${s.peer}->${s.selects}:${s.port}`;
            if (callers.has(key)) {
                continue;
            }
            assert.equal(s.selects, "api-gateway", `${key} is the catalog's`);
            assert.ok((EDGE_CIDRS.includes(s.peer) && s.port === 8000) || (s.peer === "kong/app=kong-controller" && s.port === 8444), `${key}`);
        }
        assert.deepEqual(EDGE_CIDRS.filter((c) => !ingress.some((s) => s.peer === c && s.selects === "api-gateway" && s.port === 8000)), [], "the ALB reaches the gateway from every public subnet");
    });

    it("gives every egress rule a `to`", () => {
        for (const p of policies()) {
            for (const [i, rule] of (p.inputs.spec.egress ?? []).entries()) {
                assert.ok(Array.isArray(rule.to) && rule.to.length > 0, `${p.name} egress[${i}] names its peers`);
            }
        }
    });

    it("sends nothing beyond private ranges but TCP 443 to Stripe's addresses, never 0.0.0.0/0", () => {
        let stripeRules = 0;
        for (const p of policies()) {
            for (const rule of p.inputs.spec.egress ?? []) {
                for (const peer of rule.to) {
                    if (!peer.ipBlock) {
                        continue;
                    }
                    assert.notEqual(peer.ipBlock.cidr, "0.0.0.0/0");
                    if (isPrivate(peer.ipBlock.cidr)) {
                        continue;
                    }
                    stripeRules++;
                    assert.ok(STRIPE.includes(peer.ipBlock.cidr), `${peer.ipBlock.cidr} in ${p.name} is a Stripe API address`);
                    assert.deepEqual(rule.ports, [{ protocol: "TCP", port: 443 }], `${p.name}: only TCP 443 to Stripe`);
                    assert.equal(peer.ipBlock.except, undefined);
                }
            }
        }
        assert.equal(stripeRules, STRIPE.length * catalog.stripeClients().length);
    });

    it("lets exactly the services whose identity needs an AWS API reach the endpoint tier, on 443 only", () => {
        const sides = policySides(policies()).filter((s) => s.direction === "egress" && ENDPOINT_CIDRS.includes(s.peer));
        assert.ok(sides.every((s) => s.protocol === "TCP" && s.port === 443), "443 only");
        const reach = (service: string) => ENDPOINT_CIDRS.every((c) => sides.some((s) => s.selects === service && s.peer === c));
        for (const s of catalog.catalog.services) {
            assert.equal(reach(s.name), planIdentity(catalog, s.name).awsApis.length > 0, s.name);
            assert.ok(!sides.some((x) => x.selects === s.name) || reach(s.name), `${s.name}: every zone's range or none`);
        }
        assert.ok(!reach("api-gateway"), "the gateway calls no AWS API");
        assert.ok(!sides.some((s) => s.selects === "*"), "not every pod");
    });

    it("lets every pod reach istiod on 15012 and nothing else of the mesh", () => {
        const mesh = one(run, NETWORK_POLICY, "np-allow-mesh-control-plane").inputs.spec;
        assert.deepEqual(mesh.podSelector, {});
        assert.deepEqual(mesh.egress, [{
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: { matchLabels: { app: "istiod" } } }],
            ports: [{ protocol: "TCP", port: 15012 }],
        }]);
    });

    it("has seed 000's venue-service shape: callers in on 3004, stores by their subnets, Stripe on 443", () => {
        const venue = one(run, NETWORK_POLICY, "np-venue-service-network-policy").inputs.spec;
        assert.deepEqual(venue.podSelector, { matchLabels: { app: "venue-service" } });
        assert.deepEqual(venue.ingress[0], { from: [{ podSelector: { matchLabels: { app: "api-gateway" } } }], ports: [{ protocol: "TCP", port: 3004 }] });
        const postgres = venue.egress.find((r: { ports: Array<{ port: number }> }) => r.ports[0].port === 5432);
        assert.deepEqual(postgres.to, STORE_CIDRS.data.map((cidr) => ({ ipBlock: { cidr } })));
    });

    describe("planNetworkPolicies", () => {
        const addressing = { storeCidrs: STORE_CIDRS, stripeCidrs: STRIPE, edgeCidrs: EDGE_CIDRS, awsApiCidrs: ENDPOINT_CIDRS };
        it("refuses Stripe as the whole address space, store ranges outside the VPC, and missing ranges", () => {
            assert.throws(() => planNetworkPolicies(catalog, { ...addressing, stripeCidrs: ["0.0.0.0/0"] }), /Stripe API range "0\.0\.0\.0\/0" must be a CIDR narrower than the whole address space/);
            assert.throws(() => planNetworkPolicies(catalog, { ...addressing, storeCidrs: { ...STORE_CIDRS, data: ["52.1.0.0/16"] } }), /data subnet range "52\.1\.0\.0\/16" must be private/);
            assert.throws(() => planNetworkPolicies(catalog, { ...addressing, stripeCidrs: [] }), /no Stripe API ranges given/);
            assert.throws(() => planNetworkPolicies(catalog, { ...addressing, edgeCidrs: ["0.0.0.0/1"] }), /load balancer subnet range "0\.0\.0\.0\/1" must be private/);
            assert.throws(() => planNetworkPolicies(catalog, { ...addressing, awsApiCidrs: [] }), /no AWS API endpoint subnet ranges given/);
            assert.throws(() => planNetworkPolicies(catalog, { ...addressing, awsApiCidrs: ["52.94.0.0/16"] }), /AWS API endpoint subnet range "52\.94\.0\.0\/16" must be private/);
        });
        it("is one policy per catalog service after the three baseline policies", () => {
            const names = planNetworkPolicies(catalog, addressing).map((p) => p.name);
            assert.deepEqual(names.slice(0, 3), ["default-deny", "allow-dns", "allow-mesh-control-plane"]);
            assert.deepEqual(names.slice(3), catalog.catalog.services.map((s) => `${s.name}-network-policy`));
        });
    });
});
