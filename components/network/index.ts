export * from "./types";
export { Network, NetworkArgs } from "./network";
export { planSubnets, PlannedSubnet, SubnetPlan, subnetsOf, SMALLEST_SUBNET_PREFIX } from "./subnetPlan";
export { isolatedTierAclRules, NaclRule, EPHEMERAL_PORTS } from "./naclRules";
export { checkEndpointCapacity, endpointKey, RESERVED_PER_SUBNET } from "./endpoints";
export { OfferedZones, selectZones } from "./zones";
