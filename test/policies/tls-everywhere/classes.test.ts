import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import { StackInput } from "../../../tools/analyzer";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { engineResource as r, findings, judgeProgram, judgeResources, secret, summary, usePack } from "../../support/pack";

// tls-everywhere, class by class (issue 14): what overrides the zone's TLS at
// Cloudflare, the CDN's viewer and origin hops, the TLS switches of data
// services, load-balancer policies judged by what they accept, and the
// mesh's mTLS — with compliant look-alikes, unknown and secret siblings.

describe("tls-everywhere: classes of plain-text hops (through the gRPC interface)", () => {
    const pack = usePack();
    const judge = async (resources: StackInput[]) => summary(await judgeResources(pack(), resources), "tls-everywhere");
    afterEach(() => pack().configure());

    it("load-balancer policies judged by the protocols and ciphers they accept, AWS's 2025 post-quantum policies included", async () => {
        const listener = (name: string, sslPolicy: unknown, protocol = "HTTPS", type = "aws:lb/listener:Listener") =>
            r(type, name, { protocol, port: 443, ...(sslPolicy === undefined ? {} : { sslPolicy }), certificateArn: secret("arn:aws:acm:us-east-1:1:certificate/x"), loadBalancerArn: U, defaultActions: U });
        const report = await judgeResources(pack(), [
            listener("pq-res", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"),
            listener("pq-fips", "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09", "TLS", "aws:alb/listener:Listener"),
            listener("pq-13", "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", "TLS"),
            listener("fs", "ELBSecurityPolicy-FS-1-2-Res-2020-10"),
            listener("pq-10", "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09"),
            listener("fips-11", "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04", "TLS"),
            listener("default", undefined),
            listener("empty", ""),
            listener("legacy-3des", "ELBSecurityPolicy-TLS-1-0-2015-04", "TLS", "aws:applicationloadbalancing/listener:Listener"),
            listener("future", "ELBSecurityPolicy-TLS13-1-3-PQ-2031-01"),
            listener("unknown", U),
        ]);
        assert.deepEqual(summary(report, "tls-everywhere"), [
            "tls-everywhere advisory future sslPolicy",
            "tls-everywhere mandatory default sslPolicy",
            "tls-everywhere mandatory empty sslPolicy",
            "tls-everywhere mandatory fips-11 sslPolicy",
            "tls-everywhere mandatory legacy-3des sslPolicy",
            "tls-everywhere mandatory pq-10 sslPolicy",
        ]);
        const f = findings(report);
        assert.match(f.find((x) => x.resource === "legacy-3des")!.text, /accepts TLSv1\.1, TLSv1 and offers the broken cipher DES-CBC3-SHA/);
        assert.match(f.find((x) => x.resource === "future")!.text, /is not in the pack's table of ELB security policies \(data\/elb-security-policies\.json, retrieved \d{4}-\d\d-\d\d\)/);
    });

    it("config can still allow or forbid a policy by name", async () => {
        const listener = (name: string, sslPolicy: string) => r("aws:lb/listener:Listener", name, { protocol: "HTTPS", sslPolicy });
        await pack().configure({ "tls-everywhere": { allowedTlsPolicies: ["ELBSecurityPolicy-TLS13-1-3-PQ-2031-01"], forbiddenTlsPolicies: ["ELBSecurityPolicy-TLS-1-2-2017-01"] } });
        assert.deepEqual(await judge([listener("future", "ELBSecurityPolicy-TLS13-1-3-PQ-2031-01"), listener("old-style", "ELBSecurityPolicy-TLS-1-2-2017-01")]), [
            "tls-everywhere mandatory old-style sslPolicy",
        ]);
    });

    it("Cloudflare settings that override the zone for some hosts, paths or origins", async () => {
        const program = () => {
            new cloudflare.Ruleset("config-rules", {
                zoneId: "zone", name: "config", kind: "zone", phase: "http_config_settings",
                rules: [
                    { action: "set_config", expression: `(http.host eq "legacy.example.com")`, actionParameters: { ssl: "flexible" } },
                    { action: "set_config", expression: `(http.host eq "off.example.com")`, actionParameters: { ssl: "off" }, enabled: false },
                    { action: "set_config", expression: `(http.host eq "api.example.com")`, actionParameters: { ssl: "strict", automaticHttpsRewrites: true } },
                ],
            });
            new cloudflare.Ruleset("redirects", {
                zoneId: "zone", name: "redirects", kind: "zone", phase: "http_request_dynamic_redirect",
                rules: [
                    { action: "redirect", expression: "true", actionParameters: { fromValue: { targetUrl: { value: "http://www.example.com/" }, statusCode: 301 } } },
                    { action: "redirect", expression: "true", actionParameters: { fromValue: { targetUrl: { expression: `concat("http://", http.host, http.request.uri.path)` } } } },
                    { action: "redirect", expression: "true", actionParameters: { fromValue: { targetUrl: { value: "https://www.example.com/" } } } },
                ],
            });
            new cloudflare.PageRule("legacy-path", { zoneId: "zone", target: "example.com/legacy/*", actions: { ssl: "full", alwaysUseHttps: true } });
            new cloudflare.PageRule("forward-http", { zoneId: "zone", target: "old.example.com/*", actions: { forwardingUrl: { url: "http://example.com/$1", statusCode: 301 } } });
            new cloudflare.PageRule("strict-path", { zoneId: "zone", target: "example.com/api/*", actions: { ssl: "strict" } });
            new cloudflare.HostnameTlsSetting("old-clients", { zoneId: "zone", hostname: "pos.example.com", settingId: "min_tls_version", value: "1.0" });
            new cloudflare.HostnameTlsSetting("modern", { zoneId: "zone", hostname: "api.example.com", settingId: "min_tls_version", value: "1.3" });
            new cloudflare.CustomHostname("venue", { zoneId: "zone", hostname: "tickets.venue.example", ssl: { method: "http", type: "dv", settings: { minTlsVersion: "1.1" } } });
            new cloudflare.CustomHostname("venue-ok", { zoneId: "zone", hostname: "shop.venue.example", ssl: { method: "http", type: "dv", settings: { minTlsVersion: "1.2" } } });
            new cloudflare.ZeroTrustTunnelCloudflaredConfig("tunnel", {
                accountId: "acc", tunnelId: "t", config: { ingresses: [{ hostname: "admin.example.com", service: "https://10.0.1.5", originRequest: { noTlsVerify: true } }, { service: "http_status:404" }] },
            });
        };
        for (const preview of [false, true]) {
            assert.deepEqual(summary(await judgeProgram(pack(), program, preview), "tls-everywhere"), [
                "tls-everywhere mandatory config-rules rules[0].actionParameters.ssl",
                "tls-everywhere mandatory forward-http actions.forwardingUrl.url",
                "tls-everywhere mandatory legacy-path actions.ssl",
                "tls-everywhere mandatory old-clients value",
                "tls-everywhere mandatory redirects rules[0].actionParameters.fromValue.targetUrl.value",
                "tls-everywhere mandatory redirects rules[1].actionParameters.fromValue.targetUrl.expression",
                "tls-everywhere mandatory tunnel config.ingresses[0].originRequest.noTlsVerify",
                "tls-everywhere mandatory venue ssl.settings.minTlsVersion",
            ], preview ? "preview" : "after apply");
        }
    });

    it("CloudFront viewer and origin hops", async () => {
        const distribution = (name: string, viewer: string, origin: Record<string, unknown>, cert: Record<string, unknown>) => r("aws:cloudfront/distribution:Distribution", name, {
            enabled: true,
            defaultCacheBehavior: { targetOriginId: "app", viewerProtocolPolicy: viewer, allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"] },
            orderedCacheBehaviors: [{ pathPattern: "/static/*", targetOriginId: "app", viewerProtocolPolicy: "https-only" }],
            origins: [{ originId: "app", domainName: "origin.example.com", customOriginConfig: { httpPort: 80, httpsPort: 443, ...origin } }],
            viewerCertificate: cert,
            loggingConfig: U,
        });
        const acm = { acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/x", sslSupportMethod: "sni-only" };
        assert.deepEqual(await judge([
            distribution("allow-all", "allow-all", { originProtocolPolicy: "match-viewer", originSslProtocols: ["TLSv1.2"] }, { ...acm, minimumProtocolVersion: "TLSv1.2_2021" }),
            distribution("http-origin", "redirect-to-https", { originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1.2"] }, { ...acm, minimumProtocolVersion: "TLSv1.2_2021" }),
            distribution("old-origin", "https-only", { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1", "TLSv1.1", "TLSv1.2"] }, { ...acm, minimumProtocolVersion: "TLSv1.2_2021" }),
            distribution("old-viewer", "https-only", { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] }, { ...acm, minimumProtocolVersion: "TLSv1.1_2016" }),
            distribution("default-viewer", "https-only", { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] }, { ...acm }),
            distribution("default-cert", "https-only", { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] }, { cloudfrontDefaultCertificate: true }),
            // compliant: match-viewer with HTTPS-only viewers is HTTPS to the origin
            distribution("good", "redirect-to-https", { originProtocolPolicy: "match-viewer", originSslProtocols: ["TLSv1.2"] }, { ...acm, minimumProtocolVersion: "TLSv1.2_2025" }),
            r("aws:cloudfront/vpcOrigin:VpcOrigin", "internal-alb", { vpcOriginEndpointConfig: { name: "alb", arn: U, httpPort: 80, httpsPort: 443, originProtocolPolicy: "http-only", originSslProtocols: { items: ["TLSv1.2"], quantity: 1 } } }),
        ]), [
            "tls-everywhere mandatory allow-all defaultCacheBehavior.viewerProtocolPolicy",
            "tls-everywhere mandatory allow-all origins[0].customOriginConfig.originProtocolPolicy",
            "tls-everywhere mandatory default-cert viewerCertificate.cloudfrontDefaultCertificate",
            "tls-everywhere mandatory default-viewer viewerCertificate.minimumProtocolVersion",
            "tls-everywhere mandatory http-origin origins[0].customOriginConfig.originProtocolPolicy",
            "tls-everywhere mandatory internal-alb vpcOriginEndpointConfig.originProtocolPolicy",
            "tls-everywhere mandatory old-origin origins[0].customOriginConfig.originSslProtocols",
            "tls-everywhere mandatory old-viewer viewerCertificate.minimumProtocolVersion",
        ]);
    });

    it("the TLS switches of database proxies, Kafka, search, DAX, Redshift and API Gateway", async () => {
        assert.deepEqual(await judge([
            r("aws:rds/proxy:Proxy", "proxy-default", { engineFamily: "POSTGRESQL", auths: U, roleArn: U, vpcSubnetIds: U }),
            r("aws:rds/proxy:Proxy", "proxy-tls", { engineFamily: "POSTGRESQL", requireTls: true, roleArn: U }),
            r("aws:msk/cluster:Cluster", "kafka-plain", { encryptionInfo: { encryptionInTransit: { clientBroker: "TLS_PLAINTEXT", inCluster: false }, encryptionAtRestKmsKeyArn: U } }),
            r("aws:msk/cluster:Cluster", "kafka-default", { encryptionInfo: { encryptionAtRestKmsKeyArn: U } }),
            r("aws:mskconnect/connector:Connector", "connector", { kafkaClusterEncryptionInTransit: { encryptionType: "PLAINTEXT" }, kafkaCluster: U }),
            r("aws:opensearch/domain:Domain", "search", { vpcOptions: { subnetIds: U }, domainEndpointOptions: { enforceHttps: false, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" }, nodeToNodeEncryption: { enabled: false } }),
            r("aws:elasticsearch/domain:Domain", "search-unset", { vpcOptions: { subnetIds: U } }),
            r("aws:opensearch/domain:Domain", "search-ok", { vpcOptions: { subnetIds: U }, domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" }, nodeToNodeEncryption: { enabled: true }, masterUserOptions: secret({ masterUserPassword: "x" }) }),
            r("aws:cloudsearch/domain:Domain", "cloudsearch", { name: "cs" }),
            r("aws:dax/cluster:Cluster", "dax", { clusterName: "dax", nodeType: "dax.r4.large", replicationFactor: 1, iamRoleArn: U }),
            r("aws:dax/cluster:Cluster", "dax-tls", { clusterEndpointEncryptionType: "TLS" }),
            r("aws:redshift/parameterGroup:ParameterGroup", "warehouse-params", { family: "redshift-2.0", parameters: [{ name: "require_ssl", value: "false" }] }),
            r("aws:redshiftserverless/workgroup:Workgroup", "serverless", { configParameters: [{ parameterKey: "require_ssl", parameterValue: "false" }, { parameterKey: "max_query_execution_time", parameterValue: "14400" }] }),
            r("aws:apigateway/domainName:DomainName", "api-domain", { domainName: "api.example.com", securityPolicy: "TLS_1_0" }),
            r("aws:apigateway/domainName:DomainName", "api-domain-ok", { domainName: "api.example.com", securityPolicy: "TLS_1_2" }),
        ]), [
            "tls-everywhere mandatory api-domain securityPolicy",
            "tls-everywhere mandatory cloudsearch endpointOptions.enforceHttps",
            "tls-everywhere mandatory cloudsearch endpointOptions.tlsSecurityPolicy",
            "tls-everywhere mandatory connector kafkaClusterEncryptionInTransit.encryptionType",
            "tls-everywhere mandatory dax clusterEndpointEncryptionType",
            "tls-everywhere mandatory kafka-plain encryptionInfo.encryptionInTransit.clientBroker",
            "tls-everywhere mandatory kafka-plain encryptionInfo.encryptionInTransit.inCluster",
            "tls-everywhere mandatory proxy-default requireTls",
            "tls-everywhere mandatory search domainEndpointOptions.enforceHttps",
            "tls-everywhere mandatory search domainEndpointOptions.tlsSecurityPolicy",
            "tls-everywhere mandatory search nodeToNodeEncryption.enabled",
            "tls-everywhere mandatory search-unset domainEndpointOptions.tlsSecurityPolicy",
            "tls-everywhere mandatory search-unset nodeToNodeEncryption.enabled",
            "tls-everywhere mandatory serverless configParameters[0].parameterValue",
            "tls-everywhere mandatory warehouse-params parameters[0].value",
        ]);
    });

    it('parameterGroupName "" is AWS\'s default group, judged like an unset one', async () => {
        const program = (name: string | undefined) => () => {
            new aws.rds.Instance("orders", { engine: "postgres", engineVersion: "14.12", instanceClass: "db.t4g.micro", parameterGroupName: name, dbSubnetGroupName: "data", password: "not-a-real-password-1" });
        };
        assert.deepEqual(summary(await judgeProgram(pack(), program("")), "tls-everywhere"), ["tls-everywhere mandatory orders parameterGroupName"]);
        assert.deepEqual(summary(await judgeProgram(pack(), program(undefined)), "tls-everywhere"), ["tls-everywhere mandatory orders parameterGroupName"]);
        assert.deepEqual(summary(await judgeProgram(pack(), () => {
            new aws.rds.Instance("orders", { engine: "postgres", engineVersion: "16.4", instanceClass: "db.t4g.micro", parameterGroupName: "", dbSubnetGroupName: "data", password: "not-a-real-password-1" });
        }), "tls-everywhere"), [], "PostgreSQL 15+ forces TLS by default");
    });

    it("DocumentDB: tls enabled accepts TLS 1.0, and so does AWS's default group", async () => {
        const group = (name: string, tls: string) => r("aws:docdb/clusterParameterGroup:ClusterParameterGroup", name, { name, family: "docdb5.0", parameters: [{ name: "tls", value: tls }] });
        assert.deepEqual(await judge([
            group("enabled", "enabled"), group("modern", "tls1.2+"),
            r("aws:docdb/cluster:Cluster", "on-enabled", { dbClusterParameterGroupName: "enabled" }),
            r("aws:docdb/cluster:Cluster", "on-default", { masterPassword: secret("x") }),
            r("aws:docdb/cluster:Cluster", "on-modern", { dbClusterParameterGroupName: "modern" }),
        ]), [
            "tls-everywhere mandatory enabled parameters[0].value",
            "tls-everywhere mandatory on-default dbClusterParameterGroupName",
            "tls-everywhere mandatory on-enabled dbClusterParameterGroupName",
        ]);
    });

    it("the mesh's mTLS and TLS origination", async () => {
        const cr = (type: string, name: string, spec: Record<string, unknown>) => r(`kubernetes:${type}`, name, { apiVersion: type.split(":")[0], kind: type.split(":")[1], metadata: { name, namespace: "app" }, spec });
        assert.deepEqual(await judge([
            cr("security.istio.io/v1:PeerAuthentication", "permissive", { mtls: { mode: "PERMISSIVE" } }),
            cr("security.istio.io/v1beta1:PeerAuthentication", "port-off", { selector: { matchLabels: { app: "db" } }, mtls: { mode: "STRICT" }, portLevelMtls: { "5432": { mode: "DISABLE" } } }),
            cr("networking.istio.io/v1:DestinationRule", "plain", { host: "payment.app.svc.cluster.local", trafficPolicy: { tls: { mode: "DISABLE" } } }),
            cr("networking.istio.io/v1alpha3:DestinationRule", "subset-plain", { host: "auth", subsets: [{ name: "v1", trafficPolicy: { tls: { mode: "DISABLE" } } }] }),
            cr("security.istio.io/v1:PeerAuthentication", "strict", { mtls: { mode: "STRICT" } }),
            cr("security.istio.io/v1:PeerAuthentication", "inherit", { mtls: { mode: "UNSET" } }),
            cr("networking.istio.io/v1:DestinationRule", "mutual", { host: "payment", trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } } }),
        ]), [
            "tls-everywhere mandatory permissive spec.mtls.mode",
            "tls-everywhere mandatory plain spec.trafficPolicy.tls.mode",
            "tls-everywhere mandatory port-off spec.portLevelMtls.5432.mode",
            "tls-everywhere mandatory subset-plain spec.subsets[0].trafficPolicy.tls.mode",
        ]);
    });
});

// The review's TLS programs: each plain-text hop gets exactly the findings listed, each look-alike none.
describe("tls-everywhere: the review's programs (through the gRPC interface)", () => {
    const pack = usePack();

    it("ALB listeners: redirects, modern policies, defaults, alias tokens; caches' transit modes", async () => {
        for (const preview of [false, true]) {
            const report = await judgeProgram(pack(), () => {
                const alb = new aws.lb.LoadBalancer("alb", { loadBalancerType: "application", subnets: ["subnet-a", "subnet-b"] });
                const tg = new aws.lb.TargetGroup("web", { port: 8443, protocol: "HTTPS", vpcId: "vpc-1" });
                new aws.lb.Listener("http", { loadBalancerArn: alb.arn, port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }] });
                new aws.lb.Listener("https", { loadBalancerArn: alb.arn, port: 443, protocol: "HTTPS", certificateArn: "arn:cert", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", defaultActions: [{ type: "forward", targetGroupArn: tg.arn }] });
                new aws.lb.Listener("https-nopolicy", { loadBalancerArn: alb.arn, port: 8443, protocol: "HTTPS", certificateArn: "arn:cert", defaultActions: [{ type: "forward", targetGroupArn: tg.arn }] });
                new aws.lb.Listener("no-protocol", { loadBalancerArn: alb.arn, port: 8080, defaultActions: [{ type: "forward", targetGroupArn: tg.arn }] });
                new aws.alb.Listener("alias-http", { loadBalancerArn: alb.arn, port: 81, protocol: "HTTP", defaultActions: [{ type: "forward", forward: { targetGroups: [{ arn: tg.arn }] } }] });
                new aws.elasticache.ReplicationGroup("rg-nomode", { description: "x", nodeType: "cache.t4g.micro", transitEncryptionEnabled: true, subnetGroupName: "p" });
                new aws.elasticache.ReplicationGroup("rg-preferred", { description: "x", nodeType: "cache.t4g.micro", transitEncryptionEnabled: true, transitEncryptionMode: "preferred", subnetGroupName: "p" });
            }, preview);
            assert.deepEqual(summary(report, "tls-everywhere"), [
                "tls-everywhere mandatory alias-http defaultActions[0].type",
                "tls-everywhere mandatory https-nopolicy sslPolicy",
                "tls-everywhere mandatory no-protocol defaultActions[0].type",
                "tls-everywhere mandatory rg-preferred transitEncryptionMode",
            ], preview ? "preview" : "after apply");
        }
    });

    it("parameter groups that pin old TLS versions, and spellings of on", async () => {
        const report = await judgeResources(pack(), [
            r("aws:rds/parameterGroup:ParameterGroup", "pg14-min-tls11", { family: "postgres14", parameters: [{ name: "rds.force_ssl", value: "1" }, { name: "ssl_min_protocol_version", value: "TLSv1.1" }] }),
            r("aws:rds/parameterGroup:ParameterGroup", "mysql-tls-ver", { family: "mysql8.0", parameters: [{ name: "require_secure_transport", value: "1" }, { name: "tls_version", value: "TLSv1.1,TLSv1.2" }] }),
            r("aws:rds/parameterGroup:ParameterGroup", "pg-force-ssl-ON", { family: "postgres14", parameters: [{ name: "rds.force_ssl", value: "ON" }] }),
            r("aws:rds/parameterGroup:ParameterGroup", "pg-force-on-num", { family: "postgres14", parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }] }),
        ]);
        assert.deepEqual(summary(report, "tls-everywhere"), [
            "tls-everywhere mandatory mysql-tls-ver parameters[1].value",
            "tls-everywhere mandatory pg14-min-tls11 parameters[1].value",
        ]);
    });
});
