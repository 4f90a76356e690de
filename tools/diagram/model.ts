// What the diagram shows, read off a run: the subnet tiers per zone, the
// cluster, the stores and what implements them, the load balancer, and the
// flows that the registered security-group rules open, compared with the
// traffic catalog. Links between resources are followed through property
// dependencies (URNs), so this works on a preview, where ids are unknown.
import { parseCidr, contains } from "../../policies/net";
import { CatalogIndex } from "../../components/catalog";
import { RecordedResource } from "../harness/recorder";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SUBNET = "aws:ec2/subnet:Subnet";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const SGP = "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy";
const TIERS = ["public", "private", "data", "messaging", "endpoints"] as const;
const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/** Diagram ids of the things outside the catalog. */
export const ALB = "alb";
export const STRIPE = "stripe";

/** The platform pieces a deploy runner's flows reach (drawn, not checked against the catalog). */
export type PlatformPeer = "eks-api" | "aws-endpoints" | "vpc-resolver" | "internet";

export interface PlatformFlow {
    readonly from: "deploy-runner";
    readonly to: PlatformPeer;
    /** "tcp/443", sorted. */
    readonly ports: readonly string[];
}

/** The tag that marks the deploy runner's group (components/deploy), and a platform workload's group (its namespace). */
const PLATFORM_TAG = "tickettoken/platform";
const PLATFORM_WORKLOAD_TAG = PLATFORM_TAG;

export interface TierModel {
    readonly tier: (typeof TIERS)[number];
    readonly subnets: ReadonlyArray<{ readonly az: string; readonly cidr: string }>;
}

/** Where a drawn flow comes from: both the catalog and the rules (as it should be), or only one. */
export type FlowSource = "both" | "catalog-only" | "rules-only";

export interface FlowModel {
    readonly from: string;
    readonly to: string;
    /** "tcp/5432", sorted. */
    readonly ports: readonly string[];
    readonly source: FlowSource;
}

export interface DiagramModel {
    readonly stack: string;
    readonly vpcCidr?: string;
    readonly tiers: readonly TierModel[];
    readonly natGateways: number;
    readonly cluster?: { readonly name: string; readonly version?: string; readonly nodeGroups: number };
    readonly services: ReadonlyArray<{ readonly name: string; readonly port: number; readonly tls: boolean }>;
    /** Catalog stores, each with the short types of the resources that use its security group. */
    readonly stores: ReadonlyArray<{ readonly name: string; readonly engine: string; readonly port: number; readonly tier: string; readonly resources: readonly string[] }>;
    readonly loadBalancer?: { readonly name: string; readonly ports: readonly number[] };
    readonly cloudflare: boolean;
    readonly stripeAddresses: number;
    readonly flows: readonly FlowModel[];
    /** The deploy runner, when the stack has one: where previews and deployments run, inside the VPC. */
    readonly deployRunner?: { readonly resolver?: string };
    /** What the deploy runner's group opens, both sides checked where the peer is a group. */
    readonly platformFlows: readonly PlatformFlow[];
    /** The AWS APIs reached through interface endpoints (service suffixes), and the catalog services whose groups reach them. */
    readonly awsApis?: { readonly services: readonly string[]; readonly clients: readonly string[] };
    /**
     * The catalog's platform workloads the stack runs: those with a security group of their own (their flows to
     * services are in `flows`, checked against the catalog), and those on the nodes' group, with the AWS APIs
     * the catalog says they call through the endpoints.
     */
    readonly platform: {
        readonly grouped: ReadonlyArray<{ readonly name: string; readonly namespace: string }>;
        /** "<namespace>: <workload>, ..." per namespace. */
        readonly onNodes: readonly string[];
        readonly awsApis: readonly string[];
    };
}

/** "aws:rds/instance:Instance" -> "rds Instance". */
function shortType(type: string): string {
    const [, module, name] = type.split(":");
    return `${module.split("/")[0]} ${name}`;
}

/** URNs a property of `r` depends on; falls back to matching mock ids ("<name>-id") after apply. */
function linked(r: RecordedResource, key: string, byId: ReadonlyMap<string, RecordedResource>): string[] {
    const urns = r.propertyDependencies[key] ?? [];
    if (urns.length > 0) {
        return [...urns];
    }
    const value = r.inputs[key];
    const ids = Array.isArray(value) ? value : [value];
    return ids.filter((v): v is string => typeof v === "string").map((id) => byId.get(id)?.urn).filter((u): u is string => u !== undefined);
}

