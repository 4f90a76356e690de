import { strict as assert } from "assert";
import { podSecurityLabels } from "../../../components/kubernetes";
import { RunResult } from "../../../tools/harness/run";
import { all, one } from "../../support/resources";
import { APP, buildLayer } from "../../support/kubernetes";

const NAMESPACE = "kubernetes:core/v1:Namespace";

describe("components/kubernetes/Namespaces", () => {
    let run: RunResult;
    before(async () => {
        run = await buildLayer();
    });
    const labelsOf = (name: string) => all(run, NAMESPACE).find((n) => n.inputs.metadata.name === name)!.inputs.metadata.labels;

    it("enforces, audits and warns Pod Security restricted on the app namespace, pinned to the cluster's version", () => {
        const labels = labelsOf(APP);
        for (const mode of ["enforce", "audit", "warn"]) {
            assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted", mode);
            assert.equal(labels[`pod-security.kubernetes.io/${mode}-version`], "v1.34", `${mode} version`);
        }
    });

    it("injects the mesh's sidecar and the ALB's readiness gates into the app namespace", () => {
        assert.equal(labelsOf(APP)["istio-injection"], "enabled");
        assert.equal(labelsOf(APP)["elbv2.k8s.aws/pod-readiness-gate-inject"], "enabled");
    });

    it("creates the platform namespaces restricted too, with no sidecar injection", () => {
        const names = all(run, NAMESPACE).map((n) => n.inputs.metadata.name).sort();
        assert.deepEqual(names, ["aws-load-balancer-controller", "istio-system", "kong", APP].sort());
        for (const ns of ["istio-system", "kong", "aws-load-balancer-controller"]) {
            assert.equal(labelsOf(ns)["pod-security.kubernetes.io/enforce"], "restricted", ns);
            assert.equal(labelsOf(ns)["istio-injection"], undefined, `${ns} has no sidecars`);
        }
    });

    it("limits the app namespace with the quota and container defaults it is given, and allows no load balancer or node port", () => {
        const quota = one(run, "kubernetes:core/v1:ResourceQuota", `ns-${APP}-quota`).inputs;
        assert.equal(quota.metadata.namespace, APP);
        assert.deepEqual(quota.spec.hard, {
            "requests.cpu": "8", "requests.memory": "16Gi", "limits.cpu": "16", "limits.memory": "32Gi", pods: "100",
            "services.loadbalancers": "0", "services.nodeports": "0",
        });
        const limits = one(run, "kubernetes:core/v1:LimitRange", `ns-${APP}-limits`).inputs.spec.limits[0];
        assert.deepEqual(limits, { type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { cpu: "500m", memory: "512Mi" } });
    });

    it("creates the quota after its namespace", () => {
        const ns = all(run, NAMESPACE).find((n) => n.inputs.metadata.name === APP)!;
        assert.ok(one(run, "kubernetes:core/v1:ResourceQuota", `ns-${APP}-quota`).dependencies.includes(ns.urn));
    });

    it("refuses a Kubernetes version it cannot pin the labels to", () => {
        assert.throws(() => podSecurityLabels("restricted", "v1.34"), /Kubernetes version "v1\.34" must be major\.minor/);
    });
});
