// Pure settings of the zone's origin-pull PKI (OriginPullCertificates): the
// validity periods and key sizes, and the check of the CA generations that
// config validation shares. No Pulumi imports.

/** Validity periods and key sizes. */
export const ORIGIN_PULL_DEFAULTS = {
    /** Ten years: a CA is replaced by hand, through a new generation. */
    caValidityHours: 10 * 365 * 24,
    /** One year. */
    clientValidityHours: 365 * 24,
    /** Renew 60 days ahead: Cloudflare warns 30 and 14 days before expiry, so a missed deploy still leaves time. */
    clientEarlyRenewalHours: 60 * 24,
    /** RSA, as Cloudflare's own instructions for origin-pull certificates use; ALB mutual TLS accepts RSA 2048 to 8192. */
    caRsaBits: 4096,
    clientRsaBits: 2048,
    /** Rotation overlaps two CAs; a third is a mistake. */
    maxGenerations: 2,
} as const;

const GENERATION = /^[a-z0-9][a-z0-9-]{0,15}$/;

/** Problems with a list of CA generations (empty when sound). */
export function generationProblems(generations: readonly string[]): string[] {
    const problems: string[] = [];
    if (generations.length === 0 || generations.length > ORIGIN_PULL_DEFAULTS.maxGenerations) {
        problems.push(`must list 1 to ${ORIGIN_PULL_DEFAULTS.maxGenerations} CA generations (two only while one replaces the other), not ${generations.length}`);
    }
    generations.forEach((g, i) => {
        if (!GENERATION.test(g)) {
            problems.push(`item ${i} "${g}" must be 1-16 lower-case letters, digits or hyphens (it names resources)`);
        } else if (generations.indexOf(g) !== i) {
            problems.push(`item ${i} "${g}" repeats item ${generations.indexOf(g)}`);
        }
    });
    return problems;
}
