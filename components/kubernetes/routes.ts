// Pure plan of the gateway's routing and plugins, from the catalog: a
// ClusterIP Service per service behind the gateway (named as seed 000's
// internal DNS has it), an Ingress per service with routes (seed 002 path
// routing), TLS-only; rate limiting on every request, JWT validation on every
// route but the issuer's.
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../../components/catalog";
import { KONG_INGRESS_CLASS } from "./gatewayValues";
import { APP_LABEL } from "./types";

/** Name of the JWT plugin (namespaced) and the rate-limiting plugin (cluster-wide, global). */
export const PLUGIN_NAMES = { jwt: "jwt", rateLimiting: "rate-limiting", health: "gateway-health", prometheus: "prometheus" } as const;

/** A Service of a catalog service behind the gateway. */
export interface BackendService {
    readonly name: string;
    readonly port: number;
    readonly annotations: Readonly<Record<string, string>>;
}

/** One Ingress: a service's path prefixes on the API host, TLS-only. */
export interface RoutePlan {
    readonly service: string;
    readonly name: string;
    readonly port: number;
    readonly paths: readonly string[];
    readonly annotations: Readonly<Record<string, string>>;
}

/** Services behind the gateway: every catalog service but the edge. */
export function backendServices(catalog: CatalogIndex, namespace: string): BackendService[] {
    return catalog.catalog.services.filter((s) => !s.edge).map((s) => ({
        name: s.name,
        port: s.port,
        annotations: {
            // Kong sends to the Service, not to pod addresses, so the caller's sidecar routes it (mTLS) ...
            "ingress.kubernetes.io/service-upstream": "true",
            // ... by a Host its routes know.
            "konghq.com/host-header": `${s.name}.${namespace}.svc.cluster.local`,
        },
    }));
}

/** One Ingress per routed service; JWT required unless the catalog says the routes are open (routeAuth "none"). */
export function planRoutes(catalog: CatalogIndex): RoutePlan[] {
    return catalog.catalog.services.filter((s) => s.routes.length > 0).map((s) => {
        const annotations: Record<string, string> = {
            "konghq.com/protocols": "https",
            "konghq.com/strip-path": "false",
        };
        if ((s.routeAuth ?? "jwt") === "jwt") {
            annotations["konghq.com/plugins"] = PLUGIN_NAMES.jwt;
        }
        return { service: s.name, name: `${s.name}-routes`, port: s.port, paths: [...s.routes], annotations };
    });
}

/** The Ingress spec of a route plan on `host`; its only tls entry covers the host. */
export function ingressSpec(r: RoutePlan, host: string): Record<string, unknown> {
    return {
        ingressClassName: KONG_INGRESS_CLASS,
        // Kong serves its own certificate: the ALB encrypts to targets but does not verify their certificates.
        tls: [{ hosts: [host] }],
        rules: [{
            host,
            http: { paths: r.paths.map((path) => ({ path, pathType: "Prefix", backend: { service: { name: r.service, port: { number: r.port } } } })) },
        }],
    };
}

/**
 * The load balancer's health check: answered by the gateway itself (200,
 * nothing proxied). It matches any host, since the ALB's checks carry the
 * target's address as their Host; the backend is never called.
 */
export function healthRoute(edgeService: string, port: number, path: string, host: string): { ingress: Record<string, unknown>; plugin: Record<string, unknown>; annotations: Record<string, string> } {
    if (!/^\/[-a-z0-9/]*$/.test(path)) {
        throw new Error(`health check path "${path}" must be an absolute path like /health`);
    }
    return {
        annotations: { "konghq.com/plugins": PLUGIN_NAMES.health, "konghq.com/protocols": "https" },
        ingress: {
            ingressClassName: KONG_INGRESS_CLASS,
            tls: [{ hosts: [host] }],
            rules: [{ http: { paths: [{ path, pathType: "Exact", backend: { service: { name: edgeService, port: { number: port } } } }] } }],
        },
        plugin: { plugin: "request-termination", config: { status_code: 200, message: "ok" } },
    };
}

