// The one judgement egress rules share: may traffic go to this range? Judged
// as address sets, whatever the spelling and however the ranges are split: a
// range every address of which is private is private; one every address of
// which is private or on the allow-list (Stripe's API) is allowed on TCP 443
// only, even when it spans two adjacent published entries (two /32s written as
// a /31); anything else is public. A destination no consumer reads as a range
// is judged as public. Host names (mesh and FQDN policies) are allowed only
// when listed in allowedHosts.
import { parseRange } from "../net/cidr";
import { CidrSet } from "../net/cidrSet";
import { OwnContext, ownTextVerdict } from "../lib/ownRanges";
import { show } from "../lib/read";
import { Violation } from "../lib/violation";

export interface DestinationContext extends OwnContext {
    readonly stripeApiCidrs: CidrSet;
    readonly privateCidrs: CidrSet;
    /** Host names egress may reach (on TCP 443 only), lower-case. */
    readonly allowedHosts: ReadonlySet<string>;
}

/** Where a destination falls. */
export type DestinationClass = "private" | "allow-listed" | "public" | "unreadable";

// The union of the private ranges and the allow-list, built once per config.
const unions = new WeakMap<CidrSet, WeakMap<CidrSet, CidrSet>>();
function privateOrAllowed(ctx: DestinationContext): CidrSet {
    let byPrivate = unions.get(ctx.stripeApiCidrs);
    if (!byPrivate) {
        byPrivate = new WeakMap();
        unions.set(ctx.stripeApiCidrs, byPrivate);
    }
    let set = byPrivate.get(ctx.privateCidrs);
    if (!set) {
        set = ctx.privateCidrs.union(ctx.stripeApiCidrs);
        byPrivate.set(ctx.privateCidrs, set);
    }
    return set;
}

export function classifyDestination(text: string, ctx: DestinationContext): DestinationClass {
    const cidr = parseRange(text);
    if (!cidr) {
        return "unreadable";
    }
    if (ctx.privateCidrs.covers(cidr)) {
        return "private";
    }
    return privateOrAllowed(ctx).covers(cidr) ? "allow-listed" : "public";
}

/** True when a host name is on the allow-list (exactly; a wildcard pattern only when the same pattern is listed). */
export function hostAllowed(host: string, ctx: DestinationContext): boolean {
    return ctx.allowedHosts.has(host.trim().toLowerCase().replace(/\.$/, ""));
}

/**
 * A public destination, unless it is the stack's own IPv6 space (lib/ownRanges.ts):
 * the violation for it, marked deferred when that depends on the stack.
 */
export function publicDestination(text: string, at: string, ctx: DestinationContext): Violation | undefined {
    const own = ownTextVerdict(text, at, ctx);
    if (own === "own") {
        return undefined;
    }
    return { field: at, message: notAllowListed(text, ctx, own === "deferred"), ...(own === "deferred" ? { deferred: true as const } : {}) };
}

/** Message for a public destination outside the allow-list. */
export function notAllowListed(text: string, ctx: DestinationContext, maybeOwn = false): string {
    return (
        `${show(text)} is a public destination outside the egress allow-list${maybeOwn ? " (and outside the IPv6 blocks of this stack's VPCs and subnets)" : ""}; traffic leaving the private ranges may go only to ` +
        `Stripe's API addresses (${ctx.stripeApiCidrs.summary(3)}) on TCP 443 — reach other services through a VPC endpoint or a private range`
    );
}

/** Message for a destination no consumer reads as an address range. */
export function unreadable(text: string): string {
    return `${show(text)} is not an address range the pack (or the service) reads, so where it leads cannot be verified; judged as the whole internet — write a CIDR`;
}

/** Message for a host name outside the allow-list. */
export function hostNotAllowed(host: string, ctx: DestinationContext): string {
    return (
        `${show(host)} is an outside host not on the egress allow-list (allowedHosts: ${[...ctx.allowedHosts].slice(0, 3).join(", ") || "none"}); ` +
        "traffic leaving the private ranges may go only to Stripe's API on TCP 443"
    );
}

/** Message for an allow-listed destination with traffic other than TCP 443. */
export function notHttpsOnly(text: string, traffic: string): string {
    return `${show(text)} is on the allow-list but the rule admits ${traffic}; allow only TCP 443 to it`;
}

/**
 * The violation (if any) of one destination range of a rule whose traffic is
 * described by `traffic`: true when exactly TCP 443, else what it admits,
 * UNKNOWN when preview leaves it open (read only when needed).
 */
export function rangeViolation(text: string, at: string, traffic: () => true | string | symbol | undefined, ctx: DestinationContext): Violation | undefined {
    if (text.trim() === "") {
        return undefined;
    }
    switch (classifyDestination(text, ctx)) {
        case "private":
            return undefined;
        case "unreadable":
            return { field: at, message: unreadable(text) };
        case "public":
            return publicDestination(text, at, ctx);
        case "allow-listed": {
            const t = traffic();
            return typeof t === "string" ? { field: at, message: notHttpsOnly(text, t) } : undefined;
        }
    }
}

/** The violation (if any) of one host name of a rule whose traffic is described by `traffic`. */
export function hostViolation(host: string, at: string, traffic: () => true | string | symbol | undefined, ctx: DestinationContext): Violation | undefined {
    if (!hostAllowed(host, ctx)) {
        return { field: at, message: hostNotAllowed(host, ctx) };
    }
    const t = traffic();
    return typeof t === "string" ? { field: at, message: notHttpsOnly(host, t) } : undefined;
}
