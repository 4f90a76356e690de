// Internal names of the stores (seed 000 "Internal DNS"): an ExternalName
// Service per store in the app namespace, so pods reach
// postgresql.tickettoken.svc.cluster.local and the like, which resolve to the
// managed stores' endpoints; and a mesh registration of each endpoint, since
// sidecars send nothing to hosts the mesh does not know. The registration is
// by port (TCP), not by TLS server name: a client that dials the internal name
// sends that name, not the endpoint's, in its handshake.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../../components/catalog";

/** Where one store is reached. */
export interface StoreAddress {
    /** Catalog name of the store: the Service's name. */
    readonly name: string;
    /** DNS name of its endpoint. */
    readonly host: pulumi.Input<string>;
    readonly port: number;
}

export interface StoreServicesArgs {
    /** The validated traffic catalog: every store gets exactly one name. */
    readonly catalog: CatalogIndex;
    /** The app namespace. */
    readonly namespace: string;
    /** Each store's endpoint. */
    readonly stores: readonly StoreAddress[];
    /** What mesh registrations wait for (istiod validates them). @default [] */
    readonly meshReady?: pulumi.Resource[];
    /** What its resources wait for: their namespaces, the releases that install their CRDs. @default [] */
    readonly after?: pulumi.Resource[];
}

/** Checks that `stores` names each catalog store once, on its catalog port. */
export function checkStoreAddresses(catalog: CatalogIndex, stores: readonly StoreAddress[]): void {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const s of stores) {
        if (seen.has(s.name)) {
            problems.push(`"${s.name}" is listed twice`);
        }
        seen.add(s.name);
        const spec = catalog.catalog.stores.find((x) => x.name === s.name);
        if (!spec) {
            problems.push(`"${s.name}" is not a store in the catalog`);
        } else if (spec.port !== s.port) {
            problems.push(`"${s.name}" is on port ${s.port}, the catalog says ${spec.port}`);
        }
    }
    for (const spec of catalog.catalog.stores.filter((x) => !seen.has(x.name))) {
        problems.push(`"${spec.name}" has no endpoint`);
    }
    if (problems.length > 0) {
        throw new Error(`store services: ${problems.join("; ")}`);
    }
}

export class StoreServices extends pulumi.ComponentResource {
    constructor(name: string, args: StoreServicesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:kubernetes:StoreServices", name, {}, opts);
        checkStoreAddresses(args.catalog, args.stores);
        for (const s of args.stores) {
            new k8s.core.v1.Service(`${name}-${s.name}`, {
                metadata: { name: s.name, namespace: args.namespace },
                // A DNS alias only: no proxy, no node port, no load balancer.
                spec: { type: "ExternalName", externalName: s.host, ports: [{ name: `tcp-${s.name}`, port: s.port, protocol: "TCP" }] },
            }, { parent: this, dependsOn: args.after ?? [] });
            new k8s.apiextensions.CustomResource(`${name}-${s.name}-mesh`, {
                apiVersion: "networking.istio.io/v1",
                kind: "ServiceEntry",
                metadata: { name: `${s.name}-endpoint`, namespace: args.namespace },
                spec: {
                    hosts: [s.host],
                    location: "MESH_EXTERNAL",
                    resolution: "DNS",
                    ports: [{ number: s.port, name: `tcp-${s.name}`, protocol: "TCP" }],
                    exportTo: ["."],
                },
            }, { parent: this, dependsOn: [...(args.after ?? []), ...(args.meshReady ?? [])] });
        }
        this.registerOutputs({ stores: args.stores.map((s) => s.name) });
    }
}
