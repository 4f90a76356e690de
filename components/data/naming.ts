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
