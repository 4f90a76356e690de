// A JSON Schema (draft-04) validator for the keywords the SARIF 2.1.0 schema
// uses: type, required, properties, additionalProperties, items, $ref to
// #/definitions, enum, minimum, maximum, minItems, uniqueItems, pattern,
// anyOf, oneOf. Formats are not checked. Enough to hold the plan's SARIF to
// the published schema without a validator dependency.
type Schema = Record<string, any>;

function typeOf(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    return typeof v;
}

function matchesType(v: unknown, t: string): boolean {
    const actual = typeOf(v);
    return actual === t || (t === "number" && actual === "integer");
}

/** Problems of `value` against `schema` (empty when it is valid), each with its JSON path. */
export function validate(value: unknown, schema: Schema, root: Schema = schema, at = "$"): string[] {
    if (schema.$ref) {
        const m = /^#\/definitions\/(.+)$/.exec(schema.$ref);
        if (!m || !root.definitions?.[m[1]]) {
            return [`${at}: unresolvable $ref ${schema.$ref}`];
        }
        return validate(value, root.definitions[m[1]], root, at);
    }
    const out: string[] = [];
    if (schema.type !== undefined) {
        const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
        if (!types.some((t) => matchesType(value, t))) {
            return [`${at}: is ${typeOf(value)}, must be ${types.join(" or ")}`];
        }
    }
    if (schema.enum && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) {
        out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: ${value} < minimum ${schema.minimum}`);
        if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: ${value} > maximum ${schema.maximum}`);
    }
    if (typeof value === "string" && schema.pattern && !new RegExp(schema.pattern, "u").test(value)) {
        out.push(`${at}: "${value}" does not match ${schema.pattern}`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: fewer than ${schema.minItems} items`);
        if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) out.push(`${at}: items are not unique`);
        if (schema.items) value.forEach((v, i) => out.push(...validate(v, schema.items, root, `${at}[${i}]`)));
    }
    if (typeOf(value) === "object") {
        const obj = value as Record<string, unknown>;
        for (const key of schema.required ?? []) {
            if (!(key in obj)) out.push(`${at}: missing required property "${key}"`);
        }
        for (const [key, v] of Object.entries(obj)) {
            if (schema.properties?.[key]) {
                out.push(...validate(v, schema.properties[key], root, `${at}.${key}`));
            } else if (schema.additionalProperties === false) {
                out.push(`${at}: property "${key}" is not allowed`);
            } else if (typeof schema.additionalProperties === "object") {
                out.push(...validate(v, schema.additionalProperties, root, `${at}.${key}`));
            }
        }
    }
    if (schema.anyOf && !schema.anyOf.some((s: Schema) => validate(value, s, root, at).length === 0)) {
        out.push(`${at}: matches none of anyOf`);
    }
    if (schema.oneOf && schema.oneOf.filter((s: Schema) => validate(value, s, root, at).length === 0).length !== 1) {
        out.push(`${at}: does not match exactly one of oneOf`);
    }
    return out;
}
