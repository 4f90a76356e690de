// The stores in the mesh's registry: one ServiceEntry per endpoint host of
// each store (PostgreSQL's primary and replica, the cache's primary and
// reader endpoints, DocumentDB's cluster and reader endpoints and each of its
// instances, the broker), TCP on the store's port, resolved by DNS, with no
// address of its own: istiod allocates one per entry, so that each host gets
// its own listener and cluster in every sidecar that knows it (meshValues.ts).
//
// Clients dial these hosts by their AWS names: every store requires TLS with
// the server's name verified (sslmode=verify-full, tls=true), and the stores'
// certificates name only those. No Kubernetes alias names them: Istio treats
// an ExternalName Service as an alias with no listener of its own, so a TCP
// client that dialled one would reach an address the sidecar does not know.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../../components/catalog";
import { storeServiceEntry } from "./meshValues";

/** One host a store answers on. */
export interface StoreHost {
    /** What the host is: "writer", "reader", "member-1", ... (names its ServiceEntry). */
    readonly role: string;
    readonly host: pulumi.Input<string>;
}

/** Where one store is reached. */
export interface StoreAddress {
    /** Catalog name of the store. */
    readonly name: string;
    /** Its endpoint hosts, the writer first. */
    readonly hosts: readonly StoreHost[];
    readonly port: number;
}

export interface StoreServicesArgs {
    /** The validated traffic catalog: every store is registered. */
    readonly catalog: CatalogIndex;
    /** The app namespace. */
    readonly namespace: string;
    /** Each store's endpoints. */
    readonly stores: readonly StoreAddress[];
    /** What mesh registrations wait for (istiod validates them). @default [] */
    readonly meshReady?: pulumi.Resource[];
    /** What its resources wait for: their namespaces, the releases that install their CRDs. @default [] */
    readonly after?: pulumi.Resource[];
}

const ROLE = /^[a-z][a-z0-9-]*$/;

/** Checks that `stores` names each catalog store once, on its catalog port, with a writer and distinct roles. */
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
        const roles = s.hosts.map((h) => h.role);
        if (roles[0] !== "writer") {
            problems.push(`"${s.name}" must list its writer host first (has: ${roles.join(", ") || "none"})`);
        }
        for (const role of roles.filter((r, i) => roles.indexOf(r) !== i || !ROLE.test(r))) {
            problems.push(`"${s.name}" host role "${role}" is repeated or not a lower-case name`);
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
            for (const h of s.hosts) {
                const entry = storeServiceEntry(`${s.name}-${h.role}`, h.host, s.name, s.port, args.namespace);
                new k8s.apiextensions.CustomResource(`${name}-${s.name}-${h.role}`, { ...entry, metadata: { ...entry.metadata } }, {
                    parent: this, dependsOn: [...(args.after ?? []), ...(args.meshReady ?? [])],
                });
            }
        }
        this.registerOutputs({ stores: args.stores.map((s) => s.name) });
    }
}
