// tls-everywhere: every hop encrypted with TLS 1.2 or newer.
import { buildPolicy, PackPolicy, ruleTable } from "../lib/policy";
import { attachmentViolations } from "./attachments";
import { CACHE_CLUSTER, cacheClusterViolations, MEMORYDB_CLUSTER, memoryDbViolations, REPLICATION_GROUP, replicationGroupViolations } from "./caches";
import { ZONE_SETTING, ZONE_SETTINGS_OVERRIDE, zoneSettingsOverrideViolations, zoneSettingViolations } from "./cloudflare";
import { TLS_EVERYWHERE, TlsConfig, tlsConfig } from "./config";
import { INGRESS_PATCH_TYPES, INGRESS_TYPES, ingressViolations } from "./kubernetesIngress";
import { CLASSIC_ELB_TYPES, classicElbViolations, LISTENER_TYPES, listenerViolations, TARGET_GROUP_TYPES, targetGroupViolations } from "./loadBalancers";
import {
    DOCDB_CLUSTER_PARAMETER_GROUP, docdbParameterGroupViolations, RDS_CLUSTER_PARAMETER_GROUP, RDS_PARAMETER_GROUP, parameterGroupViolations,
} from "./parameterGroups";

const rules = ruleTable<TlsConfig>([
    [LISTENER_TYPES, (props, cfg) => listenerViolations(props, cfg.allowedTlsPolicies)],
    [TARGET_GROUP_TYPES, targetGroupViolations],
    [CLASSIC_ELB_TYPES, classicElbViolations],
    [[REPLICATION_GROUP], replicationGroupViolations],
    [[CACHE_CLUSTER], cacheClusterViolations],
    [[MEMORYDB_CLUSTER], memoryDbViolations],
    [[RDS_PARAMETER_GROUP, RDS_CLUSTER_PARAMETER_GROUP], parameterGroupViolations],
    [[DOCDB_CLUSTER_PARAMETER_GROUP], docdbParameterGroupViolations],
    [[ZONE_SETTING], zoneSettingViolations],
    [[ZONE_SETTINGS_OVERRIDE], zoneSettingsOverrideViolations],
    [INGRESS_TYPES, (props) => ingressViolations(props)],
    [INGRESS_PATCH_TYPES, (props) => ingressViolations(props, true)],
]);

export const tlsEverywhere: PackPolicy = buildPolicy({
    name: TLS_EVERYWHERE,
    description:
        "Every hop encrypted with TLS 1.2 or newer: load-balancer listeners and target groups, Redis/Valkey transit encryption (required), " +
        "database parameter groups that force TLS, DocumentDB tls, Cloudflare ssl/min_tls_version/always_use_https, Kubernetes Ingress tls.",
    severity: "high",
    config: tlsConfig,
    rules,
    stack: (resources) => attachmentViolations(resources),
});
