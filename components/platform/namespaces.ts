// The platform's namespaces and every platform NetworkPolicy: each namespace
// the platform owns (monitoring, external-secrets) with Pod Security
// `restricted` enforced, audited and warned, like the app namespace, and the
// policies planned from the catalog's platform flows
// (planPlatformNetworkPolicies), in those namespaces and, selecting only
// their own pods, in kube-system.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../catalog";
import { podSecurityLabels } from "../kubernetes/namespacePlan";
import { PlatformAddressing, PlatformNetworkPolicy, planPlatformNetworkPolicies } from "./networkPolicyPlan";
import { platformPodGroups } from "../security/rulePlan";
import { checkGroupsPerInterface } from "../security/quotas";

/** Namespaces that exist in every cluster and that the platform shares: its workloads there get policies of their own, the namespace nothing. */
export const SHARED_NAMESPACES: readonly string[] = ["kube-system"];

export interface PlatformNamespacesArgs {
    /** The validated catalog, with the platform workloads of the features that are on. */
    readonly catalog: CatalogIndex;
    /** The Kubernetes minor version the Pod Security labels are pinned to. */
    readonly kubernetesVersion: string;
    /** Where the platform's outside peers are. */
    readonly addressing: Omit<PlatformAddressing, "ownedNamespaces">;
    /** What the policies wait for besides their namespaces (the app namespace, for the scrape targets' side). @default [] */
    readonly after?: pulumi.Resource[];
    /** The security group of each platform workload that has one (components/security platformPodGroups), bound to its pods. */
    readonly podGroupIdOf: (workload: string) => pulumi.Input<string>;
}

export class PlatformNamespaces extends pulumi.ComponentResource {
    /** The namespaces this component created, by name. */
    readonly namespaces: ReadonlyMap<string, k8s.core.v1.Namespace>;
    readonly plans: readonly PlatformNetworkPolicy[];

    constructor(name: string, args: PlatformNamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:platform:PlatformNamespaces", name, {}, opts);
        const owned = args.catalog.platformNamespaces().filter((ns) => !SHARED_NAMESPACES.includes(ns));
        const namespaces = new Map<string, k8s.core.v1.Namespace>();
        for (const ns of owned) {
            const workloads = args.catalog.platform.filter((w) => w.namespace === ns).map((w) => w.name);
            namespaces.set(ns, new k8s.core.v1.Namespace(`${name}-${ns}`, {
                metadata: {
                    name: ns,
                    labels: podSecurityLabels("restricted", args.kubernetesVersion),
                    annotations: { "tickettoken/pod-security": `platform workloads (${workloads.join(", ")}): restricted, each chart configured for it` },
                },
            }, { parent: this }));
        }
        this.namespaces = namespaces;
        this.plans = planPlatformNetworkPolicies(args.catalog, { ...args.addressing, ownedNamespaces: owned });
        for (const p of this.plans) {
            const ns = namespaces.get(p.namespace);
            new k8s.networking.v1.NetworkPolicy(`${name}-${p.namespace}-${p.name}`, {
                metadata: { name: p.name, namespace: p.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi", "tickettoken/derived-from": "traffic-catalog" } },
                spec: p.spec as unknown as k8s.types.input.networking.v1.NetworkPolicySpec,
            }, { parent: this, dependsOn: [...(ns ? [ns] : []), ...(args.after ?? [])] });
        }
        // Security groups for pods: a workload that reaches catalog services carries its own group, from the moment its pods start.
        for (const w of platformPodGroups(args.catalog)) {
            const ns = namespaces.get(w.namespace);
            checkGroupsPerInterface(`SecurityGroupPolicy ${w.name}`, 1);
            new k8s.apiextensions.CustomResource(`${name}-${w.name}-security-group`, {
                apiVersion: "vpcresources.k8s.aws/v1beta1",
                kind: "SecurityGroupPolicy",
                metadata: { name: w.name, namespace: w.namespace },
                spec: { podSelector: { matchLabels: { ...w.labels } }, securityGroups: { groupIds: [args.podGroupIdOf(w.name)] } },
            }, { parent: this, dependsOn: ns ? [ns] : [] });
        }
        this.registerOutputs({ namespaces: owned, policies: this.plans.map((p) => `${p.namespace}/${p.name}`) });
    }

    /** A namespace this component created; throws for any other. */
    namespace(name: string): k8s.core.v1.Namespace {
        const ns = this.namespaces.get(name);
        if (!ns) {
            throw new Error(`platform namespaces: no namespace "${name}" (have: ${[...this.namespaces.keys()].join(", ") || "none"})`);
        }
        return ns;
    }
}
