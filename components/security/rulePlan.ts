// Pure derivation of every security-group rule from the traffic catalog: one
// group per service and per store; for each flow an egress rule on the caller
// and the matching ingress rule on the callee, referencing each other's
// groups; Stripe only as TCP 443 to its published addresses, one rule per
// address, on egress-only groups of their own (a service's group could not
// hold them: AWS allows 60 rules per direction and IP family, Stripe
// publishes about 160 addresses); the VPC endpoints (AWS APIs) on 443 only
// for the services whose identity needs an AWS API. Nothing here creates
// resources, so the whole matrix can be checked without Pulumi.
import { parseCidr } from "../../policies/net";
import type { CatalogIndex, ExternalName, PlatformWorkloadSpec } from "../../components/catalog";
import { administeredStores, planIdentity } from "../identity/plan";
import { AWS_DEFAULT_SECURITY_GROUP_QUOTAS, evenSplit } from "./quotas";

export type RuleDirection = "ingress" | "egress";
export type IpProtocol = "tcp" | "udp";

/** The other side of a rule. */
export type Peer =
    /** A group this plan creates (a catalog service or store). */
    | { readonly kind: "group"; readonly group: string }
    /** An address range outside the VPC. */
    | { readonly kind: "cidr"; readonly cidr: string }
    /** The VPC endpoints' group (AWS APIs). */
    | { readonly kind: "endpoints" }
    /** The nodes' group: cluster DNS, kubelet probes, mesh control plane. */
    | { readonly kind: "platform" }
    /** The control plane's additional group, on the API server's network interfaces. */
    | { readonly kind: "control-plane" };

export interface PortSpec {
    readonly protocol: IpProtocol;
    readonly port: number;
}

export interface PlannedRule {
    /** Stable, unique key; resource names derive from it. */
    readonly key: string;
    /** The group the rule belongs to: a catalog name, an external's egress group key, "platform" for rules on the nodes' group, "control-plane" for the API server's. */
    readonly group: string;
    readonly direction: RuleDirection;
    readonly protocol: IpProtocol;
    readonly port: number;
    readonly peer: Peer;
    readonly description: string;
}

/**
 * An egress-only group holding rules to (part of) one outside destination's
 * addresses. It is attached, beside their own group, to the pods of the
 * services that call that destination, and to nothing else.
 */
export interface ExternalGroupPlan {
    /** Group key, e.g. "stripe-api-egress-1"; resource names derive from it. */
    readonly key: string;
    readonly external: ExternalName;
    readonly port: number;
    /** The addresses this group opens, at most the rule quota per IP family. */
    readonly cidrs: readonly string[];
}

export interface RulePlanOptions {
    /** Stripe API addresses (CIDRs) for the catalog's Stripe clients. */
    readonly stripeCidrs: readonly string[];
    /** Rules an egress-only group may hold per IP family. @default AWS's quota, 60 */
    readonly rulesPerGroup?: number;
    /** Whether a nodes' group is wired in (DNS, probes, mesh control plane). */
    readonly platform: boolean;
    /** What workloads open to the nodes' group. @default DNS over UDP and TCP */
    readonly platformEgress?: readonly PortSpec[];
    /** Ports the nodes' group opens on every workload besides its own port (e.g. mesh health). @default [] */
    readonly platformIngressPorts?: readonly number[];
    /** Ports the nodes' group opens on one service only (e.g. a controller on the nodes calling its admin API), by service. @default {} */
    readonly platformIngressPortsOf?: Readonly<Record<string, readonly number[]>>;
    /**
     * A group of its own for the administrator's one-off pods that create the services' users inside the stores:
     * to each administered store on its administration port (and to the nodes for DNS). @default false
     */
    readonly storeAdministration?: boolean;
}

/** The group of the administrator's pods (README, "Store users"); no catalog name may take it. */
export const STORE_ADMIN_GROUP = "store-admin";

/** Workloads resolve names through CoreDNS, which runs on the nodes. */
export const CLUSTER_DNS: readonly PortSpec[] = [
    { protocol: "udp", port: 53 },
    { protocol: "tcp", port: 53 },
];

