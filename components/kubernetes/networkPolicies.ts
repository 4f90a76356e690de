// The app namespace's NetworkPolicies, as planned from the traffic catalog by
// planNetworkPolicies. The VPC CNI's network policy agent enforces them (the
// cluster turns it on); security groups for pods enforce the same flows again
// at the ENI.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../../components/catalog";
import { PlannedNetworkPolicy, planNetworkPolicies, PolicyAddressing } from "./networkPolicyPlan";

export interface NetworkPoliciesArgs {
    /** The validated traffic catalog. */
    readonly catalog: CatalogIndex;
    /** The namespace the catalog's services run in. */
    readonly namespace: string;
    /** Address ranges of stores, Stripe and the load balancer, and the platform's pods. */
    readonly addressing: PolicyAddressing;
    /** What its resources wait for: their namespaces, the releases that install their CRDs. @default [] */
    readonly after?: pulumi.Resource[];
}

export class NetworkPolicies extends pulumi.ComponentResource {
    /** The policies, as planned. */
    readonly plans: readonly PlannedNetworkPolicy[];

    constructor(name: string, args: NetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:kubernetes:NetworkPolicies", name, {}, opts);
        this.plans = planNetworkPolicies(args.catalog, args.addressing);
        for (const p of this.plans) {
            new k8s.networking.v1.NetworkPolicy(`${name}-${p.name}`, {
                metadata: { name: p.name, namespace: args.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi", "tickettoken/derived-from": "traffic-catalog" } },
                spec: p.spec as unknown as k8s.types.input.networking.v1.NetworkPolicySpec,
            }, { parent: this, dependsOn: args.after ?? [] });
        }
        this.registerOutputs({ policies: this.plans.map((p) => p.name) });
    }
}
