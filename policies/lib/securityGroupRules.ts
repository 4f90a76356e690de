// Every way AWS security-group rules are written — inline `ingress`/`egress`
// blocks on a (default) security group, `aws.ec2.SecurityGroupRule`, and
// `aws.vpc.SecurityGroupIngressRule`/`EgressRule`, and the aws-native
// (CloudFormation) forms `aws-native:ec2:SecurityGroup` (inline
// `securityGroupIngress`/`securityGroupEgress`) and
// `aws-native:ec2:SecurityGroupIngress`/`SecurityGroupEgress` — read into one
// shape, so the ingress and egress policies judge one thing.
import { normaliseProtocol, normaliseRange, PortRange, Protocol, tcpPorts } from "./ports";
import { elements, field, Invalid, Read, readObject, readPort, readString, UNKNOWN, Unknown } from "./read";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const VPC_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
/** aws-native (Cloud Control, CloudFormation schema): property names are the CloudFormation ones in camel case. */
export const NATIVE_SECURITY_GROUP = "aws-native:ec2:SecurityGroup";
export const NATIVE_INGRESS_RULE = "aws-native:ec2:SecurityGroupIngress";
export const NATIVE_EGRESS_RULE = "aws-native:ec2:SecurityGroupEgress";

/** Every type token that carries security-group rules. */
export const SECURITY_GROUP_RULE_TYPES: readonly string[] = [
    SECURITY_GROUP, DEFAULT_SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE, VPC_EGRESS_RULE, NATIVE_SECURITY_GROUP, NATIVE_INGRESS_RULE, NATIVE_EGRESS_RULE,
];

/** Types that are security groups themselves (their rules are inline). */
export const SECURITY_GROUP_TYPES: readonly string[] = [SECURITY_GROUP, DEFAULT_SECURITY_GROUP, NATIVE_SECURITY_GROUP];

/** The property of a standalone rule that names its group. */
export function groupProperty(type: string): string {
    return type === NATIVE_INGRESS_RULE || type === NATIVE_EGRESS_RULE ? "groupId" : "securityGroupId";
}

/** The all-traffic rule CloudFormation adds to a group created without egress rules (IPv4 and IPv6). */
const IMPLICIT_EGRESS =
    "(not set): CloudFormation (and so aws-native) adds an egress rule that allows all traffic to 0.0.0.0/0 and ::/0 to a security group created without egress rules (AWS::EC2::SecurityGroup reference)";

export type Direction = "ingress" | "egress";

/** A peer given as an address range or a prefix list (security-group peers are always in-VPC and not listed). */
export interface Peer {
    readonly kind: "cidr" | "prefixList";
    /** Path of the field ("egress[0].cidrBlocks[1]"). */
    readonly field: string;
    readonly value: Read<string>;
    /** Top-level property whose dependencies say where an unknown value came from. */
    readonly prop: string;
    /** Set when the rule is not written but added by the service (CloudFormation's implicit egress): what happened, for messages. */
    readonly implicit?: string;
}

export interface SgRule {
    readonly direction: Direction;
    /** Path of the rule ("egress[0]", or "" for a standalone rule resource). */
    readonly path: string;
    readonly protocol: Read<Protocol>;
    /** The protocol as written, for messages. */
    readonly protocolText: Read<string>;
    /** TCP ports admitted ("none" for non-TCP protocols). */
    readonly tcp: Read<PortRange | "none">;
    readonly fromPort: Read<number> | Invalid;
    readonly toPort: Read<number> | Invalid;
    /**
     * The ports as written when they do not decide what is admitted: with
     * protocol -1/all AWS ignores fromPort and toPort and admits every port,
     * but a rule written "-1, 5432, 5432" still names port 5432. Undefined
     * when the ports are the "every port" markers (0/0, -1/-1, 0/65535) or absent.
     */
    readonly namedPorts?: PortRange;
    readonly peers: readonly Peer[];
}

function join(path: string, name: string): string {
    return path === "" ? name : `${path}.${name}`;
}

function peersOf(list: unknown, path: string, name: string, kind: Peer["kind"], prop: string): Peer[] {
    const items = elements(list);
    if (items === UNKNOWN) {
        return [{ kind, field: join(path, name), value: UNKNOWN, prop }];
    }
    return items.map((v, i) => ({ kind, field: `${join(path, name)}[${i}]`, value: readString(v), prop }));
}

function single(value: unknown, path: string, name: string, kind: Peer["kind"], prop: string): Peer[] {
    const v = readString(value);
    return v === undefined || v === "" ? [] : [{ kind, field: join(path, name), value: v, prop }];
}

/** The ports a rule names when its protocol ignores them (see SgRule.namedPorts). */
function namedPortsOf(protocol: Read<Protocol>, from: Read<number> | Invalid, to: Read<number> | Invalid): PortRange | undefined {
    if (protocol !== "all" || typeof from !== "number" || typeof to !== "number") {
        return undefined;
    }
    const range = normaliseRange(from, to);
    return range.from <= 1 && range.to >= 65535 ? undefined : range.from === 0 && range.to === 0 ? undefined : range;
}

function rule(direction: Direction, path: string, protocolValue: unknown, from: unknown, to: unknown, peers: Peer[]): SgRule {
    const protocolText = readString(protocolValue) ?? (typeof protocolValue === "number" ? String(protocolValue) : undefined);
    const protocol = normaliseProtocol(protocolText);
    const fromPort = readPort(from);
    const toPort = readPort(to);
    return { direction, path, protocol, protocolText, tcp: tcpPorts(protocol, fromPort, toPort), fromPort, toPort, namedPorts: namedPortsOf(protocol, fromPort, toPort), peers };
}

