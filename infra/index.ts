// Stack entry: load config, build, export what other stacks and tools need.
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "./config";
import { buildStack } from "./stack";

const stack = buildStack(loadStackConfig(new pulumi.Config()));
const { network } = stack;

export const vpcId = network.vpcId;
export const vpcCidr = network.vpcCidr;
export const availabilityZones = network.azNames;
export const publicSubnetIds = network.subnetIds.public;
export const privateSubnetIds = network.subnetIds.private;
export const dataSubnetIds = network.subnetIds.data;
export const messagingSubnetIds = network.subnetIds.messaging;
export const routeTableIds = network.routeTableIds;
export const natGatewayIds = network.natGatewayIds;
export const endpointSecurityGroupId = network.endpointSecurityGroupId;

// Edge (issue 5). The Kubernetes layer binds the gateway's pods to the target
// group (TargetGroupBinding, target type ip) and leaves its networking unset:
// the security-group rules of the flow already exist.
export const albDnsName = stack.alb.dnsName;
export const albArn = stack.alb.loadBalancer.arn;
export const albSecurityGroupId = stack.alb.securityGroup.id;
export const gatewayTargetGroupArn = stack.alb.targetGroupArn;
export const gatewayTargetGroupPort = stack.alb.targetGroup.port;
export const edgeCertificateArn = stack.alb.certificateArn;
export const edgeHostnames = stack.cloudflare.routedNames;
