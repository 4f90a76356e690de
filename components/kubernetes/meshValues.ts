// Pure configuration of the mesh: the values of Istio's base, cni and istiod
// charts, and the mesh-wide resources (mTLS STRICT, egress to registered
// hosts only, Stripe's API registered by name).
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
        replicaCount: options.replicas,
        autoscaleMin: options.replicas,
        nodeSelector: { [NODE_GROUP_LABEL]: "system" },
        seccompProfile: RESTRICTED_CONTAINER.seccompProfile,
        meshConfig: {
            // Sidecars send nothing to hosts the mesh does not know: egress is locked by name as well as by address.
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
            accessLogFile: "/dev/stdout",
            // Applications start only once their sidecar can carry their traffic.
            defaultConfig: { holdApplicationUntilProxyStarts: true },
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