interface RuleEnd {
    readonly owner: string;
    readonly peer: string;
    readonly port: string;
}

export function buildModel(stack: string, resources: readonly RecordedResource[], catalog: CatalogIndex, stripeCidrs: readonly string[]): DiagramModel {
    const byType = (t: string) => resources.filter((r) => r.type === t);
    const byId = new Map(resources.filter((r) => r.custom).map((r) => [`${r.name}-id`, r]));
    const stripe = stripeCidrs.map((c) => parseCidr(c)!);
    const lbs = byType(LB);

    // A group's label: the workload it belongs to, or the load balancer using it.
    const labels = new Map<string, string>();
    for (const sg of byType(SG)) {
        const workload = sg.inputs.tags?.["tickettoken/workload"];
        if (typeof workload === "string") {
            labels.set(sg.urn, workload);
        }
    }
    for (const lb of lbs) {
        for (const urn of linked(lb, "securityGroups", byId)) {
            labels.set(urn, ALB);
        }
    }

    // Groups pods carry besides their own (the outside destinations' egress groups): their flows are the
    // flows of every service whose SecurityGroupPolicy lists them.
    const carriers = new Map<string, string[]>();
    for (const policy of byType(SGP)) {
        const service = policy.inputs.spec?.podSelector?.matchLabels?.app;
        if (typeof service !== "string") {
            continue;
        }
        for (const urn of policy.propertyDependencies.spec ?? []) {
            if (!labels.has(urn)) {
                carriers.set(urn, [...(carriers.get(urn) ?? []), service]);
            }
        }
    }
    const ownersOf = (urn: string): string[] => {
        const label = labels.get(urn);
        return label !== undefined ? [label] : (carriers.get(urn) ?? []);
    };

    const ends = (type: string): RuleEnd[] => byType(type).flatMap((r) => {
        const owner = linked(r, "securityGroupId", byId)[0];
        const port = r.inputs.ipProtocol === "-1" ? "all" : `${r.inputs.ipProtocol}/${r.inputs.fromPort}${r.inputs.toPort !== r.inputs.fromPort ? `-${r.inputs.toPort}` : ""}`;
        const peerGroup = linked(r, "referencedSecurityGroupId", byId)[0];
        const cidr = r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6;
        const peer = peerGroup ?? (typeof cidr === "string" ? `cidr:${cidr}` : undefined);
        return owner && peer ? [{ owner, peer, port }] : [];
    });
    const ingress = new Set(ends(INGRESS).map((e) => `${e.owner}|${e.peer}|${e.port}`));

    const ruleFlows = new Map<string, Set<string>>();
    const add = (from: string, to: string, port: string) => {
        const key = `${from}>${to}`;
        ruleFlows.set(key, (ruleFlows.get(key) ?? new Set()).add(port));
    };
    for (const e of ends(EGRESS)) {
        for (const from of ownersOf(e.owner)) {
            if (e.peer.startsWith("cidr:")) {
                const c = parseCidr(e.peer.slice(5));
                if (c && stripe.some((s) => contains(s, c))) {
                    add(from, STRIPE, e.port);
                }
            } else if (labels.has(e.peer) && ingress.has(`${e.peer}|${e.owner}|${e.port}`)) {
                add(from, labels.get(e.peer)!, e.port);
            }
        }
    }

    const catalogFlows = new Map<string, Set<string>>();
    const expect = (from: string, to: string, port: number) => {
        const key = `${from}>${to}`;
        catalogFlows.set(key, (catalogFlows.get(key) ?? new Set()).add(`tcp/${port}`));
    };
    for (const f of catalog.flows) {
        expect(f.from, f.toKind === "external" ? STRIPE : f.to, f.port);
    }
    // Platform workloads with a group of their own (tagged with their namespace), where the stack runs them: their flows to services.
    const grouped = byType(SG).filter((sg) => typeof sg.inputs.tags?.[PLATFORM_WORKLOAD_TAG] === "string" && typeof sg.inputs.tags?.["tickettoken/workload"] === "string")
        .map((sg) => ({ name: String(sg.inputs.tags["tickettoken/workload"]), namespace: String(sg.inputs.tags[PLATFORM_WORKLOAD_TAG]) }));
    for (const f of catalog.platformFlows) {
        if (f.to.kind === "service" && grouped.some((g) => g.name === f.from)) {
            const key = `${f.from}>${f.to.name}`;
            catalogFlows.set(key, (catalogFlows.get(key) ?? new Set()).add(`${f.protocol}/${f.port}`));
        }
    }
    if (lbs.length > 0) {
        const edge = catalog.edgeService();
        expect(ALB, edge.name, edge.port);
    }

    const flows: FlowModel[] = [];
    for (const key of new Set([...catalogFlows.keys(), ...ruleFlows.keys()])) {
        const [from, to] = key.split(">");
        const fromRules = ruleFlows.get(key);
        const fromCatalog = catalogFlows.get(key);
        // Flows among platform pieces (nodes, endpoints) are not drawn; only catalog parties and the edge are.
        const ports = [...(fromRules ?? fromCatalog ?? [])].sort();
        const source: FlowSource = fromRules && fromCatalog ? "both" : fromRules ? "rules-only" : "catalog-only";
        flows.push({ from, to, ports, source });
    }
    flows.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));

    const storeUsers = (store: string): string[] => {
        const sg = [...labels].find(([, l]) => l === store)?.[0];
        if (!sg) {
            return [];
        }
        const users = resources.filter((r) => r.custom && r.type !== INGRESS && r.type !== EGRESS && r.urn !== sg &&
            Object.values(r.propertyDependencies).some((urns) => urns.includes(sg)));
        return [...new Set(users.map((r) => shortType(r.type)))].sort();
    };

    const interfaces = byType(VPC_ENDPOINT).filter((e) => e.inputs.vpcEndpointType === "Interface");
    const endpointGroups = new Set(interfaces.flatMap((e) => linked(e, "securityGroupIds", byId)));
    const apiClients = [...new Set(ends(EGRESS).filter((e) => endpointGroups.has(e.peer) && e.port === "tcp/443").map((e) => labels.get(e.owner)).filter((l): l is string => l !== undefined && catalog.catalog.services.some((s) => s.name === l)))];
    const awsApis = interfaces.length > 0
        ? { services: interfaces.map((e) => String(e.inputs.serviceName ?? "?").split(".").slice(3).join(".")), clients: catalog.catalog.services.map((s) => s.name).filter((n) => apiClients.includes(n)) }
        : undefined;

    const eks = byType("aws:eks/cluster:Cluster")[0];
    const vpc = byType("aws:ec2/vpc:Vpc")[0];
    const platform = platformFlows(resources, byId, eks, vpc?.inputs.cidrBlock, ends(INGRESS), ends(EGRESS));
    const listeners = byType("aws:lb/listener:Listener").map((l) => Number(l.inputs.port)).filter((p) => Number.isFinite(p));
    return {
        stack,
        vpcCidr: vpc?.inputs.cidrBlock,
        tiers: TIERS.map((tier) => ({
            tier,
            subnets: byType(SUBNET)
                .filter((s) => s.inputs.tags?.tier === tier)
                .map((s) => ({ az: String(s.inputs.availabilityZone ?? "?"), cidr: String(s.inputs.cidrBlock) }))
                .sort((a, b) => a.az.localeCompare(b.az)),
        })),
        natGateways: byType("aws:ec2/natGateway:NatGateway").length,
        cluster: eks ? { name: String(eks.inputs.name ?? eks.name), version: eks.inputs.version, nodeGroups: byType("aws:eks/nodeGroup:NodeGroup").length } : undefined,
        services: catalog.catalog.services.map((s) => ({ name: s.name, port: s.port, tls: s.tls })),
        stores: catalog.catalog.stores.map((s) => ({ name: s.name, engine: s.engine, port: s.port, tier: s.tier, resources: storeUsers(s.name) })),
        loadBalancer: lbs[0] ? { name: lbs[0].name, ports: [...new Set(listeners)].sort((a, b) => a - b) } : undefined,
        cloudflare: resources.some((r) => r.type.startsWith("cloudflare:")),
        stripeAddresses: stripeCidrs.length,
        flows,
        awsApis,
        platform: platformWorkloads(catalog, grouped, resources),
        ...(platform.runner ? { deployRunner: { resolver: platform.resolver } } : {}),
        platformFlows: platform.flows,
    };
}

