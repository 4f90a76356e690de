// egress-only-stripe: traffic that leaves the private address space goes only to Stripe's API on TCP 443.
import { buildPolicy, PackPolicy, ruleTable } from "../lib/policy";
import { SECURITY_GROUP_RULE_TYPES } from "../lib/securityGroupRules";
import { ResourceRule } from "../lib/violation";
import { EGRESS_ONLY_STRIPE, EgressConfig, egressConfig } from "./config";
import { networkPolicyViolations, NETWORK_POLICY_TYPES } from "./networkPolicy";
import { prefixListViolations } from "./prefixLists";
import { securityGroupEgressViolations } from "./securityGroupEgress";

const rules = ruleTable<EgressConfig>([
    ...SECURITY_GROUP_RULE_TYPES.map((t) => [[t], ((props, cfg) => securityGroupEgressViolations(t, props, cfg)) as ResourceRule<EgressConfig>] as const),
    [NETWORK_POLICY_TYPES, networkPolicyViolations],
]);

export const egressOnlyStripe: PackPolicy = buildPolicy({
    name: EGRESS_ONLY_STRIPE,
    description:
        "Egress that leaves the private address space may go only to Stripe's API addresses on TCP 443: security-group egress " +
        "(inline and standalone, IPv4 and IPv6, prefix lists), and Kubernetes NetworkPolicy egress.",
    severity: "high",
    config: egressConfig,
    rules,
    stack: prefixListViolations,
});
