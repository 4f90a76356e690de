// no-public-db: no database, cache, broker, stream, warehouse or search domain reachable from the internet.
import { buildPolicy, PackPolicy, ruleTable } from "../lib/policy";
import { SECURITY_GROUP_RULE_TYPES } from "../lib/securityGroupRules";
import { StackGraph } from "../lib/stack";
import { ResourceRule } from "../lib/violation";
import { NO_PUBLIC_DB, NoPublicDbConfig, noPublicDbConfig, storePortsOf } from "./config";
import { storeIngressViolations } from "./ingress";
import { serviceViolations, SERVICE_TYPES } from "./kubernetesService";
import { CLASSIC_ELB_TYPES, classicElbViolations, loadBalancerViolations } from "./loadBalancers";
import { storePlacementViolations } from "./placement";
import {
    MSK_CLUSTER, mskPublicAccessViolations, NEPTUNE_GRAPH, neptuneGraphViolations, OPENSEARCH_SERVERLESS_SECURITY_POLICY, PUBLIC_FLAG_TYPES, publicFlagViolations,
    SEARCH_DOMAIN_TYPES, searchDomainViolations, serverlessNetworkPolicyViolations,
} from "./publicFlags";
import { storeGroupViolations } from "./storeGroups";

const context = (cfg: NoPublicDbConfig) => ({ privateCidrs: cfg.privateCidrs, storePorts: storePortsOf(cfg) });

const rules = ruleTable<NoPublicDbConfig>([
    ...Object.entries(PUBLIC_FLAG_TYPES).map(([t, what]) => [[t], publicFlagViolations(what)] as const),
    [SEARCH_DOMAIN_TYPES, searchDomainViolations],
    [[MSK_CLUSTER], mskPublicAccessViolations],
    [[NEPTUNE_GRAPH], neptuneGraphViolations],
    [[OPENSEARCH_SERVERLESS_SECURITY_POLICY], serverlessNetworkPolicyViolations],
    ...SECURITY_GROUP_RULE_TYPES.map((t) => [[t], ((props, cfg) => storeIngressViolations(t, props, context(cfg))) as ResourceRule<NoPublicDbConfig>] as const),
    [SERVICE_TYPES, (props, cfg) => serviceViolations(props, context(cfg))],
    [CLASSIC_ELB_TYPES, (props, cfg) => classicElbViolations(props, storePortsOf(cfg))],
]);

export const noPublicDb: PackPolicy = buildPolicy({
    name: NO_PUBLIC_DB,
    description:
        "No database, cache, broker, stream, warehouse or search domain may be reachable from the internet: no public endpoints, no security-group ingress " +
        "from non-private addresses to a store port or to a group that guards a store, no internet-facing load balancer or Kubernetes Service forwarding a store port, " +
        "no store in a public subnet.",
    severity: "critical",
    config: noPublicDbConfig,
    rules,
    stack: (resources, cfg, guard) => {
        const graph = new StackGraph(resources);
        return [
            ...storePlacementViolations(graph, cfg.privateCidrs, guard),
            ...storeGroupViolations(graph, context(cfg), guard),
            ...loadBalancerViolations(graph, storePortsOf(cfg), guard),
        ];
    },
});
