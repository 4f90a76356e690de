import { strict as assert } from "assert";
import { CatalogIndex } from "../../components/catalog";
import { AUTOSCALER_DESCRIBE_ACTIONS, AUTOSCALER_SCALE_ACTIONS } from "../../components/platform";
import { loadStackConfig } from "../../infra/config";
import { TICKETTOKEN } from "../../infra/catalog";
import { RunResult } from "../../tools/harness/run";
import { stackSource } from "../support/config";
import { inlinePolicy, trustPolicy } from "../support/paths";
import { all, one } from "../support/resources";
import { runAllStacks, STACKS } from "../support/stacks";
import { runStack } from "../../tools/harness/run";
import { analyzeRun, mandatory } from "../../tools/analyzer";
import { stackPackConfig } from "../support/pack";
import { plainObject } from "../support/schemas";

const catalog = new CatalogIndex(TICKETTOKEN);
const RELEASE = "kubernetes:helm.sh/v3:Release";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const values = (run: RunResult, name: string) => plainObject(one(run, RELEASE, name).inputs.values);

/** What each stack file asks of the platform (Pulumi.<stack>.yaml over Pulumi.yaml's defaults). */
const EXPECTED = {
    dev: { prometheusReplicas: 1, retention: "7d", volume: "20Gi", alertmanagerReplicas: 1, grafana: "5Gi", logDays: 7 },
    staging: { prometheusReplicas: 2, retention: "30d", volume: "50Gi", alertmanagerReplicas: 2, grafana: "10Gi", logDays: 30 },
    prod: { prometheusReplicas: 2, retention: "30d", volume: "50Gi", alertmanagerReplicas: 2, grafana: "10Gi", logDays: 90 },
} as const;

