// Offline answers for the network: zones, identity, region, partition, and
// the computed outputs of VPC resources.
import { InvokeHandler, OutputSynth } from "./types";

const AZ_SUFFIXES = ["a", "b", "c", "d", "e", "f"];

const DIRECTIONS: Readonly<Record<string, string>> = {
    east: "e", west: "w", north: "n", south: "s", central: "c", northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw", gov: "g",
};

/** The prefix of a region's zone IDs as AWS writes them: us-east-1 -> use1, ap-southeast-2 -> apse2, ca-central-1 -> cac1. */
export function zoneIdPrefix(region: string): string {
    const parts = region.split("-");
    const number = parts.pop();
    const [geo, ...words] = parts;
    return `${geo}${words.map((w) => DIRECTIONS[w] ?? w[0]).join("")}${number}`;
}

/**
 * The offline account's zone `name` and its ID: the n-th name is az<n>. (A real account maps names to IDs
 * as it was assigned; what matters offline is that the program selects zones by ID, so us-east-1c is
 * use1-az3 here, a zone EKS refuses.)
 */
export function mockZoneId(region: string, name: string): string {
    return `${zoneIdPrefix(region)}-az${AZ_SUFFIXES.indexOf(name.slice(region.length)) + 1}`;
}

export const NETWORK_INVOKES: Record<string, InvokeHandler> = {
    // Honours the filters the program sends that change the answer: excludeZoneIds and excludeNames.
    "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs, a) => {
        const excludedIds: string[] = inputs.excludeZoneIds ?? [];
        const excludedNames: string[] = inputs.excludeNames ?? [];
        const names = AZ_SUFFIXES.slice(0, a.zones).map((s) => `${a.region}${s}`)
            .filter((n) => !excludedNames.includes(n) && !excludedIds.includes(mockZoneId(a.region, n)));
        return {
            id: a.region,
            region: a.region,
            names,
            zoneIds: names.map((n) => mockZoneId(a.region, n)),
            groupNames: [a.region],
            state: "available",
        };
    },
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
