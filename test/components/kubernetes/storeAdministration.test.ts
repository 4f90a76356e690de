import { strict as assert } from "assert";
import { administeredStores } from "../../../components/identity";
import { planStoreAdminPolicies, StoreAdministration } from "../../../components/kubernetes";
import { runComponents, RunResult } from "../../../tools/harness/run";
import { all, one } from "../../support/resources";
import { policySides } from "../../support/networkPolicies";
import { catalog, STORE_CIDRS } from "../../support/kubernetes";

describe("components/kubernetes/StoreAdministration", () => {
    let run: RunResult;
    before(async () => {
        run = await runComponents(() => {
            new StoreAdministration("admin", { catalog, kubernetesVersion: "1.34", groupId: "sg-store-admin", storeCidrs: STORE_CIDRS });
        });
    });

    it("is a restricted namespace without sidecars", () => {
        const ns = one(run, "kubernetes:core/v1:Namespace", "admin-namespace").inputs.metadata;
        assert.equal(ns.name, "store-admin");
        assert.equal(ns.labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert.equal(ns.labels["istio-injection"], undefined);
    });

    it("binds every pod of the namespace to the store-admin security group", () => {
        const sgp = one(run, "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy", "admin-security-group").inputs;
        assert.equal(sgp.metadata.namespace, "store-admin");
        assert.deepEqual(sgp.spec, { podSelector: {}, securityGroups: { groupIds: ["sg-store-admin"] } });
    });

    it("lets its pods reach only DNS and each administered store's administration port in the store's subnets", () => {
        const policies = all(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        assert.deepEqual(policies.map((p) => p.inputs.metadata.name), ["default-deny", "allow-dns", "allow-store-administration"]);
        const deny = policies[0].inputs.spec;
        assert.deepEqual([deny.podSelector, deny.policyTypes, deny.ingress, deny.egress], [{}, ["Ingress", "Egress"], undefined, undefined]);
        const out = policySides(policies).filter((s) => s.direction === "egress" && !s.peer.startsWith("kube-system/"));
        const want = administeredStores(catalog).flatMap((a) => STORE_CIDRS[catalog.store(a.store).tier].map((c) => `${c}:${a.port}`));
        assert.deepEqual(out.map((s) => `${s.peer}:${s.port}`).sort(), want.sort());
        assert.ok(want.some((w) => w.endsWith(":443")), "the broker's management API");
        assert.ok(!want.some((w) => w.endsWith(":6379")), "cache users are created by the stack, not in the cache");
        assert.equal(policySides(policies).filter((s) => s.direction === "ingress").length, 0, "nothing may reach it");
    });

    it("refuses a tier without ranges", () => {
        assert.throws(() => planStoreAdminPolicies(catalog, { data: [], messaging: STORE_CIDRS.messaging }), /no subnet ranges for postgresql's tier "data"/);
    });
});