function peerKey(peer: Peer): string {
    switch (peer.kind) {
        case "group":
            return peer.group;
        case "cidr":
            return `cidr-${cidrKey(peer.cidr)}`;
        case "endpoints":
            return "endpoints";
        case "platform":
            return "platform";
        case "control-plane":
            return "control-plane";
    }
}

function rule(group: string, direction: RuleDirection, spec: PortSpec, peer: Peer, description: string): PlannedRule {
    const way = direction === "egress" ? "to" : "from";
    return { key: `${group}-${way}-${peerKey(peer)}-${spec.protocol}${spec.port}`, group, direction, ...spec, peer, description };
}

function cidrKey(cidr: string): string {
    return cidr.replace(/[^0-9a-f]+/gi, "-").replace(/-+$/, "");
}

/**
 * The egress-only groups of the catalog's outside destinations: the fewest
 * groups that hold every address at one rule each within `rulesPerGroup` per
 * IP family, the addresses spread evenly (in list order) so that every group
 * keeps room; none for a destination nobody calls or with no addresses.
 */
export function planExternalGroups(catalog: CatalogIndex, stripeCidrs: readonly string[], rulesPerGroup: number = AWS_DEFAULT_SECURITY_GROUP_QUOTAS.rulesPerGroup): ExternalGroupPlan[] {
    const byFamily: Record<4 | 6, string[]> = { 4: [], 6: [] };
    for (const cidr of stripeCidrs) {
        const parsed = parseCidr(cidr);
        if (!parsed || parsed.prefix === 0) {
            throw new Error(`Stripe address "${cidr}" is not a CIDR narrower than the whole address space`);
        }
        byFamily[parsed.version].push(cidr);
    }
    if (!Number.isInteger(rulesPerGroup) || rulesPerGroup < 1) {
        throw new Error(`rules per group ${rulesPerGroup} must be a positive integer`);
    }
    const plans: ExternalGroupPlan[] = [];
    for (const x of catalog.catalog.externals) {
        if (catalog.clientsOfExternal(x.name).length === 0) {
            continue;
        }
        const count = Math.max(Math.ceil(byFamily[4].length / rulesPerGroup), Math.ceil(byFamily[6].length / rulesPerGroup));
        const v4 = evenSplit(byFamily[4], count);
        const v6 = evenSplit(byFamily[6], count);
        for (let i = 0; i < count; i++) {
            plans.push({ key: `${x.name}-egress-${i + 1}`, external: x.name, port: x.port, cidrs: [...v4[i], ...v6[i]] });
        }
    }
    return plans;
}

/** Keys of every group a service's pods carry: its own first, then the egress groups of the destinations it calls. */
export function podGroupKeys(catalog: CatalogIndex, externalGroups: readonly ExternalGroupPlan[], service: string): string[] {
    const uses = new Set(catalog.service(service).uses);
    return [service, ...externalGroups.filter((g) => uses.has(g.external)).map((g) => g.key)];
}

