import { strict as assert } from "assert";
import { CA_BUNDLE_KEY, EdgeLoadBalancer, EdgeLoadBalancerArgs } from "../../../components/edge";
import { EDGE_COMPUTED } from "../../../tools/harness/answers/edge";
import { DEFAULT_ACCOUNT } from "../../../tools/harness/mocks";
import { readProjectFile } from "../../../tools/harness/project";
import { RunError, runComponents, RunResult } from "../../../tools/harness/run";
import { all, byId, idOf, one } from "../../support/resources";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const LISTENER = "aws:lb/listener:Listener";
const RECORD = "cloudflare:index/dnsRecord:DnsRecord";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The zone's own origin-pull CA, as OriginPullCertificates gives it. */
const CA_BUNDLE = "-----BEGIN CERTIFICATE-----\nzone origin-pull CA\n-----END CERTIFICATE-----\n";

const declared = readProjectFile().config;
/** The pinned ranges, which the offline getIpRanges answer also publishes. */
const RANGES = { ipv4: declared.cloudflareIpv4Cidrs.default as string[], ipv6: declared.cloudflareIpv6Cidrs.default as string[] };

function build(extra: Partial<EdgeLoadBalancerArgs> = {}, preview = false): Promise<RunResult> {
    return runComponents(() => {
        new EdgeLoadBalancer("edge", {
            vpcId: "vpc-1",
            publicSubnetIds: ["subnet-public-1", "subnet-public-2", "subnet-public-3"],
            target: { name: "api-gateway", port: 8000, tls: true },
            targetSecurityGroupId: "sg-gateway",
            cloudflareRanges: RANGES,
            zoneName: "example.com",
            zoneId: "023e105f4ecef8ad9ca31a8372d0c353",
            originPullCaPem: CA_BUNDLE,
            ...extra,
        });
    }, { preview });
}

function listener(run: RunResult, port: number): Record<string, any> {
    const found = all(run, LISTENER).filter((l) => l.inputs.port === port);
    assert.equal(found.length, 1, `one listener on ${port}`);
    return found[0].inputs;
}

