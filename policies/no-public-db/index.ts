// no-public-db: no database, cache, broker, stream, warehouse or search domain reachable from the internet.
import { OwnContext, rerunDeferred } from "../lib/ownRanges";
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
    MSK_CLUSTER, mskPublicAccessViolations, NATIVE_DB_CLUSTER, NATIVE_DB_INSTANCE, nativeRdsViolations, NEPTUNE_GRAPH, neptuneGraphViolations, OPENSEARCH_SERVERLESS_SECURITY_POLICY, PUBLIC_FLAG_TYPES, publicFlagViolations,
    SEARCH_DOMAIN_TYPES, searchDomainViolations, serverlessNetworkPolicyViolations,
} from "./publicFlags";
import { storeGroupViolations } from "./storeGroups";

type Config = NoPublicDbConfig & OwnContext;

const context = (cfg: Config) => ({ privateCidrs: cfg.privateCidrs, storePorts: storePortsOf(cfg), own: cfg.own });

const rules = ruleTable<Config>([
    ...[...PUBLIC_FLAG_TYPES].map(([t, what]) => [[t], publicFlagViolations(what)] as const),
    [[NATIVE_DB_INSTANCE], nativeRdsViolations("RDS instance", false)],
    [[NATIVE_DB_CLUSTER], nativeRdsViolations("RDS cluster", true)],
    [SEARCH_DOMAIN_TYPES, searchDomainViolations],
    [[MSK_CLUSTER], mskPublicAccessViolations],
    [[NEPTUNE_GRAPH], neptuneGraphViolations],
    [[OPENSEARCH_SERVERLESS_SECURITY_POLICY], serverlessNetworkPolicyViolations],
    ...SECURITY_GROUP_RULE_TYPES.map((t) => [[t], ((props, cfg) => storeIngressViolations(t, props, context(cfg))) as ResourceRule<Config>] as const),
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
        "Keep every store off the internet; fix the field the violation names. Public switches: publiclyAccessible false (RDS instances, " +
        "cluster instances and shard groups, Neptune, Redshift and Redshift Serverless, Amazon MQ, Lightsail, Timestream for InfluxDB); " +
        "Neptune Analytics publicConnectivity false; MSK brokerNodeGroupInfo.connectivityInfo.publicAccess.type \"DISABLED\"; OpenSearch " +
        "Serverless network policies with AllowFromPublic false and SourceVPCEs; OpenSearch and Elasticsearch domains in a VPC " +
        "(vpcOptions with subnetIds and securityGroupIds). Security groups: admit a store port (storePorts, extraStorePorts, and the port " +
        "each store of the group listens on) only from security groups (referencedSecurityGroupId, sourceSecurityGroupId) or ranges " +
        "inside privateCidrs, never from 0.0.0.0/0, ::/0 or another public range, never through a prefix list that holds public addresses " +
        "or is defined outside the stack, and never with protocol -1/all or a port range that covers a store port; never open a store's " +
        "group, or a VPC's default group (aws.ec2.DefaultSecurityGroup, vpc.defaultSecurityGroupId), to the world on every port; aws-native " +
        "RDS databases set publiclyAccessible false explicitly. Load balancers: one that forwards a store port (its listener's, " +
        "target group's or target's port) is internal: true, classic ELBs included. Subnets: put every store in a subnet group (or " +
        "subnetIds) of private subnets, with mapPublicIpOnLaunch false and no route from any public range, whole or in pieces, directly " +
        "or through a prefix list, to an internet gateway (NAT is fine); a store without a subnet group lands in the default VPC's public " +
        "subnets, and a default-VPC subnet needs an explicit route table association. Kubernetes Services on a store port: type " +
        "ClusterIP, no NodePort and no public externalIPs; a LoadBalancer only when internal as its controller reads it (AWS Load " +
        "Balancer Controller: service.beta.kubernetes.io/aws-load-balancer-scheme \"internal\"; in-tree: aws-load-balancer-internal \"true\"; " +
        "GKE: networking.gke.io/load-balancer-type \"Internal\"; Azure: azure-load-balancer-internal \"true\") and with " +
        "loadBalancerSourceRanges inside privateCidrs. Reach stores from inside the VPC (SSM session, VPN, peering). Internal space of " +
        "your own goes in privateCidrs; a deliberate, approved exposure is an exemption by exact URN with a ticket and a review date in " +
        "the policy group's config. A \"could not evaluate\" diagnostic is a fault in the pack: report it (onRuleFault \"advisory\" stops it " +
        "blocking meanwhile). A \"config\" diagnostic on the stack names the key and value to fix in the policy group's config.",
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
            // Sources that may be a VPC's own IPv6 block, which Analyze left to the stack.
            ...rerunDeferred(graph, rules, SECURITY_GROUP_RULE_TYPES, cfg, guard),
        ];
    },
});
