// Physical names that AWS does not generate for us and that must be unique
// per account and region: final snapshot identifiers and ElastiCache user and
// user-group ids. They derive from one stack-wide identifier, so that the
// stacks of one account never collide and a name never changes between runs.

/** AWS's common shape for these names: a letter first, letters, digits and single hyphens, no trailing hyphen. */
const PHYSICAL_NAME = /^[a-z](?:-?[a-z0-9])*$/;

/** ElastiCache user and user-group ids are limited to this length. */
export const ELASTICACHE_ID_MAX = 40;

/** Longest stack-wide identifier accepted: leaves room for role suffixes. */
export const IDENTIFIER_MAX = 24;

/** Throws unless `identifier` can prefix physical names. */
export function checkIdentifier(identifier: string): void {
    if (!PHYSICAL_NAME.test(identifier) || identifier.length > IDENTIFIER_MAX) {
        throw new Error(
            `data stores: identifier "${identifier}" must be lowercase letters, digits and single hyphens, ` +
                `start with a letter, not end with a hyphen, and be at most ${IDENTIFIER_MAX} characters (it prefixes snapshot and user ids)`,
        );
    }
}

/** The stable name of the snapshot taken when a store is deleted. */
export function finalSnapshotName(identifier: string, store: string): string {
    return `${identifier}-${store}-final`;
}

/** An ElastiCache user or user-group id; throws when AWS would refuse it. */
export function elasticacheId(identifier: string, role: string): string {
    const id = `${identifier}-${role}`.toLowerCase();
    if (!PHYSICAL_NAME.test(id) || id.length > ELASTICACHE_ID_MAX) {
        throw new Error(
            `ElastiCache id "${id}" must be at most ${ELASTICACHE_ID_MAX} characters of lowercase letters, digits and single hyphens, ` +
                "starting with a letter; use a shorter identifier or service name",
        );
    }
    return id;
}

/** PostgreSQL's identifier limit (NAMEDATALEN - 1), the tightest of the stores' user-name limits. */
export const STORE_USER_MAX = 63;

/**
 * The user a catalog service logs into a store as: its name with hyphens as
 * underscores ("venue-service" -> "venue_service"), so that it is a plain
 * PostgreSQL identifier and reads the same in every store.
 */
export function serviceUserName(service: string): string {
    const user = service.replace(/-/g, "_");
    if (!/^[a-z][a-z0-9_]*$/.test(user) || user.length > STORE_USER_MAX) {
        throw new Error(`store user for service "${service}" would be "${user}": it must be a lower-case identifier of at most ${STORE_USER_MAX} characters`);
    }
    return user;
}