/** Every rule the catalog implies, in a stable order. */
export function planRules(catalog: CatalogIndex, options: RulePlanOptions): PlannedRule[] {
    const externalGroups = planExternalGroups(catalog, options.stripeCidrs, options.rulesPerGroup);
    const only = options.platformIngressPortsOf ?? {};
    for (const name of Object.keys(only)) {
        catalog.service(name);
    }
    const rules: PlannedRule[] = [];
    if (options.platform) {
        rules.push(...platformPodGroupRules(catalog, options));
    }
    for (const f of catalog.flows) {
        const spec: PortSpec = { protocol: "tcp", port: f.port };
        switch (f.toKind) {
            case "service":
            case "store":
                rules.push(rule(f.from, "egress", spec, { kind: "group", group: f.to }, `${f.from} to ${f.to} (catalog)`));
                rules.push(rule(f.to, "ingress", spec, { kind: "group", group: f.from }, `${f.to} from ${f.from} (catalog)`));
                break;
            case "external":
                // On the destination's egress groups, below: shared by its callers.
                break;
        }
    }
    for (const g of externalGroups) {
        for (const cidr of g.cidrs) {
            // Keyed by the address, not the group: an address a list refresh moves to another group is one rule replaced.
            rules.push({
                key: `${g.external}-egress-to-${cidrKey(cidr)}-tcp${g.port}`,
                group: g.key,
                direction: "egress",
                protocol: "tcp",
                port: g.port,
                peer: { kind: "cidr", cidr },
                description: `${g.external} ${cidr} (catalog: its callers carry ${g.key})`,
            });
        }
    }
    for (const s of catalog.catalog.services) {
        const apis = planIdentity(catalog, s.name).awsApis;
        if (apis.length > 0) {
            rules.push(rule(s.name, "egress", { protocol: "tcp", port: 443 }, { kind: "endpoints" }, `${s.name} to AWS APIs (${apis.join(", ")}) through VPC endpoints`));
        }
        if (!options.platform) {
            continue;
        }
        for (const spec of options.platformEgress ?? CLUSTER_DNS) {
            rules.push(rule(s.name, "egress", spec, { kind: "platform" }, `${s.name} to the nodes (${spec.protocol}/${spec.port})`));
            rules.push(rule("platform", "ingress", spec, { kind: "group", group: s.name }, `nodes from ${s.name} (${spec.protocol}/${spec.port})`));
        }
        for (const port of [s.port, ...(options.platformIngressPorts ?? []), ...(only[s.name] ?? [])]) {
            // The kubelet probes pods from the node's own address.
            rules.push(rule(s.name, "ingress", { protocol: "tcp", port }, { kind: "platform" }, `${s.name} from the nodes (probes, tcp/${port})`));
            rules.push(rule("platform", "egress", { protocol: "tcp", port }, { kind: "group", group: s.name }, `nodes to ${s.name} (probes, tcp/${port})`));
        }
    }
    if (options.storeAdministration) {
        rules.push(...storeAdministrationRules(catalog, options));
    }
    return dedupe(rules);
}

/**
 * Platform workloads that reach catalog services (Prometheus, on each
 * service's metrics port) carry a security group of their own, bound to their
 * pods like a service's, so that only they pass the services' groups on those
 * ports and the nodes' group, whose rules grow with the catalog already, gets
 * no rule per service. Every other platform pod stays on the nodes' group.
 */
export function platformPodGroups(catalog: CatalogIndex): PlatformWorkloadSpec[] {
    return catalog.platform.filter((w) => !w.hostNetwork && catalog.platformEgressFrom(w.name).some((f) => f.to.kind === "service"));
}

/**
 * The rules of each platform pod group: its catalog flows (to services'
 * groups, to the nodes for platform pods, kubelets, host-network agents and
 * istiod, to the API server's group, to the endpoints for AWS APIs), DNS on
 * the nodes, and in from the nodes on its own ports and the mesh's (other
 * platform pods, kubelet probes) and from the API server on the ports it calls.
 */