function inlineRules(props: Readonly<Record<string, unknown>>, direction: Direction): SgRule[] | Unknown {
    const blocks = elements(props[direction]);
    if (blocks === UNKNOWN) {
        return UNKNOWN;
    }
    return blocks.map((b, i) => {
        const block = readObject(b);
        const path = `${direction}[${i}]`;
        return rule(direction, path, field(block, "protocol"), field(block, "fromPort"), field(block, "toPort"), [
            ...peersOf(field(block, "cidrBlocks"), path, "cidrBlocks", "cidr", direction),
            ...peersOf(field(block, "ipv6CidrBlocks"), path, "ipv6CidrBlocks", "cidr", direction),
            ...peersOf(field(block, "prefixListIds"), path, "prefixListIds", "prefixList", direction),
        ]);
    });
}

/** aws-native inline rules (CloudFormation Ingress/Egress property types). */
function nativeInlineRules(props: Readonly<Record<string, unknown>>, direction: Direction): SgRule[] | Unknown {
    const prop = direction === "ingress" ? "securityGroupIngress" : "securityGroupEgress";
    const blocks = elements(props[prop]);
    if (blocks === UNKNOWN) {
        return UNKNOWN;
    }
    if (direction === "egress" && blocks.length === 0) {
        return [{
            ...rule(direction, "", "-1", undefined, undefined, []),
            peers: [
                { kind: "cidr", field: prop, value: "0.0.0.0/0", prop, implicit: IMPLICIT_EGRESS },
                { kind: "cidr", field: prop, value: "::/0", prop, implicit: IMPLICIT_EGRESS },
            ],
        }];
    }
    return blocks.map((b, i) => {
        const block = readObject(b);
        const path = `${prop}[${i}]`;
        return rule(direction, path, field(block, "ipProtocol"), field(block, "fromPort"), field(block, "toPort"), [
            ...single(field(block, "cidrIp"), path, "cidrIp", "cidr", prop),
            ...single(field(block, "cidrIpv6"), path, "cidrIpv6", "cidr", prop),
            ...single(field(block, direction === "ingress" ? "sourcePrefixListId" : "destinationPrefixListId"), path, direction === "ingress" ? "sourcePrefixListId" : "destinationPrefixListId", "prefixList", prop),
        ]);
    });
}

/**
 * The rules a resource of `type` declares in `direction`. UNKNOWN when the
 * whole list is not known yet (preview); [] for types without rules.
 */
export function securityGroupRules(type: string, props: Readonly<Record<string, unknown>>, direction: Direction): readonly SgRule[] | Unknown {
    switch (type) {
        case SECURITY_GROUP:
        case DEFAULT_SECURITY_GROUP:
            return inlineRules(props, direction);
        case SECURITY_GROUP_RULE: {
            const kind = readString(props.type);
            if (kind === UNKNOWN) {
                return UNKNOWN;
            }
            if (kind !== direction) {
                return [];
            }
            return [
                rule(direction, "", props.protocol, props.fromPort, props.toPort, [
                    ...peersOf(props.cidrBlocks, "", "cidrBlocks", "cidr", "cidrBlocks"),
                    ...peersOf(props.ipv6CidrBlocks, "", "ipv6CidrBlocks", "cidr", "ipv6CidrBlocks"),
                    ...peersOf(props.prefixListIds, "", "prefixListIds", "prefixList", "prefixListIds"),
                ]),
            ];
        }
        case VPC_INGRESS_RULE:
        case VPC_EGRESS_RULE:
            if ((type === VPC_INGRESS_RULE) !== (direction === "ingress")) {
                return [];
            }
            return [
                rule(direction, "", props.ipProtocol, props.fromPort, props.toPort, [
                    ...single(props.cidrIpv4, "", "cidrIpv4", "cidr", "cidrIpv4"),
                    ...single(props.cidrIpv6, "", "cidrIpv6", "cidr", "cidrIpv6"),
                    ...single(props.prefixListId, "", "prefixListId", "prefixList", "prefixListId"),
                ]),
            ];
        case NATIVE_SECURITY_GROUP:
            return nativeInlineRules(props, direction);
        case NATIVE_INGRESS_RULE:
        case NATIVE_EGRESS_RULE: {
            if ((type === NATIVE_INGRESS_RULE) !== (direction === "ingress")) {
                return [];
            }
            const list = direction === "ingress" ? "sourcePrefixListId" : "destinationPrefixListId";
            return [
                rule(direction, "", props.ipProtocol, props.fromPort, props.toPort, [
                    ...single(props.cidrIp, "", "cidrIp", "cidr", "cidrIp"),
                    ...single(props.cidrIpv6, "", "cidrIpv6", "cidr", "cidrIpv6"),
                    ...single(props[list], "", list, "prefixList", list),
                ]),
            ];
        }
        default:
            return [];
    }
}

/** Field path of a rule's protocol, for messages. */
export function protocolField(r: SgRule, type: string): string {
    if (r.peers.some((p) => p.implicit !== undefined)) {
        return r.peers[0].field;
    }
    return join(r.path, type === SECURITY_GROUP || type === DEFAULT_SECURITY_GROUP || type === SECURITY_GROUP_RULE ? "protocol" : "ipProtocol");
}
