// no-public-db: no database, cache, broker or warehouse reachable from the internet.
import { buildPolicy, PackPolicy, ruleTable } from "../lib/policy";
import { SECURITY_GROUP_RULE_TYPES } from "../lib/securityGroupRules";
import { ResourceRule } from "../lib/violation";
import { NO_PUBLIC_DB, NoPublicDbConfig, noPublicDbConfig, storePortsOf } from "./config";
import { storeIngressViolations } from "./ingress";
import { serviceViolations, SERVICE_TYPES } from "./kubernetesService";
import { storePlacementViolations } from "./placement";
import { PUBLIC_FLAG_TYPES, publicFlagViolations, SEARCH_DOMAIN_TYPES, searchDomainViolations } from "./publicFlags";

const context = (cfg: NoPublicDbConfig) => ({ privateCidrs: cfg.privateCidrs, storePorts: storePortsOf(cfg) });

const rules = ruleTable<NoPublicDbConfig>([
    ...Object.entries(PUBLIC_FLAG_TYPES).map(([t, what]) => [[t], publicFlagViolations(what)] as const),
    [SEARCH_DOMAIN_TYPES, searchDomainViolations],
    ...SECURITY_GROUP_RULE_TYPES.map((t) => [[t], ((props, cfg) => storeIngressViolations(t, props, context(cfg))) as ResourceRule<NoPublicDbConfig>] as const),
    [SERVICE_TYPES, (props, cfg) => serviceViolations(props, context(cfg))],
]);

export const noPublicDb: PackPolicy = buildPolicy({
    name: NO_PUBLIC_DB,
    description:
        "No database, cache, broker or warehouse may be reachable from the internet: no public endpoints, no security-group ingress " +
        "from non-private addresses to a store port, no Kubernetes Service exposing a store port outside the cluster, no store in a public subnet.",
    severity: "critical",
    config: noPublicDbConfig,
    rules,
    stack: (resources) => storePlacementViolations(resources),
});