/**
 * The catalog's platform workloads the run has: the stack installs a
 * feature's workloads with their releases (each workload's namespace is the
 * release's, or a release of its feature lands in kube-system), so a workload
 * is drawn when a release runs in its namespace.
 */
function platformWorkloads(catalog: CatalogIndex, grouped: ReadonlyArray<{ name: string; namespace: string }>, resources: readonly RecordedResource[]): DiagramModel["platform"] {
    const namespaces = new Set(resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => String(r.inputs.metadata?.name)));
    const policies = new Set(resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => `${r.inputs.metadata?.namespace}/${r.inputs.metadata?.name}`));
    // A workload runs where its NetworkPolicy (or, for a host-network agent, its namespace's sibling policies) was registered.
    const runs = (w: { name: string; namespace: string; hostNetwork?: boolean }) =>
        policies.has(`${w.namespace}/${w.name}-network-policy`) || (w.hostNetwork === true && catalog.platform.some((x) => x.feature === catalog.workload(w.name).feature && policies.has(`${x.namespace}/${x.name}-network-policy`)));
    const present = catalog.platform.filter((w) => runs(w) && (w.namespace === "kube-system" || namespaces.has(w.namespace)));
    const rest = present.filter((w) => !grouped.some((g) => g.name === w.name));
    // One line per namespace: "monitoring: alertmanager, grafana".
    const onNodes = [...new Set(rest.map((w) => w.namespace))].map((ns) => `${ns}: ${rest.filter((w) => w.namespace === ns).map((w) => w.name).join(", ")}`);
    const apis = new Set<string>();
    for (const f of catalog.platformFlows.filter((x) => x.to.kind === "aws" && present.some((w) => w.name === x.from))) {
        const resource = (f.to as { resource: string }).resource;
        apis.add({ "alert-topic": "SNS", "container-logs": "CloudWatch Logs", "node-groups": "Auto Scaling, EC2", "service-secrets": "Secrets Manager" }[resource] ?? resource);
    }
    return { grouped: grouped.filter((g) => present.some((w) => w.name === g.name)), onNodes, awsApis: apis.size > 0 ? ["STS", ...apis] : [] };
}

