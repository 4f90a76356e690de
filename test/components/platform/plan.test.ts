import { strict as assert } from "assert";
import { CatalogIndex, withFeatures } from "../../../components/catalog";
import {
    alertmanagerConfig, alertPublisherPolicy, apiServerPorts, AUTOSCALER_DESCRIBE_ACTIONS, autoDiscoveryTags, clusterAutoscalerPolicy, deliveredSecrets,
    kubernetesServiceCidr, logShipperPolicy, loginExternalSecret, nodeToNodePorts, planPlatformNetworkPolicies, serviceScrapeConfigs, serviceSecretStore,
} from "../../../components/platform";
import { TICKETTOKEN } from "../../../infra/catalog";

const catalog = new CatalogIndex(TICKETTOKEN);
const NODES = ["10.0.32.0/19", "10.0.64.0/19"];
const ENDPOINTS = ["10.0.246.0/24", "10.0.247.0/24"];
const addressing = { appNamespace: "tickettoken", nodeCidrs: NODES, serviceCidr: "172.20.0.0/16", awsApiCidrs: ENDPOINTS, ownedNamespaces: ["monitoring", "external-secrets"] };

describe("components/platform: what the catalog's platform flows open", () => {
    it("opens on the nodes' group exactly the ports platform pods, kubelets and istiod are reached on", () => {
        // Alertmanager's gossip and metrics-server to the kubelets; Prometheus has a group of its own, which plans its rules.
        assert.deepEqual(nodeToNodePorts(catalog).map((p) => `${p.protocol}/${p.port}`).sort(), ["tcp/10250", "tcp/9094", "udp/9094"]);
        const kubelet = nodeToNodePorts(catalog).find((p) => p.port === 10250)!;
        assert.equal(kubelet.why, "platform (catalog): metrics-server to kubelet");
        // The API server calls metrics-server's metrics API and the operator's webhook.
        assert.deepEqual(apiServerPorts(catalog), [10250, 10251]);
        assert.deepEqual(nodeToNodePorts(new CatalogIndex(withFeatures(TICKETTOKEN, new Set(["secrets"])))), [], "ESO only calls the API server and the AWS APIs");
    });

    it("names the kubernetes Service's address, the first of the Service range", () => {
        assert.equal(kubernetesServiceCidr("172.20.0.0/16"), "172.20.0.1/32");
        assert.throws(() => kubernetesServiceCidr("fd00::/108"), /not an IPv4 CIDR/);
    });

    describe("NetworkPolicies", () => {
        const plans = planPlatformNetworkPolicies(catalog, addressing);
        const of = (ns: string, name: string) => plans.find((p) => p.namespace === ns && p.name === name)!;

        it("gives each owned namespace a default deny and DNS, and every workload but the host-network agent a policy of its own", () => {
            assert.deepEqual(plans.filter((p) => p.name === "default-deny").map((p) => p.namespace), ["monitoring", "external-secrets"]);
            assert.deepEqual(of("monitoring", "default-deny").spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
            assert.deepEqual(plans.filter((p) => p.name.endsWith("-network-policy")).map((p) => p.name.replace(/-network-policy$/, "")),
                catalog.platform.filter((w) => !w.hostNetwork).map((w) => w.name));
            assert.ok(!plans.some((p) => p.name === "node-exporter-network-policy"), "NetworkPolicies do not select host-network pods");
            // kube-system is shared: only the workloads' own pods are selected, and each carries its DNS rule.
            assert.ok(!plans.some((p) => p.namespace === "kube-system" && Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0));
            const fluentBit = of("kube-system", "fluent-bit-network-policy");
            assert.ok(fluentBit.spec.egress!.some((r) => r.ports.some((p) => p.port === 53)));
            assert.ok(!of("monitoring", "prometheus-network-policy").spec.egress!.some((r) => r.ports.some((p) => p.port === 53)), "an owned namespace has DNS in its baseline");
        });

        it("lets Prometheus out to each service's metrics port in the app namespace, the kubelets, node exporter, istiod and the API server only", () => {
            const egress = of("monitoring", "prometheus-network-policy").spec.egress!;
            const services = egress.filter((r) => JSON.stringify(r.to).includes("tickettoken"));
            assert.equal(services.length, TICKETTOKEN.services.length);
            assert.deepEqual(services[0], {
                to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "tickettoken" } }, podSelector: { matchLabels: { app: "api-gateway" } } }],
                ports: [{ protocol: "TCP", port: 9464 }],
            });
            assert.deepEqual(egress.filter((r) => r.ports[0].port === 10250 || r.ports[0].port === 9100).map((r) => [r.to, r.ports[0].port]), [
                [NODES.map((cidr) => ({ ipBlock: { cidr } })), 9100],
                [NODES.map((cidr) => ({ ipBlock: { cidr } })), 10250],
            ]);
            const api = egress.find((r) => r.ports[0].port === 443)!;
            assert.deepEqual(api.to, [...NODES, "172.20.0.1/32"].map((cidr) => ({ ipBlock: { cidr } })));
        });

        it("admits only the catalog's callers: Prometheus into Alertmanager, the API server into metrics-server and ESO's webhook", () => {
            assert.deepEqual(of("monitoring", "alertmanager-network-policy").spec.ingress, [
                { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }], ports: [{ protocol: "TCP", port: 9093 }] },
                { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "alertmanager" } } }], ports: [{ protocol: "TCP", port: 9094 }] },
                { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "alertmanager" } } }], ports: [{ protocol: "UDP", port: 9094 }] },
            ]);
            assert.deepEqual(of("kube-system", "metrics-server-network-policy").spec.ingress, [{ from: NODES.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: 10251 }] }]);
            assert.deepEqual(of("external-secrets", "external-secrets-webhook-network-policy").spec.ingress, [{ from: NODES.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: 10250 }] }]);
            assert.deepEqual(of("monitoring", "grafana-network-policy").spec.ingress, [], "nothing calls Grafana in the cluster");
        });

        it("sends the AWS API users to the endpoint tier on 443, and nothing anywhere beyond private ranges", () => {
            for (const name of ["alertmanager", "fluent-bit", "cluster-autoscaler", "external-secrets"]) {
                const p = plans.find((x) => x.name === `${name}-network-policy`)!;
                assert.ok(p.spec.egress!.some((r) => JSON.stringify(r.to) === JSON.stringify(ENDPOINTS.map((cidr) => ({ ipBlock: { cidr } }))) && r.ports[0].port === 443), name);
            }
            assert.ok(!of("monitoring", "grafana-network-policy").spec.egress!.some((r) => JSON.stringify(r.to).includes("10.0.246.0/24")), "Grafana calls no AWS API");
            for (const p of plans) {
                for (const r of p.spec.egress ?? []) {
                    assert.ok(r.to.length > 0, `${p.namespace}/${p.name}: every egress rule names its peers`);
                }
            }
        });

        it("needs node ranges, and plans nothing without platform workloads", () => {
            assert.throws(() => planPlatformNetworkPolicies(catalog, { ...addressing, nodeCidrs: [] }), /no node ranges given/);
            assert.deepEqual(planPlatformNetworkPolicies(new CatalogIndex(withFeatures(TICKETTOKEN, new Set())), addressing), []);
        });
    });

    it("scrapes each service's pods on its metrics port with the mesh's certificates", () => {
        const [job] = serviceScrapeConfigs("tickettoken", [{ service: "venue-service", port: 9464 }]) as any[];
        assert.equal(job.job_name, "tickettoken/venue-service");
        assert.equal(job.scheme, "https");
        assert.deepEqual(job.tls_config, {
            ca_file: "/etc/prom-certs/root-cert.pem", cert_file: "/etc/prom-certs/cert-chain.pem", key_file: "/etc/prom-certs/key.pem", insecure_skip_verify: true,
        });
        assert.deepEqual(job.kubernetes_sd_configs, [{ role: "pod", namespaces: { names: ["tickettoken"] } }]);
        assert.deepEqual(job.relabel_configs[0], { source_labels: ["__meta_kubernetes_pod_label_app"], action: "keep", regex: "venue-service" });
        assert.deepEqual(job.relabel_configs[2], { source_labels: ["__meta_kubernetes_pod_ip"], target_label: "__address__", replacement: "$1:9464" });
    });

    it("routes every alert to the SNS topic by severity, signed with SigV4, the heartbeat to nowhere", () => {
        const c = alertmanagerConfig("arn:aws:sns:us-east-1:123456789012:alerts", "us-east-1") as any;
        assert.equal(c.route.receiver, "default");
        assert.deepEqual(c.route.routes.map((r: any) => [r.receiver, r.matchers[0]]), [["null", 'alertname = "Watchdog"'], ["critical", 'severity = "critical"'], ["warning", 'severity = "warning"']]);
        assert.deepEqual(c.receivers.map((r: any) => r.name), ["null", "default", "critical", "warning"]);
        for (const r of c.receivers.slice(1)) {
            assert.deepEqual(r.sns_configs.map((s: any) => [s.topic_arn, s.sigv4, s.attributes]), [["arn:aws:sns:us-east-1:123456789012:alerts", { region: "us-east-1" }, { severity: r.name }]]);
        }
    });

    it("grants each platform role exactly its resource", () => {
        assert.deepEqual(alertPublisherPolicy("arn:aws:sns:us-east-1:1:t", "arn:aws:kms:us-east-1:1:key/k", "us-east-1", "amazonaws.com"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "PublishAlerts", Effect: "Allow", Action: "sns:Publish", Resource: ["arn:aws:sns:us-east-1:1:t"] },
                { Sid: "EncryptAlertsThroughSns", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: ["arn:aws:kms:us-east-1:1:key/k"], Condition: { StringEquals: { "kms:ViaService": "sns.us-east-1.amazonaws.com" } } },
            ],
        });
        assert.deepEqual((logShipperPolicy("arn:aws:logs:us-east-1:1:log-group:/aws/eks/c/containers") as any).Statement, [{
            Sid: "ShipContainerLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            Resource: ["arn:aws:logs:us-east-1:1:log-group:/aws/eks/c/containers", "arn:aws:logs:us-east-1:1:log-group:/aws/eks/c/containers:log-stream:*"],
        }]);
        const ca = clusterAutoscalerPolicy("tickettoken-prod") as any;
        assert.deepEqual(ca.Statement[0], { Sid: "Describe", Effect: "Allow", Action: [...AUTOSCALER_DESCRIBE_ACTIONS], Resource: "*" });
        assert.ok(AUTOSCALER_DESCRIBE_ACTIONS.every((a) => /:(Describe|Get)/.test(a)), "only reads are unscoped");
        assert.deepEqual(ca.Statement[1].Action, ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
        assert.deepEqual(ca.Statement[1].Condition, { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/tickettoken-prod": "owned" } });
        assert.deepEqual(autoDiscoveryTags("tickettoken-prod"), { "k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/tickettoken-prod": "owned" });
    });

    it("delivers each service's own logins through a store that authenticates as that service", () => {
        const secrets = deliveredSecrets(catalog);
        assert.deepEqual(secrets.map((s) => s.secretName), [
            "event-service-mongodb-login", "event-service-rabbitmq-login", "ticket-service-rabbitmq-login", "venue-service-mongodb-login",
            "venue-service-rabbitmq-login", "payment-service-rabbitmq-login", "transfer-service-rabbitmq-login",
        ]);
        assert.ok(!secrets.some((s) => s.service === "api-gateway" || s.service === "auth-service"), "IAM logins and the gateway's cache password are no Secrets Manager secrets");
        assert.deepEqual(serviceSecretStore("venue-service", "venue-service", "tickettoken", "us-east-1").spec, {
            provider: { aws: { service: "SecretsManager", region: "us-east-1", auth: { jwt: { serviceAccountRef: { name: "venue-service" } } } } },
        });
        const es = loginExternalSecret(secrets[3], "arn:aws:secretsmanager:us-east-1:1:secret:venue", "tickettoken");
        assert.deepEqual(es.spec.secretStoreRef, { kind: "SecretStore", name: "venue-service" });
        assert.deepEqual(es.spec.dataFrom, [{ extract: { key: "arn:aws:secretsmanager:us-east-1:1:secret:venue" } }]);
        assert.deepEqual(es.metadata.labels, { app: "venue-service" });
    });
});
