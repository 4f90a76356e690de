// The one judgement egress rules share: may traffic go to this range? Private
// ranges always; public ones only when the range lies inside the allow-list
// and the traffic is exactly TCP 443.
import { parseCidr } from "../net/cidr";
import { CidrSet } from "../net/cidrSet";
import { show } from "../lib/read";

export interface DestinationContext {
    readonly stripeApiCidrs: CidrSet;
    readonly privateCidrs: CidrSet;
}

/** Where a destination range falls; undefined when the text is not a range at all. */
export type DestinationClass = "private" | "allow-listed" | "public";

export function classifyDestination(text: string, ctx: DestinationContext): DestinationClass | undefined {
    const cidr = parseCidr(text);
    if (!cidr) {
        return undefined;
    }
    if (ctx.privateCidrs.covers(cidr)) {
        return "private";
    }
    return ctx.stripeApiCidrs.covers(cidr) ? "allow-listed" : "public";
}

/** Message for a public destination outside the allow-list. */
export function notAllowListed(text: string, ctx: DestinationContext): string {
    return (
        `${show(text)} is a public destination outside the egress allow-list; traffic leaving the private ranges may go only to ` +
        `Stripe's API addresses (${ctx.stripeApiCidrs.summary(3)}) on TCP 443 — reach other services through a VPC endpoint or a private range`
    );
}

/** Message for an allow-listed destination with traffic other than TCP 443. */
export function notHttpsOnly(text: string, traffic: string): string {
    return `${show(text)} is on the allow-list but the rule admits ${traffic}; allow only TCP 443 to it`;
}