describe("components/edge/EdgeLoadBalancer", () => {
    let run: RunResult;
    before(async () => {
        run = await build();
    });

    it("admits exactly Cloudflare's ranges on 443 and nothing else", () => {
        const sg = one(run, "aws:ec2/securityGroup:SecurityGroup", "edge-alb");
        assert.deepEqual([sg.inputs.ingress, sg.inputs.egress], [undefined, undefined], "no inline rules");
        const ingress = all(run, INGRESS).filter((r) => r.inputs.securityGroupId === idOf(sg));
        assert.ok(ingress.every((r) => r.inputs.ipProtocol === "tcp" && r.inputs.fromPort === 443 && r.inputs.toPort === 443));
        assert.ok(ingress.every((r) => r.inputs.referencedSecurityGroupId === undefined && r.inputs.prefixListId === undefined));
        assert.deepEqual(ingress.map((r) => r.inputs.cidrIpv4).filter(Boolean).sort(), [...RANGES.ipv4].sort());
        assert.deepEqual(ingress.map((r) => r.inputs.cidrIpv6).filter(Boolean).sort(), [...RANGES.ipv6].sort());
        assert.equal(ingress.length, RANGES.ipv4.length + RANGES.ipv6.length);
    });

    it("reaches only the gateway's group, on its port, and opens the gateway to it", () => {
        const sg = idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "edge-alb"));
        const egress = all(run, EGRESS).map((r) => r.inputs);
        assert.deepEqual(egress.map((r) => [r.securityGroupId, r.ipProtocol, r.fromPort, r.toPort, r.referencedSecurityGroupId, r.cidrIpv4, r.cidrIpv6]),
            [[sg, "tcp", 8000, 8000, "sg-gateway", undefined, undefined]]);
        const toGateway = all(run, INGRESS).filter((r) => r.inputs.securityGroupId === "sg-gateway").map((r) => r.inputs);
        assert.deepEqual(toGateway.map((r) => [r.ipProtocol, r.fromPort, r.toPort, r.referencedSecurityGroupId]), [["tcp", 8000, 8000, sg]]);
    });

    it("is an internet-facing application load balancer in the public subnets, hardened", () => {
        const lb = one(run, "aws:lb/loadBalancer:LoadBalancer", "edge-alb").inputs;
        assert.deepEqual([lb.loadBalancerType, lb.internal, lb.ipAddressType], ["application", false, "ipv4"]);
        assert.deepEqual(lb.subnets, ["subnet-public-1", "subnet-public-2", "subnet-public-3"]);
        assert.deepEqual(lb.securityGroups, [idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "edge-alb"))]);
        assert.equal(lb.dropInvalidHeaderFields, true);
        assert.equal(lb.enableDeletionProtection, true);
        assert.equal(lb.idleTimeout, 60);
    });

    it("serves HTTPS with the TLS 1.3/1.2 policy and the validated certificate", async () => {
        const https = listener(run, 443);
        assert.deepEqual([https.protocol, https.sslPolicy], ["HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06"]);
        const validation = one(run, "aws:acm/certificateValidation:CertificateValidation", "edge-cert");
        assert.match(https.certificateArn, /^arn:aws:acm:us-east-1:123456789012:certificate\//);
        assert.equal(https.certificateArn, validation.inputs.certificateArn);
        const httpsRecord = all(run, LISTENER).find((l) => l.inputs.port === 443)!;
        assert.ok(httpsRecord.propertyDependencies.certificateArn.includes(validation.urn), "the listener waits for ACM to issue the certificate");
        const stricter = await build({ sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });
        assert.equal(listener(stricter, 443).sslPolicy, "ELBSecurityPolicy-TLS13-1-3-2021-06");
    });

    it("completes TLS only with a client certificate from the CAs it is given (mutual TLS, verify)", () => {
        const https = listener(run, 443);
        const store = one(run, "aws:lb/trustStore:TrustStore", "edge-aop");
        assert.deepEqual([https.mutualAuthentication.mode, https.mutualAuthentication.ignoreClientCertificateExpiry], ["verify", false]);
        assert.match(https.mutualAuthentication.trustStoreArn, /:truststore\/edge-aop\//);
        const bundle = one(run, "aws:s3/bucketObjectv2:BucketObjectv2", "edge-aop-ca-bundle").inputs;
        assert.equal(bundle.content, CA_BUNDLE);
        assert.equal(store.inputs.caCertificatesBundleS3Key, CA_BUNDLE_KEY);
        assert.equal(store.inputs.caCertificatesBundleS3Bucket, bundle.bucket);
        assert.equal(byId(run, bundle.bucket).name, "edge-aop-trust");
        assert.ok(store.inputs.caCertificatesBundleS3ObjectVersion, "pinned to the bundle's version, so a new bundle updates the store");
    });

    it("forwards HTTPS to the gateway's HTTPS target group, checked per seed 003", () => {
        const https = listener(run, 443);
        const tg = one(run, "aws:lb/targetGroup:TargetGroup", "edge-tg");
        assert.deepEqual(https.defaultActions.map((a: any) => a.type), ["forward"]);
        assert.match(https.defaultActions[0].targetGroupArn, /:targetgroup\/edge-tg\//);
        assert.deepEqual([tg.inputs.protocol, tg.inputs.targetType, tg.inputs.port, tg.inputs.vpcId], ["HTTPS", "ip", 8000, "vpc-1"]);
        const h = tg.inputs.healthCheck;
        assert.deepEqual([h.protocol, h.path, h.interval, h.timeout, h.unhealthyThreshold, h.port], ["HTTPS", "/health", 10, 5, 3, "traffic-port"]);
    });

    it("answers plain HTTP with nothing but a permanent redirect to HTTPS", () => {
        const http = listener(run, 80);
        assert.equal(http.protocol, "HTTP");
        assert.deepEqual(http.defaultActions, [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        assert.equal(http.certificateArn, undefined);
        assert.equal(all(run, "aws:lb/listenerRule:ListenerRule", { allowNone: true }).length, 0, "no rule adds another action");
    });

    it("certifies the apex and the routed names, validated by records written into Cloudflare", () => {
        const cert = one(run, "aws:acm/certificate:Certificate", "edge-cert");
        assert.deepEqual([cert.inputs.domainName, cert.inputs.subjectAlternativeNames, cert.inputs.validationMethod], ["example.com", ["www.example.com", "api.example.com"], "DNS"]);
        const options = validationOptions(cert.inputs);
        assert.equal(new Set(options.map((o) => o.resourceRecordName)).size, 3);
        const records = all(run, RECORD);
        assert.equal(records.length, 3);
        for (const o of options) {
            const r = records.find((x) => x.inputs.name === o.resourceRecordName.replace(/\.$/, ""));
            assert.ok(r, `a record for ${o.domainName}`);
            assert.deepEqual([r.inputs.type, r.inputs.content, r.inputs.proxied, r.inputs.zoneId], ["CNAME", o.resourceRecordValue.replace(/\.$/, ""), false, "023e105f4ecef8ad9ca31a8372d0c353"]);
        }
        const validation = one(run, "aws:acm/certificateValidation:CertificateValidation", "edge-cert");
        assert.deepEqual([...validation.inputs.validationRecordFqdns].sort(), records.map((r) => r.inputs.name).sort());
    });

    it("has the same shape in preview, reading the records' names from the unknown certificate outputs", async () => {
        const preview = await build({}, true);
        assert.equal(preview.resources.length, run.resources.length);
        const records = all(preview, RECORD);
        assert.equal(records.length, 3);
        assert.ok(records.every((r) => r.wire.name === UNKNOWN && r.wire.content === UNKNOWN && r.wire.proxied === false));
        assert.ok(records.every((r) => r.propertyDependencies.name.some((u) => u.endsWith("::edge-cert"))));
    });

    it("logs to a private, SSE-S3, TLS-only bucket that the region's ELB account may write to, expiring old logs", () => {
        const lb = one(run, "aws:lb/loadBalancer:LoadBalancer", "edge-alb").inputs;
        const bucket = one(run, "aws:s3/bucket:Bucket", "edge-access-logs");
        assert.deepEqual(lb.accessLogs, { bucket: lb.accessLogs.bucket, prefix: "alb", enabled: true });
        assert.match(lb.accessLogs.bucket, /^edge-access-logs-/);
        const sse = one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "edge-access-logs").inputs;
        assert.deepEqual(sse.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        const pab = one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "edge-access-logs").inputs;
        assert.deepEqual([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [true, true, true, true]);
        assert.equal(one(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "edge-access-logs").inputs.rule.objectOwnership, "BucketOwnerEnforced");
        const policy = JSON.parse(one(run, "aws:s3/bucketPolicy:BucketPolicy", "edge-access-logs").inputs.policy);
        const arn = `arn:aws:s3:::${lb.accessLogs.bucket}`;
        assert.deepEqual(policy.Statement, [
            { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
            { Sid: "AllowElbLogDelivery", Effect: "Allow", Principal: { AWS: "arn:aws:iam::127311923021:root" }, Action: "s3:PutObject", Resource: `${arn}/alb/AWSLogs/123456789012/*` },
        ]);
        const lifecycle = one(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "edge-access-logs").inputs;
        assert.equal(lifecycle.rules[0].expiration.days, 90);
        assert.equal(bucket.inputs.forceDestroy, false, "protected logs survive a destroy");
        const lbRecord = one(run, "aws:lb/loadBalancer:LoadBalancer", "edge-alb");
        assert.ok(lbRecord.dependencies.includes(one(run, "aws:s3/bucketPolicy:BucketPolicy", "edge-access-logs").urn), "logging is enabled after the policy lets ELB write");
    });

    it("keeps the trust bundle in a private, TLS-only bucket too", () => {
        const policy = JSON.parse(one(run, "aws:s3/bucketPolicy:BucketPolicy", "edge-aop-trust").inputs.policy);
        assert.deepEqual(policy.Statement.map((s: any) => [s.Effect, s.Condition?.Bool?.["aws:SecureTransport"]]), [["Deny", "false"]]);
        assert.equal(one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "edge-aop-trust").inputs.restrictPublicBuckets, true);
        assert.equal(one(run, "aws:s3/bucketVersioning:BucketVersioning", "edge-aop-trust").inputs.versioningConfiguration.status, "Enabled");
    });

    it("builds no log bucket when access logs are off, and drops protection when asked", async () => {
        const bare = await build({ accessLogs: false, deletionProtection: false, idleTimeoutSeconds: 120 });
        const lb = one(bare, "aws:lb/loadBalancer:LoadBalancer", "edge-alb").inputs;
        assert.equal(lb.accessLogs, undefined);
        assert.equal(lb.enableDeletionProtection, false);
        assert.equal(lb.idleTimeout, 120);
        assert.deepEqual(all(bare, "aws:s3/bucket:Bucket").map((b) => b.name), ["edge-aop-trust"]);
        assert.equal(one(bare, "aws:s3/bucket:Bucket", "edge-aop-trust").inputs.forceDestroy, true);
    });

    it("stops the deploy when Cloudflare publishes other ranges than the pinned ones, naming them", async () => {
        const stale = { ipv4: [...RANGES.ipv4.slice(1), "198.51.100.0/24"], ipv6: RANGES.ipv6 };
        await assert.rejects(build({ cloudflareRanges: stale }), (e: unknown) => {
            assert.ok(e instanceof RunError);
            assert.match(e.message, new RegExp(`published but not pinned .*: ${RANGES.ipv4[0].replace(/[./]/g, "\\$&")}`));
            assert.match(e.message, /pinned but no longer published .*: 198\.51\.100\.0\/24/);
            assert.match(e.message, /cloudflareRangeDrift is "fail"/);
            return true;
        });
    });

    it("only warns about drift when told to, and says so in its outputs", async () => {
        const stale = { ipv4: RANGES.ipv4.slice(1), ipv6: RANGES.ipv6 };
        const warned = await build({ cloudflareRanges: stale, rangeDrift: "warn" });
        const component = one(warned, "tickettoken:edge:EdgeLoadBalancer", "edge");
        assert.equal(warned.componentOutputs.get(component.urn)?.cloudflareRangesChecked, false);
        assert.equal(run.componentOutputs.get(one(run, "tickettoken:edge:EdgeLoadBalancer", "edge").urn)?.cloudflareRangesChecked, true);
    });

    it("refuses an edge service that does not terminate TLS", async () => {
        await assert.rejects(build({ target: { name: "api-gateway", port: 8000, tls: false } }), /the edge service api-gateway must terminate TLS/);
    });

    it("refuses a component name from which Pulumi would make an ALB or target group name over 32 characters", async () => {
        await assert.rejects(runComponents(() => {
            new EdgeLoadBalancer("tickettoken-edge-origin", {
                vpcId: "vpc-1", publicSubnetIds: ["s"], target: { name: "api-gateway", port: 8000, tls: true }, targetSecurityGroupId: "sg",
                cloudflareRanges: RANGES, zoneName: "example.com", zoneId: "023e105f4ecef8ad9ca31a8372d0c353", originPullCaPem: CA_BUNDLE,
            });
        }), (e: unknown) => {
            assert.ok(e instanceof RunError);
            assert.match(e.message, /the load balancer name Pulumi makes from "tickettoken-edge-origin-alb" .* is 35 characters; at most 32 are allowed/);
            assert.match(e.message, /the trust store name Pulumi makes from "tickettoken-edge-origin-aop" .* is 35 characters/);
            assert.equal(e.resources.filter((r) => r.custom).length, 0, "before anything is registered");
            return true;
        });
    });

    it("refuses a health check ELB would refuse: a timeout not shorter than the interval, thresholds out of 2..10", async () => {
        await assert.rejects(build({ healthCheck: { path: "/health", intervalSeconds: 5, timeoutSeconds: 5, unhealthyThreshold: 1, healthyThreshold: 3 } }), (e: unknown) => {
            assert.match(String((e as Error).message), /edge: the target group's health check is one ELB refuses \(CreateTargetGroup\): unhealthy threshold 1 must be an integer from 2 to 10; timeout 5 s must be shorter than the interval 5 s/);
            return true;
        });
    });

    it("parents everything to the component", () => {
        const component = one(run, "tickettoken:edge:EdgeLoadBalancer", "edge");
        assert.ok(run.resources.filter((r) => r.custom).every((r) => r.parent === component.urn));
    });
});

/** What the offline ACM answer returns for a certificate's inputs: one distinct record per domain, as ACM does. */
function validationOptions(inputs: Record<string, any>): Array<Record<string, string>> {
    return EDGE_COMPUTED["aws:acm/certificate:Certificate"]("edge-cert", inputs, DEFAULT_ACCOUNT).domainValidationOptions as Array<Record<string, string>>;
}
