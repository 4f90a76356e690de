// What a rule finds: the field at fault and a message that says what is wrong
// and what is allowed. Stack rules also say which resource.
import { StackResource } from "./stack";

export interface Violation {
    /** Path of the offending field ("ingress[0].cidrBlocks[1]"). */
    readonly field: string;
    readonly message: string;
}

export interface StackViolation extends Violation {
    readonly urn: string;
}

/** A rule over one resource's plain props. */
export type ResourceRule<C> = (props: Readonly<Record<string, unknown>>, config: C) => Violation[];

/** A rule over the whole stack. */
export type StackRule<C> = (resources: readonly StackResource[], config: C) => StackViolation[];

/** The text reported to the engine for a violation. */
export function formatViolation(v: Violation): string {
    return `${v.field}: ${v.message}`;
}
