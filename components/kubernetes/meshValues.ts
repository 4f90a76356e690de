// Pure configuration of the mesh: the values of Istio's base, cni and istiod
// charts, and the mesh's resources (mTLS STRICT, egress to registered hosts
// only, Stripe's API, the AWS APIs and every store endpoint registered by
// name, and per workload the hosts its sidecar knows).
//
// Outside TCP services on one port (every PostgreSQL endpoint is on 5432)
// can only be told apart by address. Without addresses a sidecar builds one
// 0.0.0.0:<port> listener that sends every connection on the port to one
// host. So each endpoint host gets its own address: istiod's IP
// auto-allocation controller (PILOT_ENABLE_IP_AUTOALLOCATE, on by default
// from Istio 1.25; set here explicitly) gives every ServiceEntry without
// addresses a virtual IP from 240.240.0.0/16, and with DNS capture
// (ISTIO_META_DNS_CAPTURE) the sidecar answers the application's lookup of
// the host with that address and listens on <address>:<port> with a cluster
// of its own, which resolves the real host. Istio's "DNS Proxying" guide,
// "DNS Auto Allocation V2"; pilot/pkg/model/service.go, nodeUsesAutoallocatedIPs.
import * as pulumi from "@pulumi/pulumi";
import type { ExternalName } from "../../components/catalog";
import { RESTRICTED_CONTAINER } from "./helm";
import { NODE_GROUP_LABEL } from "./types";

/** Host names of the catalog's outside destinations, as the mesh registers them. */
export const EXTERNAL_HOSTS: Readonly<Record<ExternalName, string>> = {
    "stripe-api": "api.stripe.com",
};

/** Where istiod runs and how many. */
export interface IstiodOptions {
    /** Image hub: the Docker Hub mirror's istio repository prefix. */
    readonly hub: pulumi.Input<string>;
    readonly replicas: number;
}

export function istioBaseValues(): Record<string, unknown> {
    return { defaultRevision: "default" };
}

/**
 * The CNI node agent sets up each injected pod's traffic redirection, so no
 * pod needs an init container with NET_ADMIN and NET_RAW: that is what lets
 * the app namespace enforce Pod Security `restricted` with sidecars.
 */
export function istioCniValues(hub: pulumi.Input<string>): Record<string, unknown> {
    return {
        global: { hub },
        // EKS's VPC CNI: its binaries and config live in the default directories; istio-cni chains after it.
        cniBinDir: "/opt/cni/bin",
        cniConfDir: "/etc/cni/net.d",
        chained: true,
        excludeNamespaces: ["kube-system"],
    };
}

/** How sidecars tell outside hosts on one port apart: DNS capture, and an address per ServiceEntry from istiod. */
export const MESH_DNS = {
    /** Proxy metadata: the sidecar agent answers the application's DNS queries (the CNI agent redirects them). */
    proxyMetadata: { ISTIO_META_DNS_CAPTURE: "true" },
    /** istiod's environment: allocate an address to every ServiceEntry that has none (resolution DNS). */
    istiodEnv: { PILOT_ENABLE_IP_AUTOALLOCATE: "true" },
} as const;

export function istiodValues(options: IstiodOptions): Record<string, unknown> {
    if (!Number.isInteger(options.replicas) || options.replicas < 1) {
        throw new Error(`istiod replicas ${options.replicas} must be a positive integer`);
    }
    // istiod's own settings are top-level keys of the chart since Istio 1.24 (istio/istio#52036, "Flatten helm values in pilot chart"); the
    // old `pilot.` prefix is only copied up by templates/zzy_descope_legacy.yaml, so it is not used here.
    return {
        global: { hub: options.hub, logAsJson: true },
        // Pods are redirected by the CNI agent, not by an istio-init container (the injector reads this as pilot.cni).
        cni: { enabled: true },
        env: { ...MESH_DNS.istiodEnv },
        replicaCount: options.replicas,
        autoscaleMin: options.replicas,
        nodeSelector: { [NODE_GROUP_LABEL]: "system" },
        seccompProfile: RESTRICTED_CONTAINER.seccompProfile,
        meshConfig: {
            // Sidecars send nothing to hosts the mesh does not know: egress is locked by name as well as by address.
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
            accessLogFile: "/dev/stdout",
            // Applications start only once their sidecar can carry their traffic; their DNS lookups go to the sidecar.
            defaultConfig: { holdApplicationUntilProxyStarts: true, proxyMetadata: { ...MESH_DNS.proxyMetadata } },
        },
    };
}

