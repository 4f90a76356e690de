import { strict as assert } from "assert";
import { RunResult } from "../../../tools/harness/run";
import { all, one } from "../../support/resources";
import { meshSettings } from "../../support/mesh";
import { APP, buildLayer, MIRRORS } from "../../support/kubernetes";

const RELEASE = "kubernetes:helm.sh/v3:Release";

describe("components/kubernetes/Mesh", () => {
    let run: RunResult;
    before(async () => {
        run = await buildLayer();
    });

    it("installs Istio's base, cni and istiod charts at the configured version from Istio's repository", () => {
        for (const [name, chart, namespace] of [["mesh-base", "base", "istio-system"], ["mesh-cni", "cni", "kube-system"], ["mesh-istiod", "istiod", "istio-system"]]) {
            const r = one(run, RELEASE, name).inputs;
            assert.equal(r.chart, chart);
            assert.equal(r.version, "1.30.1");
            assert.equal(r.namespace, namespace);
            assert.deepEqual(r.repositoryOpts, { repo: "https://istio-release.storage.googleapis.com/charts" });
            assert.equal(r.atomic, true);
        }
        assert.ok(one(run, RELEASE, "mesh-istiod").dependencies.includes(one(run, RELEASE, "mesh-base").urn), "istiod after the CRDs");
    });

    it("locks egress to registered hosts, runs istiod on the system nodes, redirects through the CNI agent, pulls through the mirror", () => {
        const v = one(run, RELEASE, "mesh-istiod").inputs.values;
        assert.deepEqual(v.meshConfig.outboundTrafficPolicy, { mode: "REGISTRY_ONLY" });
        assert.equal(v.cni.enabled, true);
        assert.deepEqual(v.nodeSelector, { "tickettoken/node-group": "system" });
        assert.equal(v.pilot, undefined, "istiod's keys are top-level in the 1.30 chart, not under the legacy pilot prefix");
        assert.equal(v.global.hub, `${MIRRORS.dockerHub}/istio`);
        assert.equal(one(run, RELEASE, "mesh-cni").inputs.values.global.hub, `${MIRRORS.dockerHub}/istio`);
    });

    it("answers the applications' DNS in the sidecar and gives every registered host an address of its own", () => {
        const v = one(run, RELEASE, "mesh-istiod").inputs.values;
        assert.deepEqual(v.meshConfig.defaultConfig.proxyMetadata, { ISTIO_META_DNS_CAPTURE: "true" });
        assert.deepEqual(v.env, { PILOT_ENABLE_IP_AUTOALLOCATE: "true" });
        assert.deepEqual(meshSettings(run), { outbound: "REGISTRY_ONLY", dnsCapture: true, autoAllocate: true });
    });

    it("requires mutual TLS mesh-wide: PeerAuthentication default in the root namespace, STRICT", () => {
        const pa = all(run, "kubernetes:security.istio.io/v1:PeerAuthentication");
        assert.equal(pa.length, 1);
        assert.deepEqual(pa[0].inputs.metadata, { name: "default", namespace: "istio-system" });
        assert.deepEqual(pa[0].inputs.spec, { mtls: { mode: "STRICT" } });
        assert.equal((pa[0].inputs.spec as Record<string, unknown>).selector, undefined, "applies to every workload");
    });

    it("registers api.stripe.com on 443 as an outside TLS service, for the app namespace", () => {
        const se = one(run, "kubernetes:networking.istio.io/v1:ServiceEntry", "mesh-external-stripe-api").inputs;
        assert.equal(se.metadata.namespace, APP);
        assert.deepEqual(se.spec, {
            hosts: ["api.stripe.com"],
            location: "MESH_EXTERNAL",
            resolution: "DNS",
            ports: [{ number: 443, name: "tls-443", protocol: "TLS" }],
            exportTo: ["."],
        });
    });
});
