// egress-only-stripe: traffic that leaves the private address space goes only to Stripe's API on TCP 443.
import { buildPolicy, PackPolicy, ruleTable } from "../lib/policy";
import { SECURITY_GROUP_RULE_TYPES } from "../lib/securityGroupRules";
import { StackGraph } from "../lib/stack";
import { ResourceRule } from "../lib/violation";
import { ADMIN_NETWORK_POLICY_TYPES, adminNetworkPolicyViolations } from "./adminNetworkPolicy";
import { CALICO_TYPES, calicoPolicyViolations } from "./calico";
import { CILIUM_TYPES, ciliumPolicyViolations } from "./cilium";
import { EGRESS_ONLY_STRIPE, EgressConfig, egressConfig } from "./config";
import { HELM_TYPES, ISTIO_OPERATOR_TYPES, istioOperatorViolations, istiodReleaseViolations, serviceEntryViolations, SIDECAR_TYPES, sidecarViolations } from "./mesh";
import { networkPolicyViolations, NETWORK_POLICY_TYPES } from "./networkPolicy";
import { prefixListViolations } from "./prefixLists";
import { securityGroupEgressViolations } from "./securityGroupEgress";

const rules = ruleTable<EgressConfig>([
    ...SECURITY_GROUP_RULE_TYPES.map((t) => [[t], ((props, cfg) => securityGroupEgressViolations(t, props, cfg)) as ResourceRule<EgressConfig>] as const),
    [NETWORK_POLICY_TYPES, networkPolicyViolations],
    [CILIUM_TYPES, ciliumPolicyViolations],
    [CALICO_TYPES, calicoPolicyViolations],
    [ADMIN_NETWORK_POLICY_TYPES, adminNetworkPolicyViolations],
    [SIDECAR_TYPES, sidecarViolations],
    [ISTIO_OPERATOR_TYPES, istioOperatorViolations],
    [HELM_TYPES, istiodReleaseViolations],
]);

export const egressOnlyStripe: PackPolicy = buildPolicy({
    name: EGRESS_ONLY_STRIPE,
    description:
        "Egress that leaves the private address space may go only to Stripe's API on TCP 443: security-group egress " +
        "(inline and standalone, IPv4 and IPv6, prefix lists), Kubernetes NetworkPolicy, Cilium, Calico and AdminNetworkPolicy egress, and the mesh's egress (Istio).",
    severity: "high",
    displayName: "Egress only to Stripe's API",
    remediationSteps:
        "Let traffic leave the private address space only for Stripe's API on TCP 443. Security-group egress (inline egress, " +
        "SecurityGroupRule of type egress, SecurityGroupEgressRule): name security groups, ranges inside privateCidrs, or the prefix list " +
        "of a Gateway VPC endpoint of the same stack as destinations; a public destination must be protocol tcp with fromPort and toPort " +
        "443 and a range inside stripeApiCidrs (Stripe's published addresses, one rule per address; npm run refresh-stripe-ips updates " +
        "the pinned list) - never 0.0.0.0/0, ::/0, protocol -1/all or a port range. Managed prefix lists follow the same rule entry by " +
        "entry. Kubernetes NetworkPolicy egress: never an empty or missing to (it reaches everything); name podSelector or " +
        "namespaceSelector peers, or ipBlock ranges inside stripeApiCidrs with ports [{ protocol: TCP, port: 443 }]. A new outside " +
        "dependency is a config change of the policy group (its ranges added to stripeApiCidrs) or an exemption by exact URN, approved " +
        "by the group's owners.",
    tags: ["network", "egress", "aws", "kubernetes", "stripe"],
    framework: {
        name: "PCI DSS",
        version: "4.0.1",
        reference: "1.3.2",
        specification: "Outbound traffic from the CDE is restricted to only traffic that is necessary, and all other traffic is specifically denied.",
    },
    config: egressConfig,
    rules,
    stack: (resources, cfg, guard) => {
        const graph = new StackGraph(resources);
        return [...prefixListViolations(graph, cfg, guard), ...serviceEntryViolations(graph, cfg, guard)];
    },
});
