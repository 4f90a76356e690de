// What the edge tests expect and read: the strict zone settings, and the
// addresses an expression's inline IP set admits.
import { strict as assert } from "assert";

/** The addresses of the first inline IP set in a Rules-language expression. */
export function ipSetOf(expression: string): string[] {
    const m = /ip\.src in \{([^}]*)\}/.exec(expression);
    assert.ok(m, `no inline IP set in ${expression}`);
    return m[1].split(" ");
}

/** Stripe's webhook list as an expression writes it (single addresses bare). */
export function bare(cidrs: readonly string[]): string[] {
    return cidrs.map((c) => c.replace(/\/(32|128)$/, ""));
}

/** Every zone setting the edge manages, at its strict value (defaults: TLS 1.2, a year of HSTS with preload). */
export const STRICT_ZONE_SETTINGS = {
    ssl: "strict",
    min_tls_version: "1.2",
    tls_1_3: "on",
    always_use_https: "on",
    automatic_https_rewrites: "on",
    security_header: { strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: true, preload: true, nosniff: true } },
    // Global origin pulls (Cloudflare's shared certificate) off: the zone presents its own, zone-level.
    tls_client_auth: "off",
} as const;
