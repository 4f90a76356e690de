// Pure plan of the cache's RBAC users (seed 004 "Redis ACLs": access limited
// by command and key pattern). One IAM-authenticated user per catalog client,
// each confined to its own key prefix and a command profile; the default user
// exists only because AWS requires one named "default", and it is off.

/** What a client may run. */
export type CommandProfile =
    /** Rate-limit counters: increment, expire, read. */
    | "counters"
    /** Application data: reads and writes of every data type, transactions. */
    | "data";

/** How a client proves who it is to the cache. */
export type CacheAuthentication =
    /** A short-lived IAM token signed with its role's credentials (elasticache:Connect). */
    | "iam"
    /** A generated password, for a client whose Redis library cannot sign IAM tokens. */
    | "password";

/** What one client may do, beyond its own key prefix, and how it logs in. */
export interface ClientAccess {
    readonly profile: CommandProfile;
    /** Key patterns shared with other clients, besides `<service>:*`. @default [] */
    readonly sharedKeys?: readonly string[];
    /** How it logs in. @default "iam" */
    readonly authentication?: CacheAuthentication;
}

/** Where Kong's rate-limiting plugin keeps its counters (it names keys "ratelimit:<route>:<service>:<client>:<period>"; no prefix can be set). */
export const RATE_LIMIT_KEYS = "ratelimit:*";

const DEFAULT_ACCESS: ClientAccess = { profile: "data" };

/** Command rules of a profile, applied after "-@all". Dangerous and admin commands are removed last. */
export function profileCommands(profile: CommandProfile): string[] {
    switch (profile) {
        case "counters":
            // Kong increments and expires its counters in Lua scripts (EVAL); ACLs apply to the commands a script calls too.
            return ["+@connection", "+get", "+mget", "+exists", "+incr", "+incrby", "+decr", "+decrby", "+expire", "+expireat", "+pexpire", "+ttl", "+pttl", "+eval", "+evalsha"];
        case "data":
            return ["+@connection", "+@read", "+@write", "+@transaction"];
    }
}

/** One RBAC user. */
export interface CacheUserPlan {
    /** The catalog client (or "default"). */
    readonly client: string;
    /** ElastiCache user id (unique per account and region). */
    readonly userId: string;
    /** Redis user name; equals the user id for IAM authentication, "default" for the default user. */
    readonly userName: string;
    readonly accessString: string;
    /** IAM tokens; a password (for clients whose Redis library cannot sign IAM tokens); or none (the default user, off). */
    readonly authentication: "iam" | "password" | "disabled";
}

/** Access string of a client: on, its keys, no command but those of its profile, never dangerous ones. */
export function accessString(client: string, access: ClientAccess): string {
    const keys = [`~${client}:*`, ...(access.sharedKeys ?? []).map((k) => `~${k}`)];
    return ["on", ...keys, "-@all", ...profileCommands(access.profile), "-@dangerous", "-@admin"].join(" ");
}

/** The default user, required by AWS in every user group: switched off, no keys, no commands. */
export const DISABLED_DEFAULT_ACCESS = "off -@all";

/**
 * Users for `clients` (the catalog's clients of the cache), with ids made by
 * `idOf(role)` and rights from `access` (the "data" profile on the client's
 * own prefix, with an IAM login, where it says nothing); the default user first.
 */
export function planCacheUsers(
    clients: readonly string[],
    idOf: (role: string) => string,
    access: Readonly<Record<string, ClientAccess>> = {},
): CacheUserPlan[] {
    const seen = new Set<string>();
    for (const c of clients) {
        if (seen.has(c)) {
            throw new Error(`cache users: client "${c}" is listed twice`);
        }
        seen.add(c);
    }
    const unknown = Object.keys(access).filter((c) => !seen.has(c));
    if (unknown.length > 0) {
        throw new Error(`cache users: access is defined for ${unknown.join(", ")}, which the catalog does not list as cache clients`);
    }
    return [
        { client: "default", userId: idOf("cache-default"), userName: "default", accessString: DISABLED_DEFAULT_ACCESS, authentication: "disabled" },
        ...clients.map((client): CacheUserPlan => ({
            client,
            userId: idOf(client),
            userName: idOf(client),
            accessString: accessString(client, access[client] ?? DEFAULT_ACCESS),
            authentication: access[client]?.authentication ?? "iam",
        })),
    ];
}
