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
import { ingressClassViolations } from "./ingressClasses";
import { SERVICE_TYPES, serviceTlsViolations } from "./kubernetesIngress";
import { CLASSIC_ELB_TYPES, classicElbViolations, LISTENER_TYPES, listenerViolations, TARGET_GROUP_TYPES, targetGroupViolations } from "./loadBalancers";
import { DESTINATION_RULE_TYPES, destinationRuleViolations, PEER_AUTHENTICATION_TYPES, peerAuthenticationViolations } from "./mesh";
import {
    NATIVE_DB_PARAMETER_GROUPS, NATIVE_LISTENER, NATIVE_REDSHIFT_PARAMETER_GROUP, NATIVE_REPLICATION_GROUP, NATIVE_TARGET_GROUP, nativeDbParameterGroupViolations,
    nativeListenerViolations, nativeRedshiftParameterGroupViolations, nativeReplicationGroupViolations, nativeTargetGroupViolations,
} from "./native";
import { StackGraph } from "../lib/stack";
import { zoneDefaultViolations } from "./cloudflareZones";
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
    [[REDSHIFT_PARAMETER_GROUP], (props) => redshiftParameterGroupViolations(props)],
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
    [SERVICE_TYPES, (props, cfg) => serviceTlsViolations(props, tlsPolicyChoice(cfg))],
    [PEER_AUTHENTICATION_TYPES, peerAuthenticationViolations],
    [DESTINATION_RULE_TYPES, destinationRuleViolations],
    [[NATIVE_LISTENER], (props, cfg) => nativeListenerViolations(props, tlsPolicyChoice(cfg))],
    [[NATIVE_TARGET_GROUP], nativeTargetGroupViolations],
    [[NATIVE_REPLICATION_GROUP], nativeReplicationGroupViolations],
    [[NATIVE_REDSHIFT_PARAMETER_GROUP], nativeRedshiftParameterGroupViolations],
    [NATIVE_DB_PARAMETER_GROUPS, nativeDbParameterGroupViolations],
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
        "Encrypt every hop with TLS 1.2 or newer; fix the field the violation names. Load balancers: HTTPS or TLS listeners whose " +
        "sslPolicy the pinned table shows accepting TLS 1.2+ only, with no broken cipher (AWS recommends " +
        "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09; an empty sslPolicy is ELBSecurityPolicy-2016-08, TLS 1.0); a policy newer than the " +
        "table is advisory until the table is refreshed (npm run refresh-elb-policies) or the policy group lists it in " +
        "allowedTlsPolicies, and a name in forbiddenTlsPolicies is refused whatever the table says. The same holds for the " +
        "alb.ingress.kubernetes.io/ssl-policy and aws-load-balancer-ssl-negotiation-policy annotations. An HTTP listener, and each of its " +
        "listener rules, only redirects (type \"redirect\", redirect.protocol \"HTTPS\"); target groups use HTTPS; classic ELB listeners use " +
        "https or ssl on both sides. CloudFront: viewerProtocolPolicy \"redirect-to-https\" or \"https-only\" on every cache behaviour; " +
        "origins with originProtocolPolicy \"https-only\" and originSslProtocols [\"TLSv1.2\"]; your own certificate with " +
        "minimumProtocolVersion \"TLSv1.2_2021\" or newer, not the default *.cloudfront.net one. Caches: ElastiCache " +
        "transitEncryptionEnabled true with transitEncryptionMode \"required\"; MemoryDB tlsEnabled true; DAX clusterEndpointEncryptionType " +
        "\"TLS\". Databases: a parameter group with rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL, MariaDB), and " +
        "ssl_min_protocol_version = TLSv1.2 or tls_version = TLSv1.2,TLSv1.3, attached to every instance and cluster whose engine does " +
        "not force TLS by default; DocumentDB tls \"tls1.2+\" in the cluster's group (\"enabled\" and AWS's default group accept TLS 1.0); " +
        "Redshift require_ssl true (aws-native forms alike); RDS Proxy requireTls true. Streams, search and APIs: MSK clientBroker \"TLS\" and inCluster true, MSK " +
        "Connect encryptionType \"TLS\"; OpenSearch and Elasticsearch enforceHttps true, tlsSecurityPolicy \"Policy-Min-TLS-1-2-PFS-2023-10\" " +
        "and nodeToNodeEncryption enabled; CloudSearch enforceHttps true with a TLS 1.2 policy; API Gateway domain names securityPolicy " +
        "\"TLS_1_2\". Cloudflare: zone ssl \"strict\", min_tls_version \"1.2\" or higher, always_use_https \"on\", each set by a ZoneSetting of the " +
        "stack for every zone the stack creates (Cloudflare's defaults are Flexible SSL and TLS 1.0); no configuration rule or page " +
        "rule that lowers ssl below strict for some hosts, no redirect or forwarding URL to http://, hostname TLS settings and custom " +
        "hostnames at 1.2 or higher, tunnels without originRequest.noTlsVerify. Kubernetes and the mesh: an Ingress tls entry whose hosts " +
        "cover every rule host (ingress-nginx and other classes; keep ingress-nginx's ssl-redirect on); an AWS Load Balancer Controller " +
        "Ingress listens on HTTPS only (listen-ports '[{\"HTTPS\":443}]' with a certificate-arn) or redirects HTTP with ssl-redirect, names " +
        "an ssl-policy (the controller's default is TLS 1.0) and sets backend-protocol HTTPS; an in-tree classic ELB Service uses " +
        "aws-load-balancer-backend-protocol https or ssl; Istio PeerAuthentication mode \"STRICT\" (port-level too), DestinationRule tls mode \"ISTIO_MUTUAL\" inside " +
        "the mesh or \"SIMPLE\"/\"MUTUAL\" to outside hosts, never \"DISABLE\". A deliberate, approved exception is an exemption by exact URN " +
        "with a ticket and a review date in the policy group's config. A \"could not evaluate\" diagnostic is a fault in the pack: report " +
        "it (onRuleFault \"advisory\" stops it blocking meanwhile); a \"config\" diagnostic on the stack names the key and value to fix in " +
        "the policy group's config.",
    tags: ["encryption", "tls", "aws", "kubernetes", "cloudflare"],
    framework: {
        name: "PCI DSS",
        version: "4.0.1",
        reference: "4.2.1",
        specification: "Strong cryptography and security protocols are implemented to safeguard PAN during transmission over open, public networks.",
    },
    config: tlsConfig,
    rules,
    stack: (resources, cfg, guard) => {
        const graph = new StackGraph(resources);
        return [...attachmentViolations(graph, guard), ...ingressClassViolations(graph, tlsPolicyChoice(cfg), guard), ...zoneDefaultViolations(graph, guard)];
    },
});
