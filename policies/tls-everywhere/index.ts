// tls-everywhere: every hop encrypted with TLS 1.2 or newer.
import { buildPolicy, PackPolicy, ruleTable } from "../lib/policy";
import { attachmentViolations } from "./attachments";
import { CACHE_CLUSTER, cacheClusterViolations, MEMORYDB_CLUSTER, memoryDbViolations, REPLICATION_GROUP, replicationGroupViolations } from "./caches";
import { DISTRIBUTION_TYPES, distributionViolations, VPC_ORIGIN, vpcOriginViolations } from "./cdn";
import {
    CUSTOM_HOSTNAME, customHostnameViolations, HOSTNAME_TLS_SETTING, hostnameTlsSettingViolations, PAGE_RULE, pageRuleViolations, RULESET, rulesetViolations,
    TUNNEL_CONFIG_TYPES, tunnelConfigViolations, ZONE_SETTING, ZONE_SETTINGS_OVERRIDE, zoneSettingsOverrideViolations, zoneSettingViolations,
} from "./cloudflare";
import { TLS_EVERYWHERE, TlsConfig, tlsConfig, tlsPolicyChoice } from "./config";
import {
    APIGATEWAY_DOMAIN, apiGatewayDomainViolations, APIGATEWAYV2_DOMAIN, apiGatewayV2DomainViolations, CLOUDSEARCH_DOMAIN, cloudSearchViolations, DAX_CLUSTER, daxViolations,
    MSK_CLUSTER, MSK_CONNECTOR, mskClusterViolations, mskConnectorViolations, RDS_PROXY, rdsProxyViolations, REDSHIFT_PARAMETER_GROUP, redshiftParameterGroupViolations,
    REDSHIFT_WORKGROUP, redshiftWorkgroupViolations, SEARCH_DOMAIN_TYPES, searchDomainTlsViolations,
} from "./dataServices";
import { INGRESS_PATCH_TYPES, INGRESS_TYPES, ingressViolations, SERVICE_TYPES, serviceTlsViolations } from "./kubernetesIngress";
import { CLASSIC_ELB_TYPES, classicElbViolations, LISTENER_TYPES, listenerViolations, TARGET_GROUP_TYPES, targetGroupViolations } from "./loadBalancers";
import { DESTINATION_RULE_TYPES, destinationRuleViolations, PEER_AUTHENTICATION_TYPES, peerAuthenticationViolations } from "./mesh";
import {
    DOCDB_CLUSTER_PARAMETER_GROUP, docdbParameterGroupViolations, RDS_CLUSTER_PARAMETER_GROUP, RDS_PARAMETER_GROUP, parameterGroupViolations,
} from "./parameterGroups";

const rules = ruleTable<TlsConfig>([
    [LISTENER_TYPES, (props, cfg) => listenerViolations(props, tlsPolicyChoice(cfg))],
    [TARGET_GROUP_TYPES, targetGroupViolations],
    [CLASSIC_ELB_TYPES, classicElbViolations],
    [[REPLICATION_GROUP], replicationGroupViolations],
    [[CACHE_CLUSTER], cacheClusterViolations],
    [[MEMORYDB_CLUSTER], memoryDbViolations],
    [[RDS_PARAMETER_GROUP, RDS_CLUSTER_PARAMETER_GROUP], parameterGroupViolations],
    [[DOCDB_CLUSTER_PARAMETER_GROUP], docdbParameterGroupViolations],
    [[REDSHIFT_PARAMETER_GROUP], redshiftParameterGroupViolations],
    [[REDSHIFT_WORKGROUP], redshiftWorkgroupViolations],
    [[RDS_PROXY], rdsProxyViolations],
    [[MSK_CLUSTER], mskClusterViolations],
    [[MSK_CONNECTOR], mskConnectorViolations],
    [SEARCH_DOMAIN_TYPES, searchDomainTlsViolations],
    [[CLOUDSEARCH_DOMAIN], cloudSearchViolations],
    [[DAX_CLUSTER], daxViolations],
    [[APIGATEWAY_DOMAIN], apiGatewayDomainViolations],
    [[APIGATEWAYV2_DOMAIN], apiGatewayV2DomainViolations],
    [DISTRIBUTION_TYPES, distributionViolations],
    [[VPC_ORIGIN], vpcOriginViolations],
    [[ZONE_SETTING], zoneSettingViolations],
    [[ZONE_SETTINGS_OVERRIDE], zoneSettingsOverrideViolations],
    [[RULESET], rulesetViolations],
    [[PAGE_RULE], pageRuleViolations],
    [[HOSTNAME_TLS_SETTING], hostnameTlsSettingViolations],
    [[CUSTOM_HOSTNAME], customHostnameViolations],
    [TUNNEL_CONFIG_TYPES, tunnelConfigViolations],
    [INGRESS_TYPES, (props, cfg) => ingressViolations(props, tlsPolicyChoice(cfg))],
    [INGRESS_PATCH_TYPES, (props, cfg) => ingressViolations(props, tlsPolicyChoice(cfg), true)],
    [SERVICE_TYPES, (props, cfg) => serviceTlsViolations(props, tlsPolicyChoice(cfg))],
    [PEER_AUTHENTICATION_TYPES, peerAuthenticationViolations],
    [DESTINATION_RULE_TYPES, destinationRuleViolations],
]);

export const tlsEverywhere: PackPolicy = buildPolicy({
    name: TLS_EVERYWHERE,
    description:
        "Every hop encrypted with TLS 1.2 or newer: load-balancer listeners (security policies judged by what they accept) and target groups, CDN viewer and origin " +
        "protocols, Redis/Valkey transit encryption (required), database parameter groups and proxies that force TLS, DocumentDB tls, Kafka, search and DAX endpoints, " +
        "Cloudflare ssl/min_tls_version/always_use_https and the rules and hosts that override them, Kubernetes Ingress tls, and the mesh's mTLS.",
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
    stack: (resources, _cfg, guard) => attachmentViolations(resources, guard),
});
