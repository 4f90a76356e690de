// Pure plan of the zone settings: TLS strict end to end, HTTPS only, HSTS, and
// global authenticated origin pulls off (the zone presents its own certificate,
// zone-level, see cloudflare.ts). One ZoneSetting resource per entry.
import { HSTS_MAX_AGE_LIMIT, HstsSettings, MinTlsVersion } from "./types";

/** Setting ids as the Cloudflare API names them (snake case, sent verbatim). */
export type ZoneSettingId =
    | "ssl"
    | "min_tls_version"
    | "tls_1_3"
    | "always_use_https"
    | "automatic_https_rewrites"
    | "security_header"
    | "tls_client_auth";

export interface PlannedZoneSetting {
    readonly id: ZoneSettingId;
    readonly value: unknown;
    /** Why the zone needs it. */
    readonly description: string;
}

/** Problems with HSTS settings (empty when sound). */
export function hstsProblems(h: HstsSettings): string[] {
    const problems: string[] = [];
    if (!Number.isInteger(h.maxAgeSeconds) || h.maxAgeSeconds < 300 || h.maxAgeSeconds > HSTS_MAX_AGE_LIMIT) {
        problems.push(`HSTS max-age ${h.maxAgeSeconds} must be whole seconds from 300 to ${HSTS_MAX_AGE_LIMIT}`);
    }
    if (h.preload && (!h.includeSubdomains || h.maxAgeSeconds < HSTS_MAX_AGE_LIMIT)) {
        problems.push(`HSTS preload needs includeSubdomains and a max-age of ${HSTS_MAX_AGE_LIMIT} (the browsers' preload list refuses less)`);
    }
    return problems;
}

export function planZoneSettings(minTlsVersion: MinTlsVersion, hsts: HstsSettings): PlannedZoneSetting[] {
    const problems = hstsProblems(hsts);
    if (problems.length > 0) {
        throw new Error(problems.join("; "));
    }
    return [
        { id: "ssl", value: "strict", description: "Cloudflare verifies the origin's certificate (Full strict)" },
        { id: "min_tls_version", value: minTlsVersion, description: "no TLS below 1.2 from visitors" },
        { id: "tls_1_3", value: "on", description: "TLS 1.3 offered to visitors" },
        { id: "always_use_https", value: "on", description: "plain HTTP answered with a redirect to HTTPS" },
        { id: "automatic_https_rewrites", value: "on", description: "http:// links in pages rewritten to https://" },
        {
            id: "security_header",
            // The value is passed through to the API untranslated, so its keys are the API's snake case.
            value: {
                strict_transport_security: {
                    enabled: true,
                    max_age: hsts.maxAgeSeconds,
                    include_subdomains: hsts.includeSubdomains,
                    preload: hsts.preload,
                    nosniff: hsts.nosniff,
                },
            },
            description: "HSTS",
        },
        // Global authenticated origin pulls present a certificate every Cloudflare zone shares: it proves only that a
        // request comes through Cloudflare, not through this zone. Off, so that it can never stand in for the zone's
        // own (zone-level takes precedence anyway; "Authenticated Origin Pulls", configuration levels).
        { id: "tls_client_auth", value: "off", description: "global authenticated origin pulls (Cloudflare's shared certificate) off: the zone presents its own" },
    ];
}