/** Where the rate-limiting counters live. */
export type RateLimitStore =
    /** Each gateway pod counts alone (limits are per pod). */
    | { readonly kind: "local" }
    /** Shared counters in the cache, over TLS, as a password-authenticated user whose password is in a Secret. */
    | {
          readonly kind: "redis";
          readonly host: pulumi.Input<string>;
          readonly port: number;
          readonly username: pulumi.Input<string>;
          readonly passwordSecret: { readonly namespace: string; readonly name: string; readonly key: string };
      };

/** The global rate-limiting plugin (KongClusterPlugin): every request, per client address. */
export function rateLimitPlugin(perMinute: number, store: RateLimitStore): Record<string, unknown> {
    if (!Number.isInteger(perMinute) || perMinute < 1) {
        throw new Error(`rate limit ${perMinute} requests per minute must be a positive integer`);
    }
    const config: Record<string, unknown> = {
        minute: perMinute,
        limit_by: "ip",
        // A cache outage must not take the API down with it.
        fault_tolerant: true,
        hide_client_headers: false,
    };
    const plugin = globalPlugin(PLUGIN_NAMES.rateLimiting, "rate-limiting", config);
    switch (store.kind) {
        case "local":
            config.policy = "local";
            return plugin;
        case "redis":
            config.policy = "redis";
            config.redis = { host: store.host, port: store.port, ssl: true, ssl_verify: true, server_name: store.host, username: store.username, database: 0, timeout: 2000 };
            // The password never enters the plugin's spec: the controller reads it from the Secret.
            plugin.configPatches = [{ path: "/redis/password", valueFrom: { secretKeyRef: { ...store.passwordSecret } } }];
            return plugin;
    }
}

/** The JWT plugin (KongPlugin): a signed, unexpired token, at most `maximumExpirationSeconds` long-lived, issuer in `iss`. */
export function jwtPlugin(namespace: string, maximumExpirationSeconds: number): Record<string, unknown> {
    if (!Number.isInteger(maximumExpirationSeconds) || maximumExpirationSeconds < 60) {
        throw new Error(`JWT maximum expiration ${maximumExpirationSeconds}s must be an integer of at least 60`);
    }
    return {
        apiVersion: "configuration.konghq.com/v1",
        kind: "KongPlugin",
        metadata: { name: PLUGIN_NAMES.jwt, namespace },
        plugin: "jwt",
        config: {
            claims_to_verify: ["exp"],
            maximum_expiration: maximumExpirationSeconds,
            key_claim_name: "iss",
            header_names: ["authorization"],
            uri_param_names: [],
            cookie_names: [],
        },
    };
}

/**
 * The global prometheus plugin (KongClusterPlugin): request counts by status, latencies, bandwidth and
 * upstream health per route and service, served on the status listener's /metrics. Each family is off
 * by default (kong/plugins/prometheus/schema.lua); per-consumer labels stay off (one consumer, the issuer).
 */
export function prometheusPlugin(): Record<string, unknown> {
    return globalPlugin(PLUGIN_NAMES.prometheus, "prometheus", {
        status_code_metrics: true, latency_metrics: true, bandwidth_metrics: true, upstream_health_metrics: true, per_consumer: false,
    });
}

/** A KongClusterPlugin that applies to every route of Kong's ingress class (label global: "true"). */
function globalPlugin(name: string, plugin: string, config: Record<string, unknown>): Record<string, unknown> {
    return {
        apiVersion: "configuration.konghq.com/v1",
        kind: "KongClusterPlugin",
        metadata: {
            name,
            labels: { global: "true" },
            annotations: { "kubernetes.io/ingress.class": KONG_INGRESS_CLASS },
        },
        plugin,
        config,
    };
}

/** Labels of a backend Service's selector. */
export function selectorOf(service: string): Record<string, string> {
    return { [APP_LABEL]: service };
}