/**
 * The deploy runner's flows: to the EKS API (when the control plane's group
 * admits it), to the VPC endpoints (when their group admits the VPC's range),
 * to the resolver and, through NAT, to the internet.
 */
function platformFlows(
    resources: readonly RecordedResource[],
    byId: ReadonlyMap<string, RecordedResource>,
    eks: RecordedResource | undefined,
    vpcCidr: string | undefined,
    ingress: readonly RuleEnd[],
    egress: readonly RuleEnd[],
): { runner?: string; resolver?: string; flows: PlatformFlow[] } {
    const runner = resources.find((r) => r.type === SG && r.inputs.tags?.[PLATFORM_TAG] === "deploy-runner")?.urn;
    if (!runner) {
        return { flows: [] };
    }
    const isGroup = (urn: string) => resources.some((r) => r.urn === urn && r.type === SG);
    const controlPlane = new Set(eks ? linked(eks, "vpcConfig", byId).filter(isGroup) : []);
    const endpoints = new Set(resources.filter((r) => r.type === VPC_ENDPOINT).flatMap((r) => linked(r, "securityGroupIds", byId)));
    const vpc = vpcCidr ? parseCidr(vpcCidr) : undefined;
    const admitsVpc = (group: string, port: string) => ingress.some((i) => {
        const c = i.owner === group && i.port === port && i.peer.startsWith("cidr:") ? parseCidr(i.peer.slice(5)) : undefined;
        return c !== undefined && vpc !== undefined && contains(c, vpc);
    });
    const out = new Map<PlatformPeer, Set<string>>();
    let resolver: string | undefined;
    for (const e of egress.filter((x) => x.owner === runner)) {
        let to: PlatformPeer | undefined;
        if (controlPlane.has(e.peer) && ingress.some((i) => i.owner === e.peer && i.peer === runner && i.port === e.port)) {
            to = "eks-api";
        } else if (endpoints.has(e.peer) && admitsVpc(e.peer, e.port)) {
            to = "aws-endpoints";
        } else if (e.peer.startsWith("cidr:")) {
            const c = parseCidr(e.peer.slice(5));
            if (c && c.prefix === 0) {
                to = "internet";
            } else if (c && vpc && contains(vpc, c)) {
                to = "vpc-resolver";
                resolver = e.peer.slice(5).replace(/\/32$/, "");
            }
        }
        if (to) {
            out.set(to, (out.get(to) ?? new Set()).add(e.port));
        }
    }
    const order: readonly PlatformPeer[] = ["eks-api", "aws-endpoints", "vpc-resolver", "internet"];
    return {
        runner,
        resolver,
        flows: order.filter((to) => out.has(to)).map((to) => ({ from: "deploy-runner" as const, to, ports: [...out.get(to)!].sort() })),
    };
}
