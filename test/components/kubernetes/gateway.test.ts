import { strict as assert } from "assert";
import { RunResult } from "../../../tools/harness/run";
import { all, one } from "../../support/resources";
import { generateKeyPairSync } from "crypto";
import { gatewayValues, jwtKeyAlgorithm, tokenIssuerCredential } from "../../../components/kubernetes";
import { API_HOST, APP, buildLayer, CACHE_PASSWORD, catalog, EDGE_CIDRS, MIRRORS, STORE_HOSTS, TARGET_GROUP_ARN, TOKEN_ISSUER_KEY } from "../../support/kubernetes";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const CLUSTER_PLUGIN = "kubernetes:configuration.konghq.com/v1:KongClusterPlugin";
const PLUGIN = "kubernetes:configuration.konghq.com/v1:KongPlugin";
const TGB = "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding";
const SGP = "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy";

describe("components/kubernetes/Gateway", () => {
    let run: RunResult;
    let local: RunResult;
    before(async () => {
        run = await buildLayer();
        local = await buildLayer({ rateLimitCache: undefined, targetGroupArn: undefined, rateLimitPerMinute: 120, jwtMaximumExpirationSeconds: 900 });
    });

    describe("the gateway release", () => {
        const values = () => one(run, RELEASE, "gw-gateway").inputs;

        it("runs Kong as the catalog's edge service in the app namespace: pods labelled app=api-gateway, on the apps nodes", () => {
            const r = values();
            assert.equal(r.namespace, APP);
            assert.equal(r.chart, "kong");
            assert.equal(r.version, "3.4.1");
            assert.deepEqual(r.repositoryOpts, { repo: "https://charts.konghq.com" });
            assert.equal(r.values.fullnameOverride, "api-gateway", "the chart labels pods app=<fullname>");
            assert.deepEqual(r.values.nodeSelector, { "tickettoken/node-group": "apps" });
            assert.equal(r.values.ingressController.enabled, false, "the internet-facing pods hold no Kubernetes credentials");
            assert.equal(r.values.deployment.serviceAccount.automountServiceAccountToken, false);
        });

        it("terminates TLS on the catalog port only, behind a ClusterIP Service named after the service", () => {
            const proxy = values().values.proxy;
            assert.equal(proxy.type, "ClusterIP");
            assert.equal(proxy.nameOverride, "api-gateway");
            assert.equal(proxy.http.enabled, false, "no plain HTTP listener");
            assert.deepEqual([proxy.tls.enabled, proxy.tls.containerPort, proxy.tls.servicePort], [true, 8000, 8000]);
            for (const listener of ["manager", "portal", "portalapi", "cluster", "udpProxy"]) {
                assert.equal(values().values[listener].enabled, false, `${listener} off`);
            }
        });

        it("pulls Kong through the Docker Hub mirror and satisfies Pod Security restricted", () => {
            const v = values().values;
            assert.equal(v.image.repository, `${MIRRORS.dockerHub}/library/kong`);
            assert.deepEqual(v.securityContext, { seccompProfile: { type: "RuntimeDefault" } });
            assert.equal(v.containerSecurityContext.runAsNonRoot, true);
            assert.equal(v.containerSecurityContext.allowPrivilegeEscalation, false);
            assert.deepEqual(v.containerSecurityContext.capabilities, { drop: ["ALL"] });
        });

        it("believes the forwarded client address only from the load balancer's subnets", () => {
            assert.equal(values().values.env.trusted_ips, EDGE_CIDRS.join(","));
        });

        it("waits for its sidecar injector, its own security group binding (no other service's) and the load balancer controller", () => {
            const deps = one(run, RELEASE, "gw-gateway").dependencies;
            const binding = (service: string) => one(run, SGP, `sgp-${service}`).urn;
            for (const urn of [one(run, RELEASE, "mesh-istiod").urn, one(run, RELEASE, "lbc-release").urn, binding("api-gateway")]) {
                assert.ok(deps.includes(urn), `depends on ${urn}`);
            }
            const others = catalog.catalog.services.filter((s) => !s.edge).map((s) => binding(s.name));
            assert.deepEqual(deps.filter((u) => others.includes(u)), [], "no other service's binding");
        });
    });

    it("moves Kong's status listener to the metrics port and lets the sidecar take in that port only; without one, nothing", () => {
        const base = { service: "api-gateway", port: 8000, dockerHubMirror: MIRRORS.dockerHub, replicas: 2, trustedCidrs: EDGE_CIDRS };
        const scraped = gatewayValues({ ...base, metricsPort: 9464 }) as any;
        assert.deepEqual(scraped.status.http, { enabled: true, containerPort: 9464 });
        assert.equal(scraped.podAnnotations["traffic.sidecar.istio.io/includeInboundPorts"], "9464");
        const unscraped = gatewayValues(base) as any;
        assert.equal(unscraped.status, undefined);
        assert.equal(unscraped.podAnnotations["traffic.sidecar.istio.io/includeInboundPorts"], "");
        assert.throws(() => gatewayValues({ ...base, metricsPort: 8444 }), /gateway api-gateway: metrics port 8444 is taken by Kong's admin API/);
        assert.equal(one(run, CLUSTER_PLUGIN, "gw-prometheus").inputs.config.status_code_metrics, true);
    });

    it("runs the ingress controller on the system nodes in its own namespace, discovering the gateway through its admin Service", () => {
        const r = one(run, RELEASE, "gw-controller").inputs;
        assert.equal(r.namespace, "kong");
        assert.equal(r.values.fullnameOverride, "kong-controller");
        assert.equal(r.values.deployment.kong.enabled, false);
        assert.deepEqual(r.values.ingressController.gatewayDiscovery.adminApiService, { namespace: APP, name: "api-gateway-admin" });
        assert.deepEqual(r.values.ingressController.watchNamespaces, [APP]);
        assert.equal(r.values.ingressController.image.repository, `${MIRRORS.dockerHub}/kong/kubernetes-ingress-controller`);
        assert.deepEqual(r.values.nodeSelector, { "tickettoken/node-group": "system" });
        assert.equal(one(run, RELEASE, "gw-gateway").inputs.skipCrds, true, "one release owns Kong's CRDs");
    });

    describe("plugins", () => {
        it("rate-limits every request per client address against the cache over verified TLS, the password only by Secret reference", () => {
            const p = one(run, CLUSTER_PLUGIN, "gw-rate-limiting").inputs;
            assert.equal(p.plugin, "rate-limiting");
            assert.equal(p.metadata.labels.global, "true");
            assert.equal(p.metadata.annotations["kubernetes.io/ingress.class"], "kong");
            assert.equal(p.config.minute, 600);
            assert.equal(p.config.policy, "redis");
            assert.equal(p.config.limit_by, "ip");
            assert.deepEqual([p.config.redis.host, p.config.redis.port, p.config.redis.ssl, p.config.redis.ssl_verify], [STORE_HOSTS.redis, 6379, true, true]);
            assert.equal(p.config.redis.password, undefined);
            assert.deepEqual(p.configPatches, [{ path: "/redis/password", valueFrom: { secretKeyRef: { namespace: APP, name: "rate-limit-cache", key: "password" } } }]);
            assert.ok(!JSON.stringify(p).includes(CACHE_PASSWORD), "no password in the plugin");
        });

        it("keeps the cache password a secret in the Kubernetes Secret", () => {
            const s = one(run, "kubernetes:core/v1:Secret", "gw-rate-limit-cache");
            assert.equal(s.inputs.metadata.name, "rate-limit-cache");
            // The engine's secret envelope: the signature key, and the value inside it.
            const data = s.wire.stringData as Record<string, unknown>;
            assert.equal(data["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "the password goes to the engine marked secret");
            assert.deepEqual(data.value, { password: CACHE_PASSWORD });
        });

        it("counts per gateway pod, with the configured limit, when no cache is given", () => {
            const p = one(local, CLUSTER_PLUGIN, "gw-rate-limiting").inputs;
            assert.deepEqual([p.config.policy, p.config.minute, p.config.redis, p.configPatches], ["local", 120, undefined, undefined]);
            assert.deepEqual(all(local, "kubernetes:core/v1:Secret", { allowNone: true }).map((x) => x.name), ["gw-token-issuer-jwt"], "no cache password Secret");
        });

        it("validates JWTs: signature, expiry and lifetime, issuer by iss", () => {
            const p = one(run, PLUGIN, "gw-jwt").inputs;
            assert.equal(p.plugin, "jwt");
            assert.equal(p.metadata.namespace, APP);
            assert.deepEqual(p.config.claims_to_verify, ["exp"]);
            assert.equal(p.config.maximum_expiration, 3600);
            assert.equal(p.config.key_claim_name, "iss");
            assert.equal(one(local, PLUGIN, "gw-jwt").inputs.config.maximum_expiration, 900);
        });
    });

    describe("the token issuer", () => {
        const CONSUMER = "kubernetes:configuration.konghq.com/v1:KongConsumer";

        it("writes the issuer's JWT credential as a Kong credential Secret: iss as key, the algorithm of the key, the public key", () => {
            const secret = one(run, "kubernetes:core/v1:Secret", "gw-token-issuer-jwt");
            assert.deepEqual(secret.inputs.metadata, { name: "token-issuer-jwt", namespace: APP, labels: { "konghq.com/credential": "jwt" } });
            // The provider marks every Secret's data secret: the value inside the engine's envelope.
            const data = (secret.wire.stringData as { value: Record<string, string> }).value;
            assert.deepEqual(Object.keys(data).sort(), ["algorithm", "key", "rsa_public_key"], "KIC 3.x JWTAuthFields; no secret for a non-HMAC algorithm");
            assert.equal(data.key, "tickettoken-auth-test");
            assert.equal(data.algorithm, "ES256");
            assert.equal(data.rsa_public_key, TOKEN_ISSUER_KEY);
        });

        it("names only a credential Secret the stack creates, and creates the consumer after it and after Kong's controller", () => {
            const consumer = one(run, CONSUMER, "gw-token-issuer");
            const secret = one(run, "kubernetes:core/v1:Secret", "gw-token-issuer-jwt");
            // Kong's webhook denies a consumer whose credential Secret does not exist (KIC ValidateConsumer).
            assert.deepEqual(consumer.inputs.credentials, [secret.inputs.metadata.name]);
            assert.equal(consumer.inputs.metadata.namespace, secret.inputs.metadata.namespace);
            assert.ok(consumer.dependencies.includes(secret.urn), "the consumer waits for its credential");
            for (const r of [consumer, secret]) {
                assert.ok(r.dependencies.includes(one(run, RELEASE, "gw-controller").urn), `${r.name} waits for the controller (its webhook)`);
            }
        });

        it("accepts RSA keys of 2048 bits (RS256) and P-256 keys (ES256), and refuses what Kong cannot verify with", () => {
            const pem = (k: { publicKey: { export(o: object): string | Buffer } }) => k.publicKey.export({ type: "spki", format: "pem" }).toString();
            const rsa = pem(generateKeyPairSync("rsa", { modulusLength: 2048 }));
            assert.equal(tokenIssuerCredential("auth", rsa).algorithm, "RS256");
            assert.equal(tokenIssuerCredential("auth", TOKEN_ISSUER_KEY).algorithm, "ES256");
            assert.deepEqual(jwtKeyAlgorithm(pem(generateKeyPairSync("ed25519"))), { problem: "is a ed25519 key; the gateway verifies RS256 (RSA, 2048 bits or more) or ES256 (EC P-256)" });
            assert.throws(() => tokenIssuerCredential("auth", "not a key"), /token issuer "auth": its public key must be one PEM public key/);
            assert.throws(() => tokenIssuerCredential("", rsa), /token issuer: "" must be 1-255 printable ASCII characters/);
        });

        it("fails the plan, before any resource, when the issuer's key cannot verify tokens", async () => {
            await assert.rejects(buildLayer({ tokenIssuer: { issuer: "tickettoken-auth", publicKeyPem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----" } }),
                /token issuer "tickettoken-auth": its public key is not a readable PEM public key/);
        });
    });

    describe("routes", () => {
        const routed = catalog.catalog.services.filter((s) => s.routes.length > 0);

        it("routes each service's path prefixes on the API host, over TLS only, to the service's own Service", () => {
            for (const s of routed) {
                const ing = one(run, INGRESS, `gw-${s.name}-routes`).inputs;
                assert.equal(ing.spec.ingressClassName, "kong");
                assert.deepEqual(ing.spec.tls, [{ hosts: [API_HOST] }]);
                assert.equal(ing.spec.rules[0].host, API_HOST);
                assert.deepEqual(ing.spec.rules[0].http.paths.map((p: { path: string }) => p.path), [...s.routes]);
                for (const p of ing.spec.rules[0].http.paths) {
                    assert.deepEqual(p.backend.service, { name: s.name, port: { number: s.port } });
                }
                assert.equal(ing.metadata.annotations["konghq.com/protocols"], "https");
            }
        });

        it("requires a JWT on every route but the token issuer's", () => {
            for (const s of routed) {
                const plugins = one(run, INGRESS, `gw-${s.name}-routes`).inputs.metadata.annotations["konghq.com/plugins"];
                assert.equal(plugins, s.name === "auth-service" ? undefined : "jwt", s.name);
            }
        });

        it("gives every Ingress a TLS entry", () => {
            for (const ing of all(run, INGRESS)) {
                assert.ok(ing.inputs.spec.tls.length > 0, ing.name);
            }
        });

        it("answers the load balancer's health check itself, on any host", () => {
            const ing = one(run, INGRESS, "gw-health").inputs;
            assert.equal(ing.spec.rules[0].host, undefined);
            assert.equal(ing.spec.rules[0].http.paths[0].path, "/health");
            assert.equal(one(run, PLUGIN, "gw-health-plugin").inputs.plugin, "request-termination");
        });

        it("makes a ClusterIP Service per service behind the gateway, for Kong to send to through the mesh", () => {
            for (const s of catalog.catalog.services.filter((x) => !x.edge)) {
                const svc = one(run, "kubernetes:core/v1:Service", `gw-service-${s.name}`).inputs;
                assert.equal(svc.spec.type, "ClusterIP");
                assert.deepEqual(svc.spec.selector, { app: s.name });
                assert.equal(svc.spec.ports[0].port, s.port);
                assert.equal(svc.metadata.annotations["ingress.kubernetes.io/service-upstream"], "true");
            }
        });
    });

    it("lets routes and backend Services wait on no pod's security group binding (a wait per service would make the stack quadratic)", () => {
        const waiting = [...all(run, INGRESS), ...all(run, "kubernetes:core/v1:Service").filter((x) => x.name.startsWith("gw-service-"))];
        const behind = catalog.catalog.services.filter((s) => !s.edge);
        const routed = behind.filter((s) => s.routes.length > 0);
        assert.equal(waiting.length, behind.length + routed.length + 1, "a Service per service behind the gateway, an Ingress per routed one, and the health route");
        for (const r of waiting) {
            assert.deepEqual(r.dependencies.filter((u) => u.includes("SecurityGroupPolicy")), [], `${r.name} waits on no pod binding`);
        }
    });

    it("binds the gateway's Service to the edge's target group by pod address, leaving our security groups alone", () => {
        const tgb = all(run, TGB);
        assert.equal(tgb.length, 1);
        assert.equal(tgb[0].inputs.metadata.namespace, APP);
        assert.deepEqual(tgb[0].inputs.spec, { serviceRef: { name: "api-gateway", port: 8000 }, targetGroupARN: TARGET_GROUP_ARN, targetType: "ip" });
        assert.ok(tgb[0].dependencies.includes(one(run, RELEASE, "lbc-release").urn), "after the controller that serves it");
        assert.equal(all(local, TGB, { allowNone: true }).length, 0, "no binding without a target group");
    });
});
