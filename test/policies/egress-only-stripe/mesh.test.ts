import { strict as assert } from "assert";
import { engineResource as r, findings, judgeResources, summary, usePack } from "../../support/pack";

// The mesh's egress (mesh.ts) through the pack's real interface: every way an
// organisation installs istiod, and ServiceEntries whatever their location.
const ISTIO_REPO = "https://istio-release.storage.googleapis.com/charts";

describe("egress-only-stripe: the Istio mesh (through the gRPC interface)", () => {
    const pack = usePack();

    it("istiod from a Helm v3 Chart or Release, or an IstioOperator, without REGISTRY_ONLY keeps Istio's default ALLOW_ANY", async () => {
        const report = await judgeResources(pack(), [
            r("kubernetes:helm.sh/v3:Chart", "istiod-v3", { chart: "istiod", fetchOpts: { repo: ISTIO_REPO }, namespace: "istio-system", values: {} }),
            r("kubernetes:helm.sh/v3:Release", "istiod-release", { chart: "istiod", repositoryOpts: { repo: ISTIO_REPO }, namespace: "istio-system", values: {} }),
            r("kubernetes:helm.sh/v3:Release", "istiod-oci", { chart: "oci://registry.example.com/charts/istiod", values: {} }),
            r("kubernetes:install.istio.io/v1alpha1:IstioOperator", "iop", { metadata: { name: "iop", namespace: "istio-system" }, spec: { profile: "default" } }),
            // Look-alikes: REGISTRY_ONLY set in each place, and operators that install no istiod.
            r("kubernetes:helm.sh/v3:Chart", "istiod-locked", { chart: "istiod", fetchOpts: { repo: ISTIO_REPO }, values: { meshConfig: { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } } } }),
            r("kubernetes:install.istio.io/v1alpha1:IstioOperator", "iop-locked", { spec: { values: { meshConfig: { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } } } } }),
            r("kubernetes:install.istio.io/v1alpha1:IstioOperator", "iop-remote", { spec: { profile: "remote" } }),
            r("kubernetes:install.istio.io/v1alpha1:IstioOperator", "iop-gateways", { spec: { components: { pilot: { enabled: false } } } }),
            r("kubernetes:helm.sh/v3:Chart", "kong", { chart: "kong", values: {} }),
        ]);
        assert.deepEqual(summary(report, "egress-only-stripe"), [
            "egress-only-stripe mandatory iop spec.meshConfig.outboundTrafficPolicy.mode",
            "egress-only-stripe mandatory istiod-oci values.meshConfig.outboundTrafficPolicy.mode",
            "egress-only-stripe mandatory istiod-release values.meshConfig.outboundTrafficPolicy.mode",
            "egress-only-stripe mandatory istiod-v3 values.meshConfig.outboundTrafficPolicy.mode",
        ]);
        assert.match(findings(report).find((f) => f.resource === "iop")!.text, /^\(not set\) is Istio's default, ALLOW_ANY, which lets sidecars send traffic to any host, out to the internet; set mode "REGISTRY_ONLY"/);
    });

    it("a MESH_INTERNAL ServiceEntry adds its hosts to the registry as a MESH_EXTERNAL one does; with resolution STATIC only its endpoints are destinations", async () => {
        const se = (name: string, spec: Record<string, unknown>) => r("kubernetes:networking.istio.io/v1:ServiceEntry", name, { metadata: { namespace: "app" }, spec });
        const report = await judgeResources(pack(), [
            se("internal-exfil", { hosts: ["exfil.example.com"], location: "MESH_INTERNAL", resolution: "DNS", ports: [{ number: 443, name: "https", protocol: "TLS" }] }),
            se("internal-ip", { hosts: ["svc.internal"], location: "MESH_INTERNAL", resolution: "STATIC", endpoints: [{ address: "198.51.100.7" }], ports: [{ number: 5432, name: "pg", protocol: "TCP" }] }),
            se("internal-private", { hosts: ["legacy.svc.internal"], location: "MESH_INTERNAL", resolution: "STATIC", endpoints: [{ address: "10.1.2.3" }], ports: [{ number: 8080, name: "http", protocol: "HTTP" }] }),
            se("stripe", { hosts: ["api.stripe.com"], location: "MESH_INTERNAL", resolution: "DNS", ports: [{ number: 443, name: "tls", protocol: "TLS" }] }),
        ]);
        assert.deepEqual(summary(report, "egress-only-stripe"), [
            "egress-only-stripe mandatory internal-exfil spec.hosts[0]",
            "egress-only-stripe mandatory internal-ip spec.endpoints[0].address",
        ]);
        assert.match(findings(report).find((f) => f.resource === "internal-ip")!.text, /^"198\.51\.100\.7" is a public destination outside the egress allow-list/);
    });
});
