// An npm lock file (lockfileVersion 3) read as the tree npm installs: every
// package at its folder ("node_modules/a/node_modules/b"), each dependency
// edge resolved the way Node resolves a require (the nearest node_modules
// folder up the path that holds the name), and the dev/optional/peer flags
// npm writes, computed from reachability. The pack's shrinkwrap is cut from
// the repository's lock with this, so both hold the same versions.

/** One `packages` entry of a lock file (only what is read here is typed). */
export interface LockEntry {
    readonly name?: string;
    readonly version?: string;
    readonly resolved?: string;
    readonly link?: boolean;
    readonly dependencies?: Readonly<Record<string, string>>;
    readonly devDependencies?: Readonly<Record<string, string>>;
    readonly optionalDependencies?: Readonly<Record<string, string>>;
    readonly peerDependencies?: Readonly<Record<string, string>>;
    readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
    readonly workspaces?: readonly string[];
    readonly dev?: boolean;
    readonly optional?: boolean;
    readonly devOptional?: boolean;
    readonly peer?: boolean;
    readonly [key: string]: unknown;
}

export interface LockFile {
    readonly name?: string;
    readonly version?: string;
    readonly lockfileVersion: number;
    readonly requires?: boolean;
    readonly packages: Readonly<Record<string, LockEntry>>;
}

/** Which kind of dependency an edge is, as npm's flags see it. */
export type EdgeKind = "prod" | "dev" | "optional" | "peer" | "peerOptional";

export interface Edge {
    readonly name: string;
    readonly kind: EdgeKind;
    /** Folder the name resolves to, undefined when nothing provides it. */
    readonly to: string | undefined;
}

/** The flags npm writes on a lock entry. */
export interface DepFlags {
    readonly dev: boolean;
    readonly optional: boolean;
    readonly devOptional: boolean;
    readonly peer: boolean;
}

/** The folder that holds package `name` as seen from folder `from` ("" is the project). */
export function resolveFrom(packages: Readonly<Record<string, LockEntry>>, from: string, name: string): string | undefined {
    let dir = from;
    for (;;) {
        const candidate = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
        if (packages[candidate] !== undefined) {
            return candidate;
        }
        if (dir === "") {
            return undefined;
        }
        const slash = dir.lastIndexOf("/");
        dir = slash < 0 ? "" : dir.slice(0, slash);
    }
}

/** A link entry stands for its target folder (a workspace). */
export function target(packages: Readonly<Record<string, LockEntry>>, location: string): string {
    const entry = packages[location];
    return entry?.link && typeof entry.resolved === "string" ? entry.resolved : location;
}

/**
 * The dependency edges of the package at `location`. The project (`""`) also
 * has dev edges and one prod edge per workspace; optional and peer kinds follow
 * package.json's rules (an optional dependency listed in `dependencies` too is optional).
 */
export function edgesOf(packages: Readonly<Record<string, LockEntry>>, location: string): Edge[] {
    const entry = packages[location];
    if (entry === undefined) {
        throw new Error(`the lock has no package at ${JSON.stringify(location)}`);
    }
    const kinds = new Map<string, EdgeKind>();
    for (const n of Object.keys(entry.dependencies ?? {})) kinds.set(n, "prod");
    for (const n of Object.keys(entry.optionalDependencies ?? {})) kinds.set(n, "optional");
    for (const n of Object.keys(entry.peerDependencies ?? {})) {
        if (!kinds.has(n)) kinds.set(n, entry.peerDependenciesMeta?.[n]?.optional ? "peerOptional" : "peer");
    }
    if (location === "") {
        for (const n of Object.keys(entry.devDependencies ?? {})) if (!kinds.has(n)) kinds.set(n, "dev");
    }
    const edges: Edge[] = [...kinds].map(([name, kind]) => ({ name, kind, to: resolveFrom(packages, location, name) }));
    if (location === "") {
        for (const ws of entry.workspaces ?? []) {
            const link = Object.keys(packages).find((k) => packages[k].link && packages[k].resolved === ws);
            edges.push({ name: ws, kind: "prod", to: link });
        }
    }
    return edges.map((e) => ({ ...e, to: e.to === undefined ? undefined : target(packages, e.to) }));
}

