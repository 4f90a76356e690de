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
    displayName: "No publicly reachable database",
    remediationSteps:
        "Keep every store off the internet. Set publiclyAccessible to false (RDS instances and cluster instances, Neptune, Redshift and " +
        "Redshift Serverless, Amazon MQ, Lightsail) and give OpenSearch domains vpcOptions. Admit store ports only from security groups " +
        "(sourceSecurityGroupId / referencedSecurityGroupId) or ranges inside privateCidrs, never 0.0.0.0/0, ::/0 or any public range, and " +
        "never with protocol -1/all or a port range that covers a store port. Put stores in subnet groups of private or isolated subnets: " +
        "no 0.0.0.0/0 or ::/0 route to an internet gateway in their route table (NAT is fine) and mapPublicIpOnLaunch false. Kubernetes " +
        "Services on a store port: type ClusterIP, or an internal load balancer (service.beta.kubernetes.io/aws-load-balancer-scheme: " +
        "internal) with loadBalancerSourceRanges inside privateCidrs, and no public externalIPs. Reach stores from inside the VPC (SSM " +
        "session, VPN, peering). A deliberate, approved exposure is an exemption by exact URN with a ticket and an expiry in the policy " +
        "group's config, granted by the group's owners.",
    tags: ["network", "data-stores", "aws", "kubernetes"],
    framework: {
        name: "PCI DSS",
        version: "4.0.1",
        reference: "1.4.4",
        specification: "System components that store cardholder data are not directly accessible from untrusted networks.",
    },
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
