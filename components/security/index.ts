export { TrafficSecurityGroups, TrafficSecurityGroupsArgs } from "./trafficGroups";
export { CLUSTER_DNS, ExternalGroupPlan, IpProtocol, Peer, planExternalGroups, PlannedRule, planRules, platformPodGroups, podGroupKeys, PortSpec, RuleDirection, RulePlanOptions, STORE_ADMIN_GROUP } from "./rulePlan";
export * from "./quotas";
