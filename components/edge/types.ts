// Plain types, closed sets and defaults of the edge: no Pulumi imports, so
// config validation and the pure helpers can use them cheaply.

/** Minimum TLS version Cloudflare accepts from visitors; never below 1.2. */
export type MinTlsVersion = "1.2" | "1.3";
export const MIN_TLS_VERSIONS: readonly MinTlsVersion[] = ["1.2", "1.3"];

/**
 * ALB security policies allowed on the HTTPS listener: TLS 1.3 with 1.2 and
 * only forward-secret AEAD ciphers, or stricter (restricted ciphers, TLS 1.3
 * only, FIPS). The Ext variants re-admit CBC ciphers and are left out.
 */
export type AlbSslPolicy =
    | "ELBSecurityPolicy-TLS13-1-2-2021-06"
    | "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
    | "ELBSecurityPolicy-TLS13-1-3-2021-06"
    | "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04"
    | "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04"
    | "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04";
export const ALB_SSL_POLICIES: readonly AlbSslPolicy[] = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
];

/** What a deploy does when Cloudflare publishes other ranges than the pinned ones. */
export type RangeDriftMode = "fail" | "warn";
export const RANGE_DRIFT_MODES: readonly RangeDriftMode[] = ["fail", "warn"];

/** HTTP Strict Transport Security as Cloudflare sends it. */
export interface HstsSettings {
    /** Seconds browsers remember to use HTTPS only. */
    readonly maxAgeSeconds: number;
    readonly includeSubdomains: boolean;
    /** Ask to be in the browsers' preload list (needs includeSubdomains and a year). */
    readonly preload: boolean;
    /** Also send X-Content-Type-Options: nosniff. */
    readonly nosniff: boolean;
}

/** Longest HSTS max-age Cloudflare accepts (one year), and the least the preload list accepts. */
export const HSTS_MAX_AGE_LIMIT = 31536000;

/** Health check of the gateway's target group. */
export interface HealthCheckSpec {
    readonly path: string;
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    /** Consecutive failures before a target is taken out. */
    readonly unhealthyThreshold: number;
    /** Consecutive successes before a target is put back. */
    readonly healthyThreshold: number;
}

/**
 * Why a health check is one Elastic Load Balancing would refuse (API Reference, CreateTargetGroup:
 * HealthCheckIntervalSeconds 5-300, HealthCheckTimeoutSeconds 2-120 and less than the interval,
 * HealthyThresholdCount and UnhealthyThresholdCount 2-10, HealthCheckPath 1-1024 characters from "/").
 */
export function healthCheckProblems(h: HealthCheckSpec): string[] {
    const problems: string[] = [];
    const within = (what: string, n: number, min: number, max: number) => {
        if (!Number.isInteger(n) || n < min || n > max) {
            problems.push(`${what} ${n} must be an integer from ${min} to ${max}`);
        }
    };
    within("interval", h.intervalSeconds, 5, 300);
    within("timeout", h.timeoutSeconds, 2, 120);
    within("healthy threshold", h.healthyThreshold, 2, 10);
    within("unhealthy threshold", h.unhealthyThreshold, 2, 10);
    if (h.timeoutSeconds >= h.intervalSeconds) {
        problems.push(`timeout ${h.timeoutSeconds} s must be shorter than the interval ${h.intervalSeconds} s`);
    }
    if (!h.path.startsWith("/") || h.path.length > 1024) {
        problems.push(`path "${h.path}" must start with "/" and be at most 1024 characters`);
    }
    return problems;
}

/** Defaults of the edge components' args. */
export const EDGE_DEFAULTS = {
    /** Labels routed to the origin besides the apex (seed 000: api; seed 003: www, api). */
    hostLabels: ["www", "api"] as readonly string[],
    minTlsVersion: "1.2" as MinTlsVersion,
    hsts: { maxAgeSeconds: HSTS_MAX_AGE_LIMIT, includeSubdomains: true, preload: true, nosniff: true } as HstsSettings,
    stripeWebhookPath: "/api/webhooks/stripe",
    /** Seed 003: the webhook edge limits to 100 requests a minute. */
    webhookRequestsPerMinute: 100,
    apiRequestsPerMinute: 600,
    /** Path prefix the API rate limit counts (the catalog's routes all live under it). */
    apiPathPrefix: "/api/",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" as AlbSslPolicy,
    rangeDrift: "fail" as RangeDriftMode,
    accessLogs: true,
    accessLogRetentionDays: 90,
    deletionProtection: true,
    idleTimeoutSeconds: 60,
    /** Seed 003 "Load Balancer Rules": /health every 10 s, 5 s timeout, out after 3 failures. */
    healthCheck: { path: "/health", intervalSeconds: 10, timeoutSeconds: 5, unhealthyThreshold: 3, healthyThreshold: 3 } as HealthCheckSpec,
} as const;
