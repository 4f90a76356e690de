// Readers of what the edge registered: the addresses an expression's inline
// IP set admits, and the rules of a ruleset by ref.
import { strict as assert } from "assert";

/** The addresses of the first inline IP set in a Rules-language expression. */
export function ipSetOf(expression: string): string[] {
    const m = /ip\.src in \{([^}]*)\}/.exec(expression);
    assert.ok(m, `no inline IP set in ${expression}`);
    return m[1].split(" ");
}

/** Stripe's webhook list as an expression writes it (single addresses bare). */
export function bare(cidrs: readonly string[]): string[] {
    return cidrs.map((c) => c.replace(/\/(32|128)$/, ""));
}
