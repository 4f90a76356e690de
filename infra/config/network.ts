// Config of the network: address plan, availability zones, egress, flow logs.
import { ConfigReader } from "./reader";
import { contains, overlaps, parseCidr } from "../../policies/net";
import { LOG_RETENTION_DAYS, NAT_GATEWAY_MODES, NatGatewayMode } from "../../components/network/types";

/** Retention periods CloudWatch Logs accepts, in days (defined beside the network component). */
export { LOG_RETENTION_DAYS };

/** Networks that RFC 1918 sets aside, the only ones a VPC here may use. */
const PRIVATE_V4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c)!);

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
    const serviceCidr = r.cidr("serviceCidr", { minPrefix: 12, maxPrefix: 24 });
    const service = parseCidr(serviceCidr);
    if (vpc && service && overlaps(vpc, service)) {
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
