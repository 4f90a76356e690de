// Builders of Cloudflare Rules-language expressions. Every value that reaches
// an expression goes through one of these, so quoting is done once, right.
import { Cidr, formatCidr, readCidr } from "../../policies/net";

/** A string literal: double-quoted, with backslash and quote escaped. */
export function quote(value: string): string {
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** An inline IP set `{a b c}`; each item must be an address or canonical CIDR. */
export function ipSet(cidrs: readonly string[]): string {
    if (cidrs.length === 0) {
        throw new Error("an IP set needs at least one address: an empty set would match nothing and silently disable its rule");
    }
    const items = cidrs.map((c) => {
        const parsed = readCidr(c);
        if (!parsed || !parsed.canonical) {
            throw new Error(`"${c}" is not an IP address or canonical CIDR`);
        }
        return cloudflareIpText(parsed.cidr);
    });
    return `{${[...new Set(items)].join(" ")}}`;
}

/** A range as Cloudflare writes it: canonical, lower case, a single address bare. */
export function cloudflareIpText(cidr: Cidr): string {
    const text = formatCidr(cidr);
    return cidr.prefix === (cidr.version === 4 ? 32 : 128) ? text.slice(0, text.lastIndexOf("/")) : text;
}

/** A reference to a custom list: `$name`. */
export function listRef(name: string): string {
    if (!/^[a-z0-9_]{1,50}$/.test(name)) {
        throw new Error(`list name "${name}" must be 1-50 lowercase letters, digits or underscores`);
    }
    return `$${name}`;
}

/**
 * Requests whose path starts with `prefix`, compared in lower case: the
 * gateway routes by prefix and case-insensitively, so `/API/Webhooks/Stripe/`
 * must not slip past a rule written for `/api/webhooks/stripe`.
 */
export function pathStartsWith(prefix: string): string {
    if (!prefix.startsWith("/") || prefix !== prefix.toLowerCase()) {
        throw new Error(`path prefix "${prefix}" must start with "/" and be lower case`);
    }
    return `starts_with(lower(http.request.uri.path), ${quote(prefix)})`;
}

/** `ip.src in <set>`, for an inline set or a list reference. */
export function sourceIn(set: string): string {
    return `ip.src in ${set}`;
}

/** Conjunction; each operand is parenthesised so precedence never surprises. */
export function and(...operands: string[]): string {
    return operands.map((o) => `(${o})`).join(" and ");
}

export function not(operand: string): string {
    return `not (${operand})`;
}
