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
    config: egressConfig,
    rules,
    stack: (resources, cfg, guard) => {
        const graph = new StackGraph(resources);
        return [...prefixListViolations(graph, cfg, guard), ...serviceEntryViolations(graph, cfg, guard)];
    },
});
