// The nodes' security group (on every node through the launch template) and
// the control plane's additional group (on the API server's ENIs), with the
// rules planned by planNodeRules. Neither has an inline rule or a default
// allow-all egress: standalone rules are the only rules.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClusterGroup, NodeRule, NodeRuleOptions, planNodeRules } from "./nodeRules";

export interface NodeSecurityArgs {
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: string;
    /** Group of the VPC interface endpoints. */
    readonly endpointSecurityGroupId: pulumi.Input<string>;
    /** Managed prefix list of the S3 gateway endpoint. */
    readonly s3PrefixListId: pulumi.Input<string>;
    readonly controlPlaneToNodePorts: readonly number[];
    /** Ports workloads on the nodes open on each other besides DNS. @default [] */
    readonly nodeToNodePorts?: NodeRuleOptions["nodeToNodePorts"];
    readonly tags: Readonly<Record<string, string>>;
}

export interface NodeSecurity {
    readonly nodes: aws.ec2.SecurityGroup;
    readonly controlPlane: aws.ec2.SecurityGroup;
    readonly rules: readonly NodeRule[];
    /** The rules as registered: a node that boots before they exist cannot reach the API server or pull an image. */
    readonly ruleResources: readonly pulumi.Resource[];
}

const DESCRIPTIONS: Readonly<Record<ClusterGroup, string>> = {
    nodes: "EKS nodes: control plane, cluster DNS and workload probes in; API server, AWS endpoints and DNS out",
    "control-plane": "EKS API server ENIs: HTTPS from nodes in; kubelet and webhooks on nodes out",
};

export function createNodeSecurity(name: string, args: NodeSecurityArgs, parent: pulumi.Resource): NodeSecurity {
    const child = { parent };
    const group = (role: ClusterGroup) =>
        new aws.ec2.SecurityGroup(`${name}-${role}`, {
            vpcId: args.vpcId,
            description: DESCRIPTIONS[role],
            tags: { ...args.tags, Name: `${name}-${role}` },
        }, child);
    const groups: Record<ClusterGroup, aws.ec2.SecurityGroup> = { nodes: group("nodes"), "control-plane": group("control-plane") };

    const rules = planNodeRules({ vpcCidr: args.vpcCidr, controlPlaneToNodePorts: args.controlPlaneToNodePorts, nodeToNodePorts: args.nodeToNodePorts });
    const ruleResources: pulumi.Resource[] = [];
    for (const r of rules) {
        const ruleArgs: aws.vpc.SecurityGroupIngressRuleArgs = {
            securityGroupId: groups[r.group].id,
            ipProtocol: r.protocol,
            fromPort: r.port,
            toPort: r.port,
            description: r.description,
            ...peerArgs(r, groups, args),
        };
        ruleResources.push(r.direction === "ingress"
            ? new aws.vpc.SecurityGroupIngressRule(`${name}-${r.key}`, ruleArgs, child)
            : new aws.vpc.SecurityGroupEgressRule(`${name}-${r.key}`, ruleArgs, child));
    }
    return { nodes: groups.nodes, controlPlane: groups["control-plane"], rules, ruleResources };
}

function peerArgs(
    r: NodeRule,
    groups: Record<ClusterGroup, aws.ec2.SecurityGroup>,
    args: NodeSecurityArgs,
): Pick<aws.vpc.SecurityGroupIngressRuleArgs, "cidrIpv4" | "referencedSecurityGroupId" | "prefixListId"> {
    switch (r.peer.kind) {
        case "group":
            return { referencedSecurityGroupId: groups[r.peer.group].id };
        case "endpoints":
            return { referencedSecurityGroupId: args.endpointSecurityGroupId };
        case "s3":
            return { prefixListId: args.s3PrefixListId };
        case "cidr":
            return { cidrIpv4: r.peer.cidr };
    }
}
