// Config of the network: address plan, availability zones, egress, flow logs.
import { ConfigReader } from "./reader";
import { contains, overlaps, parseCidr } from "../../policies/net";
import { LOG_RETENTION_DAYS, NAT_GATEWAY_MODES, NatGatewayMode } from "../../components/network/types";

/** Retention periods CloudWatch Logs accepts, in days (defined beside the network component). */
export { LOG_RETENTION_DAYS };

/** Networks that RFC 1918 sets aside, the only ones a VPC here may use. */
const PRIVATE_V4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c)!);

/** Docker's default bridge network, which a node's container runtime may route locally. */
export const DOCKER_BRIDGE_CIDR = "172.17.0.0/16";

export interface NetworkConfig {
    /** The VPC range: private (RFC 1918), /16 to /20. */
    readonly vpcCidr: string;
    /** Availability zones to spread subnets over, 2..6. */
    readonly azCount: number;
    /** One NAT gateway for all zones, or one per zone. */
    readonly natGateways: NatGatewayMode;
    /** Days to keep VPC flow logs. */
    readonly flowLogRetentionDays: number;
    /** Range Kubernetes assigns Service IPs from; must not overlap the VPC. */
    readonly serviceCidr: string;
}

export function readNetworkConfig(r: ConfigReader): NetworkConfig {
    const vpcCidr = r.cidr("vpcCidr", { minPrefix: 16, maxPrefix: 20 });
    const vpc = parseCidr(vpcCidr);
    if (vpc && !PRIVATE_V4.some((p) => contains(p, vpc))) {
        r.reject("vpcCidr", vpcCidr, "must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918)");
    }
    // EKS's rules for serviceIpv4Cidr (EKS API Reference, KubernetesNetworkConfigRequest;
    // the aws.eks.Cluster docs repeat them): within 10.0.0.0/8, 172.16.0.0/12 or
    // 192.168.0.0/16, /12 to /24, not overlapping the VPC; and clear of Docker's
    // bridge, which the EKS User Guide tells not to use for Services.
    const serviceCidr = r.cidr("serviceCidr", { minPrefix: 12, maxPrefix: 24 });
    const service = parseCidr(serviceCidr);
    if (service && !PRIVATE_V4.some((p) => contains(p, service))) {
        r.reject("serviceCidr", serviceCidr, "must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16: EKS takes a Service range only from the RFC 1918 blocks");
    } else if (service && overlaps(service, parseCidr(DOCKER_BRIDGE_CIDR)!)) {
        r.reject("serviceCidr", serviceCidr, `must not overlap ${DOCKER_BRIDGE_CIDR}, Docker's default bridge network`);
    } else if (vpc && service && !r.rejected("vpcCidr") && overlaps(vpc, service)) {
        r.reject("serviceCidr", serviceCidr, `must not overlap the VPC range ${vpcCidr}`);
    }
    return {
        vpcCidr,
        azCount: r.integer("azCount", 2, 6),
        natGateways: r.oneOf("natGateways", NAT_GATEWAY_MODES),
        flowLogRetentionDays: r.integerIn("flowLogRetentionDays", LOG_RETENTION_DAYS),
        serviceCidr,
    };
}
