import { strict as assert } from "assert";
import { checkStoreAddresses } from "../../../components/kubernetes";
import { RunResult } from "../../../tools/harness/run";
import { all, one } from "../../support/resources";
import { APP, buildLayer, catalog, STORE_HOSTS } from "../../support/kubernetes";

describe("components/kubernetes/StoreServices", () => {
    let run: RunResult;
    before(async () => {
        run = await buildLayer();
    });

    it("names each store in the app namespace as seed 000 does, pointing at the store's endpoint, as a DNS alias only", () => {
        for (const store of catalog.catalog.stores) {
            const svc = one(run, "kubernetes:core/v1:Service", `stores-${store.name}`).inputs;
            assert.deepEqual(svc.metadata, { name: store.name, namespace: APP });
            assert.equal(svc.spec.type, "ExternalName");
            assert.equal(svc.spec.externalName, STORE_HOSTS[store.name]);
            assert.equal(svc.spec.ports[0].port, store.port);
        }
        assert.deepEqual(
            all(run, "kubernetes:core/v1:Service").filter((s) => s.name.startsWith("stores-")).map((s) => s.inputs.metadata.name).sort(),
            ["mongodb", "postgresql", "rabbitmq", "redis"],
        );
    });

    it("registers each endpoint with the mesh by port, so sidecars let the traffic out", () => {
        for (const store of catalog.catalog.stores) {
            const se = one(run, "kubernetes:networking.istio.io/v1:ServiceEntry", `stores-${store.name}-mesh`).inputs.spec;
            assert.deepEqual(se.hosts, [STORE_HOSTS[store.name]]);
            assert.equal(se.location, "MESH_EXTERNAL");
            assert.deepEqual(se.ports, [{ number: store.port, name: `tcp-${store.name}`, protocol: "TCP" }]);
        }
    });

    it("refuses a missing, unknown, repeated or mis-ported store", () => {
        const good = catalog.catalog.stores.map((s) => ({ name: s.name, host: "h", port: s.port }));
        assert.throws(() => checkStoreAddresses(catalog, good.slice(1)), /"postgresql" has no endpoint/);
        assert.throws(() => checkStoreAddresses(catalog, [...good, { name: "kafka", host: "h", port: 9092 }]), /"kafka" is not a store in the catalog/);
        assert.throws(() => checkStoreAddresses(catalog, [...good, good[0]]), /"postgresql" is listed twice/);
        assert.throws(() => checkStoreAddresses(catalog, good.map((s) => (s.name === "redis" ? { ...s, port: 6380 } : s))), /"redis" is on port 6380, the catalog says 6379/);
    });
});
