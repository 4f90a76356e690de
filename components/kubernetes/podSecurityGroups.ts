// Security groups for pods: one SecurityGroupPolicy per catalog service, so
// that its pods get a branch ENI carrying the service's own security group
// (from TrafficSecurityGroups), and the egress groups of the outside
// destinations it calls, instead of the nodes'. The catalog's flows are then
// enforced twice: by NetworkPolicy in the cluster, by the groups at the ENI.
// A pod is bound when it starts, so these must exist before the pods.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../../components/catalog";
import { checkGroupsPerInterface } from "../security/quotas";
import { APP_LABEL } from "./types";

export interface PodSecurityGroupsArgs {
    /** The validated traffic catalog. */
    readonly catalog: CatalogIndex;
    /** The namespace the catalog's services run in. */
    readonly namespace: string;
    /** Every security group a catalog service's pods carry, its own first (TrafficSecurityGroups.podGroupIds). */
    readonly groupIdsOf: (service: string) => pulumi.Input<string>[];
    /** What its resources wait for: their namespaces, the releases that install their CRDs. @default [] */
    readonly after?: pulumi.Resource[];
}

export class PodSecurityGroups extends pulumi.ComponentResource {
    /** The policy of each catalog service, by service name. */
    readonly policies: ReadonlyMap<string, k8s.apiextensions.CustomResource>;

    constructor(name: string, args: PodSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:kubernetes:PodSecurityGroups", name, {}, opts);
        const policies = new Map<string, k8s.apiextensions.CustomResource>();
        for (const s of args.catalog.catalog.services) {
            const groupIds = args.groupIdsOf(s.name);
            // The groups all go on the pod's one branch ENI. The CRD takes at most 5 per policy (amazon-vpc-resource-controller-k8s
            // README), as AWS allows 5 per network interface by default (Amazon VPC quotas, "Security groups per network interface").
            checkGroupsPerInterface(`SecurityGroupPolicy ${s.name}`, groupIds.length);
            policies.set(s.name, new k8s.apiextensions.CustomResource(`${name}-${s.name}`, {
                apiVersion: "vpcresources.k8s.aws/v1beta1",
                kind: "SecurityGroupPolicy",
                metadata: { name: s.name, namespace: args.namespace },
                spec: {
                    podSelector: { matchLabels: { [APP_LABEL]: s.name } },
                    securityGroups: { groupIds },
                },
            }, { parent: this, dependsOn: args.after ?? [] }));
        }
        this.policies = policies;
        this.registerOutputs({ services: [...policies.keys()] });
    }

    /** The policy that binds `service`'s pods, for what must wait for exactly those pods' binding. */
    policyOf(service: string): k8s.apiextensions.CustomResource {
        const policy = this.policies.get(service);
        if (policy === undefined) {
            throw new Error(`pod security groups: no SecurityGroupPolicy for service "${service}" (have: ${[...this.policies.keys()].join(", ")})`);
        }
        return policy;
    }
}
