// Offline answers for the network: zones, identity, region, partition, and
// the computed outputs of VPC resources.
import { InvokeHandler, OutputSynth } from "./types";

const AZ_SUFFIXES = ["a", "b", "c", "d", "e", "f"];

export const NETWORK_INVOKES: Record<string, InvokeHandler> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, a) => ({
        id: a.region,
        region: a.region,
        names: AZ_SUFFIXES.slice(0, a.zones).map((s) => `${a.region}${s}`),
        zoneIds: AZ_SUFFIXES.slice(0, a.zones).map((_, i) => `use1-az${i + 1}`),
        groupNames: [a.region],
        state: "available",
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": (_inputs, a) => ({
        id: a.accountId,
        accountId: a.accountId,
        arn: `arn:${a.partition}:iam::${a.accountId}:user/offline`,
        userId: "AIDAOFFLINE",
    }),
    "aws:index/getRegion:getRegion": (_inputs, a) => ({
        id: a.region,
        name: a.region,
        region: a.region,
        endpoint: `ec2.${a.region}.amazonaws.com`,
        description: "offline region",
    }),
    "aws:index/getPartition:getPartition": (_inputs, a) => ({
        id: a.partition,
        partition: a.partition,
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
    }),
};

export const NETWORK_COMPUTED: Record<string, OutputSynth> = {
    "aws:ec2/vpc:Vpc": (name) => ({
        defaultSecurityGroupId: `${name}-default-sg`,
        defaultNetworkAclId: `${name}-default-nacl`,
        mainRouteTableId: `${name}-main-rtb`,
        defaultRouteTableId: `${name}-main-rtb`,
    }),
    // The managed prefix list of a gateway endpoint (security-group rules to S3 name it).
    "aws:ec2/vpcEndpoint:VpcEndpoint": (name, inputs) => (inputs.vpcEndpointType === "Gateway" ? { prefixListId: `pl-${name}` } : {}),
    "aws:ec2/eip:Eip": (name) => ({ publicIp: "203.0.113.10", allocationId: `${name}-alloc` }),
    "aws:cloudwatch/logGroup:LogGroup": (name, inputs, a) => ({
        name: inputs.name ?? name,
        arn: `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:${inputs.name ?? name}`,
    }),
};
