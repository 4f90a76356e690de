// What each workload's sidecar knows, derived from the catalog: the AWS APIs
// the services' identities need are registered by their regional host names,
// and every catalog service gets a Sidecar resource that narrows its mesh
// registry to the hosts its catalog entry names: the services it calls, every
// endpoint host of the stores it uses, Stripe's API if it calls it, the AWS
// APIs its identity needs. With outbound traffic REGISTRY_ONLY, a host not in
// its registry has no listener and no cluster: the connection is dropped.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../../components/catalog";
import { AwsApi, planIdentity, serviceAwsApis } from "../identity/plan";
import { awsApiServiceEntry, EXTERNAL_HOSTS, ObjectSpec, workloadSidecar } from "./meshValues";
import { APP_LABEL } from "./types";

/** Host names the mesh registers, besides the catalog services' own. */
export interface RegistryHosts {
    /** Every endpoint host of each store (writer first). */
    readonly stores: Readonly<Record<string, readonly pulumi.Input<string>[]>>;
    /** The regional host of each AWS API in use. */
    readonly awsApis: Readonly<Partial<Record<AwsApi, pulumi.Input<string>>>>;
}

/** A catalog service's in-cluster host name. */
export function serviceHost(service: string, namespace: string): string {
    return `${service}.${namespace}.svc.cluster.local`;
}

/** Name of the ServiceEntry of an AWS API. */
export function awsApiEntryName(api: AwsApi): string {
    return `aws-${api}`;
}

/** The hosts `service`'s sidecar may reach, in catalog order; throws when a host it needs was not given. */
export function sidecarHosts(catalog: CatalogIndex, service: string, namespace: string, hosts: RegistryHosts): pulumi.Input<string>[] {
    const out: pulumi.Input<string>[] = [];
    for (const f of catalog.egressFrom(service)) {
        switch (f.toKind) {
            case "service":
                out.push(serviceHost(f.to, namespace));
                break;
            case "store": {
                const storeHosts = hosts.stores[f.to];
                if (!storeHosts || storeHosts.length === 0) {
                    throw new Error(`mesh registry: ${service} uses store "${f.to}", whose endpoint hosts were not given`);
                }
                out.push(...storeHosts);
                break;
            }
            case "external":
                out.push(EXTERNAL_HOSTS[f.to as keyof typeof EXTERNAL_HOSTS]);
                break;
        }
    }
    for (const api of planIdentity(catalog, service).awsApis) {
        const host = hosts.awsApis[api];
        if (host === undefined) {
            throw new Error(`mesh registry: ${service} needs the ${api} API, whose host was not given`);
        }
        out.push(host);
    }
    return out;
}

export interface MeshRegistryArgs {
    /** The validated traffic catalog. */
    readonly catalog: CatalogIndex;
    /** The app namespace. */
    readonly namespace: string;
    readonly hosts: RegistryHosts;
    /** What its resources wait for: their namespace, and istiod (it validates them). @default [] */
    readonly after?: pulumi.Resource[];
}

export class MeshRegistry extends pulumi.ComponentResource {
    /** Each service's sidecar hosts, by service, as planned. */
    readonly hostsOf: ReadonlyMap<string, readonly pulumi.Input<string>[]>;
    private readonly sidecars = new Map<string, k8s.apiextensions.CustomResource>();

    constructor(name: string, args: MeshRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:kubernetes:MeshRegistry", name, {}, opts);
        const after = { parent: this, dependsOn: args.after ?? [] };
        const custom = (key: string, o: ObjectSpec) => new k8s.apiextensions.CustomResource(`${name}-${key}`, { ...o, metadata: { ...o.metadata } }, after);
        for (const api of serviceAwsApis(args.catalog)) {
            const host = args.hosts.awsApis[api];
            if (host === undefined) {
                throw new Error(`mesh registry ${name}: the catalog's services need the ${api} API, whose host was not given`);
            }
            custom(awsApiEntryName(api), awsApiServiceEntry(awsApiEntryName(api), host, args.namespace));
        }
        const hostsOf = new Map<string, readonly pulumi.Input<string>[]>();
        for (const s of args.catalog.catalog.services) {
            const hosts = sidecarHosts(args.catalog, s.name, args.namespace, args.hosts);
            hostsOf.set(s.name, hosts);
            this.sidecars.set(s.name, custom(`sidecar-${s.name}`, workloadSidecar(s.name, APP_LABEL, args.namespace, hosts)));
        }
        this.hostsOf = hostsOf;
        this.registerOutputs({ sidecars: [...hostsOf.keys()] });
    }

    /** The Sidecar of `service`, for what must wait for exactly that workload's registry. */
    sidecarOf(service: string): k8s.apiextensions.CustomResource {
        const sidecar = this.sidecars.get(service);
        if (!sidecar) {
            throw new Error(`mesh registry: no Sidecar for service "${service}" (have: ${[...this.sidecars.keys()].join(", ")})`);
        }
        return sidecar;
    }
}
