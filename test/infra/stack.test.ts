import { strict as assert } from "assert";
import { ConfigError, loadStackConfig } from "../../infra/config";
import { countByType, RunError, runStack, RunResult } from "../../tools/harness/run";
import { all, idOf, one } from "../support/resources";
import { CatalogIndex, TICKETTOKEN } from "../../infra/catalog";
import { stripeWebhookCidrs } from "../../infra/addresses";
import { stackSource } from "../support/config";
import { bare, ipSetOf } from "../support/edge";
import { runAllStacks } from "../support/stacks";

// Whole-stack runs: infra/index.ts end to end under mocks, with each stack's
// own config file, as `pulumi up -s <stack>` would run it.
describe("infra (whole stack)", () => {
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    for (const stack of ["dev", "staging", "prod"]) {
        describe(stack, () => {
            it("registers everything under the stack root, through components", () => {
                const run = runs[stack];
                const root = run.resources.filter((r) => r.type === "pulumi:pulumi:Stack");
                assert.equal(root.length, 1);
                const urns = new Set(run.resources.map((r) => r.urn));
                for (const r of run.resources.filter((x) => x.type !== "pulumi:pulumi:Stack")) {
                    assert.ok(r.parent && urns.has(r.parent), `${r.urn} has a registered parent`);
                    if (r.custom) {
                        assert.notEqual(r.parent, root[0].urn, `${r.name} belongs to a component, not the stack root`);
                    }
                }
                assert.equal(new Set(run.resources.map((r) => r.urn)).size, run.resources.length, "URNs are unique");
            });

            it("builds the network from the stack's config", () => {
                const counts = countByType(runs[stack]);
                assert.equal(counts["tickettoken:network:Network"], 1);
                assert.equal(counts["aws:ec2/vpc:Vpc"], 1);
                assert.equal(counts["aws:ec2/subnet:Subnet"], 12);
                assert.equal(counts["aws:ec2/flowLog:FlowLog"], 1);
            });

            it("exports what later stacks and tools need", () => {
                const out = runs[stack].outputs;
                for (const key of ["vpcId", "vpcCidr", "privateSubnetIds", "dataSubnetIds", "publicSubnetIds", "messagingSubnetIds", "routeTableIds", "endpointSecurityGroupId"]) {
                    assert.ok(out[key] !== undefined, `exports ${key}`);
                }
                assert.equal((out.privateSubnetIds as string[]).length, 3);
            });
        });
    }

    it("is small in dev and highly available in prod", () => {
        assert.equal(all(runs.dev, "aws:ec2/natGateway:NatGateway").length, 1);
        assert.equal(all(runs.staging, "aws:ec2/natGateway:NatGateway").length, 3);
        assert.equal(all(runs.prod, "aws:ec2/natGateway:NatGateway").length, 3);
        assert.equal(runs.dev.outputs.vpcCidr, "10.20.0.0/16");
        assert.equal(runs.prod.outputs.vpcCidr, "10.0.0.0/16");
        assert.equal(all(runs.dev, "aws:cloudwatch/logGroup:LogGroup")[0].inputs.retentionInDays, 30);
        assert.equal(all(runs.prod, "aws:cloudwatch/logGroup:LogGroup")[0].inputs.retentionInDays, 365);
    });

    it("stops on bad config before registering a single cloud resource", async () => {
        await assert.rejects(runStack("prod", { "tickettoken:azCount": 9, "tickettoken:vpcCidr": "10.0.0.0/8" }), (e: unknown) => {
            assert.ok(e instanceof RunError);
            assert.ok(e.cause instanceof ConfigError);
            assert.match(e.message, /tickettoken:azCount = "9": must be an integer from 2 to 6/);
            assert.match(e.message, /tickettoken:vpcCidr = "10\.0\.0\.0\/8"/);
            assert.equal(e.resources.filter((r) => r.custom).length, 0);
            return true;
        });
    });

    it("runs in preview mode with computed values unknown, as pulumi preview does", async () => {
        const preview = await runStack("prod", {}, { preview: true });
        assert.equal(preview.resources.length, runs.prod.resources.length);
        const subnet = all(preview, "aws:ec2/subnet:Subnet").find((s) => s.name === "tickettoken-private-1")!;
        assert.equal(subnet.wire.vpcId, "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "the VPC id is the engine's unknown sentinel");
        assert.equal(subnet.wire.cidrBlock, "10.0.0.0/19", "planned values stay known");
        assert.ok(subnet.propertyDependencies.vpcId.some((u) => u.endsWith("::tickettoken-vpc")));
    });
});

// The edge (issue 5) in each environment, from the stack's own config.
describe("infra (whole stack): edge", () => {
    const catalog = new CatalogIndex(TICKETTOKEN);
    const gateway = catalog.edgeService();
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    for (const stack of ["dev", "staging", "prod"]) {
        describe(stack, () => {
            const cfg = () => loadStackConfig(stackSource(stack)).edge;

            it("builds both edge components and the pieces the issue asks for", () => {
                const counts = countByType(runs[stack]);
                assert.equal(counts["tickettoken:edge:EdgeLoadBalancer"], 1);
                assert.equal(counts["tickettoken:edge:CloudflareEdge"], 1);
                assert.equal(counts["aws:lb/loadBalancer:LoadBalancer"], 1);
                assert.equal(counts["aws:lb/listener:Listener"], 2);
                assert.equal(counts["cloudflare:index/zoneSetting:ZoneSetting"], 7);
                assert.equal(counts["aws:acm/certificateValidation:CertificateValidation"], 1);
            });

            it("admits HTTPS from the configured Cloudflare ranges only, and reaches only the gateway", () => {
                const run = runs[stack];
                const alb = idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-edge-alb"));
                const gatewaySg = idOf(all(run, "aws:ec2/securityGroup:SecurityGroup").find((g) => g.inputs.tags?.["tickettoken/workload"] === gateway.name)!);
                const ingress = all(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
                const egress = all(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
                const into = ingress.filter((r) => r.inputs.securityGroupId === alb).map((r) => `${r.inputs.ipProtocol}/${r.inputs.fromPort}-${r.inputs.toPort} ${r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6 ?? r.inputs.referencedSecurityGroupId}`);
                const ranges = [...cfg().cloudflareRanges.ipv4, ...cfg().cloudflareRanges.ipv6];
                assert.deepEqual(into.sort(), ranges.map((c) => `tcp/443-443 ${c}`).sort());
                const out = egress.filter((r) => r.inputs.securityGroupId === alb).map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.referencedSecurityGroupId]);
                assert.deepEqual(out, [["tcp", gateway.port, gateway.port, gatewaySg]]);
                const mentioning = [...ingress, ...egress].filter((r) => r.inputs.referencedSecurityGroupId === alb);
                assert.deepEqual(mentioning.map((r) => [r.type.includes("Ingress"), r.inputs.securityGroupId, r.inputs.fromPort]), [[true, gatewaySg, gateway.port]], "the gateway is the only group that admits the ALB");
            });

            it("terminates TLS with the configured policy, forwards over TLS to the gateway's port, and only redirects HTTP", () => {
                const run = runs[stack];
                const listeners = all(run, "aws:lb/listener:Listener").map((l) => l.inputs);
                const https = listeners.find((l) => l.port === 443)!;
                const http = listeners.find((l) => l.port === 80)!;
                assert.deepEqual([https.protocol, https.sslPolicy, https.mutualAuthentication.mode], ["HTTPS", cfg().alb.sslPolicy, "verify"]);
                assert.deepEqual(http.defaultActions.map((a: any) => [a.type, a.redirect?.protocol, a.redirect?.statusCode]), [["redirect", "HTTPS", "HTTP_301"]]);
                const tg = one(run, "aws:lb/targetGroup:TargetGroup", "tickettoken-edge-tg").inputs;
                assert.deepEqual([tg.protocol, tg.port, tg.targetType, tg.healthCheck.protocol], ["HTTPS", gateway.port, "ip", "HTTPS"]);
                const lb = one(run, "aws:lb/loadBalancer:LoadBalancer", "tickettoken-edge-alb").inputs;
                const publicSubnets = all(run, "aws:ec2/subnet:Subnet").filter((s) => s.inputs.tags.tier === "public").map(idOf);
                assert.deepEqual(lb.subnets, publicSubnets);
                assert.equal(lb.enableDeletionProtection, cfg().alb.deletionProtection);
                assert.equal(lb.accessLogs !== undefined, cfg().alb.accessLogs);
            });

            it("writes the zone's records from config, the routed names, and one validation record per certified name", () => {
                const run = runs[stack];
                const zone = cfg().zoneName;
                const records = all(run, "cloudflare:index/dnsRecord:DnsRecord").map((r) => r.inputs);
                const routed = records.filter((r) => r.proxied === true && r.type === "CNAME").map((r) => r.name).sort();
                assert.deepEqual(routed, [zone, ...cfg().hostLabels.map((l) => `${l}.${zone}`)].sort());
                const validation = records.filter((r) => r.comment?.startsWith("ACM validation"));
                assert.equal(validation.length, 1 + cfg().hostLabels.length);
                assert.ok(validation.every((r) => r.proxied === false && r.name.endsWith(`.${zone}`)));
                const fromConfig = records.length - routed.length - validation.length;
                assert.equal(fromConfig, cfg().records.length);
                assert.ok(records.some((r) => r.type === "CAA" && r.data?.value === "amazon.com"), "CAA names ACM's CA");
            });

            it("admits the webhook path only from the shared Stripe webhook list", () => {
                const custom = all(runs[stack], "cloudflare:index/ruleset:Ruleset").find((r) => r.inputs.phase === "http_request_firewall_custom")!;
                const rule = custom.inputs.rules.find((r: any) => r.ref === "stripe_webhook_only_from_stripe");
                assert.deepEqual(ipSetOf(rule.expression).sort(), bare(stripeWebhookCidrs()).sort());
            });

            it("exports what the Kubernetes layer binds to", () => {
                const out = runs[stack].outputs;
                for (const key of ["albDnsName", "albArn", "albSecurityGroupId", "gatewayTargetGroupArn", "gatewayTargetGroupPort", "edgeCertificateArn", "edgeHostnames"]) {
                    assert.ok(out[key] !== undefined, `exports ${key}`);
                }
                assert.match(out.gatewayTargetGroupArn as string, /:targetgroup\/tickettoken-edge-tg\//);
                assert.equal(out.gatewayTargetGroupPort, gateway.port);
            });
        });
    }

    it("has mail records in prod, is protected and logged in prod, and cheap in dev", () => {
        const mx = (run: RunResult) => all(run, "cloudflare:index/dnsRecord:DnsRecord").filter((r) => r.inputs.type === "MX");
        assert.equal(mx(runs.prod).length, 1);
        assert.equal(mx(runs.dev).length, 0);
        assert.equal(all(runs.prod, "aws:s3/bucket:Bucket").length, 2, "access logs and the trust bundle");
        assert.equal(all(runs.dev, "aws:s3/bucket:Bucket").length, 1, "the trust bundle only");
    });

    it("writes the validation records in preview too, with names still unknown", async () => {
        const preview = await runStack("prod", {}, { preview: true });
        const validation = all(preview, "cloudflare:index/dnsRecord:DnsRecord").filter((r) => r.inputs.comment?.startsWith("ACM validation"));
        assert.equal(validation.length, 3);
        assert.ok(validation.every((r) => r.wire.name === "04da6b54-80e4-46f7-96ec-b56ff0331ba9"));
    });

    it("stops before registering anything when a DNS record in config is malformed", async () => {
        await assert.rejects(runStack("prod", { "tickettoken:dnsRecords": ["@ 3600 MX mx1.example.com"] }), (e: unknown) => {
            assert.ok(e instanceof RunError);
            assert.match(e.message, /tickettoken:dnsRecords = "@ 3600 MX mx1\.example\.com": item 0: MX content "mx1\.example\.com" must be "<priority 0-65535> <host>"/);
            assert.equal(e.resources.filter((r) => r.custom).length, 0);
            return true;
        });
    });
});
