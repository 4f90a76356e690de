// Turns registered security-group rule resources back into the flows they
// allow, so tests can compare what was built with the traffic catalog. A flow
// from A to B on a port exists only when A's group has the egress rule AND
// B's group has the matching ingress rule.
import { RunResult } from "../../tools/harness/run";
import { all, idOf } from "./resources";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SGP = "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy";

export interface RuleView {
    readonly group: string;
    readonly direction: "ingress" | "egress";
    readonly protocol: string;
    readonly fromPort?: number;
    readonly toPort?: number;
    /** Peer group label, or the CIDR. */
    readonly peer: string;
}

/** Label of each group id: the "tickettoken/workload" tag, else the resource name. */
export function groupLabels(run: Pick<RunResult, "resources">, extra: Record<string, string> = {}): Map<string, string> {
    const labels = new Map<string, string>(Object.entries(extra));
    for (const sg of all(run, SG)) {
        labels.set(idOf(sg), sg.inputs.tags?.["tickettoken/workload"] ?? sg.name);
    }
    return labels;
}

export function ruleViews(run: Pick<RunResult, "resources">, labels: Map<string, string>): RuleView[] {
    const label = (id: string) => labels.get(id) ?? `?${id}`;
    return [...all(run, INGRESS).map((r) => ["ingress", r] as const), ...all(run, EGRESS).map((r) => ["egress", r] as const)].map(([direction, r]) => ({
        group: label(r.inputs.securityGroupId),
        direction,
        protocol: r.inputs.ipProtocol,
        fromPort: r.inputs.fromPort,
        toPort: r.inputs.toPort,
        peer: r.inputs.referencedSecurityGroupId !== undefined ? label(r.inputs.referencedSecurityGroupId)
            : r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6 ?? r.inputs.prefixListId ?? "?",
    }));
}

/**
 * Groups pods carry besides their own (the outside destinations' egress groups), by label: the
 * services whose SecurityGroupPolicy lists them.
 */
export function sharedPodGroups(run: Pick<RunResult, "resources">, labels: Map<string, string>): Map<string, string[]> {
    const shared = new Map<string, string[]>();
    for (const policy of all(run, SGP)) {
        // A service's policy selects its pods by app label; a namespace-wide one (the store administrator's, podSelector {})
        // binds every pod of its namespace, which carries only that namespace's group.
        // A platform workload's (Prometheus') selects its pods by their chart's labels and is named after it.
        const service: string = policy.inputs.spec.podSelector?.matchLabels?.app ?? policy.inputs.metadata?.name;
        for (const id of policy.inputs.spec.securityGroups.groupIds as string[]) {
            const label = labels.get(id) ?? `?${id}`;
            if (label !== service) {
                shared.set(label, [...(shared.get(label) ?? []), service]);
            }
        }
    }
    return shared;
}

/** The views with each rule of a shared pod group written once per service that carries the group, as that service's. */
export function attributeToPods(views: readonly RuleView[], shared: ReadonlyMap<string, readonly string[]>): RuleView[] {
    return views.flatMap((v) => (shared.has(v.group) ? shared.get(v.group)!.map((service) => ({ ...v, group: service })) : [v]));
}

/** "from->to:protocol/port" for every flow both sides of which are open. */
export function flowsOf(rules: readonly RuleView[]): Set<string> {
    const key = (g: string, peer: string, p: string, port: number | undefined) => `${g}|${peer}|${p}|${port}`;
    const ingress = new Set(rules.filter((r) => r.direction === "ingress").map((r) => key(r.group, r.peer, r.protocol, r.fromPort)));
    const flows = new Set<string>();
    for (const r of rules.filter((x) => x.direction === "egress" && x.fromPort === x.toPort)) {
        if (ingress.has(key(r.peer, r.group, r.protocol, r.fromPort))) {
            flows.add(`${r.group}->${r.peer}:${r.protocol}/${r.fromPort}`);
        }
    }
    return flows;
}

/** The whole security-group matrix of a run. */
export interface SecurityMatrix {
    /**
     * Every opening: "from->to:protocol/port". Between groups, a flow both of
     * whose sides are open (the callee's ingress may name the caller's group or
     * a range holding the VPC); to an address or prefix list, the egress rule;
     * from an address, the ingress rule.
     */
    readonly flows: Set<string>;
    /** Rules between groups whose other side is missing: they open nothing, and say the wiring is wrong. */
    readonly dangling: string[];
}

const isRange = (peer: string) => /^[0-9a-f:.]+\/\d+$/i.test(peer);

/**
 * Derives the matrix from every registered rule. Groups all live in the VPC,
 * so an ingress rule from a range that `holdsVpc` admits any of them.
 */
export function securityMatrix(rules: readonly RuleView[], holdsVpc: (range: string) => boolean): SecurityMatrix {
    const port = (r: RuleView) => (r.fromPort === r.toPort ? `${r.fromPort}` : `${r.fromPort}-${r.toPort}`);
    const flows = new Set<string>();
    const dangling: string[] = [];
    const ingress = rules.filter((r) => r.direction === "ingress");
    const egress = rules.filter((r) => r.direction === "egress");
    // Peers that are neither address ranges nor prefix lists are groups (labelled, or "?<id>" when unknown).
    const isGroup = (peer: string) => !isRange(peer) && !peer.startsWith("pl-");
    for (const e of egress) {
        const flow = `${e.group}->${e.peer}:${e.protocol}/${port(e)}`;
        if (!isGroup(e.peer)) {
            flows.add(flow);
            continue;
        }
        const admitted = ingress.some((i) => i.group === e.peer && i.protocol === e.protocol && port(i) === port(e) && (i.peer === e.group || (isRange(i.peer) && holdsVpc(i.peer))));
        if (admitted) {
            flows.add(flow);
        } else {
            dangling.push(`egress ${flow} has no matching ingress`);
        }
    }
    for (const i of ingress) {
        const flow = `${i.peer}->${i.group}:${i.protocol}/${port(i)}`;
        if (!isGroup(i.peer)) {
            flows.add(flow);
        } else if (!egress.some((e) => e.group === i.peer && e.peer === i.group && e.protocol === i.protocol && port(e) === port(i))) {
            dangling.push(`ingress ${flow} has no matching egress`);
        }
    }
    return { flows, dangling };
}
