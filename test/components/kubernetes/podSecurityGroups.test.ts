import { strict as assert } from "assert";
import { PodSecurityGroups } from "../../../components/kubernetes";
import { runComponents, RunResult } from "../../../tools/harness/run";
import { all } from "../../support/resources";
import { APP, buildLayer, catalog, podGroupIds } from "../../support/kubernetes";

const SGP = "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy";

describe("components/kubernetes/PodSecurityGroups", () => {
    let run: RunResult;
    before(async () => {
        run = await buildLayer();
    });

    it("binds each catalog service's pods to its own security group and the egress groups of what it calls, and only those", () => {
        const policies = all(run, SGP);
        assert.equal(policies.length, catalog.catalog.services.length);
        for (const s of catalog.catalog.services) {
            const p = policies.find((x) => x.inputs.metadata.name === s.name);
            assert.ok(p, `a SecurityGroupPolicy for ${s.name}`);
            assert.equal(p.inputs.metadata.namespace, APP);
            assert.deepEqual(p.inputs.spec.podSelector, { matchLabels: { app: s.name } });
            assert.deepEqual(p.inputs.spec.securityGroups, { groupIds: podGroupIds(s.name) });
        }
        const stripe = policies.filter((p) => p.inputs.spec.securityGroups.groupIds.includes("sg-stripe-api-egress-1")).map((p) => p.inputs.metadata.name);
        assert.deepEqual(stripe.sort(), catalog.stripeClients().sort());
    });

    it("refuses more security groups than one network interface may carry, naming the policy", async () => {
        await assert.rejects(runComponents(() => {
            new PodSecurityGroups("sgp6", { catalog, namespace: APP, groupIdsOf: (s) => ["a", "b", "c", "d", "e", "f"].map((x) => `sg-${s}-${x}`) });
        }), /SecurityGroupPolicy api-gateway: 6 security groups on one network interface, over the quota of 5/);
    });

    it("hands out one service's policy by name, and refuses a service it has none for", async () => {
        let sgp: PodSecurityGroups | undefined;
        await runComponents(() => {
            sgp = new PodSecurityGroups("sgp", { catalog, namespace: APP, groupIdsOf: (s) => [`sg-${s}`] });
        });
        assert.equal(sgp!.policyOf("api-gateway"), sgp!.policies.get("api-gateway"));
        assert.throws(() => sgp!.policyOf("billing"), /no SecurityGroupPolicy for service "billing" \(have: api-gateway, /);
    });
});
