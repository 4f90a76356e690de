import { strict as assert } from "assert";
import { ConfigError } from "../../infra/config";
import { countByType, RunError, runStack, RunResult } from "../../tools/harness/run";
import { all, idOf, one } from "../support/resources";
import { groupLabels, ruleViews, securityMatrix } from "../support/matrix";
import { contains, parseCidr } from "../../policies/lib/cidr";
import { stripeApiCidrs } from "../../infra/addresses";
import { CatalogIndex, TICKETTOKEN } from "../../infra/catalog";
import { SIZE_PROFILES } from "../../infra/config/sizes";

// Whole-stack runs: infra/index.ts end to end under mocks, with each stack's
// own config file, as `pulumi up -s <stack>` would run it.
describe("infra (whole stack)", () => {
    const runs: Record<string, RunResult> = {};
    before(async () => {
        for (const stack of ["dev", "staging", "prod"]) {
            runs[stack] = await runStack(stack);
        }
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

    for (const stack of ["dev", "staging", "prod"]) {
        describe(`${stack}: the cluster`, () => {
            it("builds one private EKS cluster with its two node groups and four add-ons", () => {
                const run = runs[stack];
                const counts = countByType(run);
                assert.equal(counts["tickettoken:cluster:Cluster"], 1);
                assert.equal(counts["aws:eks/cluster:Cluster"], 1);
                assert.equal(counts["aws:eks/nodeGroup:NodeGroup"], 2);
                assert.equal(counts["aws:eks/addon:Addon"], 4);
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
        const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c)!);

        for (const stack of ["dev", "prod"]) {
            describe(stack, () => {
                const matrixOf = () => {
                    const run = runs[stack];
                    const labels = groupLabels(run);
                    labels.set(idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-cluster-nodes")), "nodes");
                    labels.set(idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-cluster-control-plane")), "control-plane");
                    labels.set(idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "tickettoken-endpoints")), "endpoints");
                    const vpcCidr = run.outputs.vpcCidr as string;
                    const vpc = parseCidr(vpcCidr)!;
                    const views = ruleViews(run, labels);
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
                        flows.push(`${s.name}->endpoints:tcp/443`, `${s.name}->nodes:udp/53`, `${s.name}->nodes:tcp/53`, `nodes->${s.name}:tcp/${s.port}`);
                        // The mesh: sidecars to istiod on the nodes; the kubelet to the sidecar's health and the rewritten app probes.
                        flows.push(`${s.name}->nodes:tcp/15012`, `nodes->${s.name}:tcp/15020`, `nodes->${s.name}:tcp/15021`);
                    }
                    // The Kong ingress controller (on the nodes) to the gateway's admin API, on the gateway only.
                    flows.push(`nodes->${catalog.edgeService().name}:tcp/8444`);
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
                    );
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

                it("sends nothing beyond private addresses but TCP 443 to Stripe, from Stripe's clients only", () => {
                    const { views, s3 } = matrixOf();
                    const stripeClients = new Set(catalog.stripeClients());
                    for (const v of views.filter((x) => x.direction === "egress")) {
                        if (v.peer.startsWith("pl-")) {
                            assert.deepEqual([v.group, v.peer, v.protocol, v.fromPort, v.toPort], ["nodes", s3, "tcp", 443, 443], "only the nodes reach S3, through its gateway endpoint");
                            continue;
                        }
                        const range = parseCidr(v.peer);
                        if (!range || RFC1918.some((p) => contains(p, range))) {
                            continue;
                        }
                        assert.deepEqual([v.protocol, v.fromPort, v.toPort], ["tcp", 443, 443], `${v.group} -> ${v.peer}`);
                        assert.ok(stripe.includes(v.peer), `${v.peer} is a Stripe API address`);
                        assert.ok(stripeClients.has(v.group), `${v.group} is a Stripe client`);
                    }
                    for (const v of views) {
                        assert.notEqual(v.protocol, "-1", "no all-traffic rule");
                        assert.ok(!["0.0.0.0/0", "::/0"].includes(v.peer), "no rule to or from everywhere");
                    }
                });
            });
        }
    });

    it("is small in dev and highly available in prod", () => {
        assert.equal(all(runs.dev, "aws:ec2/natGateway:NatGateway").length, 1);
        assert.equal(all(runs.staging, "aws:ec2/natGateway:NatGateway").length, 3);
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
        const preview = await runStack("prod", {}, { preview: true });
        assert.equal(preview.resources.length, runs.prod.resources.length);
        const subnet = all(preview, "aws:ec2/subnet:Subnet").find((s) => s.name === "tickettoken-private-1")!;
        assert.equal(subnet.wire.vpcId, "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "the VPC id is the engine's unknown sentinel");
        assert.equal(subnet.wire.cidrBlock, "10.0.0.0/19", "planned values stay known");
        assert.ok(subnet.propertyDependencies.vpcId.some((u) => u.endsWith("::tickettoken-vpc")));
    });
});
