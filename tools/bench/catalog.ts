// Generated traffic catalogs for the scaling benchmark: n services shaped
// like TicketToken's (a gateway in front, each service calling two others
// and two stores, one in ten calling Stripe), so that resources grow with n
// the way a real platform's would.
import { Catalog, ServiceSpec } from "../../components/catalog";
import { TICKETTOKEN } from "../../infra/catalog";

/** A valid catalog of `n` services (n >= 2) with TicketToken's four stores. */
export function generateCatalog(n: number): Catalog {
    if (!Number.isInteger(n) || n < 2 || n > 9000) {
        throw new RangeError(`a generated catalog needs 2..9000 services, not ${n}`);
    }
    const name = (i: number) => `svc-${String(i).padStart(4, "0")}`;
    const stores = TICKETTOKEN.stores.map((s) => s.name);
    const gateway = TICKETTOKEN.services.find((s) => s.edge)!;
    const services: ServiceSpec[] = [{
        name: "api-gateway", port: 8000, tls: true, edge: true, routes: [],
        uses: [...Array.from({ length: n - 1 }, (_, i) => name(i + 1)), "redis"],
        // Kong's cache login, as TicketToken's gateway has it (a password: its Redis client cannot sign IAM tokens).
        cacheAccess: gateway.cacheAccess,
        description: "generated gateway",
    }];
    for (let i = 1; i < n; i++) {
        const peers = [i + 1, i + 2].filter((j) => j < n).map(name);
        services.push({
            name: name(i),
            port: 10000 + i,
            tls: false,
            edge: false,
            routes: [`/api/${name(i)}`],
            metricsPort: 9464,
            uses: [...peers, stores[i % stores.length], stores[(i + 1) % stores.length], ...(i % 10 === 0 ? ["stripe-api"] : [])],
            description: "generated service",
        });
    }
    // The platform's workloads as TicketToken has them: they scrape every service's metrics port.
    return { services, stores: TICKETTOKEN.stores, externals: TICKETTOKEN.externals, platform: TICKETTOKEN.platform };
}
