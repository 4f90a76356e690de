// Answers about a validated catalog: who may reach what, on which port. Built
// once as maps so that every query is proportional to its answer, not to the
// size of the catalog.
import { Catalog, ExternalName, Flow, IsolatedTier, PeerKind, ServiceSpec, StoreSpec } from "./types";
import { validateCatalog } from "./validate";

export class CatalogIndex {
    private readonly services = new Map<string, ServiceSpec>();
    private readonly stores = new Map<string, StoreSpec>();
    private readonly inbound = new Map<string, Flow[]>();
    private readonly outbound = new Map<string, Flow[]>();
    /** Every allowed flow, in catalog order. */
    readonly flows: readonly Flow[];

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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}
