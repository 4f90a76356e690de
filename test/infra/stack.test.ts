import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../tools/harness/project";
import { ConfigError, loadStackConfig } from "../../infra/config";
import { countByType, RunError, runStack, RunResult } from "../../tools/harness/run";
import { all, byId, idOf, one } from "../support/resources";
import { attributeToPods, flowsOf, groupLabels, ruleViews, securityMatrix, sharedPodGroups } from "../support/matrix";
import { offlinePassword } from "../../tools/harness/answers/data";
import { plainCredentialInputs, plainOccurrences } from "../support/stores";
import { contains, parseCidr } from "../../policies/net";
import { stripeApiCidrs, stripeWebhookCidrs } from "../../infra/addresses";
import { CatalogIndex } from "../../components/catalog";
import { administeredStores, planIdentity } from "../../components/identity";
import { TICKETTOKEN } from "../../infra/catalog";
import { SIZE_PROFILES } from "../../infra/config/sizes";
import { stackSource } from "../support/config";
import { bare, ipSetOf } from "../support/edge";
import { runAllStacks } from "../support/stacks";
import { isPrivate } from "../support/networkPolicies";
import { mockZoneId } from "../../tools/harness/answers/network";
import { EKS_UNSUPPORTED_ZONE_IDS } from "../../components/cluster";

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
                // Five tiers over three zones: public, private, data, messaging and the endpoints'.
                assert.equal(counts["aws:ec2/subnet:Subnet"], 15);
                assert.equal(counts["aws:ec2/flowLog:FlowLog"], 1);
            });

            it("puts no subnet in a zone whose ID EKS refuses (the offline account's us-east-1c is use1-az3)", () => {
                const run = runs[stack];
                const zones = [...new Set(all(run, "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone as string))];
                assert.equal(zones.length, 3);
                for (const z of zones) {
                    const region = z.slice(0, -1);
                    assert.ok(!EKS_UNSUPPORTED_ZONE_IDS.includes(mockZoneId(region, z)), `${z} is ${mockZoneId(region, z)}, where EKS refuses cluster subnets`);
                }
                assert.deepEqual(run.outputs.availabilityZones, zones);
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

    for (const stack of ["dev", "staging", "prod"]) {
        describe(`${stack}: the cluster`, () => {
            it("builds one private EKS cluster with its two node groups and four add-ons", () => {
                const run = runs[stack];
                const counts = countByType(run);
                assert.equal(counts["tickettoken:cluster:Cluster"], 1);
                assert.equal(counts["aws:eks/cluster:Cluster"], 1);
                assert.equal(counts["aws:eks/nodeGroup:NodeGroup"], 2);
                // The cluster's own; GuardDuty's agent belongs to the operations layer.
                assert.equal(all(run, "aws:eks/addon:Addon").filter((a) => a.name.startsWith("tickettoken-cluster-")).length, 4);
                assert.equal(counts["pulumi:providers:kubernetes"], 1);
                const eks = all(run, "aws:eks/cluster:Cluster")[0];
                assert.equal(eks.inputs.name, `tickettoken-${stack}`);
                assert.equal(eks.inputs.version, "1.34");
                assert.equal(eks.inputs.vpcConfig.endpointPublicAccess, false);
                assert.deepEqual(eks.inputs.encryptionConfig.resources, ["secrets"]);
                assert.equal(eks.inputs.enabledClusterLogTypes.length, 5);
                assert.equal(eks.inputs.kubernetesNetworkConfig.serviceIpv4Cidr, "172.20.0.0/16");
                const privateSubnets = all(run, "aws:ec2/subnet:Subnet").filter((x) => x.inputs.tags.tier === "private").map(idOf);
                assert.deepEqual(eks.inputs.vpcConfig.subnetIds, privateSubnets);
                for (const g of all(run, "aws:eks/nodeGroup:NodeGroup")) {
                    assert.deepEqual(g.inputs.subnetIds, privateSubnets, `${g.name} in the private subnets`);
                }
            });

            it("exports what the Kubernetes layer needs", () => {
                const out = runs[stack].outputs;
                for (const key of ["clusterName", "clusterEndpoint", "kubeconfig", "nodeSecurityGroupId", "oidcProviderArn", "oidcIssuerUrl", "imageRegistries", "defaultStorageClass", "s3PrefixListId"]) {
                    assert.ok(out[key] !== undefined, `exports ${key}`);
                }
                assert.equal(out.defaultStorageClass, "gp3-encrypted");
            });
        });
    }

    it("sizes the node groups per environment: dev smallest, prod largest", () => {
        const scaling = (stack: string, role: string) => one(runs[stack], "aws:eks/nodeGroup:NodeGroup", `tickettoken-cluster-${role}`).inputs;
        for (const [stack, size] of [["dev", "small"], ["staging", "medium"], ["prod", "large"]] as const) {
            for (const role of ["system", "apps"] as const) {
                const g = scaling(stack, role);
                const want = SIZE_PROFILES[size].nodeCounts[role];
                assert.deepEqual(g.scalingConfig, { minSize: want.min, desiredSize: want.desired, maxSize: want.max }, `${stack} ${role}`);
            }
            assert.deepEqual(scaling(stack, "apps").instanceTypes, SIZE_PROFILES[size].nodeInstanceTypes);
        }
        assert.ok(scaling("dev", "apps").scalingConfig.maxSize < scaling("prod", "apps").scalingConfig.maxSize);
        assert.ok(scaling("prod", "system").scalingConfig.minSize >= 3, "prod keeps a system node per zone");
        assert.equal(all(runs.dev, "aws:eks/cluster:Cluster")[0].protect, false);
        assert.equal(all(runs.prod, "aws:eks/cluster:Cluster")[0].protect, true);
        const logs = (stack: string) => one(runs[stack], "aws:cloudwatch/logGroup:LogGroup", "tickettoken-cluster-control-plane").inputs.retentionInDays;
        assert.deepEqual([logs("dev"), logs("staging"), logs("prod")], [30, 90, 365]);
    });

    it("stops on a t-family node type before registering anything", async () => {
        await assert.rejects(runStack("dev", { "tickettoken:appNodeInstanceTypes": ["t3.medium"] }), (e: unknown) => {
            assert.ok(e instanceof RunError && e.cause instanceof ConfigError);
            assert.match(e.message, /tickettoken:appNodeInstanceTypes = .*item 0 \("t3\.medium"\) is a burstable t-family type, which cannot carry pod ENIs/);
            assert.equal(e.resources.filter((r) => r.custom).length, 0);
            return true;
        });
    });

    describe("the security-group matrix, from every registered rule", () => {
        const catalog = new CatalogIndex(TICKETTOKEN);
        const stripe = stripeApiCidrs();

        for (const stack of ["dev", "prod"]) {
            describe(stack, () => {
                const matrixOf = () => {
                    const run = runs[stack];
                    const labels = groupLabels(run);
                    labels.set(idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-cluster-nodes")), "nodes");
                    labels.set(idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-cluster-control-plane")), "control-plane");
                    labels.set(idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-endpoints")), "endpoints");
                    labels.set(idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-edge-alb")), "alb");
                    labels.set(idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-deploy-runner")), "deploy-runner");
                    labels.set(idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-traffic-store-admin")), "store-admin");
                    const vpcCidr = run.outputs.vpcCidr as string;
                    const vpc = parseCidr(vpcCidr)!;
                    // Stripe's egress groups act for the pods that carry them.
                    const views = attributeToPods(ruleViews(run, labels), sharedPodGroups(run, labels));
                    return { views, vpcCidr, s3: run.outputs.s3PrefixListId as string, matrix: securityMatrix(views, (range) => contains(parseCidr(range)!, vpc)) };
                };

                /** What the catalog and the platform's needs allow, and nothing else. */
                const expected = (vpcCidr: string, s3: string): Set<string> => {
                    // The VPCs here are /16s: the resolver is x.y.0.2.
                    const resolver = vpcCidr.replace(/\.0\/16$/, ".2/32");
                    const flows: string[] = [];
                    for (const f of catalog.flows) {
                        if (f.toKind === "external") {
                            flows.push(...stripe.map((cidr) => `${f.from}->${cidr}:tcp/${f.port}`));
                        } else {
                            flows.push(`${f.from}->${f.to}:tcp/${f.port}`);
                        }
                    }
                    for (const s of catalog.catalog.services) {
                        // The AWS APIs, for the services whose identity needs one (every one but the gateway).
                        if (planIdentity(catalog, s.name).awsApis.length > 0) {
                            flows.push(`${s.name}->endpoints:tcp/443`);
                        }
                        flows.push(`${s.name}->nodes:udp/53`, `${s.name}->nodes:tcp/53`, `nodes->${s.name}:tcp/${s.port}`);
                        // The mesh: sidecars to istiod on the nodes; the kubelet to the sidecar's health and the rewritten app probes.
                        flows.push(`${s.name}->nodes:tcp/15012`, `nodes->${s.name}:tcp/15020`, `nodes->${s.name}:tcp/15021`);
                    }
                    // The administrator's one-off pods: the stores' administration ports (users are created there), DNS.
                    flows.push(...administeredStores(catalog).map((a) => `store-admin->${a.store}:tcp/${a.port}`), "store-admin->nodes:udp/53", "store-admin->nodes:tcp/53");
                    // The Kong ingress controller (on the nodes) to the gateway's admin API, on the gateway only.
                    flows.push(`nodes->${catalog.edgeService().name}:tcp/8444`);
                    // The platform's workloads: the one that reaches services (Prometheus, to each metrics port) has a group of its own;
                    // the others carry the nodes' group, so their flows to each other, to kubelets and istiod are the nodes' rules.
                    const grouped = new Set(catalog.platform.filter((w) => catalog.platformEgressFrom(w.name).some((f) => f.to.kind === "service")).map((w) => w.name));
                    assert.deepEqual([...grouped], ["prometheus"]);
                    for (const f of catalog.platformFlows) {
                        const port = `${f.protocol}/${f.port}`;
                        const from = grouped.has(f.from) ? f.from : "nodes";
                        switch (f.to.kind) {
                            case "service":
                                flows.push(`${from}->${f.to.name}:${port}`);
                                break;
                            case "workload":
                                flows.push(`${from}->${grouped.has(f.to.name) ? f.to.name : "nodes"}:${port}`);
                                break;
                            case "cluster":
                                flows.push(f.to.peer === "api-server" ? `${from}->control-plane:${port}` : `${from}->nodes:${port}`);
                                break;
                            case "aws":
                                flows.push(`${from}->endpoints:${port}`);
                                break;
                        }
                    }
                    for (const w of catalog.platform) {
                        const ports = w.ports.map((p) => `${p.protocol ?? "tcp"}/${p.port}`);
                        if (grouped.has(w.name)) {
                            // DNS; its own ports and the sidecar's from the nodes (other platform pods, kubelet probes).
                            flows.push(`${w.name}->nodes:udp/53`, `${w.name}->nodes:tcp/53`, ...[...ports, "tcp/15020", "tcp/15021"].map((p) => `nodes->${w.name}:${p}`));
                        }
                        flows.push(...(w.apiServerCalls ?? []).map((n) => `control-plane->${grouped.has(w.name) ? w.name : "nodes"}:tcp/${w.ports.find((p) => p.name === n)!.port}`));
                    }
                    // Webhooks the API server calls: istiod, the Kong ingress controller, the load balancer controller.
                    flows.push("control-plane->nodes:tcp/15017", "control-plane->nodes:tcp/8080", "control-plane->nodes:tcp/9443");
                    flows.push(
                        // Nodes and the API server.
                        "nodes->control-plane:tcp/443", "control-plane->nodes:tcp/443", "control-plane->nodes:tcp/10250",
                        // Cluster DNS between nodes, and its upstream.
                        "nodes->nodes:udp/53", "nodes->nodes:tcp/53", `nodes->${resolver}:udp/53`, `nodes->${resolver}:tcp/53`,
                        // AWS APIs and image layers without the internet.
                        "nodes->endpoints:tcp/443", `nodes->${s3}:tcp/443`,
                        // The endpoints admit HTTPS from the whole VPC.
                        `${vpcCidr}->endpoints:tcp/443`,
                        // The deploy runner: the API server, the AWS endpoints, DNS, and HTTPS out through NAT (its one public rule).
                        "deploy-runner->control-plane:tcp/443", "deploy-runner->endpoints:tcp/443",
                        `deploy-runner->${resolver}:udp/53`, `deploy-runner->${resolver}:tcp/53`, "deploy-runner->0.0.0.0/0:tcp/443",
                    );
                    // The edge: Cloudflare's ranges to the ALB on 443, the ALB to the gateway's TLS port.
                    const ranges = loadStackConfig(stackSource(stack)).edge.cloudflareRanges;
                    flows.push(...[...ranges.ipv4, ...ranges.ipv6].map((cidr) => `${cidr}->alb:tcp/443`));
                    const edge = catalog.edgeService();
                    flows.push(`alb->${edge.name}:tcp/${edge.port}`);
                    return new Set(flows);
                };

                it("opens exactly the flows the catalog and the nodes' needs allow: none more, none missing", () => {
                    const { matrix, vpcCidr, s3 } = matrixOf();
                    const want = expected(vpcCidr, s3);
                    const extra = [...matrix.flows].filter((f) => !want.has(f)).sort();
                    const missing = [...want].filter((f) => !matrix.flows.has(f)).sort();
                    assert.deepEqual(extra, [], "flows the catalog does not allow");
                    assert.deepEqual(missing, [], "allowed flows that are not open");
                    assert.ok(matrix.flows.size > 100);
                });

                it("has no half-open rule between groups", () => {
                    assert.deepEqual(matrixOf().matrix.dangling, []);
                });

                it("sends nothing beyond private addresses but TCP 443 to Stripe, from Stripe's clients only, and the deploy runner's one HTTPS rule", () => {
                    const { views, s3 } = matrixOf();
                    // The runner's rule is the one exception, and the stack's pack config exempts it (test/infra/policyConfig.test.ts).
                    const runnerOut = views.filter((v) => v.group === "deploy-runner" && v.direction === "egress" && parseCidr(v.peer) && !isPrivate(v.peer));
                    assert.deepEqual(runnerOut.map((v) => [v.peer, v.protocol, v.fromPort, v.toPort]), [["0.0.0.0/0", "tcp", 443, 443]]);
                    const stripeClients = new Set(catalog.stripeClients());
                    for (const v of views.filter((x) => x.direction === "egress" && !runnerOut.includes(x))) {
                        if (v.peer.startsWith("pl-")) {
                            assert.deepEqual([v.group, v.peer, v.protocol, v.fromPort, v.toPort], ["nodes", s3, "tcp", 443, 443], "only the nodes reach S3, through its gateway endpoint");
                            continue;
                        }
                        if (!parseCidr(v.peer) || isPrivate(v.peer)) {
                            continue;
                        }
                        assert.deepEqual([v.protocol, v.fromPort, v.toPort], ["tcp", 443, 443], `${v.group} -> ${v.peer}`);
                        assert.ok(stripe.includes(v.peer), `${v.peer} is a Stripe API address`);
                        assert.ok(stripeClients.has(v.group), `${v.group} is a Stripe client`);
                    }
                    for (const v of views) {
                        assert.notEqual(v.protocol, "-1", "no all-traffic rule");
                        assert.ok(runnerOut.includes(v) || !["0.0.0.0/0", "::/0"].includes(v.peer), "no other rule to or from everywhere");
                    }
                });
            });
        }
    });

    it("is small in dev and highly available in prod", () => {
        assert.equal(all(runs.dev, "aws:ec2/natGateway:NatGateway").length, 1);
        // Staging shares the account's five Elastic IPs with dev and prod (test/infra/accountQuotas.test.ts).
        assert.equal(all(runs.staging, "aws:ec2/natGateway:NatGateway").length, 1);
        assert.equal(all(runs.prod, "aws:ec2/natGateway:NatGateway").length, 3);
        assert.equal(runs.dev.outputs.vpcCidr, "10.20.0.0/16");
        assert.equal(runs.prod.outputs.vpcCidr, "10.0.0.0/16");
        assert.equal(one(runs.dev, "aws:cloudwatch/logGroup:LogGroup", "tickettoken-flow-logs").inputs.retentionInDays, 30);
        assert.equal(one(runs.prod, "aws:cloudwatch/logGroup:LogGroup", "tickettoken-flow-logs").inputs.retentionInDays, 365);
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
        const preview = (await runAllStacks({ preview: true })).prod;
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
        const preview = (await runAllStacks({ preview: true })).prod;
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

// The data stores and the broker, as each stack builds them.
describe("infra (whole stack): data stores and messaging", () => {
    const catalog = new CatalogIndex(TICKETTOKEN);
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    /** Each store's security groups, as its resource names them. */
    const storeGroups: Array<[string, string, (inputs: Record<string, any>) => string[]]> = [
        ["postgresql", "aws:rds/instance:Instance", (i) => i.vpcSecurityGroupIds],
        ["redis", "aws:elasticache/replicationGroup:ReplicationGroup", (i) => i.securityGroupIds],
        ["mongodb", "aws:docdb/cluster:Cluster", (i) => i.vpcSecurityGroupIds],
        ["rabbitmq", "aws:mq/broker:Broker", (i) => i.securityGroups],
    ];

    /** Each store resource's subnets, through its subnet group where it has one. */
    function storeSubnets(run: RunResult): Array<[string, string[]]> {
        const viaGroup = (type: string, groupType: string, field: string) =>
            all(run, type).map((r): [string, string[]] => {
                const group = all(run, groupType).find((g) => g.name === r.inputs[field]);
                assert.ok(group, `${r.name} names a registered subnet group`);
                return [r.name, group.inputs.subnetIds];
            });
        return [
            ...viaGroup("aws:rds/instance:Instance", "aws:rds/subnetGroup:SubnetGroup", "dbSubnetGroupName"),
            ...viaGroup("aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/subnetGroup:SubnetGroup", "subnetGroupName"),
            ...viaGroup("aws:docdb/cluster:Cluster", "aws:docdb/subnetGroup:SubnetGroup", "dbSubnetGroupName"),
            ...all(run, "aws:mq/broker:Broker").map((b): [string, string[]] => [b.name, b.inputs.subnetIds]),
        ];
    }

    for (const stack of ["dev", "staging", "prod"]) {
        describe(stack, () => {
            it("admits each store's catalog clients on its port, the administrator on its administration port, and nothing else", () => {
                const run = runs[stack];
                const labels = groupLabels(run);
                labels.set(idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-traffic-store-admin")), "store-admin");
                const views = ruleViews(run, labels);
                for (const [store, type, groupsOf] of storeGroups) {
                    const port = catalog.store(store).port;
                    for (const r of all(run, type)) {
                        assert.deepEqual(groupsOf(r.inputs).map((id) => labels.get(id)), [store], `${r.name} uses only the ${store} group`);
                    }
                    const admin = administeredStores(catalog).find((a) => a.store === store);
                    const ingress = views.filter((v) => v.group === store && v.direction === "ingress" && v.peer !== "store-admin");
                    assert.deepEqual(ingress.map((v) => v.peer).sort(), catalog.clientsOf(store).sort(), `${store} ingress peers`);
                    assert.ok(ingress.every((v) => v.protocol === "tcp" && v.fromPort === port && v.toPort === port), `${store} only on ${port}`);
                    const fromAdmin = views.filter((v) => v.group === store && v.direction === "ingress" && v.peer === "store-admin");
                    assert.deepEqual(fromAdmin.map((v) => [v.protocol, v.fromPort, v.toPort]), admin ? [["tcp", admin.port, admin.port]] : [], `${store} from the administrator`);
                    assert.deepEqual(views.filter((v) => v.group === store && v.direction === "egress"), [], `${store} opens nothing outwards`);
                    const flows = [...flowsOf(views)].filter((f) => f.includes(`->${store}:`));
                    const want = [...catalog.clientsOf(store).map((c) => `${c}->${store}:tcp/${port}`), ...(admin ? [`store-admin->${store}:tcp/${admin.port}`] : [])];
                    assert.deepEqual(flows.sort(), want.sort(), `${store} flows`);
                }
            });

            it("places every store in an isolated tier: databases and cache in data, the broker in messaging", () => {
                const run = runs[stack];
                const placed = storeSubnets(run);
                assert.equal(placed.length, all(run, "aws:rds/instance:Instance").length + 3);
                for (const [name, subnetIds] of placed) {
                    const tiers = new Set(subnetIds.map((id) => byId(run, id).inputs.tags.tier));
                    assert.deepEqual([...tiers], [name.includes("rabbitmq") ? "messaging" : "data"], name);
                }
            });

            it("encrypts every hop: TLS forced or required on each store, storage under KMS", () => {
                const run = runs[stack];
                const params = all(run, "aws:rds/parameterGroup:ParameterGroup");
                for (const db of all(run, "aws:rds/instance:Instance")) {
                    const group = params.find((p) => p.name === db.inputs.parameterGroupName)!;
                    assert.equal(group.inputs.parameters.find((p: any) => p.name === "rds.force_ssl").value, "1", db.name);
                    assert.equal(db.inputs.storageEncrypted, true);
                    assert.equal(db.inputs.publiclyAccessible, false);
                }
                const cache = all(run, "aws:elasticache/replicationGroup:ReplicationGroup")[0].inputs;
                assert.deepEqual([cache.transitEncryptionEnabled, cache.transitEncryptionMode, cache.atRestEncryptionEnabled], [true, "required", true]);
                const docdb = all(run, "aws:docdb/cluster:Cluster")[0].inputs;
                const docParams = all(run, "aws:docdb/clusterParameterGroup:ClusterParameterGroup").find((p) => p.name === docdb.dbClusterParameterGroupName)!;
                assert.equal(docParams.inputs.parameters.find((p: any) => p.name === "tls").value, "tls1.2+");
                assert.equal(docdb.storageEncrypted, true);
                const broker = all(run, "aws:mq/broker:Broker")[0].inputs;
                assert.equal(broker.publiclyAccessible, false);
                // Amazon MQ for RabbitMQ encrypts with an AWS-owned key and refuses any encryption options.
                assert.equal(broker.encryptionOptions, undefined);
            });

            it("puts no credential in plain text in any input or output", () => {
                const run = runs[stack];
                const password = offlinePassword(all(run, "random:index/randomPassword:RandomPassword")[0].name);
                for (const r of run.resources) {
                    assert.deepEqual(plainCredentialInputs(r), [], r.name);
                    assert.deepEqual(plainOccurrences(r.wire, password), [], r.name);
                }
                assert.ok(!JSON.stringify(run.outputs).includes(password), "stack outputs");
                for (const [urn, outputs] of run.componentOutputs) {
                    assert.deepEqual(plainOccurrences(outputs, password), [], urn);
                }
            });

            it("exports an endpoint per store for the ExternalName Services, and the cache users", () => {
                const out = runs[stack].outputs as Record<string, any>;
                assert.deepEqual(Object.keys(out.storeEndpoints).sort(), TICKETTOKEN.stores.map((s) => s.name).sort());
                for (const [name, e] of Object.entries<any>(out.storeEndpoints)) {
                    assert.equal(e.name, name);
                    assert.equal(e.port, catalog.store(name).port);
                    assert.ok(typeof e.host === "string" && e.host.length > 0, `${name} host`);
                }
                assert.equal(out.storeEndpoints.postgresql.tls, "sslmode=verify-full");
                assert.match(out.storeEndpoints.rabbitmq.url, /^amqps:\/\/.*:5671$/);
                assert.deepEqual(Object.keys(out.redisUserIds).sort(), catalog.clientsOf("redis").sort());
                assert.equal(out.redisUserIds["api-gateway"], `tickettoken-${stack}-api-gateway`);
            });
        });
    }

    it("is small in dev and highly available in staging and prod", () => {
        const shape = (run: RunResult) => ({
            postgres: all(run, "aws:rds/instance:Instance").map((d) => `${d.inputs.replicateSourceDb ? "replica" : "primary"}${d.inputs.multiAz ? "+standby" : ""}`),
            cache: all(run, "aws:elasticache/replicationGroup:ReplicationGroup").map((g) => [g.inputs.numCacheClusters, g.inputs.automaticFailoverEnabled, g.inputs.multiAzEnabled]),
            docdb: all(run, "aws:docdb/clusterInstance:ClusterInstance").length,
            broker: all(run, "aws:mq/broker:Broker").map((b) => [b.inputs.deploymentMode, b.inputs.subnetIds.length]),
        });
        assert.deepEqual(shape(runs.dev), { postgres: ["primary"], cache: [[1, false, false]], docdb: 1, broker: [["SINGLE_INSTANCE", 1]] });
        assert.deepEqual(shape(runs.staging), { postgres: ["primary+standby", "replica"], cache: [[2, true, true]], docdb: 2, broker: [["CLUSTER_MULTI_AZ", 3]] });
        assert.deepEqual(shape(runs.prod), { postgres: ["primary+standby", "replica"], cache: [[3, true, true]], docdb: 3, broker: [["CLUSTER_MULTI_AZ", 3]] });
    });

    it("protects every stateful resource in staging and prod, none in dev", () => {
        const STATEFUL = [
            "aws:rds/instance:Instance",
            "aws:elasticache/replicationGroup:ReplicationGroup",
            "aws:docdb/cluster:Cluster",
            "aws:docdb/clusterInstance:ClusterInstance",
            "aws:mq/broker:Broker",
            "aws:kms/key:Key",
            "aws:secretsmanager/secret:Secret",
            "random:index/randomPassword:RandomPassword",
        ];
        for (const stack of ["staging", "prod"]) {
            const stateful = runs[stack].resources.filter((r) => STATEFUL.includes(r.type));
            assert.ok(stateful.length >= 12, `${stack} has its stores`);
            assert.deepEqual(stateful.filter((r) => !r.protect).map((r) => r.name), [], `${stack}: unprotected`);
            assert.ok(all(runs[stack], "aws:rds/instance:Instance").every((d) => d.inputs.deletionProtection === true));
            assert.equal(all(runs[stack], "aws:docdb/cluster:Cluster")[0].inputs.deletionProtection, true);
        }
        assert.deepEqual(runs.dev.resources.filter((r) => r.protect).map((r) => r.name), []);
        assert.equal(all(runs.dev, "aws:rds/instance:Instance")[0].inputs.deletionProtection, false);
    });
});

// The deploy path (issue 12): the runner in the VPC that previews and
// deployments run on, and cluster access that does not depend on who runs.
describe("infra (whole stack): the deploy path", () => {
    let runs: Record<string, RunResult> = {};
    let previews: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
        previews = await runAllStacks({ preview: true });
    });

    /** URNs that `pulumi up --exclude <urn> --exclude-dependents` leaves out: the URN and, transitively, whatever names it as parent, dependency, property dependency or provider (pulumi/pulumi, stepGenerator.isExcludedFromUpdate). */
    function excludedBy(run: RunResult, urn: string): Set<string> {
        const out = new Set([urn]);
        for (let grew = true; grew;) {
            grew = false;
            for (const r of run.resources.filter((x) => !out.has(x.urn))) {
                const links = [r.parent, ...r.dependencies, ...Object.values(r.propertyDependencies).flat(), r.provider?.replace(/::[^:]*$/, "")];
                if (links.some((l) => l !== undefined && out.has(l))) {
                    out.add(r.urn);
                    grew = true;
                }
            }
        }
        return out;
    }

    for (const stack of ["dev", "staging", "prod"]) {
        describe(stack, () => {
            const cfg = () => loadStackConfig(stackSource(stack));

            it("has one runner: a CodeBuild project named for the stack, in the private subnets, behind a group nothing else carries", () => {
                const run = runs[stack];
                assert.equal(countByType(run)["tickettoken:deploy:DeployRunner"], 1);
                const project = one(run, "aws:codebuild/project:Project", "tickettoken-deploy-project").inputs;
                assert.equal(project.name, `tickettoken-${stack}-deploy`);
                assert.equal(project.environment.computeType, cfg().deploy.computeType);
                assert.equal(project.source.location, `https://github.com/${cfg().deploy.repository}.git`);
                assert.deepEqual(project.source.auth, { type: "CODECONNECTIONS", resource: cfg().deploy.connectionArn });
                const privateSubnets = all(run, "aws:ec2/subnet:Subnet").filter((x) => x.inputs.tags.tier === "private").map(idOf);
                assert.deepEqual(project.vpcConfig.subnets, privateSubnets);
                const runnerSg = idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-deploy-runner"));
                assert.deepEqual(project.vpcConfig.securityGroupIds, [runnerSg]);
                const carriers = run.resources.filter((r) => r.custom && !r.type.startsWith("aws:vpc/securityGroup") && JSON.stringify(r.inputs).includes(runnerSg));
                assert.deepEqual(carriers.map((r) => r.name), ["tickettoken-deploy-project"], "only the project carries the runner's group");
                assert.equal(one(run, "aws:cloudwatch/logGroup:LogGroup", "tickettoken-deploy-logs").inputs.retentionInDays, cfg().deploy.logRetentionDays);
                const hook = one(run, "aws:codebuild/webhook:Webhook", "tickettoken-deploy-webhook").inputs;
                assert.deepEqual(hook.filterGroups[0].filters, [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }, { type: "WORKFLOW_NAME", pattern: "^(pull-request|deploy|deploy-stack)$" }]);
            });

            it("reaches the EKS API: the control plane's group admits the runner on 443", () => {
                const run = runs[stack];
                const runnerSg = idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-deploy-runner"));
                const controlPlane = idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-cluster-control-plane"));
                const admits = all(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.referencedSecurityGroupId === runnerSg);
                assert.deepEqual(admits.map((r) => [r.inputs.securityGroupId, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]), [[controlPlane, "tcp", 443, 443]]);
                assert.equal(one(run, "aws:eks/cluster:Cluster", "tickettoken-cluster-eks").inputs.vpcConfig.endpointPublicAccess, false, "and the endpoint stays private");
            });

            it("gives the stack's deploy role admin and its preview role read access; the runner's own role gets none", () => {
                const run = runs[stack];
                const { access } = cfg().cluster;
                assert.deepEqual(all(run, "aws:eks/accessEntry:AccessEntry").map((e) => [e.name, e.inputs.principalArn]), [
                    ["tickettoken-cluster-admin", access.deployRoleArn],
                    ["tickettoken-cluster-viewer", access.previewRoleArn],
                ]);
                assert.deepEqual(all(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => a.inputs.policyArn.split("/").pop()), ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminViewPolicy"]);
                const runnerRole = one(run, "aws:iam/role:Role", "tickettoken-deploy-role");
                assert.equal(all(run, "aws:eks/accessEntry:AccessEntry").filter((e) => e.dependencies.includes(runnerRole.urn) || e.inputs.principalArn.endsWith("/tickettoken-deploy-role")).length, 0);
            });

            it("plans in a preview the very access entries an up makes: the principals come from the stack file, not from the caller", () => {
                const entries = (run: RunResult) => all(run, "aws:eks/accessEntry:AccessEntry").map((e) => [e.name, e.wire.principalArn, e.wire.type]);
                const { access } = cfg().cluster;
                assert.deepEqual(entries(previews[stack]), [["tickettoken-cluster-admin", access.deployRoleArn, "STANDARD"], ["tickettoken-cluster-viewer", access.previewRoleArn, "STANDARD"]]);
                assert.deepEqual(entries(previews[stack]), entries(runs[stack]));
                assert.equal(one(runs[stack], "pulumi:providers:kubernetes", "tickettoken-cluster-k8s").inputs.kubeconfig.includes("--role-arn"), false, "the provider's token is the caller's own");
            });

            it("can bootstrap: excluding the Kubernetes provider and its dependents leaves out every Kubernetes resource and nothing the runner needs", () => {
                const run = previews[stack];
                const provider = one(run, "pulumi:providers:kubernetes", "tickettoken-cluster-k8s");
                const excluded = excludedBy(run, provider.urn);
                const kube = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
                assert.ok(kube.length > 40);
                assert.deepEqual(kube.filter((r) => !excluded.has(r.urn)).map((r) => r.name), [], "every Kubernetes resource waits for the runner");
                assert.deepEqual(run.resources.filter((r) => excluded.has(r.urn) && r.custom && !r.type.startsWith("kubernetes:") && r !== provider).map((r) => r.type), [], "no AWS or Cloudflare resource is left out");
                const runner = one(run, "tickettoken:deploy:DeployRunner", "tickettoken-deploy");
                assert.deepEqual(run.resources.filter((r) => excluded.has(r.urn) && (r.urn === runner.urn || r.parent === runner.urn)), []);
                // The README's bootstrap command excludes exactly this provider (a direct child of a top-level component, so the mocks' URN is the engine's).
                const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
                const excludes = [...readme.matchAll(/--exclude '([^']+)'/g)].map((m) => m[1].replace(/<stack>/g, stack));
                assert.deepEqual(excludes, [provider.urn]);
                assert.match(readme, /--exclude '[^']+' \\\n\s+--exclude-dependents/);
            });

            it("exports the runner's project and the runs-on label the workflows use", () => {
                const out = runs[stack].outputs;
                assert.equal(out.deployRunnerProject, `tickettoken-${stack}-deploy`);
                assert.equal(out.deployRunnerLabel, `codebuild-tickettoken-${stack}-deploy-\${{ github.run_id }}-\${{ github.run_attempt }}`);
                assert.ok(typeof out.deployRunnerSecurityGroupId === "string" && typeof out.deployRunnerRoleArn === "string");
            });
        });
    }

    it("stops on a missing deploy role in prod before registering anything", async () => {
        await assert.rejects(runStack("prod", { "tickettoken:deployRoleArn": "" }), (e: unknown) => {
            assert.ok(e instanceof RunError && e.cause instanceof ConfigError);
            assert.match(e.message, /tickettoken:deployRoleArn = "": required while requireClusterRoles is true/);
            assert.equal(e.resources.filter((r) => r.custom).length, 0);
            return true;
        });
    });
});