// A stack with every platform feature off: nothing of theirs is built, opened or mirrored, and the pack passes.
describe("infra (whole stack): the platform's features off", () => {
    let run: RunResult;
    before(async function () {
        this.timeout(300000);
        run = await runStack("prod", {
            "tickettoken:observability": false, "tickettoken:nodeAutoscaling": false, "tickettoken:externalSecrets": false, "tickettoken:githubCredentialArn": "",
        }, { preview: true });
    });

    it("builds no platform namespace, policy, release, role, pod group or endpoint, and opens no metrics port", () => {
        assert.ok(!run.resources.some((r) => /^tickettoken-(platform|observability|autoscaling|secrets)-/.test(r.name) && r.custom));
        assert.ok(!all(run, "aws:ec2/securityGroup:SecurityGroup").some((g) => g.inputs.tags?.["tickettoken/platform"] && g.inputs.tags?.["tickettoken/workload"]));
        const rules = [...all(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"), ...all(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")];
        assert.ok(!rules.some((r) => [9464, 9094, 10251].includes(r.inputs.fromPort)), "no scrape, gossip or metrics API port");
        const endpoints = all(run, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => String(e.inputs.serviceName).split(".").slice(3).join("."));
        assert.ok(!endpoints.includes("sns") && !endpoints.includes("autoscaling"), endpoints.join(", "));
        assert.deepEqual(all(run, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule").map((r) => r.inputs.upstreamRegistryUrl).sort(), ["public.ecr.aws", "quay.io", "registry-1.docker.io", "registry.k8s.io"]);
        for (const g of all(run, "aws:eks/nodeGroup:NodeGroup")) {
            assert.deepEqual(g.ignoreChanges, [], "without an autoscaler, the stack owns the desired size");
            assert.equal(Object.keys(g.inputs.tags).filter((k) => k.startsWith("k8s.io/cluster-autoscaler/")).length, 0);
        }
    });

    it("passes the pack", async function () {
        this.timeout(120000);
        assert.deepEqual(mandatory(await analyzeRun(run, { config: stackPackConfig("prod") })), []);
    });
});

// The platform's workloads in each whole stack, wired to the real outputs of
// the cluster, the operations layer and the stores.
describe("infra (whole stack): the platform's workloads", () => {
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    it("reads each stack's settings from its stack file", () => {
        for (const stack of STACKS) {
            const o = loadStackConfig(stackSource(stack)).platform.observability!;
            const e = EXPECTED[stack];
            assert.deepEqual([o.prometheusReplicas, `${o.prometheusRetentionDays}d`, `${o.prometheusVolumeGi}Gi`, o.alertmanagerReplicas, `${o.grafanaVolumeGi}Gi`, o.containerLogRetentionDays],
                [e.prometheusReplicas, e.retention, e.volume, e.alertmanagerReplicas, e.grafana, e.logDays], stack);
        }
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("builds the monitoring and external-secrets namespaces, Pod Security restricted enforced, and the platform's five releases", () => {
                const run = runs[stack];
                for (const ns of ["monitoring", "external-secrets"]) {
                    const labels = one(run, "kubernetes:core/v1:Namespace", `tickettoken-platform-${ns}`).inputs.metadata.labels;
                    assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted", ns);
                    assert.equal(labels["pod-security.kubernetes.io/enforce-version"], "v1.34", ns);
                }
                const releases = all(run, RELEASE).filter((r) => /^tickettoken-(observability|autoscaling|secrets)-/.test(r.name));
                assert.deepEqual(releases.map((r) => [r.inputs.chart, r.inputs.version, r.inputs.namespace]).sort(), [
                    ["aws-for-fluent-bit", "0.2.0", "kube-system"],
                    ["cluster-autoscaler", "9.59.0", "kube-system"],
                    ["external-secrets", "2.9.0", "external-secrets"],
                    ["kube-prometheus-stack", "88.5.3", "monitoring"],
                    ["metrics-server", "3.13.1", "kube-system"],
                ]);
            });

            it("registers the platform's resources, by type", () => {
                const run = runs[stack];
                const counts: Record<string, number> = {};
                for (const r of run.resources.filter((x) => x.custom && /^tickettoken-(platform|observability|autoscaling|secrets)-/.test(x.name))) {
                    counts[r.type] = (counts[r.type] ?? 0) + 1;
                }
                assert.deepEqual(counts, {
                    "kubernetes:core/v1:Namespace": 2,
                    // monitoring and external-secrets: a default deny and DNS each; one per workload but node exporter.
                    "kubernetes:networking.k8s.io/v1:NetworkPolicy": 2 * 2 + catalog.platform.filter((w) => !w.hostNetwork).length,
                    "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy": 1,
                    "aws:cloudwatch/logGroup:LogGroup": 1,
                    // Alertmanager, Fluent Bit, Cluster Autoscaler; none for the External Secrets Operator.
                    "aws:iam/role:Role": 3,
                    "aws:iam/rolePolicy:RolePolicy": 3,
                    "kubernetes:helm.sh/v3:Release": 5,
                    "kubernetes:core/v1:ConfigMap": 1,
                    // A store per service with logins of its own, a secret per login.
                    "kubernetes:external-secrets.io/v1:SecretStore": 5,
                    "kubernetes:external-secrets.io/v1:ExternalSecret": 7,
                });
            });

            it("derives the platform's NetworkPolicies from the catalog: a baseline per owned namespace, one per workload", () => {
                const run = runs[stack];
                const policies = all(run, NETWORK_POLICY).filter((p) => p.name.startsWith("tickettoken-platform-"));
                const byNamespace = (ns: string) => policies.filter((p) => p.inputs.metadata.namespace === ns).map((p) => p.inputs.metadata.name).sort();
                const perWorkload = (ns: string) => catalog.platform.filter((w) => w.namespace === ns && !w.hostNetwork).map((w) => `${w.name}-network-policy`);
                assert.deepEqual(byNamespace("monitoring"), ["allow-dns", "default-deny", ...perWorkload("monitoring")].sort());
                assert.deepEqual(byNamespace("external-secrets"), ["allow-dns", "default-deny", ...perWorkload("external-secrets")].sort());
                assert.deepEqual(byNamespace("kube-system"), perWorkload("kube-system").sort());
                // Every service admits Prometheus on its metrics port, and nothing else from the monitoring namespace.
                for (const s of catalog.catalog.services) {
                    const p = all(run, NETWORK_POLICY).find((x) => x.inputs.metadata.namespace === "tickettoken" && x.inputs.metadata.name === `${s.name}-network-policy`)!;
                    const fromMonitoring = p.inputs.spec.ingress.filter((r: any) => JSON.stringify(r.from).includes('"monitoring"'));
                    assert.deepEqual(fromMonitoring.map((r: any) => [r.from[0].podSelector.matchLabels, r.ports]), [[{ "app.kubernetes.io/name": "prometheus" }, [{ protocol: "TCP", port: s.metricsPort }]]], s.name);
                }
            });

            it("runs Prometheus with the stack's replicas, retention and encrypted volumes, scraping every catalog service through the mesh", () => {
                const run = runs[stack];
                const e = EXPECTED[stack];
                const v = values(run, "tickettoken-observability-prometheus-stack");
                const spec = v.prometheus.prometheusSpec;
                assert.equal(spec.replicas, e.prometheusReplicas);
                assert.equal(spec.retention, e.retention);
                assert.deepEqual(spec.storageSpec.volumeClaimTemplate.spec, {
                    storageClassName: run.outputs.defaultStorageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: e.volume } },
                });
                assert.equal(v.alertmanager.alertmanagerSpec.replicas, e.alertmanagerReplicas);
                assert.equal(v.grafana.persistence.size, e.grafana);
                assert.deepEqual(spec.additionalScrapeConfigs.map((j: any) => j.job_name), catalog.catalog.services.map((s) => `tickettoken/${s.name}`));
                assert.equal(spec.podMetadata.labels["sidecar.istio.io/inject"], "true", "a sidecar for the mesh's certificates");
                assert.equal(spec.podMetadata.annotations["traffic.sidecar.istio.io/includeOutboundIPRanges"], "", "which intercepts nothing");
                const registries = run.outputs.imageRegistries as Record<string, string>;
                assert.equal(spec.image.registry, registries["quay.io"]);
                assert.equal(v.grafana.image.registry, registries["docker.io"]);
                assert.equal(v["kube-state-metrics"].image.registry, registries["registry.k8s.io"]);
                assert.equal(v.grafana.initChownData.enabled, false, "no root init container");
                assert.equal(v.prometheusOperator.admissionWebhooks.enabled, false);
            });

            it("routes Alertmanager to the stack's alert topic through a role allowed only to publish there", () => {
                const run = runs[stack];
                const v = values(run, "tickettoken-observability-prometheus-stack");
                const topic = run.outputs.alertTopicArn as string;
                const receivers = v.alertmanager.config.receivers.filter((r: any) => r.sns_configs);
                assert.deepEqual(receivers.map((r: any) => r.name), ["default", "critical", "warning"]);
                assert.ok(receivers.every((r: any) => r.sns_configs[0].topic_arn === topic && r.sns_configs[0].sigv4.region === "us-east-1"));
                const role = one(run, "aws:iam/role:Role", "tickettoken-observability-alertmanager-role");
                assert.equal(v.alertmanager.serviceAccount.annotations["eks.amazonaws.com/role-arn"], (role.outputs as any).arn ?? `${role.name}-arn`);
                const subs = trustPolicy(run, role.name).Statement.map((s: any) => Object.entries(s.Condition.StringEquals).find(([k]) => k.endsWith(":sub"))![1]);
                assert.deepEqual(subs, [`system:serviceaccount:monitoring:${v.alertmanager.serviceAccount.name}`]);
                const policy = inlinePolicy(run, "tickettoken-observability-alertmanager-inline")!;
                assert.deepEqual(policy.Statement.map((s: any) => [s.Action, s.Resource]), [
                    ["sns:Publish", [topic]],
                    [["kms:GenerateDataKey", "kms:Decrypt"], [run.outputs.alertTopicKeyArn]],
                ]);
                // Those IAM grants take effect because the topic's key lets the account's IAM policies grant its use,
                // and the topic's policy denies nothing but publishes without TLS.
                const key = JSON.parse(one(run, "aws:kms/key:Key", "tickettoken-alerts-key").inputs.policy);
                assert.ok(key.Statement.some((s: any) => s.Effect === "Allow" && s.Principal?.AWS === "arn:aws:iam::123456789012:root" && s.Action === "kms:*"));
                const topicPolicy = JSON.parse(one(run, "aws:sns/topicPolicy:TopicPolicy", "tickettoken-alerts-topic").inputs.policy);
                assert.deepEqual(topicPolicy.Statement.filter((s: any) => s.Effect === "Deny").map((s: any) => s.Condition), [{ Bool: { "aws:SecureTransport": "false" } }]);
            });

            it("ships container logs to a log group of its own with the stack's retention, through a role scoped to that group", () => {
                const run = runs[stack];
                const group = one(run, "aws:cloudwatch/logGroup:LogGroup", "tickettoken-observability-containers");
                assert.equal(group.inputs.name, `/aws/eks/tickettoken-${stack}/containers`);
                assert.equal(group.inputs.retentionInDays, EXPECTED[stack].logDays);
                const v = values(run, "tickettoken-observability-fluent-bit");
                assert.equal(v.cloudWatchLogs.logGroupName, group.inputs.name);
                assert.equal(v.cloudWatchLogs.autoCreateGroup, false);
                assert.equal(v.cloudWatchLogs.stsEndpoint, "https://sts.us-east-1.amazonaws.com", "the regional STS, reached through its endpoint");
                const arn = (group.outputs as any).arn;
                assert.deepEqual(inlinePolicy(run, "tickettoken-observability-fluent-bit-inline")!.Statement.map((s: any) => [s.Action, s.Resource]), [
                    [["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], [arn, `${arn}:log-stream:*`]],
                ]);
                const subs = trustPolicy(run, "tickettoken-observability-fluent-bit-role").Statement.map((s: any) => Object.entries(s.Condition.StringEquals).find(([k]) => k.endsWith(":sub"))![1]);
                assert.deepEqual(subs, [`system:serviceaccount:kube-system:${v.serviceAccount.name}`]);
            });

            it("scales the node groups between their bounds with a role that may resize only this cluster's groups", () => {
                const run = runs[stack];
                const cluster = `tickettoken-${stack}`;
                const v = values(run, "tickettoken-autoscaling-cluster-autoscaler");
                assert.equal(v.autoDiscovery.clusterName, cluster);
                assert.equal(v.image.tag, "v1.34.5", "the autoscaler of the cluster's minor");
                const policy = inlinePolicy(run, "tickettoken-autoscaling-cluster-autoscaler-inline")!;
                assert.deepEqual(policy.Statement.map((s: any) => [s.Action, s.Resource, s.Condition]), [
                    [[...AUTOSCALER_DESCRIBE_ACTIONS], "*", undefined],
                    [[...AUTOSCALER_SCALE_ACTIONS], "*", { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster}`]: "owned" } }],
                ]);
                const sizes = loadStackConfig(stackSource(stack)).cluster.nodeGroups;
                for (const g of all(run, "aws:eks/nodeGroup:NodeGroup")) {
                    assert.equal(g.inputs.tags[`k8s.io/cluster-autoscaler/${cluster}`], "owned");
                    assert.deepEqual(g.ignoreChanges, ["scalingConfig.desiredSize"], "an up leaves the autoscaler's desired size alone");
                    const role = g.inputs.labels["tickettoken/node-group"] as "system" | "apps";
                    assert.deepEqual([g.inputs.scalingConfig.minSize, g.inputs.scalingConfig.maxSize], [sizes[role].counts.min, sizes[role].counts.max]);
                }
                const ms = values(run, "tickettoken-autoscaling-metrics-server");
                assert.equal(ms.containerPort, 10251);
                assert.equal(ms.apiService.insecureSkipTLSVerify, false);
            });

            it("delivers each service's own secrets through a store that is that service, and nothing through the operator's own identity", () => {
                const run = runs[stack];
                const ids = run.outputs.serviceIdentities as Record<string, any>;
                const stores = all(run, "kubernetes:external-secrets.io/v1:SecretStore");
                const withSecrets = Object.entries(ids).filter(([, i]) => Object.values<any>(i.stores).some((s) => s.secretArn)).map(([s]) => s);
                assert.deepEqual(stores.map((s) => s.inputs.metadata.name).sort(), withSecrets.sort());
                for (const s of stores) {
                    const service = s.inputs.metadata.name;
                    assert.equal(s.inputs.metadata.namespace, ids[service].namespace);
                    assert.deepEqual(s.inputs.spec.provider.aws.auth, { jwt: { serviceAccountRef: { name: ids[service].serviceAccount } } });
                }
                for (const es of all(run, "kubernetes:external-secrets.io/v1:ExternalSecret")) {
                    const service = es.inputs.spec.secretStoreRef.name;
                    const own = Object.values<any>(ids[service].stores).map((x) => x.secretArn).filter(Boolean);
                    assert.ok(own.includes(es.inputs.spec.dataFrom[0].extract.key), `${es.name} reads only its service's own secret`);
                }
                const v = values(run, "tickettoken-secrets-operator");
                assert.deepEqual(v.serviceAccount, { create: true, name: "external-secrets" }, "no IAM role on the operator");
                assert.equal(v.processClusterStore, false, "no cluster-wide store can serve every namespace");
                assert.ok(!all(run, "aws:iam/role:Role").some((r) => r.name.startsWith("tickettoken-secrets-")));
            });
        });
    }
});
