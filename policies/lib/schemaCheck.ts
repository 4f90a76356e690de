// The pack's own check of a config value against the JSON schema it declares
// for it. The CLI validates config against the same schema before it
// configures the pack, but the pack cannot count on that (a client that is not
// the CLI, a schema keyword a validator reads differently), and a value it
// cannot read must never fail a call with a stack trace: it is reported once
// and left out (lib/config.ts). Only the keywords below are implemented, and
// the pack's schemas use no others (a test holds both to that): each means the
// same in drafts 4, 6 and 7 and in gojsonschema, which the CLI uses.
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** The JSON-schema keywords the pack's config schemas use, and all this checker implements. */
export const SCHEMA_KEYWORDS: readonly string[] = [
    "type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "items", "minItems", "maxItems",
    "properties", "required", "additionalProperties", "description", "default",
];

/** One thing wrong with a value: where below it ("" for itself, "[2]", ".urn") and what. */
export interface SchemaProblem {
    readonly at: string;
    readonly problem: string;
}

function typeName(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    return typeof v;
}

function article(type: string): string {
    return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function hasType(v: unknown, t: string): boolean {
    const actual = typeName(v);
    return actual === t || (t === "number" && actual === "integer");
}

// Compiled once per pattern: a config is read once per run, but its lists may be long.
const compiled = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
    let re = compiled.get(pattern);
    if (!re) {
        re = new RegExp(pattern, "u");
        compiled.set(pattern, re);
    }
    return re;
}

/** Shows a value in a message, cut short. */
export function showValue(v: unknown): string {
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Everything wrong with `value` under `schema` (empty: it conforms). Messages say what is allowed, in words where the schema has a description. */
export function schemaProblems(value: unknown, schema: PolicyConfigJSONSchema, at = ""): SchemaProblem[] {
    const out: SchemaProblem[] = [];
    if (schema.type !== undefined) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        if (!types.some((t) => hasType(value, t))) {
            return [{ at, problem: `is ${article(typeName(value))}, not ${types.map(article).join(" or ")}` }];
        }
    }
    if (schema.enum !== undefined && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        out.push({ at, problem: `is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}` });
    }
    if (typeof value === "string") {
        const tooShort = schema.minLength !== undefined && [...value].length < schema.minLength;
        const tooLong = schema.maxLength !== undefined && [...value].length > schema.maxLength;
        if (tooShort || tooLong || (schema.pattern !== undefined && !regex(schema.pattern).test(value))) {
            const bounds = tooLong ? ` (at most ${schema.maxLength} characters)` : tooShort ? ` (at least ${schema.minLength} characters)` : "";
            out.push({ at, problem: `is not ${schema.description ?? `text matching ${schema.pattern}`}${bounds}` });
        }
    }
    if (typeof value === "number" && ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum))) {
        out.push({ at, problem: `is not ${schema.description ?? `a number from ${schema.minimum ?? "-∞"} to ${schema.maximum ?? "∞"}`}` });
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) {
            out.push({ at, problem: `has ${value.length} entries, at least ${schema.minItems} are needed` });
        }
        if (schema.maxItems !== undefined && value.length > schema.maxItems) {
            out.push({ at, problem: `has ${value.length} entries, at most ${schema.maxItems} are allowed` });
        }
        const items = schema.items;
        if (items !== undefined && typeof items === "object" && !Array.isArray(items)) {
            value.forEach((v, i) => out.push(...schemaProblems(v, items, `${at}[${i}]`)));
        }
    }
    if (typeName(value) === "object") {
        const obj = value as Record<string, unknown>;
        for (const key of schema.required ?? []) {
            if (!(key in obj)) {
                out.push({ at, problem: `has no "${key}"` });
            }
        }
        for (const [key, v] of Object.entries(obj)) {
            const sub = schema.properties?.[key];
            if (sub !== undefined && typeof sub === "object") {
                out.push(...schemaProblems(v, sub, `${at}.${key}`));
            } else if (sub === undefined && schema.additionalProperties === false) {
                out.push({ at, problem: `has "${key}", which is not one of ${Object.keys(schema.properties ?? {}).map((k) => `"${k}"`).join(", ")}` });
            }
        }
    }
    return out;
}

/** Every keyword a schema uses, at any depth (for the test that the pack uses only SCHEMA_KEYWORDS). */
export function keywordsOf(schema: PolicyConfigJSONSchema): Set<string> {
    const out = new Set<string>(Object.keys(schema));
    const nested: unknown[] = [schema.items, schema.additionalProperties, ...Object.values(schema.properties ?? {})];
    for (const n of nested) {
        if (n !== null && typeof n === "object" && !Array.isArray(n)) {
            keywordsOf(n as PolicyConfigJSONSchema).forEach((k) => out.add(k));
        }
    }
    return out;
}
