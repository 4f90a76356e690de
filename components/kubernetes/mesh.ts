// The service mesh (seed 000: mTLS between all services): Istio's base
// (CRDs), CNI agent and istiod, from Helm with images through the Docker Hub
// mirror; mutual TLS STRICT mesh-wide; outbound traffic only to registered
// hosts, with each of the catalog's outside destinations (Stripe's API)
// registered by name.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../../components/catalog";
import { helmRelease, mirrored } from "./helm";
import { externalServiceEntry, istioBaseValues, istioCniValues, istiodValues, meshPeerAuthentication, ObjectSpec } from "./meshValues";
import { KUBERNETES_DEFAULTS } from "./types";

export interface MeshArgs {
    /** The validated traffic catalog (its externals are registered). */
    readonly catalog: CatalogIndex;
    /** Where the catalog's services run (sidecars injected there). */
    readonly appNamespace: string;
    /** Istio chart version (base, cni and istiod share it). */
    readonly version: string;
    /** ECR prefix mirroring docker.io (Istio publishes its images there). */
    readonly dockerHubMirror: pulumi.Input<string>;
    /** istiod replicas. @default 2 */
    readonly istiodReplicas?: number;
    /** Istio's root namespace (istiod, mesh-wide policy). @default "istio-system" */
    readonly rootNamespace?: string;
    /** Where the CNI node agent runs (it needs host access, which only kube-system grants). @default "kube-system" */
    readonly cniNamespace?: string;
    /** What its resources wait for: their namespaces, the releases that install their CRDs. @default [] */
    readonly after?: pulumi.Resource[];
    /** What the releases with pods (cni, istiod) also wait for: the nodes they run on and cluster DNS. @default [] */
    readonly podsAfter?: pulumi.Resource[];
}

export class Mesh extends pulumi.ComponentResource {
    readonly base: k8s.helm.v3.Release;
    readonly cni: k8s.helm.v3.Release;
    readonly istiod: k8s.helm.v3.Release;
    /** What workloads must wait for: their sidecars are injected by istiod. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: MeshArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:kubernetes:Mesh", name, {}, opts);
        const root = args.rootNamespace ?? "istio-system";
        const hub = mirrored(args.dockerHubMirror, "istio");
        this.base = helmRelease(`${name}-base`, {
            chart: "istio-base", version: args.version, releaseName: "istio-base", namespace: root, values: istioBaseValues(),
        }, { parent: this, dependsOn: args.after ?? [] });
        const podsAfter = args.podsAfter ?? [];
        this.cni = helmRelease(`${name}-cni`, {
            chart: "istio-cni", version: args.version, releaseName: "istio-cni", namespace: args.cniNamespace ?? "kube-system", values: istioCniValues(hub),
        }, { parent: this, dependsOn: [this.base, ...podsAfter] });
        this.istiod = helmRelease(`${name}-istiod`, {
            chart: "istiod",
            version: args.version,
            releaseName: "istiod",
            namespace: root,
            values: istiodValues({ hub, replicas: args.istiodReplicas ?? KUBERNETES_DEFAULTS.controllerReplicas }),
        }, { parent: this, dependsOn: [this.base, this.cni, ...podsAfter] });
        this.ready = [this.istiod];

        // Custom resources go through istiod's validation webhook, so they wait for it.
        const after = { parent: this, dependsOn: [this.istiod] };
        const custom = (key: string, o: ObjectSpec) => new k8s.apiextensions.CustomResource(`${name}-${key}`, { ...o, metadata: { ...o.metadata } }, after);
        custom("mtls-strict", meshPeerAuthentication(root));
        for (const x of args.catalog.catalog.externals) {
            custom(`external-${x.name}`, externalServiceEntry(x.name, x.port, args.appNamespace));
        }
        this.registerOutputs({ rootNamespace: root, version: args.version });
    }
}
