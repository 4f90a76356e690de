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
    /** The port it serves Prometheus metrics on (plain HTTP to its sidecar; the mesh's mTLS on the wire); the catalog's scrapers reach it there. @default undefined (not scraped) */
    readonly metricsPort?: number;
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

/** Transport protocols a platform port is opened for. */
export type TransportProtocol = "tcp" | "udp";

/** The platform features a workload belongs to: the stack config switch that turns it (and its flows) on. */
export type PlatformFeature = "observability" | "autoscaling" | "secrets";

export const PLATFORM_FEATURES: readonly PlatformFeature[] = ["observability", "autoscaling", "secrets"];

/**
 * AWS resources a platform workload uses. The identity plan derives the AWS
 * APIs (and so the VPC endpoints), and the role's grants, from these.
 */
export type AwsResource =
    /** The stack's encrypted SNS alert topic (Alertmanager). */
    | "alert-topic"
    /** The stack's CloudWatch log group of container logs (Fluent Bit). */
    | "container-logs"
    /** The cluster's managed node groups' Auto Scaling groups (Cluster Autoscaler). */
    | "node-groups"
    /** The catalog services' own login secrets, read as each service (External Secrets Operator). */
    | "service-secrets";

export const AWS_RESOURCES: readonly AwsResource[] = ["alert-topic", "container-logs", "node-groups", "service-secrets"];

/** Parts of the cluster itself that platform workloads reach, with their ports. */
export const CLUSTER_PEERS = {
    /** The Kubernetes API server (its ENIs in the private subnets; the `kubernetes` Service). */
    "api-server": 443,
    /** Every node's kubelet (metrics, cAdvisor). */
    kubelet: 10250,
    /** The mesh's control plane (istiod): certificates for a workload that carries a sidecar. */
    "mesh-control-plane": 15012,
} as const;

export type ClusterPeer = keyof typeof CLUSTER_PEERS;

/** A port a platform workload listens on, by name. */
export interface WorkloadPort {
    /** Lower-case name, unique within the workload (what flows to it name). */
    readonly name: string;
    readonly port: number;
    /** @default "tcp" */
    readonly protocol?: TransportProtocol;
}

/** What a platform workload connects to. */
export type PlatformUse =
    /** Another platform workload, on one of its named ports. */
    | { readonly kind: "workload"; readonly name: string; readonly port: string }
    /** Every catalog service that declares a metricsPort, on it (scraping). */
    | { readonly kind: "service-metrics" }
    /** The API server or the kubelets. */
    | { readonly kind: "cluster"; readonly peer: ClusterPeer }
    /** An AWS resource, through the VPC endpoints of the APIs it is used by. */
    | { readonly kind: "aws"; readonly resource: AwsResource };

/** A platform workload in the cluster (monitoring, autoscaling, secrets delivery): not a catalog service, but its flows are catalog entries. */
export interface PlatformWorkloadSpec {
    /** Kebab-case name, unique among services, stores and platform workloads. */
    readonly name: string;
    /** The config switch that installs it. */
    readonly feature: PlatformFeature;
    /** The namespace its pods run in. */
    readonly namespace: string;
    /** Labels that select its pods (and only its pods) in that namespace. */
    readonly labels: Readonly<Record<string, string>>;
    /** Ports it listens on. @default [] */
    readonly ports: readonly WorkloadPort[];
    /** Its pods use the node's network (their address is the node's): NetworkPolicies do not apply to them. @default false */
    readonly hostNetwork?: boolean;
    /** Names of its ports the API server calls (admission webhooks, aggregated APIs). @default [] */
    readonly apiServerCalls?: readonly string[];
    /** What it connects to. */
    readonly uses: readonly PlatformUse[];
    readonly description: string;
}

export interface Catalog {
    readonly services: readonly ServiceSpec[];
    readonly stores: readonly StoreSpec[];
    readonly externals: readonly ExternalSpec[];
    /** Platform workloads and their flows. @default [] */
    readonly platform?: readonly PlatformWorkloadSpec[];
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

/** What a platform flow goes to. */
export type PlatformPeer =
    | { readonly kind: "workload"; readonly name: string }
    | { readonly kind: "service"; readonly name: string }
    | { readonly kind: "cluster"; readonly peer: ClusterPeer }
    | { readonly kind: "aws"; readonly resource: AwsResource };

/** One allowed connection of a platform workload: `from` may open `protocol` connections to `to` on `port` (AWS resources: 443 to their endpoints). */
export interface PlatformFlow {
    readonly from: string;
    readonly to: PlatformPeer;
    readonly port: number;
    readonly protocol: TransportProtocol;
}
