// Pure configuration of the API gateway (Kong, seed 000): two releases of the
// kong chart. The gateway (proxy) runs as the catalog's edge service in the
// app namespace, holds no Kubernetes credentials and terminates the ALB's TLS
// on the catalog port; the ingress controller runs on the system nodes in its
// own namespace and pushes configuration to the gateway's admin API (gateway
// discovery). Plugins: rate limiting (every request), JWT validation, and
// Prometheus metrics on the status listener at the catalog's metrics port.
import * as pulumi from "@pulumi/pulumi";
import { mirrored, RESTRICTED_CONTAINER } from "./helm";
import { KONG_PORTS, NODE_GROUP_LABEL } from "./types";

/** The ingress class the controller serves. */
export const KONG_INGRESS_CLASS = "kong";

/** The gateway: who it is, where it listens, who is in front of it. */
export interface GatewayValuesOptions {
    /** The catalog's edge service: names the pods (label app), the proxy Service and the admin Service. */
    readonly service: string;
    /** Its catalog port: the proxy's TLS listener and Service port. */
    readonly port: number;
    /** Mirror of docker.io. */
    readonly dockerHubMirror: pulumi.Input<string>;
    readonly replicas: number;
    /** The load balancer's subnets: the only addresses whose forwarded client address Kong believes. */
    readonly trustedCidrs: readonly string[];
    /** An existing ServiceAccount the gateway pods run as (the edge service's own identity); without it the chart creates one. @default undefined */
    readonly serviceAccount?: string;
    /** The catalog's metrics port of the gateway: Kong's status listener (/metrics, /status) moves there and its sidecar takes it in. @default undefined (the chart's status port, not scraped) */
    readonly metricsPort?: number;
}

/** Kong's add-on listeners (enterprise UIs, clustering) are off: nothing listens that is not used. */
const UNUSED_LISTENERS = {
    manager: { enabled: false },
    portal: { enabled: false },
    portalapi: { enabled: false },
    cluster: { enabled: false },
    clustertelemetry: { enabled: false },
    udpProxy: { enabled: false },
};

const RESTRICTED_POD = { seccompProfile: RESTRICTED_CONTAINER.seccompProfile };

/** Name of the admin API Service of the gateway release (the controller discovers gateway pods through it). */
export function adminServiceName(service: string): string {
    return `${service}-admin`;
}

export function gatewayValues(o: GatewayValuesOptions): Record<string, unknown> {
    if (!Number.isInteger(o.replicas) || o.replicas < 1) {
        throw new Error(`gateway replicas ${o.replicas} must be a positive integer`);
    }
    if (o.metricsPort !== undefined && [o.port, KONG_PORTS.admin].includes(o.metricsPort)) {
        throw new Error(`gateway ${o.service}: metrics port ${o.metricsPort} is taken by Kong's ${o.metricsPort === o.port ? "proxy" : "admin API"}; Kong's status listener needs a port of its own`);
    }
    return {
        // Pods are labelled app=<service>: the NetworkPolicy and SecurityGroupPolicy of the catalog's edge service select them.
        fullnameOverride: o.service,
        image: { repository: mirrored(o.dockerHubMirror, "library/kong") },
        deployment: {
            kong: { enabled: true },
            serviceAccount: o.serviceAccount === undefined
                ? { create: true, automountServiceAccountToken: false }
                : { create: false, name: o.serviceAccount, automountServiceAccountToken: false },
        },
        ingressController: { enabled: false },
        env: {
            database: "off",
            role: "traditional",
            // ElastiCache's certificate (the rate-limit counters) is verified against the image's system CAs.
            lua_ssl_trusted_certificate: "system",
            // Clients come through Cloudflare and the ALB: rate limits apply to the visitor, read from Cloudflare's header, believed only from the ALB.
            trusted_ips: o.trustedCidrs.join(","),
            real_ip_header: "CF-Connecting-IP",
            real_ip_recursive: "on",
        },
        proxy: {
            enabled: true,
            // The ALB reaches pods directly (target type ip); nothing else needs an address outside the cluster.
            type: "ClusterIP",
            nameOverride: o.service,
            http: { enabled: false },
            tls: { enabled: true, containerPort: o.port, servicePort: o.port, parameters: ["http2"] },
        },
        admin: {
            enabled: true,
            type: "ClusterIP",
            clusterIP: "None",
            http: { enabled: false },
            tls: { enabled: true, containerPort: KONG_PORTS.admin, servicePort: KONG_PORTS.admin },
        },
        // The status listener serves the probes' /status and, with the prometheus plugin, /metrics (Kong's
        // prometheus plugin, kong/plugins/prometheus/status_api.lua). Plain HTTP inside the pod: on the wire the
        // scrape is the mesh's mTLS, terminated by the sidecar, which takes in this port and no other.
        ...(o.metricsPort === undefined ? {} : { status: { enabled: true, http: { enabled: true, containerPort: o.metricsPort }, tls: { enabled: false } } }),
        ...UNUSED_LISTENERS,
        replicaCount: o.replicas,
        podDisruptionBudget: o.replicas > 1 ? { enabled: true, maxUnavailable: 1 } : { enabled: false },
        nodeSelector: { [NODE_GROUP_LABEL]: "apps" },
        podAnnotations: {
            // The ALB's TLS and the controller's admin calls reach Kong itself; its calls to services go out through
            // the sidecar (mTLS); Prometheus' scrape of the metrics port comes in through it (mTLS, like every service's).
            "traffic.sidecar.istio.io/includeInboundPorts": o.metricsPort === undefined ? "" : String(o.metricsPort),
        },
        securityContext: RESTRICTED_POD,
        containerSecurityContext: { ...RESTRICTED_CONTAINER, runAsUser: 1000, runAsGroup: 1000 },
    };
}

/** The controller: its own namespace, the system nodes, the gateway found through its admin Service. */
export interface ControllerValuesOptions {
    /** Where the gateway runs. */
    readonly gatewayNamespace: string;
    /** The gateway's edge service name. */
    readonly service: string;
    readonly dockerHubMirror: pulumi.Input<string>;
    readonly replicas: number;
}

/** Release (and pod label) name of the controller. */
export const CONTROLLER_NAME = "kong-controller";

export function controllerValues(o: ControllerValuesOptions): Record<string, unknown> {
    return {
        fullnameOverride: CONTROLLER_NAME,
        deployment: { kong: { enabled: false } },
        image: { repository: mirrored(o.dockerHubMirror, "library/kong") },
        ingressController: {
            enabled: true,
            image: { repository: mirrored(o.dockerHubMirror, "kong/kubernetes-ingress-controller") },
            ingressClass: KONG_INGRESS_CLASS,
            createIngressClass: true,
            watchNamespaces: [o.gatewayNamespace],
            gatewayDiscovery: {
                enabled: true,
                generateAdminApiService: false,
                adminApiService: { namespace: o.gatewayNamespace, name: adminServiceName(o.service) },
            },
            // The chart's failurePolicy (Ignore) stays: the webhook also sees Secrets, which must not depend on the controller being up.
            admissionWebhook: { enabled: true, port: KONG_PORTS.admissionWebhook },
        },
        proxy: { enabled: false },
        ...UNUSED_LISTENERS,
        replicaCount: o.replicas,
        nodeSelector: { [NODE_GROUP_LABEL]: "system" },
        securityContext: RESTRICTED_POD,
        containerSecurityContext: { ...RESTRICTED_CONTAINER, runAsUser: 1000, runAsGroup: 1000 },
    };
}
