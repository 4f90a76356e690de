import { strict as assert } from "assert";
import { checkStoreAddresses } from "../../../components/kubernetes";
import { RunResult } from "../../../tools/harness/run";
import { all } from "../../support/resources";
import { destination, meshModel, MeshModel } from "../../support/mesh";
import { APP, buildLayer, catalog, STORE_ADDRESSES } from "../../support/kubernetes";

const SE = "kubernetes:networking.istio.io/v1:ServiceEntry";

describe("components/kubernetes/StoreServices", () => {
    let run: RunResult;
    let mesh: MeshModel;
    before(async () => {
        run = await buildLayer();
        mesh = meshModel(run);
    });
    const pod = (service: string) => ({ namespace: APP, labels: { app: service } });

    it("registers every endpoint host of every store on its own: writers, readers, DocumentDB's members", () => {
        const entries = all(run, SE).filter((r) => r.name.startsWith("stores-"));
        assert.equal(entries.length, STORE_ADDRESSES.reduce((n, s) => n + s.hosts.length, 0));
        for (const store of STORE_ADDRESSES) {
            for (const h of store.hosts) {
                const se = entries.find((r) => r.name === `stores-${store.name}-${h.role}`)!.inputs;
                assert.deepEqual(se.metadata, { name: `${store.name}-${h.role}`, namespace: APP });
                assert.deepEqual(se.spec, {
                    hosts: [h.host],
                    location: "MESH_EXTERNAL",
                    resolution: "DNS",
                    ports: [{ number: store.port, name: `tcp-${store.name}`, protocol: "TCP" }],
                    exportTo: ["."],
                }, `${store.name} ${h.role}: no addresses, so istiod allocates one`);
            }
        }
        assert.equal(all(run, "kubernetes:core/v1:Service").filter((s) => s.inputs.spec.type === "ExternalName").length, 0, "no alias a TCP client could dial");
    });

    it("sends each connection to the endpoint the client dialled: the replica, the reader endpoint and every DocumentDB member are reached", () => {
        let checked = 0;
        for (const store of STORE_ADDRESSES) {
            for (const client of catalog.clientsOf(store.name)) {
                for (const h of store.hosts) {
                    assert.equal(destination(mesh, pod(client), h.host, store.port), h.host, `${client} -> ${store.name} ${h.role}`);
                    checked++;
                }
            }
        }
        assert.ok(checked > 30);
    });

    it("would send every connection on a store port to one host without DNS capture (the model sees the fault this fixes)", () => {
        const without: MeshModel = { ...mesh, settings: { ...mesh.settings, dnsCapture: false } };
        const postgres = STORE_ADDRESSES.find((s) => s.name === "postgresql")!;
        const [writer, reader] = postgres.hosts;
        const seen = new Set(postgres.hosts.map((h) => destination(without, pod("venue-service"), h.host as string, postgres.port)));
        assert.equal(seen.size, 1, "one 0.0.0.0:5432 listener, one cluster");
        assert.equal(destination(without, pod("venue-service"), reader.host, 5432), writer.host, "the replica is never used");
    });

    it("keeps a store's endpoints out of the registry of services that do not use it", () => {
        for (const store of STORE_ADDRESSES) {
            for (const s of catalog.catalog.services.filter((x) => !catalog.clientsOf(store.name).includes(x.name))) {
                for (const h of store.hosts) {
                    assert.equal(destination(mesh, pod(s.name), h.host, store.port), "blackhole", `${s.name} -> ${store.name} ${h.role}`);
                }
            }
        }
    });

    it("refuses a missing, unknown, repeated or mis-ported store, and endpoints without a writer first", () => {
        const good = catalog.catalog.stores.map((s) => ({ name: s.name, hosts: [{ role: "writer", host: "h" }], port: s.port }));
        assert.doesNotThrow(() => checkStoreAddresses(catalog, good));
        assert.throws(() => checkStoreAddresses(catalog, good.slice(1)), /"postgresql" has no endpoint/);
        assert.throws(() => checkStoreAddresses(catalog, [...good, { name: "kafka", hosts: [{ role: "writer", host: "h" }], port: 9092 }]), /"kafka" is not a store in the catalog/);
        assert.throws(() => checkStoreAddresses(catalog, [...good, good[0]]), /"postgresql" is listed twice/);
        assert.throws(() => checkStoreAddresses(catalog, good.map((s) => (s.name === "redis" ? { ...s, port: 6380 } : s))), /"redis" is on port 6380, the catalog says 6379/);
        assert.throws(() => checkStoreAddresses(catalog, good.map((s) => (s.name === "redis" ? { ...s, hosts: [{ role: "reader", host: "h" }] } : s))), /"redis" must list its writer host first/);
        assert.throws(() => checkStoreAddresses(catalog, good.map((s) => (s.name === "redis" ? { ...s, hosts: [...s.hosts, { role: "writer", host: "x" }] } : s))), /host role "writer" is repeated/);
    });
});
