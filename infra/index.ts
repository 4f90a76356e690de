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

// Data stores and messaging: where applications connect (the Kubernetes layer
// makes ExternalName Services of these), never a credential.
const { postgres, redis, documentDb, rabbitmq } = stack;
export const storeEndpoints = {
    postgresql: postgres.endpoint,
    redis: redis.endpoint,
    mongodb: documentDb.endpoint,
    rabbitmq: rabbitmq.endpoint,
};
/** Cache user id per client service: the user it connects as, and what IRSA grants elasticache:Connect on. */
export const redisUserIds = redis.userIds;
export const redisUserArns = redis.userArns;
export const redisReplicationGroupArn = redis.replicationGroupArn;
