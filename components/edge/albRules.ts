// Pure plan of the security-group rules of the edge flow: HTTPS into the ALB
// from Cloudflare only, and from the ALB to the gateway on its port only
// (both sides of that flow). Nothing else opens a port to or from the ALB.
import { parseCidr } from "../../policies/net";
import { CloudflareRanges } from "./cloudflareRanges";

/** AWS's default quota of inbound rules per security group, counted per IP version. */
export const RULES_PER_GROUP = 60;

export const HTTPS_PORT = 443;

export type AlbRulePeer =
    | { readonly kind: "cidr"; readonly cidr: string }
    /** The ALB's own group. */
    | { readonly kind: "alb" }
    /** The group of the service the ALB forwards to. */
    | { readonly kind: "target" };

export interface AlbRule {
    /** Stable key (from values, not positions); resource names derive from it. */
    readonly key: string;
    /** Which group the rule belongs to. */
    readonly on: "alb" | "target";
    readonly direction: "ingress" | "egress";
    readonly port: number;
    readonly peer: AlbRulePeer;
    readonly description: string;
}

function cidrKey(cidr: string): string {
    return cidr.replace(/[^0-9a-f]+/gi, "-").replace(/-+$/, "");
}

/** Every rule of the edge flow, in a stable order. */
export function planAlbRules(ranges: CloudflareRanges, target: { readonly name: string; readonly port: number }): AlbRule[] {
    for (const [version, list] of [[4, ranges.ipv4], [6, ranges.ipv6]] as const) {
        if (list.length > RULES_PER_GROUP) {
            throw new Error(`${list.length} IPv${version} Cloudflare ranges need more rules than a security group holds (${RULES_PER_GROUP})`);
        }
        for (const cidr of list) {
            const parsed = parseCidr(cidr);
            if (!parsed || parsed.version !== version || parsed.prefix === 0) {
                throw new Error(`Cloudflare range "${cidr}" is not an IPv${version} CIDR narrower than the whole address space`);
            }
        }
    }
    if (ranges.ipv4.length + ranges.ipv6.length === 0) {
        throw new Error("no Cloudflare ranges: the load balancer would admit nobody");
    }
    const rules: AlbRule[] = [...ranges.ipv4, ...ranges.ipv6].map((cidr) => ({
        key: `https-from-${cidrKey(cidr)}`,
        on: "alb",
        direction: "ingress",
        port: HTTPS_PORT,
        peer: { kind: "cidr", cidr },
        description: `HTTPS from Cloudflare ${cidr}`,
    }));
    rules.push(
        { key: `to-${target.name}`, on: "alb", direction: "egress", port: target.port, peer: { kind: "target" }, description: `to ${target.name} (TLS ${target.port})` },
        { key: `${target.name}-from-alb`, on: "target", direction: "ingress", port: target.port, peer: { kind: "alb" }, description: `${target.name} from the load balancer (TLS ${target.port})` },
    );
    return rules;
}
