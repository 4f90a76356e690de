export { TrafficSecurityGroups, TrafficSecurityGroupsArgs } from "./trafficGroups";
export { CLUSTER_DNS, IpProtocol, Peer, PlannedRule, planRules, PortSpec, RuleDirection, RulePlanOptions, STORE_ADMIN_GROUP } from "./rulePlan";