/** A Kubernetes object as a CustomResource takes it. */
export interface ObjectSpec {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly namespace: string };
    readonly spec: Record<string, unknown>;
}

/** Mesh-wide mutual TLS, STRICT: in the root namespace, named default, so every workload accepts only mTLS. */
export function meshPeerAuthentication(rootNamespace: string): ObjectSpec {
    return {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "default", namespace: rootNamespace },
        spec: { mtls: { mode: "STRICT" } },
    };
}

/**
 * An outside HTTPS API the mesh may reach: passed through as TLS (the
 * application verifies the server), visible only in `namespace`.
 */
export function externalServiceEntry(name: ExternalName, port: number, namespace: string): ObjectSpec {
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "ServiceEntry",
        metadata: { name, namespace },
        spec: {
            hosts: [EXTERNAL_HOSTS[name]],
            location: "MESH_EXTERNAL",
            resolution: "DNS",
            ports: [{ number: port, name: `tls-${port}`, protocol: "TLS" }],
            exportTo: ["."],
        },
    };
}

/**
 * An AWS API the mesh may reach: its regional host name, which the VPC
 * endpoint's private DNS resolves to the endpoint's interfaces, passed
 * through as TLS (the SDK verifies AWS's certificate), visible only in
 * `namespace`.
 */
export function awsApiServiceEntry(name: string, host: pulumi.Input<string>, namespace: string): ObjectSpec {
    return externalHostEntry(name, host, { number: 443, name: "tls-443", protocol: "TLS" }, namespace);
}

/**
 * One endpoint host of a store (a writer, a reader, a replica member): TCP on
 * the store's port, resolved by DNS, with no address of its own so that istiod
 * allocates one, visible only in `namespace`.
 */
export function storeServiceEntry(name: string, host: pulumi.Input<string>, store: string, port: number, namespace: string): ObjectSpec {
    return externalHostEntry(name, host, { number: port, name: `tcp-${store}`, protocol: "TCP" }, namespace);
}

/** One host outside the mesh on one port, resolved by DNS, visible only in `namespace`. */
function externalHostEntry(name: string, host: pulumi.Input<string>, port: { number: number; name: string; protocol: "TLS" | "TCP" }, namespace: string): ObjectSpec {
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "ServiceEntry",
        metadata: { name, namespace },
        spec: { hosts: [host], location: "MESH_EXTERNAL", resolution: "DNS", ports: [port], exportTo: ["."] },
    };
}

/**
 * What one workload's sidecar knows: only `hosts` (each registered in
 * `namespace`), and nothing else leaves (REGISTRY_ONLY). Its DNS proxy, too,
 * answers only for these hosts.
 */
export function workloadSidecar(service: string, appLabel: string, namespace: string, hosts: readonly pulumi.Input<string>[]): ObjectSpec {
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "Sidecar",
        metadata: { name: service, namespace },
        spec: {
            workloadSelector: { labels: { [appLabel]: service } },
            // "~/*" imports nothing: a workload that calls nothing knows no host (Istio's Sidecar reference, "IstioEgressListener").
            egress: [{ hosts: hosts.length > 0 ? hosts.map((h) => pulumi.interpolate`./${h}`) : ["~/*"] }],
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
        },
    };
}
