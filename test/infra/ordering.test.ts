import { strict as assert } from "assert";
import { CatalogIndex } from "../../components/catalog";
import { awsApisInUse, endpointService } from "../../components/identity";
import { DEFAULT_INTERFACE_ENDPOINTS } from "../../components/network";
import { TICKETTOKEN } from "../../infra/catalog";
import { RecordedResource } from "../../tools/harness/recorder";
import { RunResult } from "../../tools/harness/run";
import { all, one } from "../support/resources";
import { runAllStacks, STACKS } from "../support/stacks";

const RELEASE = "kubernetes:helm.sh/v3:Release";

/** URNs `r` waits for: its dependsOn and every property's dependencies. */
function waitsFor(r: RecordedResource): Set<string> {
    return new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()]);
}

// What each resource waits for on a brand-new account and cluster, where the engine creates everything
// in parallel unless told otherwise.
describe("infra (whole stack): ordering on a new account and a new cluster", () => {
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks({ preview: true });
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("starts no Helm release before both node groups exist and CoreDNS is active", () => {
                const run = runs[stack];
                const nodeGroups = all(run, "aws:eks/nodeGroup:NodeGroup").map((g) => g.urn);
                const coredns = one(run, "aws:eks/addon:Addon", "tickettoken-cluster-coredns").urn;
                assert.equal(nodeGroups.length, 2);
                const releases = all(run, RELEASE).filter((r) => r.inputs.chart !== "base");
                // The Kubernetes layer's four, and the platform's five (observability 2, autoscaling 2, secrets 1).
                assert.equal(releases.length, 5 + 5, "every release that runs pods");
                for (const r of releases) {
                    const deps = waitsFor(r);
                    for (const urn of [...nodeGroups, coredns]) {
                        assert.ok(deps.has(urn), `${r.name} waits for ${urn.split("::").pop()}`);
                    }
                }
            });

            it("installs Kong's gateway before its controller, unawaited, and everything the controller judges after the controller", () => {
                const run = runs[stack];
                const gateway = one(run, RELEASE, "tickettoken-gateway-gateway");
                const controller = one(run, RELEASE, "tickettoken-gateway-controller");
                // The controller exits unless it finds gateway pods, and a DB-less gateway pod is ready only
                // once the controller configured it: the gateway's release cannot wait for readiness.
                assert.ok(waitsFor(controller).has(gateway.urn), "the controller waits for the gateway's objects");
                assert.ok(!waitsFor(gateway).has(controller.urn), "the gateway does not wait for the controller");
                assert.deepEqual([gateway.inputs.skipAwait, gateway.inputs.atomic], [true, false], "the gateway's release awaits nothing (atomic would wait)");
                assert.deepEqual([controller.inputs.skipAwait, controller.inputs.atomic], [false, true], "the controller's release waits until it is ready");
                const judged = [
                    ...all(run, "kubernetes:configuration.konghq.com/v1:KongPlugin"),
                    ...all(run, "kubernetes:configuration.konghq.com/v1:KongClusterPlugin"),
                    ...all(run, "kubernetes:configuration.konghq.com/v1:KongConsumer"),
                    ...all(run, "kubernetes:networking.k8s.io/v1:Ingress"),
                    ...all(run, "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding"),
                ];
                assert.ok(judged.length >= 8);
                for (const r of judged) {
                    assert.ok(waitsFor(r).has(controller.urn), `${r.name} waits for Kong's controller`);
                }
            });

            it("pulls no chart's image before its pull-through cache rule exists", () => {
                const run = runs[stack];
                const rules = new Map(all(run, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule").map((r) => [r.inputs.upstreamRegistryUrl, r.urn]));
                const upstreamOf: Record<string, string> = {
                    "tickettoken-mesh-cni": "registry-1.docker.io",
                    "tickettoken-mesh-istiod": "registry-1.docker.io",
                    "tickettoken-gateway-controller": "registry-1.docker.io",
                    "tickettoken-gateway-gateway": "registry-1.docker.io",
                    "tickettoken-lb-controller-release": "public.ecr.aws",
                    "tickettoken-observability-prometheus-stack": "quay.io",
                    "tickettoken-observability-fluent-bit": "public.ecr.aws",
                    "tickettoken-autoscaling-cluster-autoscaler": "registry.k8s.io",
                    "tickettoken-autoscaling-metrics-server": "registry.k8s.io",
                    "tickettoken-secrets-operator": "ghcr.io",
                };
                for (const [release, upstream] of Object.entries(upstreamOf)) {
                    const values = one(run, RELEASE, release).propertyDependencies.values ?? [];
                    assert.ok(values.includes(rules.get(upstream)!), `${release} waits for the ${upstream} cache rule`);
                }
            });

            it("boots no node before its security-group rules and the VPC endpoints it reaches AWS through exist", () => {
                const run = runs[stack];
                const nodeRules = [
                    ...all(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
                    ...all(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
                ].filter((r) => r.name.startsWith("tickettoken-cluster-nodes-") || r.name.startsWith("tickettoken-cluster-control-plane-"));
                assert.ok(nodeRules.length >= 10);
                // The network's endpoints; GuardDuty's runtime agent endpoint (operations) serves the agent, not the node's boot.
                const endpoints = all(run, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.name.startsWith("tickettoken-endpoint-")).map((e) => e.urn);
                // The nodes' interface endpoints and the services' and platform workloads' (STS, Secrets Manager, SNS, Auto Scaling...), once each, and S3's gateway endpoint.
                const interfaces = new Set([...DEFAULT_INTERFACE_ENDPOINTS, ...awsApisInUse(new CatalogIndex(TICKETTOKEN)).map(endpointService)]);
                assert.equal(endpoints.length, interfaces.size + 1, `${[...interfaces].join(", ")} and s3`);
                for (const g of all(run, "aws:eks/nodeGroup:NodeGroup")) {
                    const deps = waitsFor(g);
                    for (const urn of [...nodeRules.map((r) => r.urn), ...endpoints, one(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "tickettoken-endpoints-https").urn]) {
                        assert.ok(deps.has(urn), `${g.name} waits for ${urn.split("::").pop()}`);
                    }
                }
            });

            it("configures vpc-cni (pod ENIs, network policy) before any node joins, and the StorageClass after the EBS driver", () => {
                const run = runs[stack];
                const cni = one(run, "aws:eks/addon:Addon", "tickettoken-cluster-vpc-cni").urn;
                for (const g of all(run, "aws:eks/nodeGroup:NodeGroup")) {
                    assert.ok(waitsFor(g).has(cni), g.name);
                }
                const ebs = one(run, "aws:eks/addon:Addon", "tickettoken-cluster-aws-ebs-csi-driver");
                for (const g of all(run, "aws:eks/nodeGroup:NodeGroup")) {
                    assert.ok(waitsFor(ebs).has(g.urn), `the EBS driver waits for ${g.name}`);
                }
                assert.ok(waitsFor(one(run, "kubernetes:storage.k8s.io/v1:StorageClass", "tickettoken-cluster-gp3-encrypted")).has(ebs.urn));
            });

            it("starts Prometheus after its security group binding, its NetworkPolicy and istiod (it carries a sidecar)", () => {
                const run = runs[stack];
                const deps = waitsFor(one(run, RELEASE, "tickettoken-observability-prometheus-stack"));
                for (const [type, name] of [
                    ["kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy", "tickettoken-platform-prometheus-security-group"],
                    ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "tickettoken-platform-monitoring-prometheus-network-policy"],
                    ["kubernetes:core/v1:Namespace", "tickettoken-platform-monitoring"],
                    [RELEASE, "tickettoken-mesh-istiod"],
                    ["aws:iam/role:Role", "tickettoken-observability-alertmanager-role"],
                ]) {
                    assert.ok(deps.has(one(run, type, name).urn), `waits for ${name}`);
                }
            });

            it("creates each service's SecretStore after the operator and the service's ServiceAccount and role, its ExternalSecrets after the store", () => {
                const run = runs[stack];
                const operator = one(run, RELEASE, "tickettoken-secrets-operator").urn;
                for (const store of all(run, "kubernetes:external-secrets.io/v1:SecretStore")) {
                    const service = store.inputs.metadata.name;
                    const deps = waitsFor(store);
                    assert.ok(deps.has(operator), `${service}'s store waits for the operator (its CRDs and webhook)`);
                    assert.ok(deps.has(one(run, "kubernetes:core/v1:ServiceAccount", `tickettoken-identity-${service}`).urn), `${service}'s store waits for its ServiceAccount`);
                    assert.ok(deps.has(one(run, "aws:iam/role:Role", `tickettoken-identity-${service}-role`).urn), `${service}'s store waits for its role`);
                }
                for (const es of all(run, "kubernetes:external-secrets.io/v1:ExternalSecret")) {
                    const store = one(run, "kubernetes:external-secrets.io/v1:SecretStore", `tickettoken-secrets-store-${es.inputs.spec.secretStoreRef.name}`);
                    assert.ok(waitsFor(es).has(store.urn), `${es.name} waits for its store`);
                }
            });
        });
    }
});
