import { strict as assert } from "assert";
import { stripeApiCidrs } from "../../infra/addresses";
import { CatalogIndex } from "../../components/catalog";
import { TICKETTOKEN } from "../../infra/catalog";
import { RunResult } from "../../tools/harness/run";
import { allowedFlows, isPrivate, NETWORK_POLICY } from "../support/networkPolicies";
import { all, idOf, one } from "../support/resources";
import { runAllStacks, STACKS } from "../support/stacks";

const catalog = new CatalogIndex(TICKETTOKEN);
const stripe = stripeApiCidrs();
const APP = "tickettoken";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const SGP = "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy";
const TGB = "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding";

/** Subnet ranges of a tier, as registered. */
function tierCidrs(run: RunResult, tier: string): string[] {
    return all(run, "aws:ec2/subnet:Subnet").filter((s) => s.inputs.tags.tier === tier).map((s) => s.inputs.cidrBlock);
}

// The Kubernetes layer in each whole stack, wired to the real outputs of the
// network, the cluster, the traffic groups, the stores and the edge.
describe("infra (whole stack): the Kubernetes layer", () => {
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("builds the whole layer through the cluster's Kubernetes provider", () => {
                const run = runs[stack];
                // The app namespace and three platform ones, the store administrator's, and the platform workloads' two (monitoring, external-secrets).
                assert.equal(all(run, "kubernetes:core/v1:Namespace").length, 5 + 2);
                assert.equal(all(run, NETWORK_POLICY).filter((p) => p.inputs.metadata.namespace === APP).length, 3 + catalog.catalog.services.length);
                assert.equal(all(run, NETWORK_POLICY).filter((p) => p.inputs.metadata.namespace === "store-admin").length, 3);
                // A policy per service, the store administrator's, and Prometheus' (components/platform).
                assert.equal(all(run, SGP).length, catalog.catalog.services.length + 1 + 1);
                assert.deepEqual(all(run, RELEASE).filter((r) => !r.name.startsWith("tickettoken-observability-") && !r.name.startsWith("tickettoken-autoscaling-") && !r.name.startsWith("tickettoken-secrets-"))
                    .map((r) => r.inputs.chart).sort(), ["aws-load-balancer-controller", "base", "cni", "istiod", "kong", "kong"]);
                const provider = one(run, "pulumi:providers:kubernetes", "tickettoken-cluster-k8s");
                for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("kubernetes:"))) {
                    assert.ok(r.provider?.startsWith(`${provider.urn}::`), `${r.name} goes to this stack's cluster`);
                }
            });

            it("allows in the app namespace exactly the catalog's flows, with the stores at their real subnets", () => {
                const run = runs[stack];
                const stores = catalog.catalog.stores.map((s) => ({ cidrs: tierCidrs(run, s.tier), store: s.name, port: s.port }));
                const flows = allowedFlows(run, APP, { stores, stripe });
                assert.deepEqual([...flows].sort(), catalog.flows.map((f) => `${f.from}->${f.to}:${f.port}`).sort());
            });

            it("lets nothing leave the private ranges but TCP 443 to Stripe, and admits the ALB from the public subnets only", () => {
                const run = runs[stack];
                for (const p of all(run, NETWORK_POLICY)) {
                    for (const rule of p.inputs.spec.egress ?? []) {
                        assert.ok(rule.to?.length > 0, `${p.name}: every egress rule has a to`);
                        for (const peer of rule.to.filter((x: { ipBlock?: unknown }) => x.ipBlock)) {
                            if (!isPrivate(peer.ipBlock.cidr)) {
                                assert.ok(stripe.includes(peer.ipBlock.cidr), `${p.name}: ${peer.ipBlock.cidr}`);
                                assert.deepEqual(rule.ports, [{ protocol: "TCP", port: 443 }]);
                            }
                        }
                    }
                }
                const gateway = one(run, NETWORK_POLICY, "tickettoken-network-policies-api-gateway-network-policy").inputs.spec;
                const fromRanges = gateway.ingress.flatMap((r: { from: Array<{ ipBlock?: { cidr: string } }> }) => r.from.filter((f) => f.ipBlock).map((f) => f.ipBlock!.cidr));
                assert.deepEqual(fromRanges, tierCidrs(run, "public"));
            });

            it("binds every service's pods to the security group the traffic component made for it, and Stripe's callers to Stripe's egress groups", () => {
                const run = runs[stack];
                const groups = all(run, "aws:ec2/securityGroup:SecurityGroup");
                const stripe = groups.filter((g) => g.inputs.tags?.["tickettoken/egress"] === "stripe-api").map(idOf);
                assert.ok(stripe.length >= 3, "Stripe's addresses need several groups");
                for (const s of catalog.catalog.services) {
                    const group = groups.find((g) => g.inputs.tags?.["tickettoken/workload"] === s.name)!;
                    const policy = all(run, SGP).find((p) => p.inputs.metadata.name === s.name)!;
                    const egress = catalog.stripeClients().includes(s.name) ? stripe : [];
                    assert.deepEqual(policy.inputs.spec.securityGroups.groupIds, [idOf(group), ...egress], s.name);
                }
            });

            it("binds the gateway's Service to the edge's target group, which the controller alone may fill", () => {
                const run = runs[stack];
                const tg = one(run, "aws:lb/targetGroup:TargetGroup", "tickettoken-edge-tg");
                const arn = run.outputs.gatewayTargetGroupArn as string;
                const binding = all(run, TGB);
                assert.equal(binding.length, 1);
                assert.deepEqual(binding[0].inputs.spec, { serviceRef: { name: "api-gateway", port: tg.inputs.port }, targetGroupARN: arn, targetType: tg.inputs.targetType });
                const policy = JSON.parse(one(run, "aws:iam/rolePolicy:RolePolicy", "tickettoken-lb-controller-irsa-inline").inputs.policy);
                assert.deepEqual(policy.Statement[1].Resource, [arn]);
                const values = one(run, RELEASE, "tickettoken-lb-controller-release").inputs.values;
                assert.equal(values.clusterName, `tickettoken-${stack}`);
                assert.equal(values.vpcId, run.outputs.vpcId);
                assert.equal(values.region, "us-east-1");
            });

            it("registers in the mesh every endpoint host the stores export, each on its own", () => {
                const run = runs[stack];
                const endpoints = run.outputs.storeEndpoints as Record<string, { host: string; readerHost?: string; memberHosts?: string[]; port: number }>;
                const entries = all(run, "kubernetes:networking.istio.io/v1:ServiceEntry").filter((r) => r.name.startsWith("tickettoken-store-services-"));
                const registered = entries.map((r) => `${r.inputs.spec.hosts[0]}:${r.inputs.spec.ports[0].number}`).sort();
                const exported = Object.values(endpoints).flatMap((e) => [e.host, ...(e.readerHost ? [e.readerHost] : []), ...(e.memberHosts ?? [])].map((h) => `${h}:${e.port}`)).sort();
                assert.deepEqual(registered, exported);
                assert.ok(entries.every((r) => r.inputs.spec.addresses === undefined && r.inputs.spec.resolution === "DNS"));
                // dev: a primary only, one cache node, one DocumentDB instance (its reader endpoint too); prod: a replica, a reader endpoint, three members.
                assert.equal(entries.length, stack === "dev" ? 1 + 1 + 3 + 1 : stack === "staging" ? 2 + 2 + 4 + 1 : 2 + 2 + 5 + 1);
            });

            it("rate-limits against the cache as its password user, the password a secret from end to end", () => {
                const run = runs[stack];
                const plugin = one(run, "kubernetes:configuration.konghq.com/v1:KongClusterPlugin", "tickettoken-gateway-rate-limiting").inputs;
                const endpoints = run.outputs.storeEndpoints as Record<string, { host: string }>;
                assert.equal(plugin.config.redis.host, endpoints.redis.host);
                const user = one(run, "aws:elasticache/user:User", "tickettoken-redis-user-api-gateway");
                assert.equal(plugin.config.redis.username, user.inputs.userName);
                assert.equal((user.wire.authenticationMode as Record<string, string>).type, "password");
                const secret = one(run, "kubernetes:core/v1:Secret", "tickettoken-gateway-rate-limit-cache");
                assert.equal((secret.wire.stringData as Record<string, string>)["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
            });

            it("pulls every chart's images through the cluster's image cache", () => {
                const run = runs[stack];
                const registries = run.outputs.imageRegistries as Record<string, string>;
                const values = (name: string) => one(run, RELEASE, name).inputs.values;
                assert.equal(values("tickettoken-mesh-istiod").global.hub, `${registries["docker.io"]}/istio`);
                assert.equal(values("tickettoken-gateway-gateway").image.repository, `${registries["docker.io"]}/library/kong`);
                assert.equal(values("tickettoken-gateway-controller").ingressController.image.repository, `${registries["docker.io"]}/kong/kubernetes-ingress-controller`);
                assert.equal(values("tickettoken-lb-controller-release").image.repository, `${registries["public.ecr.aws"]}/eks/aws-load-balancer-controller`);
            });
        });
    }

    it("runs one gateway pod in dev and three in prod; restricted Pod Security everywhere", () => {
        const replicas = (stack: string) => one(runs[stack], RELEASE, "tickettoken-gateway-gateway").inputs.values.replicaCount;
        assert.deepEqual([replicas("dev"), replicas("prod")], [1, 3]);
        for (const stack of STACKS) {
            for (const ns of all(runs[stack], "kubernetes:core/v1:Namespace")) {
                assert.equal(ns.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted", `${stack} ${ns.inputs.metadata.name}`);
            }
        }
    });

    it("registers the whole layer in preview, with the target group and store hosts still unknown", async () => {
        const preview = (await runAllStacks({ preview: true })).prod;
        assert.equal(all(preview, NETWORK_POLICY).length, all(runs.prod, NETWORK_POLICY).length);
        const binding = all(preview, TGB)[0];
        assert.equal((binding.wire.spec as Record<string, unknown>).targetGroupARN, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
        const postgres = one(preview, "kubernetes:networking.istio.io/v1:ServiceEntry", "tickettoken-store-services-postgresql-writer");
        assert.deepEqual((postgres.wire.spec as Record<string, unknown>).hosts, ["04da6b54-80e4-46f7-96ec-b56ff0331ba9"]);
    });
});
