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
    displayName: "TLS 1.2 or newer on every hop",
    remediationSteps:
        "Encrypt every hop with TLS 1.2+. Load balancers: HTTPS or TLS listeners with an sslPolicy listed in allowedTlsPolicies (for " +
        "example ELBSecurityPolicy-TLS13-1-2-2021-06); an HTTP listener's only action is a redirect (type \"redirect\", redirect.protocol " +
        "\"HTTPS\", port \"443\", statusCode \"HTTP_301\"), and so are its listener rules; target groups use protocol HTTPS; classic ELB " +
        "listeners use https or ssl on both sides. ElastiCache: transitEncryptionEnabled true with transitEncryptionMode \"required\" " +
        "(MemoryDB: tlsEnabled true). RDS: a parameter group with rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL, " +
        "MariaDB) and ssl_min_protocol_version = TLSv1.2 or tls_version = TLSv1.2,TLSv1.3, attached to every instance and cluster instead " +
        "of a default group that does not force TLS. DocumentDB: keep the cluster parameter tls enabled. Cloudflare: ssl \"strict\", " +
        "min_tls_version \"1.2\" or higher, always_use_https \"on\". Kubernetes Ingress: a tls entry whose hosts cover every rule host.",
    tags: ["encryption", "tls", "aws", "kubernetes", "cloudflare"],
    framework: {
        name: "PCI DSS",
        version: "4.0.1",
        reference: "4.2.1",
        specification: "Strong cryptography and security protocols are implemented to safeguard PAN during transmission over open, public networks.",
    },
    config: tlsConfig,
    rules,
    stack: (resources) => attachmentViolations(resources),
});
