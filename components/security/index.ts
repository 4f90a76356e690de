export { TrafficSecurityGroups, TrafficSecurityGroupsArgs } from "./trafficGroups";
export { CLUSTER_DNS, IpProtocol, Peer, PlannedRule, planRules, PortSpec, RuleDirection, RulePlanOptions } from "./rulePlan";
