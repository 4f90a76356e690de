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
    config: tlsConfig,
    rules,
    stack: (resources, _cfg, guard) => attachmentViolations(resources, guard),
});
