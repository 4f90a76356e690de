// Checks a catalog before anything is derived from it: a mistake here would
// silently open or close ports everywhere.
import { Catalog } from "./types";

/** Thrown when the catalog is inconsistent; lists every problem. */
export class CatalogError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`Invalid traffic catalog (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "CatalogError";
    }
}

// Names become pod labels, Kubernetes object names and AWS resource names.
const NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

function validPort(port: number): boolean {
    return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** Returns every problem found; empty when the catalog is sound. */
export function catalogProblems(c: Catalog): string[] {
    const problems: string[] = [];
    const kinds = new Map<string, string>();
    const ports = new Map<number, string>();
    const entries = [
        ...c.services.map((s) => ({ kind: "service", name: s.name, port: s.port })),
        ...c.stores.map((s) => ({ kind: "store", name: s.name, port: s.port })),
    ];
    for (const e of entries) {
        if (!NAME.test(e.name)) {
            problems.push(`${e.kind} "${e.name}": names must be lowercase kebab-case, 1-40 characters`);
        }
        const previous = kinds.get(e.name);
        if (previous) {
            problems.push(`${e.kind} "${e.name}": the name is already used by a ${previous}`);
        }
        kinds.set(e.name, e.kind);
        if (!validPort(e.port)) {
            problems.push(`${e.kind} "${e.name}": port ${e.port} is not a TCP port (1-65535)`);
        }
        const owner = ports.get(e.port);
        if (owner) {
            problems.push(`${e.kind} "${e.name}": port ${e.port} is already assigned to "${owner}"; every service and store needs its own port`);
        }
        ports.set(e.port, e.name);
    }
    for (const x of c.externals) {
        if (kinds.has(x.name)) {
            problems.push(`external "${x.name}": the name is already used by a ${kinds.get(x.name)}`);
        }
        kinds.set(x.name, "external");
    }
    const used = new Set<string>();
    const routes = new Map<string, string>();
    for (const s of c.services) {
        const seen = new Set<string>();
        for (const target of s.uses) {
            if (!kinds.has(target)) {
                const known = [...kinds.keys()].sort().join(", ");
                problems.push(`service "${s.name}" uses "${target}", which is not a service, store or external in the catalog (known: ${known})`);
            } else if (target === s.name) {
                problems.push(`service "${s.name}" lists itself in "uses"`);
            } else if (seen.has(target)) {
                problems.push(`service "${s.name}" lists "${target}" twice in "uses"`);
            }
            seen.add(target);
            used.add(target);
        }
        if (s.cacheAccess && !s.uses.some((u) => c.stores.some((st) => st.name === u && st.engine === "redis"))) {
            problems.push(`service "${s.name}" has cacheAccess but uses no redis store`);
        }
        if (s.routeAuth !== undefined && s.routes.length === 0) {
            problems.push(`service "${s.name}" sets routeAuth but has no routes`);
        }
        for (const route of s.routes) {
            if (!/^\/[-a-z0-9/]*[a-z0-9]$/.test(route)) {
                problems.push(`service "${s.name}": route "${route}" must be a path prefix like /api/venues`);
            }
            const owner = routes.get(route);
            if (owner) {
                problems.push(`service "${s.name}": route "${route}" is already routed to "${owner}"`);
            }
            routes.set(route, s.name);
        }
    }
    for (const store of c.stores) {
        if (!used.has(store.name)) {
            problems.push(`store "${store.name}" has no clients: no service lists it in "uses"; remove it or add its clients`);
        }
    }
    const edges = c.services.filter((s) => s.edge);
    if (edges.length !== 1) {
        problems.push(`exactly one service must have edge: true (the load balancer's target); found ${edges.length}${edges.length ? `: ${edges.map((e) => e.name).join(", ")}` : ""}`);
    }
    for (const s of c.services.filter((x) => x.edge && x.routes.length > 0)) {
        problems.push(`service "${s.name}" is the edge service; routes belong to the services behind it`);
    }
    return problems;
}

/** Throws a CatalogError when the catalog has any problem. */
export function validateCatalog(c: Catalog): void {
    const problems = catalogProblems(c);
    if (problems.length > 0) {
        throw new CatalogError(problems);
    }
}
