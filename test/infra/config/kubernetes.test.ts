import { strict as assert } from "assert";
import { generateKeyPairSync } from "crypto";
import { loadStackConfig } from "../../../infra/config";
import { cpuMillis, memoryBytes } from "../../../infra/config/kubernetes";
import { configProblems as problemsOf, stackSource } from "../../support/config";

describe("infra/config (kubernetes)", () => {
    it("reads chart versions, quota, replicas, rate limit and token lifetime: small in dev, larger in prod", () => {
        const dev = loadStackConfig(stackSource("dev")).kubernetes;
        const prod = loadStackConfig(stackSource("prod")).kubernetes;
        assert.deepEqual(prod.chartVersions, { istio: "1.30.1", kong: "3.4.1", awsLoadBalancerController: "3.5.0" });
        assert.deepEqual([dev.gatewayReplicas, prod.gatewayReplicas], [1, 3]);
        assert.equal(prod.controllerReplicas, 2);
        assert.ok(cpuMillis(dev.quota.requestsCpu) < cpuMillis(prod.quota.requestsCpu));
        assert.ok(dev.quota.pods < prod.quota.pods);
        assert.deepEqual(prod.containerDefaults, { requestCpu: "100m", requestMemory: "128Mi", limitCpu: "500m", limitMemory: "512Mi" });
        assert.equal(prod.rateLimitPerMinute, 600);
        assert.equal(prod.jwtMaximumExpirationSeconds, 3600);
        assert.equal(prod.tokenIssuer.issuer, "tickettoken-auth");
        assert.match(prod.tokenIssuer.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
        assert.equal(prod.apiHostname, `api.${loadStackConfig(stackSource("prod")).edge.zoneName}`);
    });

    it("measures quantities as Kubernetes does", () => {
        assert.deepEqual([cpuMillis("500m"), cpuMillis("2"), cpuMillis("1.5")], [500, 2000, 1500]);
        assert.deepEqual([memoryBytes("512Mi"), memoryBytes("4Gi"), memoryBytes("1024")], [512 * 2 ** 20, 4 * 2 ** 30, 1024]);
    });

    const spki = (k: { publicKey: { export(o: object): string | Buffer } }) => k.publicKey.export({ type: "spki", format: "pem" }).toString();
    const rsa1024 = spki(generateKeyPairSync("rsa", { modulusLength: 1024 }));
    const p384 = spki(generateKeyPairSync("ec", { namedCurve: "secp384r1" }));
    const privateKey = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const cases: Array<[string, Record<string, string>, RegExp]> = [
        ["an RSA token key under 2048 bits", { jwtIssuerPublicKey: rsa1024 }, /tickettoken:jwtIssuerPublicKey = "-----BEGIN PUBLIC KEY-----.*: is an RSA key of 1024 bits; RS256 needs at least 2048/],
        ["an EC token key on a curve Kong does not verify", { jwtIssuerPublicKey: p384 }, /tickettoken:jwtIssuerPublicKey = .*: is an EC key on secp384r1; Kong's jwt plugin verifies ES256 \(P-256, prime256v1\) only/],
        ["a private key where the public key goes", { jwtIssuerPublicKey: privateKey }, /tickettoken:jwtIssuerPublicKey = "-----BEGIN PRIVATE KEY-----.*: must be one PEM public key .*not a private key or a certificate/],
        ["a token key that is not PEM", { jwtIssuerPublicKey: "ssh-rsa AAAA" }, /tickettoken:jwtIssuerPublicKey = "ssh-rsa AAAA": must be one PEM public key/],
        ["an issuer with a space", { jwtIssuer: "ticket token" }, /tickettoken:jwtIssuer = "ticket token": "ticket token" must be 1-255 printable ASCII characters without spaces/],
        ["a chart version range", { istioVersion: "^1.30.0" }, /tickettoken:istioVersion = "\^1\.30\.0": must be an exact chart version like 1\.2\.3 \(no ranges/],
        ["a chart version with a v", { kongChartVersion: "v3.4.1" }, /tickettoken:kongChartVersion = "v3\.4\.1": must be an exact chart version/],
        ["a partial chart version", { loadBalancerControllerChartVersion: "3.5" }, /tickettoken:loadBalancerControllerChartVersion = "3\.5": must be an exact chart version/],
        ["a CPU quantity with a unit it does not take", { appQuotaRequestsCpu: "4Gi" }, /tickettoken:appQuotaRequestsCpu = "4Gi": must be a CPU quantity like "500m" or "2"/],
        ["a memory quantity without a binary unit", { appQuotaRequestsMemory: "8GB" }, /tickettoken:appQuotaRequestsMemory = "8GB": must be a memory quantity like "512Mi" or "4Gi"/],
        ["quota requests above the limits", { appQuotaRequestsCpu: "64", appQuotaLimitsCpu: "32" }, /tickettoken:appQuotaRequestsCpu = "64": must not exceed appQuotaLimitsCpu \(32\)/],
        ["quota memory requests above the limits", { appQuotaRequestsMemory: "128Gi", appQuotaLimitsMemory: "64Gi" }, /tickettoken:appQuotaRequestsMemory = "128Gi": must not exceed appQuotaLimitsMemory \(64Gi\)/],
        ["too few pods", { appQuotaPods: "5" }, /tickettoken:appQuotaPods = "5": must be an integer from 10 to 5000/],
        ["a default request above the default limit", { containerDefaultRequestCpu: "1", containerDefaultLimitCpu: "500m" }, /tickettoken:containerDefaultRequestCpu = "1": must not exceed containerDefaultLimitCpu \(500m\)/],
        ["a default memory request above the limit", { containerDefaultRequestMemory: "1Gi", containerDefaultLimitMemory: "512Mi" }, /tickettoken:containerDefaultRequestMemory = "1Gi": must not exceed containerDefaultLimitMemory \(512Mi\)/],
        ["a malformed default limit", { containerDefaultLimitMemory: "lots" }, /tickettoken:containerDefaultLimitMemory = "lots": must be a memory quantity/],
        ["no gateway pods", { gatewayReplicas: "0" }, /tickettoken:gatewayReplicas = "0": must be an integer from 1 to 20/],
        ["too many controller replicas", { controllerReplicas: "9" }, /tickettoken:controllerReplicas = "9": must be an integer from 1 to 5/],
        ["a zero rate limit", { gatewayRateLimitPerMinute: "0" }, /tickettoken:gatewayRateLimitPerMinute = "0": must be an integer from 1 to 1000000/],
        ["a token lifetime over a day", { jwtMaximumExpirationSeconds: "90000" }, /tickettoken:jwtMaximumExpirationSeconds = "90000": must be an integer from 60 to 86400/],
        ["no Docker Hub mirror", { dockerHubCredentialArn: "" }, /tickettoken:dockerHubCredentialArn = "": must name the ecr-pullthroughcache\/ secret: the Kubernetes layer's Istio and Kong images come from Docker Hub/],
        ["an edge that does not route the API host", { edgeHostNames: '["www"]' }, /tickettoken:edgeHostNames = "\[\\"www\\"\]": must include "api": the gateway routes the API on api\./],
    ];
    for (const [what, patch, message] of cases) {
        it(`rejects ${what} with one error naming key, value and what is allowed`, () => {
            const text = problemsOf(patch);
            assert.match(text, message);
            assert.match(text, /^Invalid stack config: /, "one problem, on one line");
        });
    }
});
