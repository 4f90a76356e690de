// The stack's own IPv6 space. A VPC's IPv6 block (Amazon's /56, or one from
// an IPAM pool or BYOIP, /44 to /60) is public address space, but inside the
// VPC only the VPC's own interfaces hold it: traffic from it reaches a store
// only from inside the VPC (the VPC's "local" route, and EC2's source checks),
// and traffic to it never leaves the VPC. So a rule whose range lies wholly
// inside the IPv6 blocks of the stack's VPCs, VPC block associations or
// subnets is judged like a private range; a range wider than them still holds
// internet addresses and is judged as public.
//
// A resource alone cannot see the stack's VPCs, so a resource rule defers a
// public IPv6 range that could be a VPC's (IPv6, /44 or longer): the finding
// is marked `deferred`, dropped by Analyze, and the stack rule judges the same
// resource again with the stack's ranges (`rerunDeferred`). During preview a
// VPC's Amazon-provided block is not known yet: a range whose property
// depends on a VPC, association or subnet whose block is unknown is taken as
// that block (it came from it); a known range that depends on none of them is
// judged as public, so a violation preview can see is never passed.
import { Cidr, ipv4Equivalent, parseRange } from "../net/cidr";
import { CidrSet } from "../net/cidrSet";
import { isSentinel, readArray, readString, UNKNOWN } from "./read";
import { StackGraph, StackResource } from "./stack";
import { Guard, ResourceRule, StackViolation, Violation } from "./violation";

/** The shortest prefix of a VPC IPv6 block (IPAM allocations: /44 to /60; Amazon's: /56). */
export const OWN_V6_MIN_PREFIX = 44;

/** What a rule knows of the stack's own IPv6 space when the stack is judged. */
export interface OwnRanges {
    /** True when `range`, written at `field` ("ingress[0].ipv6CidrBlocks[0]"), is inside the stack's own IPv6 space. */
    covers(range: Cidr, field: string): boolean;
}

/** The part of a rule's context that carries the stack's own ranges (absent in Analyze). */
export interface OwnContext {
    readonly own?: OwnRanges;
}

/** True when a public range could lie inside one VPC's IPv6 block: IPv6 (not an IPv4 address written as IPv6), /44 or longer. */
export function mayBeOwnRange(c: Cidr): boolean {
    return c.version === 6 && c.prefix >= OWN_V6_MIN_PREFIX && ipv4Equivalent(c) === undefined;
}

/**
 * For a public range: "own" when the stack's own space covers it, "deferred"
 * when that depends on the stack (Analyze, or the stack's ranges do not cover
 * it), undefined when it cannot be the stack's.
 */
export function ownRangeVerdict(c: Cidr, field: string, ctx: OwnContext): "own" | "deferred" | undefined {
    if (!mayBeOwnRange(c)) {
        return undefined;
    }
    return ctx.own?.covers(c, field) ? "own" : "deferred";
}

/** The same for range text (undefined when it is not a range). */
export function ownTextVerdict(text: string, field: string, ctx: OwnContext): "own" | "deferred" | undefined {
    const c = parseRange(text);
    return c ? ownRangeVerdict(c, field, ctx) : undefined;
}

/** Where each type holds its IPv6 blocks. */
const OWNERS: ReadonlyMap<string, readonly string[]> = new Map([
    ["aws:ec2/vpc:Vpc", ["ipv6CidrBlock"]],
    ["aws:ec2/defaultVpc:DefaultVpc", ["ipv6CidrBlock"]],
    ["aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation", ["ipv6CidrBlock"]],
    ["aws:ec2/subnet:Subnet", ["ipv6CidrBlock"]],
    ["aws:ec2/defaultSubnet:DefaultSubnet", ["ipv6CidrBlock"]],
    ["aws-native:ec2:Vpc", ["ipv6CidrBlocks"]],
    ["aws-native:ec2:VpcCidrBlock", ["ipv6CidrBlock"]],
    ["aws-native:ec2:Subnet", ["ipv6CidrBlock", "ipv6CidrBlocks"]],
]);

/** The field's top-level property ("ingress[0].cidrBlocks[1]" → "ingress"). */
function topProperty(field: string): string {
    const m = /^[^.[]+/.exec(field);
    return m ? m[0] : field;
}

const perGraph = new WeakMap<StackGraph, StackOwnRanges>();

/** The IPv6 blocks of a stack's VPCs, associations and subnets, read once per stack. */
export class StackOwnRanges {
    static of(graph: StackGraph): StackOwnRanges {
        let own = perGraph.get(graph);
        if (!own) {
            own = new StackOwnRanges(graph);
            perGraph.set(graph, own);
        }
        return own;
    }

    /** The known blocks. */
    readonly known: CidrSet;
    /** Resources whose block is not known yet (preview). */
    private readonly pending = new Set<string>();

    private constructor(graph: StackGraph) {
        const texts: string[] = [];
        for (const r of graph.ofTypes(OWNERS.keys())) {
            for (const prop of OWNERS.get(r.type) ?? []) {
                const v = r.props[prop];
                const list = readArray(v);
                const values = list === UNKNOWN ? [UNKNOWN] : list ?? [v];
                for (const x of values) {
                    const text = readString(x);
                    if (text === UNKNOWN || isSentinel(x)) {
                        this.pending.add(r.urn);
                    } else if (typeof text === "string" && text !== "") {
                        texts.push(text);
                    } else if (x === undefined && (r.props.assignGeneratedIpv6CidrBlock === true || (r.props.ipv6IpamPoolId !== undefined && r.props.ipv6IpamPoolId !== ""))) {
                        // Amazon (or the IPAM pool) assigns the block on create: a preview may carry no value for it.
                        this.pending.add(r.urn);
                    }
                }
            }
        }
        this.known = CidrSet.read(texts).set;
    }

    /** True when every block is known: then what a rule knows of the stack's space is the same for every resource. */
    get settled(): boolean {
        return this.pending.size === 0;
    }

    /** What `r`'s rules know of the stack's own space. */
    forResource(r: StackResource): OwnRanges {
        return {
            covers: (range, field) => {
                if (this.known.covers(range)) {
                    return true;
                }
                if (this.pending.size === 0) {
                    return false;
                }
                return (r.propertyDependencies[topProperty(field)] ?? []).some((u) => this.pending.has(u));
            },
        };
    }
}

/**
 * Runs `rules` again over the stack's resources of `types`, with the
 * stack's own ranges, and keeps what they defer (what Analyze dropped):
 * those are the findings that needed the stack.
 */
export function rerunDeferred<C>(
    graph: StackGraph,
    rules: ReadonlyMap<string, ResourceRule<C & OwnContext>>,
    types: Iterable<string>,
    cfg: C,
    guard: Guard,
): StackViolation[] {
    const own = StackOwnRanges.of(graph);
    const out: StackViolation[] = [];
    for (const r of graph.ofTypes(types)) {
        const rule = rules.get(r.type);
        if (!rule) {
            continue;
        }
        out.push(...guard(r.urn, () => rule(r.props, { ...cfg, own: own.forResource(r) }).filter((v: Violation) => v.deferred).map((v) => ({ ...v, urn: r.urn }))));
    }
    return out;
}
