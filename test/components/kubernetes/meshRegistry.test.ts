import { strict as assert } from "assert";
import { serviceAwsApis, planIdentity } from "../../../components/identity";
import { EXTERNAL_HOSTS, serviceHost, sidecarHosts } from "../../../components/kubernetes";
import { RunResult } from "../../../tools/harness/run";
import { all, one } from "../../support/resources";
import { destination, meshModel, MeshModel } from "../../support/mesh";
import { API_HOSTS, APP, buildLayer, catalog, STORE_ADDRESSES } from "../../support/kubernetes";

const SE = "kubernetes:networking.istio.io/v1:ServiceEntry";
const SIDECAR = "kubernetes:networking.istio.io/v1:Sidecar";

describe("components/kubernetes/MeshRegistry", () => {
    let run: RunResult;
    let mesh: MeshModel;
    before(async () => {
        run = await buildLayer();
        mesh = meshModel(run);
    });
    const pod = (service: string) => ({ namespace: APP, labels: { app: service } });
    const hostsOfStore = (store: string) => STORE_ADDRESSES.find((s) => s.name === store)!.hosts.map((h) => h.host);

    it("registers the AWS APIs the services' identities need by their regional names, TLS on 443, for the app namespace only", () => {
        assert.deepEqual(serviceAwsApis(catalog), ["sts", "secretsmanager"]);
        for (const api of serviceAwsApis(catalog)) {
            const se = one(run, SE, `registry-aws-${api}`).inputs;
            assert.deepEqual(se.metadata, { name: `aws-${api}`, namespace: APP });
            assert.deepEqual(se.spec, {
                hosts: [API_HOSTS[api]],
                location: "MESH_EXTERNAL",
                resolution: "DNS",
                ports: [{ number: 443, name: "tls-443", protocol: "TLS" }],
                exportTo: ["."],
            });
        }
    });

    it("gives every catalog service a Sidecar that knows exactly its catalog hosts, REGISTRY_ONLY", () => {
        const sidecars = all(run, SIDECAR);
        assert.equal(sidecars.length, catalog.catalog.services.length);
        for (const s of catalog.catalog.services) {
            const sc = sidecars.find((x) => x.inputs.metadata.name === s.name)!.inputs;
            assert.equal(sc.metadata.namespace, APP);
            assert.deepEqual(sc.spec.workloadSelector, { labels: { app: s.name } });
            assert.deepEqual(sc.spec.outboundTrafficPolicy, { mode: "REGISTRY_ONLY" });
            const want = [
                ...catalog.egressFrom(s.name).flatMap((f) => (f.toKind === "service" ? [serviceHost(f.to, APP)] : f.toKind === "store" ? hostsOfStore(f.to) : [EXTERNAL_HOSTS["stripe-api"]])),
                ...planIdentity(catalog, s.name).awsApis.map((api) => API_HOSTS[api]),
            ].map((h) => `./${h}`);
            assert.deepEqual(sc.spec.egress, [{ hosts: want }], s.name);
        }
    });

    it("routes each service to its callees, its stores, Stripe and its AWS APIs, and drops everything else", () => {
        const allServices = catalog.catalog.services.map((s) => s.name);
        for (const s of allServices) {
            const flows = catalog.egressFrom(s);
            for (const other of allServices.filter((o) => o !== s)) {
                const port = catalog.service(other).port;
                const expected = flows.some((f) => f.to === other) ? serviceHost(other, APP) : "blackhole";
                // Kubernetes Services of the gateway's backends exist for every service but the edge one.
                if (catalog.service(other).edge) {
                    continue;
                }
                assert.equal(destination(mesh, pod(s), serviceHost(other, APP), port), expected, `${s} -> ${other}`);
            }
            const stripe = destination(mesh, pod(s), "api.stripe.com", 443);
            assert.equal(stripe, catalog.stripeClients().includes(s) ? "api.stripe.com" : "blackhole", `${s} -> Stripe`);
            const apis = planIdentity(catalog, s).awsApis;
            for (const api of serviceAwsApis(catalog)) {
                assert.equal(destination(mesh, pod(s), API_HOSTS[api], 443), apis.includes(api) ? API_HOSTS[api] : "blackhole", `${s} -> ${api}`);
            }
            assert.equal(destination(mesh, pod(s), "sts.amazonaws.com", 443), "blackhole", `${s}: the global STS name is not registered`);
            assert.equal(destination(mesh, pod(s), "example.com", 443), "blackhole", `${s}: nothing unregistered`);
        }
    });

    it("refuses to plan a registry without a host a service needs", () => {
        assert.throws(() => sidecarHosts(catalog, "venue-service", APP, { stores: {}, awsApis: API_HOSTS }), /venue-service uses store "postgresql", whose endpoint hosts were not given/);
        const stores = Object.fromEntries(STORE_ADDRESSES.map((s) => [s.name, s.hosts.map((h) => h.host)]));
        assert.throws(() => sidecarHosts(catalog, "venue-service", APP, { stores, awsApis: { sts: API_HOSTS.sts } }), /venue-service needs the secretsmanager API, whose host was not given/);
    });
});
