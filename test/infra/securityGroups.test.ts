import { strict as assert } from "assert";
import { CatalogIndex } from "../../components/catalog";
import { AWS_DEFAULT_SECURITY_GROUP_QUOTAS, countRules, groupsPerInterfaceProblem, ruleQuotaProblems } from "../../components/security";
import { TICKETTOKEN } from "../../infra/catalog";
import { stripeApiCidrs } from "../../infra/addresses";
import { checkStackSecurityGroups, planStackSecurityGroups, StackSecurityInputs } from "../../infra/securityGroups";
import { clusterPortsOf, GROUP_OWNERS, trafficPlanOf } from "../../infra/stack";
import { EC2_DESCRIPTIONS } from "../../components/naming";
import { loadStackConfig } from "../../infra/config";
import { RunResult } from "../../tools/harness/run";
import { stackSource } from "../support/config";
import { registeredAttachments, registeredRules } from "../support/quotas";
import { runAllStacks, STACKS } from "../support/stacks";

const catalog = new CatalogIndex(TICKETTOKEN);

function inputs(stripeCidrs: readonly string[], overrides: Partial<StackSecurityInputs> = {}): StackSecurityInputs {
    const cfg = loadStackConfig(stackSource("prod"));
    return {
        catalog,
        owners: GROUP_OWNERS,
        traffic: trafficPlanOf(catalog, stripeCidrs),
        vpcCidr: cfg.network.vpcCidr,
        ...clusterPortsOf(catalog),
        cloudflareRanges: cfg.edge.cloudflareRanges,
        ...overrides,
    };
}

/** `n` distinct public /32s. */
function addresses(n: number): string[] {
    return Array.from({ length: n }, (_, i) => `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}/32`);
}

describe("infra/securityGroups: every group the stack plans, held to AWS's quotas before anything is registered", () => {
    it("spreads Stripe's published addresses over egress groups of at most 60 rules, one rule per address", () => {
        const stripe = stripeApiCidrs();
        assert.ok(stripe.length > 60, "Stripe publishes more addresses than one group holds");
        const plan = planStackSecurityGroups(inputs(stripe));
        const egress = countRules(plan.rules).filter((c) => c.group.startsWith("tickettoken-traffic-stripe-api-egress-"));
        assert.equal(egress.length, Math.ceil(stripe.length / 60));
        assert.equal(egress.reduce((n, c) => n + c.count, 0), stripe.length);
        assert.ok(egress.every((c) => c.direction === "egress" && c.family === "IPv4" && c.count <= 60));
        // Even: no group full, so a list refresh that moves an address across does not overflow one on the way.
        assert.ok(Math.max(...egress.map((c) => c.count)) - Math.min(...egress.map((c) => c.count)) <= 1);
        assert.deepEqual(stackSecurityProblemsOf(stripe), []);
    });

    it("puts Stripe's egress groups only on the pods of Stripe's callers, within 5 groups per interface", () => {
        const plan = planStackSecurityGroups(inputs(stripeApiCidrs()));
        for (const n of plan.interfaces) {
            const service = / of ([a-z-]+) /.exec(n.attachment)![1];
            const stripeGroups = n.groups.filter((g) => g.includes("stripe-api-egress"));
            assert.equal(n.groups[0], `tickettoken-traffic-${service}`, "its own group first");
            assert.equal(stripeGroups.length > 0, catalog.stripeClients().includes(service), service);
            assert.ok(n.groups.length <= 5, `${service}: ${n.groups.length} groups`);
        }
    });

    it("fails when Stripe's list would need a sixth group on a caller's pods, naming the policy, the count and the quota", () => {
        // 241 addresses need five egress groups of at most 60; with the service's own, six on one interface.
        assert.throws(() => checkStackSecurityGroups(planStackSecurityGroups(inputs(addresses(241)))),
            /pods of venue-service \(SecurityGroupPolicy\): 6 security groups on one network interface, over the quota of 5/);
        assert.doesNotThrow(() => checkStackSecurityGroups(planStackSecurityGroups(inputs(addresses(240)))));
    });

    it("fails when a group would hold a 61st rule, naming the group, direction, family, count and quota", () => {
        // The gateway's group: every service it routes to, DNS, the mesh, the endpoints, the load balancer.
        const wide = {
            ...TICKETTOKEN,
            services: [
                ...TICKETTOKEN.services.map((s) => (s.edge ? { ...s, uses: [...s.uses, ...Array.from({ length: 60 }, (_, i) => `extra-${i}`)] } : s)),
                ...Array.from({ length: 60 }, (_, i) => ({ name: `extra-${i}`, port: 20000 + i, tls: false, edge: false, routes: [], uses: [], description: "x" })),
            ],
        };
        const problems = stackSecurityProblemsOf(stripeApiCidrs(), { catalog: new CatalogIndex(wide) });
        assert.ok(problems.some((p) => /^security group tickettoken-traffic-api-gateway: \d+ outbound IPv4 rules, over the quota of 60 per direction and IP family/.test(p)), problems.join("\n"));
    });

    it("counts the S3 gateway endpoint's prefix list at its weight, 1, on the nodes' group", () => {
        const plan = planStackSecurityGroups(inputs(stripeApiCidrs()));
        const nodes = countRules(plan.rules).filter((c) => c.group === "tickettoken-cluster-nodes" && c.direction === "egress");
        const ipv4 = nodes.find((c) => c.family === "IPv4")!.count;
        const ipv6 = nodes.find((c) => c.family === "IPv6")!.count;
        // Group references count in both families; the resolver /32s and S3's list in IPv4 only.
        assert.equal(ipv4 - ipv6, 2 + 1);
    });
});