function platformPodGroupRules(catalog: CatalogIndex, options: RulePlanOptions): PlannedRule[] {
    const rules: PlannedRule[] = [];
    const groups = platformPodGroups(catalog);
    for (const w of groups) {
        if ([...catalog.catalog.services, ...catalog.catalog.stores].some((x) => x.name === w.name) || w.name === STORE_ADMIN_GROUP) {
            throw new Error(`platform workload "${w.name}" has the name of another security group; rename it`);
        }
        for (const f of catalog.platformEgressFrom(w.name)) {
            const spec: PortSpec = { protocol: f.protocol, port: f.port };
            const why = `(catalog, ${f.protocol}/${f.port})`;
            switch (f.to.kind) {
                case "service":
                    rules.push(rule(w.name, "egress", spec, { kind: "group", group: f.to.name }, `${w.name} to ${f.to.name} ${why}`));
                    rules.push(rule(f.to.name, "ingress", spec, { kind: "group", group: w.name }, `${f.to.name} from ${w.name} ${why}`));
                    break;
                case "workload":
                case "cluster": {
                    if (f.to.kind === "workload" && groups.some((g) => g.name === (f.to as { name: string }).name)) {
                        throw new Error(`platform workload "${w.name}" calls "${f.to.name}", which also has a pod group; not planned`);
                    }
                    if (f.to.kind === "cluster" && f.to.peer === "api-server") {
                        rules.push(rule(w.name, "egress", spec, { kind: "control-plane" }, `${w.name} to the API server ${why}`));
                        rules.push(rule("control-plane", "ingress", spec, { kind: "group", group: w.name }, `API server from ${w.name} ${why}`));
                        break;
                    }
                    // Another platform pod, a host-network agent, a kubelet or istiod: on the nodes' group.
                    const to = f.to.kind === "workload" ? f.to.name : f.to.peer;
                    rules.push(rule(w.name, "egress", spec, { kind: "platform" }, `${w.name} to ${to} on the nodes ${why}`));
                    rules.push(rule("platform", "ingress", spec, { kind: "group", group: w.name }, `nodes (${to}) from ${w.name} ${why}`));
                    break;
                }
                case "aws":
                    rules.push(rule(w.name, "egress", spec, { kind: "endpoints" }, `${w.name} to AWS APIs through VPC endpoints ${why}`));
                    break;
            }
        }
        for (const spec of CLUSTER_DNS) {
            rules.push(rule(w.name, "egress", spec, { kind: "platform" }, `${w.name} to the nodes (${spec.protocol}/${spec.port}, DNS)`));
            rules.push(rule("platform", "ingress", spec, { kind: "group", group: w.name }, `nodes from ${w.name} (${spec.protocol}/${spec.port}, DNS)`));
        }
        const own = w.ports.map((p) => ({ protocol: p.protocol ?? "tcp", port: p.port }));
        for (const spec of [...own, ...(options.platformIngressPorts ?? []).map((port) => ({ protocol: "tcp" as const, port }))]) {
            rules.push(rule(w.name, "ingress", spec, { kind: "platform" }, `${w.name} from the nodes (platform pods, probes, ${spec.protocol}/${spec.port})`));
            rules.push(rule("platform", "egress", spec, { kind: "group", group: w.name }, `nodes to ${w.name} (platform pods, probes, ${spec.protocol}/${spec.port})`));
        }
        for (const name of w.apiServerCalls ?? []) {
            const spec: PortSpec = { protocol: "tcp", port: w.ports.find((p) => p.name === name)!.port };
            rules.push(rule(w.name, "ingress", spec, { kind: "control-plane" }, `${w.name} from the API server (tcp/${spec.port})`));
            rules.push(rule("control-plane", "egress", spec, { kind: "group", group: w.name }, `API server to ${w.name} (tcp/${spec.port})`));
        }
    }
    return rules;
}

/** The administrator's group: out to each administered store's administration port, and to the nodes for DNS only. */
function storeAdministrationRules(catalog: CatalogIndex, options: RulePlanOptions): PlannedRule[] {
    if ([...catalog.catalog.services, ...catalog.catalog.stores].some((x) => x.name === STORE_ADMIN_GROUP)) {
        throw new Error(`the catalog names a service or store "${STORE_ADMIN_GROUP}", the name of the administrator's group; rename it`);
    }
    const rules: PlannedRule[] = [];
    const admin = STORE_ADMIN_GROUP;
    for (const a of administeredStores(catalog)) {
        const spec: PortSpec = { protocol: "tcp", port: a.port };
        rules.push(rule(admin, "egress", spec, { kind: "group", group: a.store }, `administrator to ${a.store} (creates the services users)`));
        rules.push(rule(a.store, "ingress", spec, { kind: "group", group: admin }, `${a.store} from the administrator (creates the services users)`));
    }
    if (options.platform) {
        for (const spec of CLUSTER_DNS) {
            rules.push(rule(admin, "egress", spec, { kind: "platform" }, `administrator to the nodes (${spec.protocol}/${spec.port}, DNS)`));
            rules.push(rule("platform", "ingress", spec, { kind: "group", group: admin }, `nodes from the administrator (${spec.protocol}/${spec.port}, DNS)`));
        }
    }
    return rules;
}

// The same platform port can be listed twice (e.g. a workload port that is
// also a mesh port); a duplicate rule would fail in AWS.
function dedupe(rules: PlannedRule[]): PlannedRule[] {
    const seen = new Set<string>();
    return rules.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
}