/** Edges a tree needs: a missing optional or optional-peer dependency is allowed, any other is an error. */
export function requiredMissing(edges: readonly Edge[]): Edge[] {
    return edges.filter((e) => e.to === undefined && e.kind !== "optional" && e.kind !== "peerOptional");
}

/** Folders reachable from the project through edges `follow` admits (the project's own edges through `first`). */
function reachable(
    packages: Readonly<Record<string, LockEntry>>,
    first: (k: EdgeKind) => boolean,
    follow: (k: EdgeKind) => boolean,
): Set<string> {
    const seen = new Set<string>();
    const queue: string[] = [];
    for (const e of edgesOf(packages, "")) {
        if (e.to !== undefined && first(e.kind) && !seen.has(e.to)) {
            seen.add(e.to);
            queue.push(e.to);
        }
    }
    while (queue.length > 0) {
        for (const e of edgesOf(packages, queue.pop()!)) {
            if (e.to !== undefined && follow(e.kind) && !seen.has(e.to)) {
                seen.add(e.to);
                queue.push(e.to);
            }
        }
    }
    return seen;
}

/** Folders that hold `location` inside their node_modules ("node_modules/a" for "node_modules/a/node_modules/b"). */
function holders(location: string): string[] {
    const out: string[] = [];
    let i = location.lastIndexOf("/node_modules/");
    while (i > 0) {
        out.push(location.slice(0, i));
        i = location.lastIndexOf("/node_modules/", i - 1);
    }
    return out;
}

/**
 * npm's flags for every package folder of the tree (package-lock.json docs):
 * `dev` when only dev dependencies lead to it, `optional` when only optional
 * ones do, `devOptional` when it is needed by neither pure-production path but
 * is not exclusively dev or optional, `peer` when only peer dependencies lead
 * to it. A folder that holds a needed package in its node_modules is needed as
 * much as what it holds.
 */
export function depFlags(packages: Readonly<Record<string, LockEntry>>): Map<string, DepFlags> {
    const isPeer = (k: EdgeKind) => k === "peer" || k === "peerOptional";
    const isOpt = (k: EdgeKind) => k === "optional" || k === "peerOptional";
    const notDev = reachable(packages, (k) => k !== "dev", () => true);
    const notOpt = reachable(packages, (k) => !isOpt(k), (k) => !isOpt(k));
    const prod = reachable(packages, (k) => k !== "dev" && !isOpt(k), (k) => !isOpt(k));
    const notPeer = reachable(packages, (k) => !isPeer(k), (k) => !isPeer(k));
    for (const set of [notDev, notOpt, prod, notPeer]) {
        for (const loc of [...set]) {
            for (const h of holders(loc)) set.add(h);
        }
    }
    const flags = new Map<string, DepFlags>();
    for (const loc of Object.keys(packages)) {
        if (loc === "" || packages[loc].link) {
            continue;
        }
        const dev = !notDev.has(loc);
        const optional = !notOpt.has(loc);
        flags.set(loc, { dev, optional, devOptional: !prod.has(loc) && !dev && !optional, peer: !notPeer.has(loc) });
    }
    return flags;
}

/** The flags as the lock file writes them: only those that are true, in npm's order. */
export function flagFields(f: DepFlags): Partial<Record<keyof DepFlags, true>> {
    return {
        ...(f.dev ? { dev: true as const } : {}),
        ...(f.optional ? { optional: true as const } : {}),
        ...(f.devOptional ? { devOptional: true as const } : {}),
        ...(f.peer ? { peer: true as const } : {}),
    };
}
