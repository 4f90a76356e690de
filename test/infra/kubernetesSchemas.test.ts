import { strict as assert } from "assert";
import { RunResult } from "../../tools/harness/run";
import { all } from "../support/resources";
import { runAllStacks, STACKS } from "../support/stacks";
import {
    describeProblems, kubernetesObjects, ObjectValidator, parseKubernetesType, plainObject, SCHEMA_ISTIO_VERSION, SCHEMA_KUBERNETES_VERSION, schemaSourceOf, validatorOf,
} from "../support/schemas";
import { CUSTOM_RESOURCES } from "../support/schemas/customResources";

// Mocks accept any object; the API server does not. Every Kubernetes object
// each stack registers is held against the schema the cluster would use:
// wrong types and missing required fields are refused, and so are fields the
// schema lacks, which the API server would drop without a word.

/** "1.34" → 34 */
function minor(version: string): number {
    return Number(version.split(".")[1]);
}

function problemsOf(validate: ObjectValidator, o: Record<string, unknown>): string[] {
    return validate(o).map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`));
}

/** A deep copy with `edit` applied. */
function edited<T>(o: T, edit: (copy: any) => void): T {
    const copy = structuredClone(o);
    edit(copy);
    return copy;
}

describe("Kubernetes objects against their real schemas", () => {
    describe("the validators refuse what the API server would refuse or drop", () => {
        const policy = {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: "venue", namespace: "tickettoken", labels: { "any/label": "ok" } },
            spec: {
                podSelector: { matchLabels: { app: "venue-service" } },
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ podSelector: { matchLabels: { app: "api-gateway" } } }], ports: [{ port: 3004, protocol: "TCP" }] }],
            },
        };
        let networkPolicy: ObjectValidator;
        before(async () => {
            networkPolicy = await validatorOf("kubernetes:networking.k8s.io/v1:NetworkPolicy");
        });

        it("built-in kinds (kubernetes-models): a valid object passes, map keys such as labels are free", () => {
            assert.deepEqual(problemsOf(networkPolicy, policy), []);
        });

        it("built-in kinds: an unknown field fails, at any depth", () => {
            assert.deepEqual(problemsOf(networkPolicy, edited(policy, (o) => (o.spec.ingres = []))), ["spec.ingres: is not a field of the schema (the API server would drop it)"]);
            assert.deepEqual(
                problemsOf(networkPolicy, edited(policy, (o) => (o.spec.ingress[0].from[0].podSelector.matchLabel = { app: "x" }))),
                ["spec.ingress[0].from[0].podSelector.matchLabel: is not a field of the schema (the API server would drop it)"],
            );
            assert.deepEqual(problemsOf(networkPolicy, edited(policy, (o) => (o.metadata.label = {}))), ["metadata.label: is not a field of the schema (the API server would drop it)"]);
        });

        it("built-in kinds: a wrong type and a missing required field fail", () => {
            assert.deepEqual(problemsOf(networkPolicy, edited(policy, (o) => (o.spec.policyTypes = "Ingress"))), ["spec.policyTypes: must be array"]);
            assert.deepEqual(problemsOf(networkPolicy, edited(policy, (o) => delete o.spec.podSelector)), ["spec.podSelector: is required"]);
            assert.deepEqual(problemsOf(networkPolicy, edited(policy, (o) => (o.spec.ingress[0].ports[0].port = true))).length > 0, true);
        });

        it("built-in kinds: an object registered under another kind, and a beta or unknown API, fail", async () => {
            assert.deepEqual(problemsOf(networkPolicy, edited(policy, (o) => (o.kind = "Ingress"))), [
                "is networking.k8s.io/v1 Ingress, registered as kubernetes:networking.k8s.io/v1:NetworkPolicy",
                'kind: must be one of ["NetworkPolicy"]',
            ]);
            const beta = await validatorOf("kubernetes:networking.k8s.io/v1beta1:Ingress");
            assert.match(problemsOf(beta, { apiVersion: "networking.k8s.io/v1beta1", kind: "Ingress", metadata: { name: "x" } })[0], /not a GA API/);
            await assert.rejects(validatorOf("kubernetes:core/v1:NoSuchKind"), /kubernetes-models \(Kubernetes 1\.33\) has no v1 NoSuchKind/);
        });

        it("Istio's kinds (@kubernetes-models/istio): unknown field, wrong value, wrong type, missing required field", async () => {
            const peer = await validatorOf("kubernetes:security.istio.io/v1:PeerAuthentication");
            const strict = { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace: "istio-system" }, spec: { mtls: { mode: "STRICT" } } };
            assert.deepEqual(problemsOf(peer, strict), []);
            assert.deepEqual(problemsOf(peer, edited(strict, (o) => (o.spec.mtls.mod = "STRICT"))), ["spec.mtls.mod: is not a field of the schema (the API server would drop it)"]);
            assert.match(problemsOf(peer, edited(strict, (o) => (o.spec.mtls.mode = "STRICTEST")))[0], /^spec\.mtls\.mode: must be one of \[.*"STRICT".*\]$/);
            assert.deepEqual(problemsOf(peer, edited(strict, (o) => (o.spec.mtls = "STRICT"))), ["spec.mtls: must be object"]);
            const entry = await validatorOf("kubernetes:networking.istio.io/v1:ServiceEntry");
            assert.deepEqual(problemsOf(entry, { apiVersion: "networking.istio.io/v1", kind: "ServiceEntry", metadata: { name: "x", namespace: "tickettoken" }, spec: { location: "MESH_EXTERNAL" } }), ["spec.hosts: is required"]);
        });

        // One valid object per custom resource schema, and one edit of each kind of fault.
        const samples: Record<string, { valid: Record<string, unknown>; unknown: (o: any) => void; wrongType: (o: any) => void; missing: (o: any) => void }> = {
            "elbv2.k8s.aws/v1beta1:TargetGroupBinding": {
                valid: { apiVersion: "elbv2.k8s.aws/v1beta1", kind: "TargetGroupBinding", metadata: { name: "gw", namespace: "tickettoken" }, spec: { serviceRef: { name: "gw", port: 8000 }, targetGroupARN: "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/y", targetType: "ip" } },
                unknown: (o) => (o.spec.targetGroupArn = o.spec.targetGroupARN),
                wrongType: (o) => (o.spec.serviceRef.port = { number: 8000 }),
                missing: (o) => delete o.spec.serviceRef.name,
            },
            "configuration.konghq.com/v1:KongPlugin": {
                valid: { apiVersion: "configuration.konghq.com/v1", kind: "KongPlugin", metadata: { name: "jwt", namespace: "tickettoken" }, plugin: "jwt", config: { claims_to_verify: ["exp"] } },
                unknown: (o) => (o.spec = { plugin: "jwt" }),
                wrongType: (o) => (o.disabled = "false"),
                missing: (o) => delete o.plugin,
            },
            "configuration.konghq.com/v1:KongClusterPlugin": {
                valid: {
                    apiVersion: "configuration.konghq.com/v1", kind: "KongClusterPlugin", metadata: { name: "rl", labels: { global: "true" } }, plugin: "rate-limiting", config: { minute: 1 },
                    configPatches: [{ path: "/redis/password", valueFrom: { secretKeyRef: { namespace: "tickettoken", name: "s", key: "password" } } }],
                },
                unknown: (o) => (o.configPatches[0].value = "x"),
                wrongType: (o) => (o.protocols = "https"),
                missing: (o) => delete o.configPatches[0].valueFrom.secretKeyRef.namespace,
            },
            "configuration.konghq.com/v1:KongConsumer": {
                valid: { apiVersion: "configuration.konghq.com/v1", kind: "KongConsumer", metadata: { name: "issuer", namespace: "tickettoken" }, username: "issuer", credentials: ["issuer-jwt"] },
                unknown: (o) => (o.credential = o.credentials),
                wrongType: (o) => (o.credentials = "issuer-jwt"),
                missing: (o) => (o.spec = { controlPlaneRef: { type: "konnectNamespacedRef", konnectNamespacedRef: { namespace: "x" } } }),
            },
            "vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy": {
                valid: { apiVersion: "vpcresources.k8s.aws/v1beta1", kind: "SecurityGroupPolicy", metadata: { name: "venue", namespace: "tickettoken" }, spec: { podSelector: { matchLabels: { app: "venue" } }, securityGroups: { groupIds: ["sg-1"] } } },
                unknown: (o) => (o.spec.securityGroups.groupIDs = ["sg-1"]),
                wrongType: (o) => (o.spec.securityGroups.groupIds = "sg-1"),
                missing: (o) => (o.spec.podSelector.matchExpressions = [{ key: "app", values: ["x"] }]),
            },
            "external-secrets.io/v1:SecretStore": {
                valid: {
                    apiVersion: "external-secrets.io/v1", kind: "SecretStore", metadata: { name: "venue-service", namespace: "tickettoken" },
                    spec: { provider: { aws: { service: "SecretsManager", region: "us-east-1", auth: { jwt: { serviceAccountRef: { name: "venue-service" } } } } } },
                },
                unknown: (o) => (o.spec.provider.aws.auth.jwt.serviceAccount = { name: "venue-service" }),
                wrongType: (o) => (o.spec.provider.aws.auth.jwt.serviceAccountRef = "venue-service"),
                missing: (o) => delete o.spec.provider.aws.region,
            },
            "external-secrets.io/v1:ExternalSecret": {
                valid: {
                    apiVersion: "external-secrets.io/v1", kind: "ExternalSecret", metadata: { name: "venue-service-mongodb-login", namespace: "tickettoken" },
                    spec: {
                        refreshInterval: "1h", secretStoreRef: { kind: "SecretStore", name: "venue-service" }, target: { name: "venue-service-mongodb-login", creationPolicy: "Owner" },
                        dataFrom: [{ extract: { key: "arn:aws:secretsmanager:us-east-1:1:secret:x" } }],
                    },
                },
                unknown: (o) => (o.spec.secretStoreRef.namespace = "tickettoken"),
                wrongType: (o) => (o.spec.target.immutable = "true"),
                missing: (o) => delete o.spec.dataFrom[0].extract.key,
            },
        };

        it("has a sample for every custom resource schema", () => {
            assert.deepEqual(Object.keys(samples).sort(), [...CUSTOM_RESOURCES.keys()].sort());
        });

        for (const [key, s] of Object.entries(samples)) {
            it(`${key} (typed schema from its CRD): unknown field, wrong type, missing required field`, async () => {
                const [apiVersion, kind] = key.split(":");
                const type = `kubernetes:${apiVersion}:${kind}`;
                const validate = await validatorOf(type);
                assert.deepEqual(problemsOf(validate, s.valid), [], "the sample is valid");
                const unknown = problemsOf(validate, edited(s.valid, s.unknown));
                assert.equal(unknown.length, 1, unknown.join("; "));
                assert.match(unknown[0], /is not a field of the schema/);
                const wrongType = problemsOf(validate, edited(s.valid, s.wrongType));
                assert.equal(wrongType.length, 1, wrongType.join("; "));
                assert.match(wrongType[0], /: must be (a|an) /);
                const missing = problemsOf(validate, edited(s.valid, s.missing));
                assert.equal(missing.length >= 1, true, "a missing required field is refused");
                assert.match(missing[0], /: is required/);
            });
        }

        it("custom resources: metadata, scope and the CRDs' CEL rules", async () => {
            const plugin = await validatorOf("kubernetes:configuration.konghq.com/v1:KongPlugin");
            const s = samples["configuration.konghq.com/v1:KongPlugin"].valid;
            assert.deepEqual(problemsOf(plugin, edited(s, (o) => delete o.metadata.namespace)), ["metadata.namespace: is required: KongPlugin is namespaced"]);
            assert.deepEqual(problemsOf(plugin, edited(s, (o) => (o.metadata.labels = { a: 1 }))), ["metadata.labels.a: must be a string, is number 1"]);
            assert.deepEqual(problemsOf(plugin, edited(s, (o) => (o.configFrom = { secretKeyRef: { name: "s", key: "k" } }))), ["Using both config and configFrom fields is not allowed."]);
            const consumer = await validatorOf("kubernetes:configuration.konghq.com/v1:KongConsumer");
            assert.deepEqual(problemsOf(consumer, edited(samples["configuration.konghq.com/v1:KongConsumer"].valid, (o) => delete o.username)), ["Need to provide either username or custom_id"]);
            const cluster = await validatorOf("kubernetes:configuration.konghq.com/v1:KongClusterPlugin");
            const c = samples["configuration.konghq.com/v1:KongClusterPlugin"].valid;
            assert.deepEqual(problemsOf(cluster, edited(c, (o) => (o.metadata.namespace = "kong"))), ["metadata.namespace: must not be set: KongClusterPlugin is cluster-scoped"]);
            await assert.rejects(validatorOf("kubernetes:example.com/v1:Widget"), /no schema for example\.com\/v1 Widget/);
        });
    });

    describe("every object each stack registers", () => {
        let runs: Record<string, RunResult> = {};
        before(async () => {
            runs = await runAllStacks();
        });

        for (const stack of STACKS) {
            it(`${stack}: passes its schema (built-in, Istio, or the pinned CRD's)`, async () => {
                const objects = kubernetesObjects(runs[stack].resources);
                const sources = new Set(objects.map((r) => schemaSourceOf(parseKubernetesType(r.type)!)));
                // The walk reaches every kind of schema, so it cannot pass by seeing nothing.
                assert.deepEqual([...sources].sort(), ["custom", "istio", "kubernetes"]);
                const validators = new Map<string, ObjectValidator>();
                for (const type of new Set(objects.map((r) => r.type))) {
                    validators.set(type, await validatorOf(type));
                }
                const problems = objects.flatMap((r) => describeProblems(r, validators.get(r.type)!(plainObject(r.inputs))));
                assert.deepEqual(problems, []);
            });

            it(`${stack}: the schemas are of the cluster's Kubernetes version and the mesh's Istio version, or just before`, () => {
                const eks = all(runs[stack], "aws:eks/cluster:Cluster")[0];
                const cluster = minor(eks.inputs.version);
                // Never newer than the cluster: a field the schema knows, the cluster knows too.
                assert.ok(cluster >= minor(SCHEMA_KUBERNETES_VERSION) && cluster - minor(SCHEMA_KUBERNETES_VERSION) <= 2, `cluster ${eks.inputs.version}, schema ${SCHEMA_KUBERNETES_VERSION}`);
                const istiod = all(runs[stack], "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "istiod")!;
                const istio = minor(istiod.inputs.version);
                assert.ok(istio >= minor(SCHEMA_ISTIO_VERSION) && istio - minor(SCHEMA_ISTIO_VERSION) <= 1, `istio ${istiod.inputs.version}, schema ${SCHEMA_ISTIO_VERSION}`);
            });
        }
    });
});
