// VPC endpoints: S3 through a gateway endpoint on the private route tables,
// the other AWS APIs nodes and pods call through interface endpoints whose
// network interfaces sit in the endpoint tier (nothing else does), behind a
// security group that admits HTTPS from the VPC only.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { VPC_QUOTAS } from "./types";

export interface EndpointsArgs {
    readonly vpcId: pulumi.Input<string>;
    /** The VPC range: the only source the endpoints admit. */
    readonly vpcCidr: string;
    /** Subnets that get an endpoint network interface (one per zone): the endpoint tier's. */
    readonly subnetIds: pulumi.Input<string>[];
    /** Their ranges (to check they hold one interface per endpoint). */
    readonly subnetCidrs: readonly string[];
    /** Route tables that get the S3 gateway route. */
    readonly gatewayRouteTableIds: pulumi.Input<string>[];
    /** Service suffixes ("ecr.api", "sts", ...) to reach through interface endpoints. */
    readonly interfaceServices: readonly string[];
    readonly tags: Readonly<Record<string, string>>;
}

export interface Endpoints {
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** The group's one rule: HTTPS from the VPC. */
    readonly ingressRule: aws.vpc.SecurityGroupIngressRule;
    readonly s3: aws.ec2.VpcEndpoint;
    /** Interface endpoints by service suffix. */
    readonly interfaces: ReadonlyMap<string, aws.ec2.VpcEndpoint>;
}

/** AWS keeps the first four and the last address of every subnet (VPC user guide, "Subnet CIDR blocks"). */
export const RESERVED_PER_SUBNET = 5;

/**
 * Checks that each endpoint subnet has an address for every interface
 * endpoint: AWS puts one endpoint network interface in each subnet given
 * (PrivateLink guide, "Access an AWS service using an interface VPC endpoint").
 */
export function checkEndpointCapacity(cidrs: readonly string[], services: readonly string[]): void {
    if (services.length > VPC_QUOTAS.interfaceEndpointsPerVpc) {
        throw new Error(
            `${services.length} interface endpoints (${services.join(", ")}) exceed AWS's default of ${VPC_QUOTAS.interfaceEndpointsPerVpc} per VPC ` +
                '(Amazon VPC quotas, "Interface and Gateway Load Balancer endpoints per VPC"); raise the quota first or use fewer',
        );
    }
    for (const cidr of cidrs) {
        const prefix = Number(cidr.split("/")[1]);
        const usable = 2 ** (32 - prefix) - RESERVED_PER_SUBNET;
        if (!Number.isInteger(prefix) || services.length > usable) {
            throw new Error(
                `endpoint subnet ${cidr} has ${usable} usable addresses, but ${services.length} interface endpoints (${services.join(", ")}) ` +
                    "each need one in every endpoint subnet; give the endpoint tier larger subnets (tierBits.endpoints) or fewer endpoints",
            );
        }
    }
}

/** Resource-name form of a service suffix: "ecr.api" -> "ecr-api". */
export function endpointKey(service: string): string {
    return service.replace(/[^a-z0-9]+/g, "-");
}

export function createEndpoints(name: string, args: EndpointsArgs, parent: pulumi.Resource): Endpoints {
    checkEndpointCapacity(args.subnetCidrs, args.interfaceServices);
    const child = { parent };
    const region = aws.getRegionOutput({}, child).region;
    const serviceName = (suffix: string) => pulumi.interpolate`com.amazonaws.${region}.${suffix}`;

    const securityGroup = new aws.ec2.SecurityGroup(`${name}-endpoints`, {
        vpcId: args.vpcId,
        description: "AWS API endpoints: HTTPS from inside the VPC only",
        // No egress rules: endpoints answer, they never initiate.
        tags: { ...args.tags, Name: `${name}-endpoints` },
    }, child);
    const ingressRule = new aws.vpc.SecurityGroupIngressRule(`${name}-endpoints-https`, {
        securityGroupId: securityGroup.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: args.vpcCidr,
        description: "HTTPS to AWS APIs from the VPC",
    }, child);

    const s3 = new aws.ec2.VpcEndpoint(`${name}-endpoint-s3`, {
        vpcId: args.vpcId,
        serviceName: serviceName("s3"),
        vpcEndpointType: "Gateway",
        routeTableIds: args.gatewayRouteTableIds,
        tags: { ...args.tags, Name: `${name}-endpoint-s3` },
    }, child);

    const interfaces = new Map<string, aws.ec2.VpcEndpoint>();
    for (const service of args.interfaceServices) {
        const key = endpointKey(service);
        interfaces.set(service, new aws.ec2.VpcEndpoint(`${name}-endpoint-${key}`, {
            vpcId: args.vpcId,
            serviceName: serviceName(service),
            vpcEndpointType: "Interface",
            subnetIds: args.subnetIds,
            securityGroupIds: [securityGroup.id],
            // The public service names resolve to the endpoint inside the VPC.
            privateDnsEnabled: true,
            tags: { ...args.tags, Name: `${name}-endpoint-${key}` },
        }, child));
    }
    return { securityGroup, ingressRule, s3, interfaces };
}
