// The shape of the traffic catalog: what runs, where it listens, and what it
// may call. Everything that opens a port is derived from data of this shape.

/** Database, cache and broker engines the platform runs. */
export type StoreEngine = "postgresql" | "redis" | "mongodb" | "rabbitmq";

/** Isolated subnet tiers a store can live in (no route out of the VPC). */
export type { IsolatedTier } from "../network/types";
import type { IsolatedTier } from "../network/types";
import type { ClientAccess } from "../data/redisAcl";

/** Destinations outside the VPC that services may call. */
export type ExternalName = "stripe-api";

/** What the gateway asks of a caller on a service's routes. */
export type RouteAuth = "jwt" | "none";

/** A workload in the cluster. */
export interface ServiceSpec {
    /** Kebab-case name: the pod label `app`, the security group and policy names derive from it. */
    readonly name: string;
    /** The port it listens on. */
    readonly port: number;
    /** True when the service itself terminates TLS on `port` (not only the mesh's mTLS). */
    readonly tls: boolean;
    /** True for the one service the load balancer forwards internet traffic to. */
    readonly edge: boolean;
    /** Public path prefixes the gateway routes to this service. */
    readonly routes: readonly string[];
    /** What the gateway requires on those routes: a valid JWT, or nothing (the token issuer's own login). @default "jwt" */
    readonly routeAuth?: RouteAuth;
    /** Names of the services, stores and external destinations it calls. */
    readonly uses: readonly string[];
    /** Its rights in the cache beyond the "data" commands on its own key prefix (seed 004 "Redis ACLs"). @default undefined */
    readonly cacheAccess?: ClientAccess;
    /** What it does, and where the seed documents say so. */
    readonly description: string;
}

/** A managed data store or broker outside the cluster. */
export interface StoreSpec {
    readonly name: string;
    readonly engine: StoreEngine;
    /** The port clients connect to (always a TLS port). */
    readonly port: number;
    readonly tier: IsolatedTier;
    readonly description: string;
}

/** A destination outside the VPC. */
export interface ExternalSpec {
    readonly name: ExternalName;
    readonly port: number;
    readonly description: string;
}

export interface Catalog {
    readonly services: readonly ServiceSpec[];
    readonly stores: readonly StoreSpec[];
    readonly externals: readonly ExternalSpec[];
}

/** What kind of thing a flow goes to. */
export type PeerKind = "service" | "store" | "external";

/** One allowed connection: `from` may open TCP connections to `to` on `port`. */
export interface Flow {
    readonly from: string;
    readonly to: string;
    readonly toKind: PeerKind;
    readonly port: number;
}
