// Where the administrator creates the services' users inside the stores
// (PostgreSQL roles, DocumentDB users, RabbitMQ users): the stack cannot,
// because nothing outside the VPC reaches the stores. A namespace of its own
// (Pod Security restricted, no sidecar), in which every pod carries the
// store-admin security group (the stores admit it on their administration
// ports only) and may, by NetworkPolicy, reach nothing but DNS and those
// ports in the stores' subnets. Nothing runs there until an administrator
// starts a one-off pod (README, "Store users"); the credentials it uses are
// the stores' master secrets, which only the administrator's own AWS identity
// can read.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex, IsolatedTier } from "../../components/catalog";
import { administeredStores } from "../identity/plan";
import { podSecurityLabels } from "./namespacePlan";
import { NamespacedPods, PLATFORM_PEERS, PlannedNetworkPolicy } from "./networkPolicyPlan";

/** The administrator's namespace. */
export const STORE_ADMIN_NAMESPACE = "store-admin";

/** The administrator's NetworkPolicies: deny all, DNS to kube-dns, each administered store's port in its tier. */
export function planStoreAdminPolicies(catalog: CatalogIndex, storeCidrs: Readonly<Record<IsolatedTier, readonly string[]>>, dns: NamespacedPods = PLATFORM_PEERS.dns): PlannedNetworkPolicy[] {
    const egress = administeredStores(catalog).map((a) => {
        const cidrs = storeCidrs[catalog.store(a.store).tier] ?? [];
        if (cidrs.length === 0) {
            throw new Error(`store administration: no subnet ranges for ${a.store}'s tier "${catalog.store(a.store).tier}"`);
        }
        return { to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP" as const, port: a.port }] };
    });
    return [
        { name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-dns",
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{
                    to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": dns.namespace } }, podSelector: { matchLabels: { ...dns.labels } } }],
                    ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
                }],
            },
        },
        { name: "allow-store-administration", spec: { podSelector: {}, policyTypes: ["Egress"], egress } },
    ];
}

export interface StoreAdministrationArgs {
    /** The validated traffic catalog: which stores are administered, on which ports. */
    readonly catalog: CatalogIndex;
    /** The Kubernetes minor version the Pod Security labels are pinned to. */
    readonly kubernetesVersion: string;
    /** The store-admin security group (TrafficSecurityGroups with storeAdministration). */
    readonly groupId: pulumi.Input<string>;
    /** Subnet ranges of each isolated tier. */
    readonly storeCidrs: Readonly<Record<IsolatedTier, readonly string[]>>;
    /** The namespace. @default "store-admin" */
    readonly namespace?: string;
}

export class StoreAdministration extends pulumi.ComponentResource {
    readonly namespace: string;
    readonly plans: readonly PlannedNetworkPolicy[];

    constructor(name: string, args: StoreAdministrationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:kubernetes:StoreAdministration", name, {}, opts);
        this.namespace = args.namespace ?? STORE_ADMIN_NAMESPACE;
        this.plans = planStoreAdminPolicies(args.catalog, args.storeCidrs);
        const ns = new k8s.core.v1.Namespace(`${name}-namespace`, {
            // No sidecar: the administrator's client talks TLS to the store directly, and the mesh knows no store admin port.
            metadata: { name: this.namespace, labels: podSecurityLabels("restricted", args.kubernetesVersion), annotations: { "tickettoken/pod-security": "one-off administration pods: restricted" } },
        }, { parent: this });
        const after = { parent: this, dependsOn: [ns] };
        for (const p of this.plans) {
            new k8s.networking.v1.NetworkPolicy(`${name}-${p.name}`, {
                metadata: { name: p.name, namespace: this.namespace },
                spec: p.spec as unknown as k8s.types.input.networking.v1.NetworkPolicySpec,
            }, after);
        }
        new k8s.apiextensions.CustomResource(`${name}-security-group`, {
            apiVersion: "vpcresources.k8s.aws/v1beta1",
            kind: "SecurityGroupPolicy",
            metadata: { name: STORE_ADMIN_NAMESPACE, namespace: this.namespace },
            // Every pod of the namespace, from the moment it starts.
            spec: { podSelector: {}, securityGroups: { groupIds: [args.groupId] } },
        }, after);
        this.registerOutputs({ namespace: this.namespace });
    }
}
