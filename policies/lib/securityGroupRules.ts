// Every way AWS security-group rules are written — inline `ingress`/`egress`
// blocks on a (default) security group, `aws.ec2.SecurityGroupRule`, and
// `aws.vpc.SecurityGroupIngressRule`/`EgressRule` — read into one shape, so
// the ingress and egress policies judge one thing.
import { normaliseProtocol, PortRange, Protocol, tcpPorts } from "./ports";
import { elements, field, Invalid, Read, readObject, readPort, readString, UNKNOWN, Unknown } from "./read";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const VPC_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** Every type token that carries security-group rules. */
export const SECURITY_GROUP_RULE_TYPES: readonly string[] = [SECURITY_GROUP, DEFAULT_SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE, VPC_EGRESS_RULE];

export type Direction = "ingress" | "egress";

/** A peer given as an address range or a prefix list (security-group peers are always in-VPC and not listed). */
export interface Peer {
    readonly kind: "cidr" | "prefixList";
    /** Path of the field ("egress[0].cidrBlocks[1]"). */
    readonly field: string;
    readonly value: Read<string>;
    /** Top-level property whose dependencies say where an unknown value came from. */
    readonly prop: string;
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

function rule(direction: Direction, path: string, protocolValue: unknown, from: unknown, to: unknown, peers: Peer[]): SgRule {
    const protocolText = readString(protocolValue) ?? (typeof protocolValue === "number" ? String(protocolValue) : undefined);
    const protocol = normaliseProtocol(protocolText);
    const fromPort = readPort(from);
    const toPort = readPort(to);
    return { direction, path, protocol, protocolText, tcp: tcpPorts(protocol, fromPort, toPort), fromPort, toPort, peers };
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
        default:
            return [];
    }
}

/** Field path of a rule's protocol, for messages. */
export function protocolField(r: SgRule, type: string): string {
    return join(r.path, type === VPC_INGRESS_RULE || type === VPC_EGRESS_RULE ? "ipProtocol" : "protocol");
}
