// One security group per catalog service and store (and, when asked, one for
// the store administrator's one-off pods), and every rule between them,
// derived from the catalog by planRules. Pods get their service's group
// through security groups for pods; stores get theirs directly.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../../components/catalog";
import { PlannedRule, planRules, PortSpec, STORE_ADMIN_GROUP } from "./rulePlan";

export interface TrafficSecurityGroupsArgs {
    /** The VPC the groups live in. */
    readonly vpcId: pulumi.Input<string>;
    /** The validated traffic catalog. */
    readonly catalog: CatalogIndex;
    /** Stripe API addresses that the catalog's Stripe clients may reach on 443. */
    readonly stripeCidrs: readonly string[];
    /** Group of the VPC interface endpoints; the workloads whose identity needs an AWS API may reach it on 443. */
    readonly endpointSecurityGroupId: pulumi.Input<string>;
    /** Group of the nodes (cluster DNS, kubelet probes, mesh control plane); omit when there are none. @default undefined */
    readonly platformSecurityGroupId?: pulumi.Input<string>;
    /** What workloads open to the nodes' group. @default DNS over UDP and TCP */
    readonly platformEgress?: readonly PortSpec[];
    /** Ports the nodes may open on every workload besides its own port. @default [] */
    readonly platformIngressPorts?: readonly number[];
    /** Ports the nodes may open on one service only, by service name. @default {} */
    readonly platformIngressPortsOf?: Readonly<Record<string, readonly number[]>>;
    /** A group for the administrator's pods that create the services' users in the stores (STORE_ADMIN_GROUP). @default false */
    readonly storeAdministration?: boolean;
    /** Tags added to every group. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

export class TrafficSecurityGroups extends pulumi.ComponentResource {
    /** Every rule, as planned from the catalog. */
    readonly rules: readonly PlannedRule[];
    private readonly groups = new Map<string, aws.ec2.SecurityGroup>();

    constructor(name: string, args: TrafficSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:security:TrafficSecurityGroups", name, {}, opts);
        const child = { parent: this };
        const { catalog } = args;
        const described = [
            ...catalog.catalog.services.map((s) => [s.name, `${s.name} pods (port ${s.port})`] as const),
            ...catalog.catalog.stores.map((s) => [s.name, `${s.name} (${s.engine}, port ${s.port})`] as const),
        ];
        for (const [group, description] of described) {
            this.groups.set(group, new aws.ec2.SecurityGroup(`${name}-${group}`, {
                vpcId: args.vpcId,
                description: `${description}: only the flows the traffic catalog allows`,
                tags: { ...args.tags, Name: `${name}-${group}`, "tickettoken/workload": group },
            }, child));
        }

        if (args.storeAdministration) {
            // No workload tag: it is no catalog party, and attaches to nothing but the administrator's one-off pods.
            this.groups.set(STORE_ADMIN_GROUP, new aws.ec2.SecurityGroup(`${name}-${STORE_ADMIN_GROUP}`, {
                vpcId: args.vpcId,
                description: "Store administrator's one-off pods: to the stores' administration ports only, to create the services' users",
                tags: { ...args.tags, Name: `${name}-${STORE_ADMIN_GROUP}`, "tickettoken/role": STORE_ADMIN_GROUP },
            }, child));
        }

        const platform = args.platformSecurityGroupId;
        this.rules = planRules(catalog, {
            stripeCidrs: args.stripeCidrs,
            platform: platform !== undefined,
            platformEgress: args.platformEgress,
            platformIngressPorts: args.platformIngressPorts,
            platformIngressPortsOf: args.platformIngressPortsOf,
            storeAdministration: args.storeAdministration,
        });
        const groupIdOf = (group: string): pulumi.Input<string> => {
            if (group === "platform" && platform !== undefined) {
                return platform;
            }
            return this.groupId(group);
        };
        for (const r of this.rules) {
            const target: aws.vpc.SecurityGroupIngressRuleArgs = {
                securityGroupId: groupIdOf(r.group),
                ipProtocol: r.protocol,
                fromPort: r.port,
                toPort: r.port,
                description: r.description,
                ...peerArgs(r, groupIdOf, args.endpointSecurityGroupId),
            };
            if (r.direction === "ingress") {
                new aws.vpc.SecurityGroupIngressRule(`${name}-${r.key}`, target, child);
            } else {
                new aws.vpc.SecurityGroupEgressRule(`${name}-${r.key}`, target, child);
            }
        }
        this.registerOutputs({ groupIds: Object.fromEntries([...this.groups].map(([k, g]) => [k, g.id])) });
    }

    /** The group of a catalog service or store; throws for a name the catalog does not have. */
    group(name: string): aws.ec2.SecurityGroup {
        const g = this.groups.get(name);
        if (!g) {
            throw new Error(`no security group for "${name}": the catalog has no such service or store (have: ${[...this.groups.keys()].join(", ")})`);
        }
        return g;
    }

    /** Id of the group of a catalog service or store. */
    groupId(name: string): pulumi.Output<string> {
        return this.group(name).id;
    }
}

function peerArgs(
    r: PlannedRule,
    groupIdOf: (group: string) => pulumi.Input<string>,
    endpoints: pulumi.Input<string>,
): Pick<aws.vpc.SecurityGroupIngressRuleArgs, "cidrIpv4" | "cidrIpv6" | "referencedSecurityGroupId"> {
    switch (r.peer.kind) {
        case "group":
            return { referencedSecurityGroupId: groupIdOf(r.peer.group) };
        case "platform":
            return { referencedSecurityGroupId: groupIdOf("platform") };
        case "endpoints":
            return { referencedSecurityGroupId: endpoints };
        case "cidr":
            return r.peer.cidr.includes(":") ? { cidrIpv6: r.peer.cidr } : { cidrIpv4: r.peer.cidr };
    }
}
