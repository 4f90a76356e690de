// Checks a catalog before anything is derived from it: a mistake here would
// silently open or close ports everywhere.
import { AWS_RESOURCES, Catalog, CLUSTER_PEERS, PLATFORM_FEATURES, PlatformWorkloadSpec } from "./types";

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

/**
 * Ports the mesh's sidecar takes in every pod (Istio, "Application
 * Requirements", ports used by Istio: 15000-15021, 15053, 15090): a metrics
 * port there would be captured by the proxy, not reach the application.
 */
export const MESH_RESERVED_PORTS = { from: 15000, to: 15090 } as const;

// Kubernetes namespace names (RFC 1123 labels) and label keys/values.
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const PORT_NAME = /^[a-z]([-a-z0-9]{0,13}[a-z0-9])?$/;

/** Problems of the platform workloads, given the names services and stores already take. */
function platformProblems(c: Catalog, kinds: Map<string, string>): string[] {
    const problems: string[] = [];
    const platform = c.platform ?? [];
    const byName = new Map<string, PlatformWorkloadSpec>();
    for (const w of platform) {
        const where = `platform workload "${w.name}"`;
        if (!NAME.test(w.name)) {
            problems.push(`${where}: names must be lowercase kebab-case, 1-40 characters`);
        }
        if (kinds.has(w.name)) {
            problems.push(`${where}: the name is already used by a ${kinds.get(w.name)}`);
        }
        kinds.set(w.name, "platform workload");
        byName.set(w.name, w);
        if (!PLATFORM_FEATURES.includes(w.feature)) {
            problems.push(`${where}: feature "${w.feature}" is not one of ${PLATFORM_FEATURES.join(", ")}`);
        }
        if (!NAMESPACE.test(w.namespace)) {
            problems.push(`${where}: namespace "${w.namespace}" is not a Kubernetes namespace name`);
        }
        const labels = Object.entries(w.labels);
        if (labels.length === 0) {
            problems.push(`${where}: needs labels that select its pods; an empty selector would select every pod of ${w.namespace}`);
        }
        for (const [k, v] of labels) {
            if (!LABEL_KEY.test(k) || !LABEL_VALUE.test(v)) {
                problems.push(`${where}: label ${k}=${v} is not a Kubernetes label`);
            }
        }
        const portNames = new Set<string>();
        for (const p of w.ports) {
            if (!PORT_NAME.test(p.name) || portNames.has(p.name)) {
                problems.push(`${where}: port name "${p.name}" must be a distinct lower-case name of at most 15 characters`);
            }
            portNames.add(p.name);
            if (!validPort(p.port)) {
                problems.push(`${where}: port ${p.port} (${p.name}) is not a TCP or UDP port (1-65535)`);
            }
        }
        for (const name of w.apiServerCalls ?? []) {
            const port = w.ports.find((p) => p.name === name);
            if (!port || (port.protocol ?? "tcp") !== "tcp") {
                problems.push(`${where}: the API server calls port "${name}", which is not one of its TCP ports`);
            }
        }
    }
    const scraped = c.services.some((s) => s.metricsPort !== undefined);
    for (const w of platform) {
        const where = `platform workload "${w.name}"`;
        for (const u of w.uses) {
            switch (u.kind) {
                case "workload": {
                    const target = byName.get(u.name);
                    if (!target) {
                        problems.push(`${where} uses workload "${u.name}", which is not a platform workload of the catalog`);
                    } else if (!target.ports.some((p) => p.name === u.port)) {
                        problems.push(`${where} uses port "${u.port}" of "${u.name}", which has ports ${target.ports.map((p) => p.name).join(", ") || "none"}`);
                    } else if (target.feature !== w.feature) {
                        problems.push(`${where} (${w.feature}) uses "${u.name}" (${target.feature}): a flow across features would be left half open when one is off`);
                    }
                    break;
                }
                case "service-metrics":
                    if (!scraped) {
                        problems.push(`${where} scrapes the services' metrics, but no service declares a metricsPort`);
                    }
                    break;
                case "cluster":
                    if (!(u.peer in CLUSTER_PEERS)) {
                        problems.push(`${where} uses cluster peer "${u.peer}"; known: ${Object.keys(CLUSTER_PEERS).join(", ")}`);
                    }
                    break;
                case "aws":
                    if (!AWS_RESOURCES.includes(u.resource)) {
                        problems.push(`${where} uses AWS resource "${u.resource}"; known: ${AWS_RESOURCES.join(", ")}`);
                    }
                    break;
            }
        }
        const keys = w.uses.map((u) => JSON.stringify(u));
        const twice = keys.find((k, i) => keys.indexOf(k) !== i);
        if (twice !== undefined) {
            problems.push(`${where} lists ${twice} twice in "uses"`);
        }
    }
    return problems;
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
    for (const s of c.services.filter((x) => x.metricsPort !== undefined)) {
        const m = s.metricsPort!;
        if (!validPort(m)) {
            problems.push(`service "${s.name}": metricsPort ${m} is not a TCP port (1-65535)`);
        } else if (m === s.port) {
            problems.push(`service "${s.name}": metricsPort ${m} is its service port; serve metrics on a port of their own, which only the scrapers may reach`);
        } else if (m >= MESH_RESERVED_PORTS.from && m <= MESH_RESERVED_PORTS.to) {
            problems.push(`service "${s.name}": metricsPort ${m} is in the mesh sidecar's reserved range ${MESH_RESERVED_PORTS.from}-${MESH_RESERVED_PORTS.to}`);
        } else if (ports.has(m)) {
            problems.push(`service "${s.name}": metricsPort ${m} is the port of "${ports.get(m)}"`);
        }
    }
    problems.push(...platformProblems(c, kinds));
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
