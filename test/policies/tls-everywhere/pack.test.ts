import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as k8s from "@pulumi/kubernetes";
import { engineResource, judgeProgram, judgeResources, summary, usePack } from "../../support/pack";
import { UNKNOWN_SENTINEL } from "../../../policies/lib/read";

// tls-everywhere through the pack's real interface.
const POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

function violatingProgram() {
    const alb = new aws.lb.LoadBalancer("alb", { loadBalancerType: "application", subnets: ["subnet-1", "subnet-2"] });
    const tg = new aws.lb.TargetGroup("plain", { protocol: "HTTP", port: 8000, vpcId: "vpc-1", targetType: "ip" });
    new aws.lb.Listener("http", { loadBalancerArn: alb.arn, protocol: "HTTP", port: 80, defaultActions: [{ type: "forward", targetGroupArn: tg.arn }] });
    new aws.alb.Listener("old-tls", { loadBalancerArn: alb.arn, protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-2016-08", certificateArn: "arn:cert", defaultActions: [{ type: "forward", targetGroupArn: tg.arn }] });
    new aws.elasticache.ReplicationGroup("cache", { description: "cache", nodeType: "cache.t4g.micro", transitEncryptionEnabled: true, transitEncryptionMode: "preferred" });
    new aws.elasticache.ReplicationGroup("plain-cache", { description: "cache", nodeType: "cache.t4g.micro" });
    const pg = new aws.rds.ParameterGroup("no-ssl", { name: "no-ssl", family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "0" }] });
    new aws.rds.Instance("orders", { engine: "postgres", instanceClass: "db.t4g.micro", parameterGroupName: pg.name });
    new aws.docdb.ClusterParameterGroup("docs-no-tls", { name: "docs-no-tls", family: "docdb5.0", parameters: [{ name: "tls", value: "disabled" }] });
    new cloudflare.ZoneSetting("ssl", { zoneId: "zone", settingId: "ssl", value: "flexible" });
    new cloudflare.ZoneSetting("min-tls", { zoneId: "zone", settingId: "min_tls_version", value: "1.0" });
    new cloudflare.ZoneSetting("https", { zoneId: "zone", settingId: "always_use_https", value: "off" });
    new k8s.networking.v1.Ingress("web", { spec: { rules: [{ host: "tickets.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] } }] } });
}

function compliantProgram() {
    const alb = new aws.lb.LoadBalancer("alb", { loadBalancerType: "application", subnets: ["subnet-1", "subnet-2"] });
    const tg = new aws.lb.TargetGroup("gateway", { protocol: "HTTPS", port: 8000, vpcId: "vpc-1", targetType: "ip" });
    new aws.lb.Listener("https", { loadBalancerArn: alb.arn, protocol: "HTTPS", port: 443, sslPolicy: POLICY, certificateArn: "arn:cert", defaultActions: [{ type: "forward", targetGroupArn: tg.arn }] });
    new aws.lb.Listener("http", { loadBalancerArn: alb.arn, protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] });
    new aws.lb.Listener("nlb-passthrough", { loadBalancerArn: "arn:nlb", protocol: "TCP", port: 443, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] });
    new aws.elasticache.ReplicationGroup("cache", { description: "cache", nodeType: "cache.t4g.micro", transitEncryptionEnabled: true, transitEncryptionMode: "required", atRestEncryptionEnabled: true });
    const pg = new aws.rds.ParameterGroup("force-ssl", { name: "force-ssl", family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1" }] });
    new aws.rds.Instance("orders", { engine: "postgres", instanceClass: "db.t4g.micro", parameterGroupName: pg.name });
    new cloudflare.ZoneSetting("ssl", { zoneId: "zone", settingId: "ssl", value: "strict" });
    new cloudflare.ZoneSetting("min-tls", { zoneId: "zone", settingId: "min_tls_version", value: "1.2" });
    new cloudflare.ZoneSetting("https", { zoneId: "zone", settingId: "always_use_https", value: "on" });
    new k8s.networking.v1.Ingress("web", {
        spec: { tls: [{ hosts: ["tickets.example.com"], secretName: "tls" }], rules: [{ host: "tickets.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 443 } } } }] } }] },
    });
}

const EXPECTED = [
    "tls-everywhere mandatory cache transitEncryptionMode",
    "tls-everywhere mandatory docs-no-tls parameters[0].value",
    "tls-everywhere mandatory http defaultActions[0].type",
    "tls-everywhere mandatory https value",
    "tls-everywhere mandatory min-tls value",
    "tls-everywhere mandatory no-ssl parameters[0].value",
    "tls-everywhere mandatory old-tls sslPolicy",
    "tls-everywhere mandatory orders parameterGroupName",
    "tls-everywhere mandatory plain protocol",
    "tls-everywhere mandatory plain-cache transitEncryptionEnabled",
    "tls-everywhere mandatory ssl value",
    "tls-everywhere mandatory web spec.tls",
];

describe("tls-everywhere (through the pack's gRPC interface)", () => {
    const pack = usePack();

    for (const preview of [false, true]) {
        const mode = preview ? "in preview" : "after apply";
        it(`catches every plain-text hop as mandatory, ${mode}`, async () => {
            assert.deepEqual(summary(await judgeProgram(pack(), violatingProgram, preview), "tls-everywhere"), EXPECTED);
        });

        it(`does not flag HTTPS, redirects, pass-through, required transit encryption or forcing groups, ${mode}`, async () => {
            assert.deepEqual(summary(await judgeProgram(pack(), compliantProgram, preview), "tls-everywhere"), []);
        });
    }

    it("covers every listener type token and the older Cloudflare resource", async () => {
        const listener = { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01", loadBalancerArn: UNKNOWN_SENTINEL };
        const report = await judgeResources(pack(), [
            engineResource("aws:elasticloadbalancingv2/listener:Listener", "v2", listener),
            engineResource("aws:applicationloadbalancing/listener:Listener", "app", listener),
            engineResource("aws:elasticloadbalancingv2/targetGroup:TargetGroup", "tg", { protocol: "HTTP", port: 80 }),
            engineResource("cloudflare:index/zoneSettingsOverride:ZoneSettingsOverride", "zone", { zoneId: "z", settings: { ssl: "full", minTlsVersion: "1.2", alwaysUseHttps: "on" } }),
            engineResource("kubernetes:extensions/v1beta1:Ingress", "legacy", { spec: { rules: [{ host: "a.example.com" }] } }),
        ]);
        assert.deepEqual(summary(report, "tls-everywhere"), [
            "tls-everywhere mandatory app sslPolicy",
            "tls-everywhere mandatory legacy spec.tls",
            "tls-everywhere mandatory tg protocol",
            "tls-everywhere mandatory v2 sslPolicy",
            "tls-everywhere mandatory zone settings.ssl",
        ]);
    });

    it("reports a visible violation among unknown fields, and nothing for unknowns alone", async () => {
        const report = await judgeResources(pack(), [
            engineResource("aws:lb/listener:Listener", "visible", { protocol: "HTTP", loadBalancerArn: UNKNOWN_SENTINEL, defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN_SENTINEL }] }),
            engineResource("aws:lb/listener:Listener", "unknown-policy", { protocol: "HTTPS", sslPolicy: UNKNOWN_SENTINEL }),
            engineResource("aws:elasticache/replicationGroup:ReplicationGroup", "unknown-flag", { transitEncryptionEnabled: UNKNOWN_SENTINEL }),
            engineResource("cloudflare:index/zoneSetting:ZoneSetting", "unknown-value", { settingId: "ssl", value: UNKNOWN_SENTINEL }),
        ]);
        assert.deepEqual(summary(report, "tls-everywhere"), ["tls-everywhere mandatory visible defaultActions[0].type"]);
    });
});
