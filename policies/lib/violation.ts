// What a rule finds: the field at fault and a message that says what is wrong
// and what is allowed. Stack rules also say which resource.
import { StackResource } from "./stack";

export interface Violation {
    /** Path of the offending field ("ingress[0].cidrBlocks[1]"). */
    readonly field: string;
    readonly message: string;
    /**
     * "advisory" for what the pack reports but cannot call a violation (a TLS
     * policy newer than its pinned table, a group whose targets the stack does
     * not show); otherwise the policy's level.
     */
    readonly level?: "advisory";
    /**
     * Set when the verdict depends on the stack (a public IPv6 range that may
     * be a VPC's own, see ownRanges.ts): Analyze drops it, and the stack rule
     * judges the resource again with what the stack shows.
     */
    readonly deferred?: true;
}

export interface StackViolation extends Violation {
    readonly urn: string;
}

/** A rule over one resource's plain props. */
export type ResourceRule<C> = (props: Readonly<Record<string, unknown>>, config: C) => Violation[];

/**
 * Runs `body` for the resource `urn`: a fault in it is reported on that
 * resource (see policy.ts) and the rest of the stack is still judged.
 */
export type Guard = <T>(urn: string, body: () => T[]) => T[];

/** A rule over the whole stack. */
export type StackRule<C> = (resources: readonly StackResource[], config: C, guard: Guard) => StackViolation[];

/** The text reported to the engine for a violation. */
export function formatViolation(v: Violation): string {
    return `${v.field}: ${v.message}`;
}
