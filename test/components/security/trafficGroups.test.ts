import { strict as assert } from "assert";
import { CatalogIndex } from "../../../components/catalog";
import { TICKETTOKEN } from "../../../infra/catalog";
import { TrafficSecurityGroups } from "../../../components/security";
import { runComponents, RunResult } from "../../../tools/harness/run";
import { all } from "../../support/resources";
import { flowsOf, groupLabels, ruleViews } from "../../support/matrix";

const catalog = new CatalogIndex(TICKETTOKEN);

describe("components/security/TrafficSecurityGroups", () => {
    let run: RunResult;
    before(async () => {
        run = await runComponents(() => {
            new TrafficSecurityGroups("t", {
                vpcId: "vpc-1",
                catalog,
                stripeCidrs: ["13.55.5.15/32", "13.56.126.253/32"],
                endpointSecurityGroupId: "sg-endpoints",
                platformSecurityGroupId: "sg-nodes",
                controlPlaneSecurityGroupId: "sg-control-plane",
            });
        });
    });

    it("creates one group per service and store, Stripe's egress group and Prometheus' (it reaches the services), in the VPC", () => {
        const groups = all(run, "aws:ec2/securityGroup:SecurityGroup");
        assert.equal(groups.length, TICKETTOKEN.services.length + TICKETTOKEN.stores.length + 1 + 1);
        assert.deepEqual(groups.filter((g) => g.inputs.tags["tickettoken/platform"]).map((g) => [g.name, g.inputs.tags["tickettoken/workload"]]), [["t-prometheus", "prometheus"]]);
        assert.ok(groups.every((g) => g.inputs.vpcId === "vpc-1" && g.inputs.ingress === undefined && g.inputs.egress === undefined));
        const egress = groups.filter((g) => g.inputs.tags["tickettoken/egress"] === "stripe-api");
        assert.deepEqual(egress.map((g) => g.name), ["t-stripe-api-egress-1"]);
    });

    it("gives Stripe's callers' pods their own group and Stripe's egress group, everyone else their own only", async () => {
        let t: TrafficSecurityGroups | undefined;
        const ids = await runComponents(() => {
            t = new TrafficSecurityGroups("p", { vpcId: "v", catalog, stripeCidrs: ["13.55.5.15/32"], endpointSecurityGroupId: "e" });
        });
        const idOf = (name: string) => `${name}-id`;
        const resolve = (outputs: ReturnType<TrafficSecurityGroups["podGroupIds"]>) =>
            Promise.all(outputs.map((o) => new Promise<string>((r) => o.apply((v) => r(v)))));
        assert.deepEqual(await resolve(t!.podGroupIds("venue-service")), [idOf("p-venue-service"), idOf("p-stripe-api-egress-1")]);
        assert.deepEqual(await resolve(t!.podGroupIds("auth-service")), [idOf("p-auth-service")]);
        assert.ok(ids.resources.length > 0);
    });

    it("registers rules whose flows are exactly the catalog's", () => {
        const views = ruleViews(run, groupLabels(run, { "sg-endpoints": "endpoints", "sg-nodes": "nodes", "sg-control-plane": "control-plane" }));
        const between = [...flowsOf(views)].filter((f) => !/endpoints|nodes/.test(f));
        const expected = [
            ...catalog.flows.filter((f) => f.toKind !== "external").map((f) => `${f.from}->${f.to}:tcp/${f.port}`),
            // Prometheus, with a group of its own: each service's metrics port, and the API server.
            ...catalog.platformFlows.filter((f) => f.to.kind === "service").map((f) => `${f.from}->${(f.to as { name: string }).name}:tcp/${f.port}`),
            "prometheus->control-plane:tcp/443",
        ];
        assert.deepEqual(between.sort(), expected.sort());
    });

    it("opens nothing to addresses outside the VPC but Stripe on 443", () => {
        const views = ruleViews(run, groupLabels(run, { "sg-endpoints": "endpoints", "sg-nodes": "nodes" }));
        const toAddresses = views.filter((v) => /^[0-9a-f:.]+\/\d+$/.test(v.peer));
        assert.ok(toAddresses.length > 0);
        for (const v of toAddresses) {
            assert.equal(v.direction, "egress");
            assert.deepEqual([v.protocol, v.fromPort, v.toPort], ["tcp", 443, 443]);
            assert.ok(["13.55.5.15/32", "13.56.126.253/32"].includes(v.peer));
            assert.equal(v.group, "t-stripe-api-egress-1", "only Stripe's egress group opens Stripe's addresses");
        }
    });

    it("admits each store port only from the store's catalog clients", () => {
        const views = ruleViews(run, groupLabels(run, { "sg-endpoints": "endpoints", "sg-nodes": "nodes" }));
        for (const store of TICKETTOKEN.stores) {
            const ingress = views.filter((v) => v.group === store.name && v.direction === "ingress");
            assert.deepEqual(ingress.map((v) => v.peer).sort(), catalog.clientsOf(store.name).sort(), store.name);
            assert.ok(ingress.every((v) => v.fromPort === store.port && v.toPort === store.port && v.protocol === "tcp"));
            assert.deepEqual(views.filter((v) => v.group === store.name && v.direction === "egress"), []);
        }
    });

    it("rejects a lookup of a group the catalog does not have", async () => {
        await runComponents(() => {
            const t = new TrafficSecurityGroups("u", { vpcId: "v", catalog, stripeCidrs: [], endpointSecurityGroupId: "e" });
            assert.throws(() => t.group("seat-service"), /no security group for "seat-service".*have: api-gateway/);
        });
    });
});
