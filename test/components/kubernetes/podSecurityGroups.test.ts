import { strict as assert } from "assert";
import { PodSecurityGroups } from "../../../components/kubernetes";
import { runComponents, RunResult } from "../../../tools/harness/run";
import { all } from "../../support/resources";
import { APP, buildLayer, catalog } from "../../support/kubernetes";

const SGP = "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy";

describe("components/kubernetes/PodSecurityGroups", () => {
    let run: RunResult;
    before(async () => {
        run = await buildLayer();
    });

    it("binds each catalog service's pods to that service's own security group, and only those", () => {
        const policies = all(run, SGP);
        assert.equal(policies.length, catalog.catalog.services.length);
        for (const s of catalog.catalog.services) {
            const p = policies.find((x) => x.inputs.metadata.name === s.name);
            assert.ok(p, `a SecurityGroupPolicy for ${s.name}`);
            assert.equal(p.inputs.metadata.namespace, APP);
            assert.deepEqual(p.inputs.spec.podSelector, { matchLabels: { app: s.name } });
            assert.deepEqual(p.inputs.spec.securityGroups, { groupIds: [`sg-${s.name}`] });
        }
    });

    it("hands out one service's policy by name, and refuses a service it has none for", async () => {
        let sgp: PodSecurityGroups | undefined;
        await runComponents(() => {
            sgp = new PodSecurityGroups("sgp", { catalog, namespace: APP, groupIdOf: (s) => `sg-${s}` });
        });
        assert.equal(sgp!.policyOf("api-gateway"), sgp!.policies.get("api-gateway"));
        assert.throws(() => sgp!.policyOf("billing"), /no SecurityGroupPolicy for service "billing" \(have: api-gateway, /);
    });
});