function stackSecurityProblemsOf(stripe: readonly string[], overrides: Partial<StackSecurityInputs> = {}): string[] {
    try {
        checkStackSecurityGroups(planStackSecurityGroups(inputs(stripe, overrides)));
        return [];
    } catch (e) {
        return String((e as Error).message).split("\n").slice(1).map((l) => l.replace(/^\s+- /, ""));
    }
}

// What every stack registered, counted back from the resources as AWS counts them, independently of the planners.
describe("infra (whole stack): every security group and interface within AWS's default quotas", () => {
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    for (const stack of STACKS) {
        it(`${stack}: no group holds more than 60 rules per direction and IP family`, () => {
            const rules = registeredRules(runs[stack]);
            const counts = countRules(rules);
            assert.ok(counts.length > 20, "every group was counted");
            assert.deepEqual(ruleQuotaProblems(rules), []);
            // The plan-time count and the registered one agree, group by group.
            const cfg = loadStackConfig(stackSource(stack));
            const planned = countRules(planStackSecurityGroups(inputs(stripeApiCidrs(), { vpcCidr: cfg.network.vpcCidr, cloudflareRanges: cfg.edge.cloudflareRanges })).rules);
            const key = (c: { group: string; direction: string; family: string; count: number }) => `${c.group} ${c.direction} ${c.family} ${c.count}`;
            assert.deepEqual(counts.map(key).sort(), planned.map(key).sort());
        });

        it(`${stack}: every group and rule description is one EC2 accepts (255 characters of its set)`, () => {
            // EC2 API Reference: CreateSecurityGroup GroupDescription and IpRange Description (components/naming).
            const { group, rule } = EC2_DESCRIPTIONS;
            const run = runs[stack];
            const bad = [
                ...run.resources.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && !group.test(r.inputs.description ?? "")),
                ...run.resources.filter((r) => /securityGroup(Ingress|Egress)Rule$/.test(r.type) && !rule.test(r.inputs.description ?? "")),
            ].map((r) => `${r.name}: ${r.inputs.description}`);
            assert.deepEqual(bad, []);
        });

        it(`${stack}: no network interface carries more than 5 security groups`, () => {
            const attachments = registeredAttachments(runs[stack]);
            for (const type of ["aws:ec2/launchTemplate:LaunchTemplate", "aws:lb/loadBalancer:LoadBalancer", "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy", "aws:mq/broker:Broker"]) {
                assert.ok(attachments.some((a) => a.type === type), `${type} counted`);
            }
            const over = attachments.map((a) => groupsPerInterfaceProblem(`${a.type} ${a.resource}`, a.groups)).filter((p) => p !== undefined);
            assert.deepEqual(over, []);
            assert.equal(AWS_DEFAULT_SECURITY_GROUP_QUOTAS.groupsPerInterface, 5);
        });
    }
});
