// egress-only-stripe: traffic that leaves the private address space goes only to Stripe's API on TCP 443.
import { rerunDeferred } from "../lib/ownRanges";
import { buildPolicy, PackPolicy, ruleTable } from "../lib/policy";
import { SECURITY_GROUP_RULE_TYPES } from "../lib/securityGroupRules";
import { StackGraph } from "../lib/stack";
import { ResourceRule } from "../lib/violation";
import { ADMIN_NETWORK_POLICY_TYPES, adminNetworkPolicyViolations } from "./adminNetworkPolicy";
import { CALICO_TYPES, calicoPolicyViolations } from "./calico";
import { networkSetViolations } from "./calicoNetworkSets";
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
        "Let traffic leave the private address space only for Stripe's API on TCP 443; fix the field the violation names. Security groups " +
        "(inline egress, SecurityGroupRule of type egress, SecurityGroupEgressRule) and managed prefix lists: send to security groups, " +
        "ranges inside privateCidrs, or a Gateway VPC endpoint's prefix list; a public destination must be protocol tcp, fromPort and " +
        "toPort 443, and a range inside stripeApiCidrs (Stripe's published addresses, pinned in the pack; npm run refresh-stripe-ips " +
        "updates them), never 0.0.0.0/0, ::/0, protocol -1/all, a port range, or a prefix list defined outside the stack. Reach AWS " +
        "services through VPC endpoints (interface endpoints with privateDnsEnabled true). Kubernetes NetworkPolicy egress: never a rule " +
        "without to (it reaches everything); name podSelector or namespaceSelector peers, or ipBlock ranges inside stripeApiCidrs with " +
        "ports [{ protocol: TCP, port: 443 }] (a named port cannot be checked). Cilium: no toEntities world, world-ipv4, world-ipv6 or " +
        "all, and no toPorts without a peer; toCIDR and toCIDRSet inside stripeApiCidrs (ranges, not a cidrGroupRef), toFQDNs matchName " +
        "in allowedHosts, toPorts TCP 443 only (ANY includes UDP). Calico: an Allow rule's destination names nets inside stripeApiCidrs, " +
        "domains in allowedHosts, or a selector, with protocol TCP and ports [443]; notNets alone reaches everything; a selector that " +
        "picks a GlobalNetworkSet or NetworkSet reaches its nets, judged the same way. AdminNetworkPolicy " +
        "and BaselineAdminNetworkPolicy: Allow only to networks inside stripeApiCidrs or domainNames in allowedHosts, on TCP 443. Istio: " +
        "outboundTrafficPolicy mode \"REGISTRY_ONLY\", set explicitly in istiod's Helm values (meshConfig.outboundTrafficPolicy.mode; " +
        "Istio's default is ALLOW_ANY), an IstioOperator or a Sidecar; ServiceEntries (MESH_EXTERNAL and MESH_INTERNAL alike) only for hosts in allowedHosts (or " +
        "the stack's own store endpoints and private-DNS VPC endpoint names), on port 443. A new outside dependency is a change to the " +
        "policy group's config (its addresses in stripeApiCidrs, its host in allowedHosts, internal ranges in privateCidrs) or an " +
        "exemption by exact URN with a ticket and a review date, approved by the group's owners. A \"could not evaluate\" diagnostic is a " +
        "fault in the pack: report it (onRuleFault \"advisory\" stops it blocking meanwhile); a \"config\" diagnostic on the stack names the " +
        "key and value to fix in the policy group's config.",
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
        return [
            ...prefixListViolations(graph, cfg, guard),
            ...serviceEntryViolations(graph, cfg, guard),
            ...networkSetViolations(graph, cfg, guard),
            // Destinations that may be a VPC's own IPv6 block, which Analyze left to the stack (lib/ownRanges.ts).
            ...rerunDeferred(graph, rules, rules.keys(), cfg, guard),
        ];
    },
});
