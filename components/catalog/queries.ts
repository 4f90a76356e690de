// Answers about a validated catalog: who may reach what, on which port. Built
// once as maps so that every query is proportional to its answer, not to the
// size of the catalog.
import { Catalog, CLUSTER_PEERS, ExternalName, Flow, IsolatedTier, PeerKind, PlatformFeature, PlatformFlow, PlatformWorkloadSpec, ServiceSpec, StoreSpec } from "./types";
import { validateCatalog } from "./validate";

export class CatalogIndex {
    private readonly services = new Map<string, ServiceSpec>();
    private readonly stores = new Map<string, StoreSpec>();
    private readonly inbound = new Map<string, Flow[]>();
    private readonly outbound = new Map<string, Flow[]>();
    /** Every allowed flow, in catalog order. */
    readonly flows: readonly Flow[];
    /** Every flow of the platform workloads, in catalog order. */
    readonly platformFlows: readonly PlatformFlow[];
    private readonly workloads = new Map<string, PlatformWorkloadSpec>();

    /** Validates `catalog` (throwing CatalogError) and indexes it. */
    constructor(readonly catalog: Catalog) {
        validateCatalog(catalog);
        for (const s of catalog.services) {
            this.services.set(s.name, s);
        }
        for (const s of catalog.stores) {
            this.stores.set(s.name, s);
        }
        const externals = new Map(catalog.externals.map((x) => [x.name as string, x]));
        const flows: Flow[] = [];
        for (const s of catalog.services) {
            for (const to of s.uses) {
                const service = this.services.get(to);
                const store = this.stores.get(to);
                const kind: PeerKind = service ? "service" : store ? "store" : "external";
                const port = (service ?? store ?? externals.get(to)!).port;
                const flow: Flow = { from: s.name, to, toKind: kind, port };
                flows.push(flow);
                push(this.outbound, s.name, flow);
                push(this.inbound, to, flow);
            }
        }
        this.flows = flows;
        const platformFlows: PlatformFlow[] = [];
        for (const w of catalog.platform ?? []) {
            this.workloads.set(w.name, w);
        }
        for (const w of catalog.platform ?? []) {
            for (const u of w.uses) {
                switch (u.kind) {
                    case "workload": {
                        const p = this.workloads.get(u.name)!.ports.find((x) => x.name === u.port)!;
                        platformFlows.push({ from: w.name, to: { kind: "workload", name: u.name }, port: p.port, protocol: p.protocol ?? "tcp" });
                        break;
                    }
                    case "service-metrics":
                        for (const s of catalog.services.filter((x) => x.metricsPort !== undefined)) {
                            platformFlows.push({ from: w.name, to: { kind: "service", name: s.name }, port: s.metricsPort!, protocol: "tcp" });
                        }
                        break;
                    case "cluster":
                        platformFlows.push({ from: w.name, to: { kind: "cluster", peer: u.peer }, port: CLUSTER_PEERS[u.peer], protocol: "tcp" });
                        break;
                    case "aws":
                        // AWS APIs answer HTTPS only, through their interface endpoints.
                        platformFlows.push({ from: w.name, to: { kind: "aws", resource: u.resource }, port: 443, protocol: "tcp" });
                        break;
                }
            }
        }
        this.platformFlows = platformFlows;
    }

    /** The platform workloads, in catalog order. */
    get platform(): readonly PlatformWorkloadSpec[] {
        return this.catalog.platform ?? [];
    }

    /** The platform workload named `name`; throws for an unknown name. */
    workload(name: string): PlatformWorkloadSpec {
        const w = this.workloads.get(name);
        if (!w) {
            throw new Error(`no platform workload "${name}" in the catalog`);
        }
        return w;
    }

    /** Platform flows from `name`. */
    platformEgressFrom(name: string): PlatformFlow[] {
        return this.platformFlows.filter((f) => f.from === name);
    }

    /** Platform flows to the workload or service `name`. */
    platformIngressTo(name: string): PlatformFlow[] {
        return this.platformFlows.filter((f) => (f.to.kind === "workload" || f.to.kind === "service") && f.to.name === name);
    }

    /** Namespaces that platform workloads run in, in catalog order. */
    platformNamespaces(): string[] {
        return [...new Set(this.platform.map((w) => w.namespace))];
    }

    /** The service named `name`; throws for an unknown name. */
    service(name: string): ServiceSpec {
        const s = this.services.get(name);
        if (!s) {
            throw new Error(`no service "${name}" in the catalog`);
        }
        return s;
    }

    /** The store named `name`; throws for an unknown name. */
    store(name: string): StoreSpec {
        const s = this.stores.get(name);
        if (!s) {
            throw new Error(`no store "${name}" in the catalog`);
        }
        return s;
    }

    /** Who may reach `name`, and on which port. */
    ingressTo(name: string): readonly Flow[] {
        return this.inbound.get(name) ?? [];
    }

    /** Where `name` may connect to, and on which port. */
    egressFrom(name: string): readonly Flow[] {
        return this.outbound.get(name) ?? [];
    }

    /** Names of the services that call `name`. */
    clientsOf(name: string): string[] {
        return this.ingressTo(name).map((f) => f.from);
    }

    /** Services that call the external destination `name`. */
    clientsOfExternal(name: ExternalName): string[] {
        return this.clientsOf(name);
    }

    /** Services that need the Stripe API. */
    stripeClients(): string[] {
        return this.clientsOfExternal("stripe-api");
    }

    /** The service the load balancer forwards to. */
    edgeService(): ServiceSpec {
        return this.catalog.services.find((s) => s.edge)!;
    }

    /** Cache rights of the services that declare more than the default (seed 004 "Redis ACLs"). */
    cacheAccess(): Record<string, NonNullable<ServiceSpec["cacheAccess"]>> {
        return Object.fromEntries(this.catalog.services.filter((s) => s.cacheAccess).map((s) => [s.name, s.cacheAccess!]));
    }

    /** Stores in an isolated tier. */
    storesIn(tier: IsolatedTier): StoreSpec[] {
        return this.catalog.stores.filter((s) => s.tier === tier);
    }

    /** Ports the stores of a tier listen on, ascending and distinct. */
    storePorts(tier: IsolatedTier): number[] {
        return [...new Set(this.storesIn(tier).map((s) => s.port))].sort((a, b) => a - b);
    }
}

/** `catalog` with only the platform workloads of the `enabled` features (validation keeps flows within one feature). */
export function withFeatures(catalog: Catalog, enabled: ReadonlySet<PlatformFeature>): Catalog {
    return { ...catalog, platform: (catalog.platform ?? []).filter((w) => enabled.has(w.feature)) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}
