import { strict as assert } from "assert";
import { loadStackConfig } from "../../../infra/config";
import { PLATFORM_CHART_DEFAULTS } from "../../../components/platform/types";
import { readProjectFile } from "../../../tools/harness/project";
import { configProblems, stackSource } from "../../support/config";

describe("infra/config (platform workloads)", () => {
    it("turns on observability, node autoscaling and secrets delivery in every stack, smaller in dev", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const p = loadStackConfig(stackSource(stack)).platform;
            assert.deepEqual([...p.features].sort(), ["autoscaling", "observability", "secrets"], stack);
            assert.match(p.githubCredentialArn ?? "", /:secret:ecr-pullthroughcache\//, stack);
            assert.deepEqual(p.chartVersions, PLATFORM_CHART_DEFAULTS, stack);
        }
        assert.deepEqual(loadStackConfig(stackSource("dev")).platform.observability, {
            prometheusReplicas: 1, prometheusRetentionDays: 7, prometheusVolumeGi: 20, alertmanagerReplicas: 1, grafanaVolumeGi: 5, containerLogRetentionDays: 7,
        });
        // Seed 002: two replicas, 30 days, 50Gi; Grafana 10Gi.
        assert.deepEqual(loadStackConfig(stackSource("prod")).platform.observability, {
            prometheusReplicas: 2, prometheusRetentionDays: 30, prometheusVolumeGi: 50, alertmanagerReplicas: 2, grafanaVolumeGi: 10, containerLogRetentionDays: 90,
        });
    });

    it("declares the chart versions in Pulumi.yaml as the component's defaults", () => {
        const declared = readProjectFile().config;
        const keys = { kubePrometheusStack: "kubePrometheusStackChartVersion", fluentBit: "fluentBitChartVersion", metricsServer: "metricsServerChartVersion", clusterAutoscaler: "clusterAutoscalerChartVersion", externalSecrets: "externalSecretsChartVersion" };
        for (const [field, key] of Object.entries(keys)) {
            assert.equal(String(declared[key]?.default), PLATFORM_CHART_DEFAULTS[field as keyof typeof PLATFORM_CHART_DEFAULTS], key);
        }
    });

    it("turns each feature off, and with it what it needs", () => {
        const off = loadStackConfig(stackSource("prod", { observability: "false", nodeAutoscaling: "false", externalSecrets: "false", githubCredentialArn: "" })).platform;
        assert.deepEqual([...off.features], []);
        assert.equal(off.observability, undefined);
        assert.equal(off.githubCredentialArn, undefined, "no ghcr.io mirror without the operator");
    });

    it("bounds each node group by the size's counts, or by its <min>-<max>, the desired count clamped into them", () => {
        const size = loadStackConfig(stackSource("prod")).cluster.nodeGroups;
        assert.deepEqual([size.system.counts, size.apps.counts], [{ min: 3, desired: 3, max: 4 }, { min: 3, desired: 3, max: 8 }], "seed 002: 3 to 8 nodes");
        const set = loadStackConfig(stackSource("prod", { appNodeBounds: "5-12", systemNodeBounds: "1-2" })).cluster.nodeGroups;
        assert.deepEqual([set.system.counts, set.apps.counts], [{ min: 1, desired: 2, max: 2 }, { min: 5, desired: 5, max: 12 }]);
        // Without the autoscaler, a group may start empty.
        const empty = loadStackConfig(stackSource("prod", { appNodeBounds: "0-3", nodeAutoscaling: "false" })).cluster.nodeGroups;
        assert.deepEqual(empty.apps.counts, { min: 0, desired: 3, max: 3 });
    });

    const cases: Array<[string, Record<string, string>, RegExp]> = [
        ["bounds upside down", { appNodeBounds: "8-3" }, /tickettoken:appNodeBounds = "8-3": must be empty \(the size's\) or <min>-<max> with 0 <= min <= max, 1 <= max <= 450/],
        ["more nodes than a managed node group holds", { systemNodeBounds: "1-500" }, /tickettoken:systemNodeBounds = "1-500": must be empty .* 1 <= max <= 450/],
        ["a group the autoscaler would have to grow from zero", { appNodeBounds: "0-3" }, /tickettoken:appNodeBounds = "0-3": must keep at least one node while nodeAutoscaling is on/],
        ["the operator without a ghcr.io credential", { githubCredentialArn: "" }, /tickettoken:githubCredentialArn = "": must name the ecr-pullthroughcache\/ secret while externalSecrets is on/],
        ["a credential ECR would refuse", { githubCredentialArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:github" }, /tickettoken:githubCredentialArn = .*must be empty or the ARN of a Secrets Manager secret named ecr-pullthroughcache\//],
        ["no Prometheus", { prometheusReplicas: "0" }, /tickettoken:prometheusReplicas = "0": must be an integer from 1 to 5/],
        ["volumes gp3 cannot hold", { prometheusVolumeGi: "20000" }, /tickettoken:prometheusVolumeGi = "20000": must be an integer from 10 to 16384/],
        ["a retention CloudWatch does not offer", { containerLogRetentionDays: "10" }, /tickettoken:containerLogRetentionDays = "10": must be one of 1, 3, 5, 7, 14, 30/],
        ["a chart range", { kubePrometheusStackChartVersion: "^88.5.3" }, /tickettoken:kubePrometheusStackChartVersion = "\^88\.5\.3": must be an exact chart version/],
    ];
    for (const [what, patch, message] of cases) {
        it(`refuses ${what}, naming the key`, () => {
            assert.match(configProblems(patch), message);
        });
    }
});
