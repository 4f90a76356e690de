// One security group per catalog service and store (and, when asked, one for
// the store administrator's one-off pods), and every rule between them,
// derived from the catalog by planRules; and the egress-only groups of the
// outside destinations (Stripe's addresses), shared by their callers. Pods
// get their service's group, and the egress groups of what they call,
// through security groups for pods (podGroupIds); stores get theirs directly.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../../components/catalog";
import { ec2DescriptionProblem } from "../naming";
import { ExternalGroupPlan, planExternalGroups, PlannedRule, planRules, platformPodGroups, podGroupKeys, PortSpec, STORE_ADMIN_GROUP } from "./rulePlan";

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
    /** The control plane's additional group (the API server's interfaces): platform pod groups reach it on 443; required with them. @default undefined */
    readonly controlPlaneSecurityGroupId?: pulumi.Input<string>;
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
    /** The outside destinations' egress-only groups, as planned. */
    readonly externalGroups: readonly ExternalGroupPlan[];
    private readonly catalog: CatalogIndex;
    private readonly groups = new Map<string, aws.ec2.SecurityGroup>();

    constructor(name: string, args: TrafficSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:security:TrafficSecurityGroups", name, {}, opts);
        const child = { parent: this };
        const { catalog } = args;
        this.catalog = catalog;
        this.externalGroups = planExternalGroups(catalog, args.stripeCidrs);
        const clash = this.externalGroups.find((g) => catalog.catalog.services.some((s) => s.name === g.key) || catalog.catalog.stores.some((s) => s.name === g.key));
        if (clash) {
            throw new Error(`traffic groups ${name}: the egress group "${clash.key}" of ${clash.external} has the name of a catalog service or store; rename that entry`);
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
        // Every group with its description and tags, planned before any is registered.
        const planned: Array<{ key: string; description: string; tags: Record<string, string> }> = [
            ...catalog.catalog.services.map((s) => ({ key: s.name, description: `${s.name} pods (port ${s.port})`, tag: ["tickettoken/workload", s.name] as const })),
            ...catalog.catalog.stores.map((s) => ({ key: s.name, description: `${s.name} (${s.engine}, port ${s.port})`, tag: ["tickettoken/workload", s.name] as const })),
        ].map((g) => ({ key: g.key, description: `${g.description}: only the flows the traffic catalog allows`, tags: { [g.tag[0]]: g.tag[1] } }));
        for (const g of this.externalGroups) {
            // No address count here: a group's description cannot change without replacing the group.
            planned.push({
                key: g.key,
                description: `Egress only: TCP ${g.port} to published addresses of ${g.external}, for the pods of its callers in the traffic catalog`,
                tags: { "tickettoken/egress": g.external },
            });
        }
        for (const w of platform === undefined ? [] : platformPodGroups(catalog)) {
            planned.push({
                key: w.name,
                description: `${w.name} pods (platform, ${w.namespace}): only the flows the traffic catalog allows`,
                tags: { "tickettoken/workload": w.name, "tickettoken/platform": w.namespace },
            });
        }
        if (args.storeAdministration) {
            // No workload tag: it is no catalog party, and attaches to nothing but the administrator's one-off pods.
            planned.push({
                key: STORE_ADMIN_GROUP,
                description: "Store administrator one-off pods: to the stores administration ports only, to create the services users",
                tags: { "tickettoken/role": STORE_ADMIN_GROUP },
            });
        }
        // EC2 refuses a description outside its character set (an apostrophe, say) only when it creates the group or rule.
        const badDescriptions = [
            ...planned.map((g) => ec2DescriptionProblem("group", g.description)),
            ...this.rules.map((r) => ec2DescriptionProblem("rule", r.description)),
        ].filter((p) => p !== undefined);
        if (badDescriptions.length > 0) {
            throw new Error(`traffic groups ${name}: ${badDescriptions.join("; ")}`);
        }
        for (const g of planned) {
            this.groups.set(g.key, new aws.ec2.SecurityGroup(`${name}-${g.key}`, {
                vpcId: args.vpcId,
                description: g.description,
                tags: { ...args.tags, Name: `${name}-${g.key}`, ...g.tags },
            }, child));
        }

        const groupIdOf = (group: string): pulumi.Input<string> => {
            if (group === "platform" && platform !== undefined) {
                return platform;
            }
            if (group === "control-plane") {
                if (args.controlPlaneSecurityGroupId === undefined) {
                    throw new Error(`traffic groups ${name}: platform pod groups reach the API server, but no controlPlaneSecurityGroupId was given`);
                }
                return args.controlPlaneSecurityGroupId;
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

    /** Ids of every group a service's pods carry: its own, then the egress groups of the outside destinations it calls. */
    podGroupIds(service: string): pulumi.Output<string>[] {
        return podGroupKeys(this.catalog, this.externalGroups, service).map((key) => this.group(key).id);
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
        case "control-plane":
            return { referencedSecurityGroupId: groupIdOf("control-plane") };
        case "endpoints":
            return { referencedSecurityGroupId: endpoints };
        case "cidr":
            return r.peer.cidr.includes(":") ? { cidrIpv6: r.peer.cidr } : { cidrIpv4: r.peer.cidr };
    }
}
