// Reads the security-group rules and attachments back from what a run
// registered, independently of the planners, so that the whole stack can be
// held to AWS's quotas as AWS would count them.
import { AWS_MANAGED_PREFIX_LIST_WEIGHTS, QuotaPeer, QuotaRule } from "../../components/security";
import { RunResult } from "../../tools/harness/run";
import { all } from "./resources";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** Where each resource type that puts network interfaces in security groups lists them (null: this one has none), and groups AWS adds itself. */
export const ATTACHMENTS: Readonly<Record<string, { readonly groups: (inputs: Record<string, any>) => unknown; readonly added: number }>> = {
    "aws:ec2/launchTemplate:LaunchTemplate": { groups: (i) => i.vpcSecurityGroupIds, added: 0 },
    "aws:lb/loadBalancer:LoadBalancer": { groups: (i) => i.securityGroups, added: 0 },
    "aws:rds/instance:Instance": { groups: (i) => i.vpcSecurityGroupIds, added: 0 },
    "aws:elasticache/replicationGroup:ReplicationGroup": { groups: (i) => i.securityGroupIds, added: 0 },
    "aws:docdb/cluster:Cluster": { groups: (i) => i.vpcSecurityGroupIds, added: 0 },
    "aws:mq/broker:Broker": { groups: (i) => i.securityGroups, added: 0 },
    // A gateway endpoint is a route, with no interface (null).
    "aws:ec2/vpcEndpoint:VpcEndpoint": { groups: (i) => (i.vpcEndpointType === "Gateway" ? null : i.securityGroupIds), added: 0 },
    // EKS puts its own cluster security group on the API server's interfaces beside ours.
    "aws:eks/cluster:Cluster": { groups: (i) => i.vpcConfig.securityGroupIds, added: 1 },
    "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy": { groups: (i) => i.spec.securityGroups.groupIds, added: 0 },
};

/** Input keys that name security groups of an interface, on any type (to catch an attachment the table above lacks). */
const ATTACHMENT_KEY = /^(vpcSecurityGroupIds|securityGroupIds|securityGroups)$/;

export interface RegisteredAttachment {
    readonly resource: string;
    readonly type: string;
    readonly groups: number;
}

/** Every registered interface's security groups, counted as AWS counts them. */
export function registeredAttachments(run: Pick<RunResult, "resources">): RegisteredAttachment[] {
    const out: RegisteredAttachment[] = [];
    for (const r of run.resources.filter((x) => x.custom)) {
        const spec = ATTACHMENTS[r.type];
        if (spec === undefined) {
            const keys = Object.keys(r.inputs).filter((k) => ATTACHMENT_KEY.test(k));
            if (keys.length > 0) {
                throw new Error(`${r.type} ${r.name} lists security groups (${keys.join(", ")}) but ATTACHMENTS does not know the type`);
            }
            continue;
        }
        const groups = spec.groups(r.inputs);
        if (groups === null) {
            continue;
        }
        if (!Array.isArray(groups)) {
            throw new Error(`${r.type} ${r.name}: no list of security groups where ATTACHMENTS expects one`);
        }
        out.push({ resource: r.name, type: r.type, groups: groups.length + spec.added });
    }
    return out;
}

/** What a registered rule references, weighted as AWS counts it; `prefixListWeights` by prefix list id. */
function peerOf(inputs: Record<string, any>, prefixListWeights: ReadonlyMap<string, number>, where: string): QuotaPeer {
    if (typeof inputs.cidrIpv4 === "string") {
        return { kind: "cidr", cidr: inputs.cidrIpv4 };
    }
    if (typeof inputs.cidrIpv6 === "string") {
        return { kind: "cidr", cidr: inputs.cidrIpv6 };
    }
    if (inputs.referencedSecurityGroupId !== undefined) {
        return { kind: "group" };
    }
    if (typeof inputs.prefixListId === "string") {
        const weight = prefixListWeights.get(inputs.prefixListId);
        if (weight === undefined) {
            throw new Error(`${where}: prefix list ${inputs.prefixListId} has no known weight`);
        }
        return { kind: "prefix-list", weight, family: "IPv4" };
    }
    throw new Error(`${where}: a rule with no peer`);
}

/** Every registered rule (standalone and inline), by the name of the group it is on. */
export function registeredRules(run: Pick<RunResult, "resources"> & { readonly outputs: Record<string, unknown> }): QuotaRule[] {
    const names = new Map(all(run, SG).map((g) => [`${g.name}-id`, g.name]));
    const weights = new Map<string, number>([[run.outputs.s3PrefixListId as string, AWS_MANAGED_PREFIX_LIST_WEIGHTS.s3]]);
    const rules: QuotaRule[] = [];
    for (const [direction, type] of [["ingress", INGRESS], ["egress", EGRESS]] as const) {
        for (const r of all(run, type)) {
            const group = names.get(r.inputs.securityGroupId) ?? String(r.inputs.securityGroupId);
            rules.push({ group, direction, peer: peerOf(r.inputs, weights, r.name) });
        }
    }
    for (const g of all(run, SG)) {
        for (const direction of ["ingress", "egress"] as const) {
            for (const inline of (g.inputs[direction] ?? []) as Array<Record<string, any>>) {
                const peers: QuotaPeer[] = [
                    ...(inline.cidrBlocks ?? []).map((cidr: string) => ({ kind: "cidr", cidr })),
                    ...(inline.ipv6CidrBlocks ?? []).map((cidr: string) => ({ kind: "cidr", cidr })),
                    ...(inline.securityGroups ?? []).map(() => ({ kind: "group" })),
                    ...(inline.self ? [{ kind: "group" }] : []),
                ];
                rules.push(...peers.map((peer) => ({ group: g.name, direction, peer })));
            }
        }
    }
    return rules;
}
