// Pure configuration of the vpc-cni add-on: the JSON document EKS validates
// against the add-on's configuration schema (`aws eks
// describe-addon-configuration --addon-name vpc-cni`). Its env values are
// strings in that schema, booleans included.

/** The part of the vpc-cni configuration schema this program sets. */
export interface VpcCniConfiguration {
    /** Environment of the aws-node (ipamd) container. */
    readonly env: {
        /** Trunk ENIs on nodes and branch ENIs for pods: security groups for pods. */
        readonly ENABLE_POD_ENI: "true";
        /**
         * "standard": the pod's security group and network policies both apply,
         * and kubelet probes from the node reach branch-ENI pods. EKS requires
         * it when security groups for pods and network policies are combined,
         * and Istio's sidecars need it for their health probes.
         */
        readonly POD_SECURITY_GROUP_ENFORCING_MODE: "standard";
        /**
         * "true": a pod's traffic to addresses outside the VPC leaves unchanged through its own
         * interface (for a pod with security groups, its branch ENI), so its own groups judge it,
         * and the private subnets' NAT gateways translate it. With "false" (the default) the node
         * SNATs it to its primary interface, and in standard mode only the node's groups judge it:
         * "if externalSNAT disabled, traffic will be SNATed via eth0, thus will only be enforced by
         * the security group associated with eth0" (amazon-vpc-cni-k8s README,
         * POD_SECURITY_GROUP_ENFORCING_MODE; EKS User Guide, "Security groups for Pods"). The
         * nodes' group opens nothing outside the VPC, so Stripe's egress groups on venue's and
         * payment's pods would never be consulted and Stripe would be unreachable. Nothing else
         * changes here: nodes sit only in private subnets (0.0.0.0/0 to a NAT gateway), there is
         * no peering, VPN or transit gateway that would now see pod addresses, and
         * AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS applies only with SNAT on.
         */
        readonly AWS_VPC_K8S_CNI_EXTERNALSNAT: "true";
    };
    /** The aws-vpc-cni-init container, which prepares the node's kernel settings. */
    readonly init: {
        readonly env: {
            /** Kubelet TCP probes to branch-ENI pods fail with early demux on. */
            readonly DISABLE_TCP_EARLY_DEMUX: "true";
        };
    };
    /**
     * Runs the network policy agent: without it EKS stores NetworkPolicies
     * and silently enforces none.
     */
    readonly enableNetworkPolicy: "true";
}

/** The vpc-cni configuration: security groups for pods and network policy enforcement on. */
export function vpcCniConfiguration(): VpcCniConfiguration {
    return {
        env: { ENABLE_POD_ENI: "true", POD_SECURITY_GROUP_ENFORCING_MODE: "standard", AWS_VPC_K8S_CNI_EXTERNALSNAT: "true" },
        init: { env: { DISABLE_TCP_EARLY_DEMUX: "true" } },
        enableNetworkPolicy: "true",
    };
}

/** The vpc-cni configuration as the add-on's `configurationValues` string. */
export function vpcCniConfigurationValues(): string {
    return JSON.stringify(vpcCniConfiguration());
}
