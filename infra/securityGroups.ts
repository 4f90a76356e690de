// Every security group the stack plans, with every rule on it, gathered from
// the components' pure planners before anything is registered, and held to
// AWS's quotas. Several components write rules on one group (the nodes' group
// gets the cluster's rules and the traffic groups' DNS, mesh and probe rules;
// the gateway's group gets the load balancer's), so only the stack, which
// wires them together, can count a group whole.
import type { CatalogIndex } from "../components/catalog";
import { NodeRule, NodeRuleOptions, planNodeRules } from "../components/cluster/nodeRules";
import { AlbRule, planAlbRules } from "../components/edge/albRules";
import type { CloudflareRanges } from "../components/edge/cloudflareRanges";
import { planRunnerRules, RunnerRule } from "../components/deploy/rules";
import {
    AWS_MANAGED_PREFIX_LIST_WEIGHTS,
    groupsPerInterfaceProblem,
    planExternalGroups,
    PlannedRule,
    planRules,
    platformPodGroups,
    podGroupKeys,
    QuotaPeer,
    QuotaRule,
    ruleQuotaProblems,
    RulePlanOptions,
    SecurityGroupQuotas,
} from "../components/security";

/** Names of the components that own groups: a group is named `<component>-<key>`, as the components name them. */
export interface GroupOwners {
    readonly network: string;
    readonly cluster: string;
    readonly traffic: string;
    readonly edge: string;
    readonly deploy: string;
}

export interface StackSecurityInputs {
    readonly catalog: CatalogIndex;
    readonly owners: GroupOwners;
    /** What the traffic groups are planned with (Stripe's addresses, the nodes' ports). */
    readonly traffic: Omit<RulePlanOptions, "platform">;
    readonly vpcCidr: string;
    readonly controlPlaneToNodePorts: readonly number[];
    /** Ports workloads on the nodes open on each other besides DNS. */
    readonly nodeToNodePorts: NodeRuleOptions["nodeToNodePorts"];
    readonly cloudflareRanges: CloudflareRanges;
}

/** One network interface and the groups planned on it. */
export interface PlannedInterface {
    readonly attachment: string;
    readonly groups: readonly string[];
}

export interface StackSecurityPlan {
    readonly rules: readonly QuotaRule[];
    readonly interfaces: readonly PlannedInterface[];
}

function trafficPeer(r: PlannedRule): QuotaPeer {
    return r.peer.kind === "cidr" ? { kind: "cidr", cidr: r.peer.cidr } : { kind: "group" };
}

function nodePeer(r: NodeRule): QuotaPeer {
    switch (r.peer.kind) {
        case "group":
        case "endpoints":
            return { kind: "group" };
        case "s3":
            // The gateway endpoint's AWS-managed list, com.amazonaws.<region>.s3 (IPv4 ranges).
            return { kind: "prefix-list", weight: AWS_MANAGED_PREFIX_LIST_WEIGHTS.s3, family: "IPv4" };
        case "cidr":
            return { kind: "cidr", cidr: r.peer.cidr };
    }
}

function runnerPeer(r: RunnerRule): QuotaPeer {
    switch (r.peer.kind) {
        case "control-plane":
        case "endpoints":
        case "runner":
            return { kind: "group" };
        case "resolver":
        case "internet":
            return { kind: "cidr", cidr: r.peer.cidr };
    }
}

function albPeer(r: AlbRule): QuotaPeer {
    return r.peer.kind === "cidr" ? { kind: "cidr", cidr: r.peer.cidr } : { kind: "group" };
}

/** Every rule on every group the stack plans, by group name, and the groups of every pod's interface. */
export function planStackSecurityGroups(i: StackSecurityInputs): StackSecurityPlan {
    const { owners, catalog } = i;
    const trafficGroup = (key: string) => (key === "platform" ? `${owners.cluster}-nodes` : key === "control-plane" ? `${owners.cluster}-control-plane` : `${owners.traffic}-${key}`);
    const gateway = catalog.edgeService();
    const rules: QuotaRule[] = [
        ...planRules(catalog, { ...i.traffic, platform: true }).map((r) => ({ group: trafficGroup(r.group), direction: r.direction, peer: trafficPeer(r) })),
        ...planNodeRules({ vpcCidr: i.vpcCidr, controlPlaneToNodePorts: i.controlPlaneToNodePorts, nodeToNodePorts: i.nodeToNodePorts })
            .map((r) => ({ group: `${owners.cluster}-${r.group}`, direction: r.direction, peer: nodePeer(r) })),
        ...planAlbRules(i.cloudflareRanges, gateway)
            .map((r) => ({ group: r.on === "alb" ? `${owners.edge}-alb` : trafficGroup(gateway.name), direction: r.direction, peer: albPeer(r) })),
        // The deploy runner's group, and its side of the API flow on the control plane's group (components/deploy/rules.ts).
        ...planRunnerRules(i.vpcCidr)
            .map((r) => ({ group: r.group === "runner" ? `${owners.deploy}-runner` : `${owners.cluster}-control-plane`, direction: r.direction, peer: runnerPeer(r) })),
        // The interface endpoints admit HTTPS from the VPC (components/network/endpoints.ts).
        { group: `${owners.network}-endpoints`, direction: "ingress", peer: { kind: "cidr", cidr: i.vpcCidr } },
    ];
    const externalGroups = planExternalGroups(catalog, i.traffic.stripeCidrs, i.traffic.rulesPerGroup);
    const interfaces = [
        ...catalog.catalog.services.map((s) => ({
            attachment: `pods of ${s.name} (SecurityGroupPolicy)`,
            groups: podGroupKeys(catalog, externalGroups, s.name).map(trafficGroup),
        })),
        ...platformPodGroups(catalog).map((w) => ({ attachment: `pods of ${w.name} (SecurityGroupPolicy)`, groups: [trafficGroup(w.name)] })),
    ];
    return { rules, interfaces };
}

/** Every quota problem of the plan: rules per group, direction and family; groups per interface. */
export function stackSecurityProblems(plan: StackSecurityPlan, quotas?: SecurityGroupQuotas): string[] {
    return [
        ...ruleQuotaProblems(plan.rules, quotas),
        ...plan.interfaces.map((n) => groupsPerInterfaceProblem(n.attachment, n.groups.length, quotas)).filter((p): p is string => p !== undefined),
    ];
}

/** Throws, before any resource is registered, when a group or an interface of the plan is over AWS's quotas. */
export function checkStackSecurityGroups(plan: StackSecurityPlan, quotas?: SecurityGroupQuotas): void {
    const problems = stackSecurityProblems(plan, quotas);
    if (problems.length > 0) {
        throw new Error(`The stack's security groups exceed AWS's quotas:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
}
