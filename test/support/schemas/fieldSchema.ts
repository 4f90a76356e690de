// A small typed schema for custom resources no package models: the fields a
// CRD's structural schema declares, their types and which are required, and
// a validator that holds an object against it the way the API server does
// (wrong types and missing required fields are rejected; unknown fields are
// pruned, which here is an error, since the object would not do what the
// code says).
import type { Problem } from "./declaredFields";

export type FieldSchema =
    | { readonly type: "string"; readonly enum?: readonly string[]; readonly pattern?: RegExp }
    | { readonly type: "integer"; readonly minimum?: number }
    | { readonly type: "boolean" }
    /** `x-kubernetes-int-or-string`. */
    | { readonly type: "int-or-string" }
    | ObjectSchema
    /** `additionalProperties: <values>`: any key. */
    | { readonly type: "map"; readonly values: FieldSchema }
    | { readonly type: "array"; readonly items: FieldSchema; readonly minItems?: number; readonly maxItems?: number }
    /** `x-kubernetes-preserve-unknown-fields`: kept as given; its meaning belongs to whoever reads it. */
    | { readonly type: "free-form" };

export interface ObjectSchema {
    readonly type: "object";
    readonly properties: Readonly<Record<string, FieldSchema>>;
    readonly required?: readonly string[];
}

export const STRING: FieldSchema = { type: "string" };
export const STRING_LIST: FieldSchema = { type: "array", items: STRING };
export const STRING_MAP: FieldSchema = { type: "map", values: STRING };

export function object(properties: Record<string, FieldSchema>, required: readonly string[] = []): ObjectSchema {
    return { type: "object", properties, required };
}

export function enumOf(...values: string[]): FieldSchema {
    return { type: "string", enum: values };
}

function at(path: string, key: string | number): string {
    return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

function typeName(v: unknown): string {
    return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/** Every way `value` at `path` differs from `schema`. */
export function checkField(schema: FieldSchema, value: unknown, path = ""): Problem[] {
    const wrong = (expected: string): Problem[] => [{ path, message: `must be ${expected}, is ${typeName(value)} ${JSON.stringify(value)}` }];
    switch (schema.type) {
        case "string":
            if (typeof value !== "string") {
                return wrong("a string");
            }
            if (schema.enum && !schema.enum.includes(value)) {
                return [{ path, message: `must be one of ${JSON.stringify(schema.enum)}, is ${JSON.stringify(value)}` }];
            }
            if (schema.pattern && !schema.pattern.test(value)) {
                return [{ path, message: `must match ${schema.pattern}, is ${JSON.stringify(value)}` }];
            }
            return [];
        case "integer":
            if (!Number.isInteger(value)) {
                return wrong("an integer");
            }
            return schema.minimum !== undefined && (value as number) < schema.minimum ? [{ path, message: `must be at least ${schema.minimum}` }] : [];
        case "boolean":
            return typeof value === "boolean" ? [] : wrong("a boolean");
        case "int-or-string":
            return Number.isInteger(value) || typeof value === "string" ? [] : wrong("an integer or a string");
        case "free-form":
            return typeof value === "object" && value !== null && !Array.isArray(value) ? [] : wrong("an object");
        case "array": {
            if (!Array.isArray(value)) {
                return wrong("an array");
            }
            const out: Problem[] = [];
            if (schema.minItems !== undefined && value.length < schema.minItems) {
                out.push({ path, message: `must have at least ${schema.minItems} items, has ${value.length}` });
            }
            if (schema.maxItems !== undefined && value.length > schema.maxItems) {
                out.push({ path, message: `must have at most ${schema.maxItems} items, has ${value.length}` });
            }
            value.forEach((v, i) => out.push(...checkField(schema.items, v, at(path, i))));
            return out;
        }
        case "map":
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                return wrong("an object");
            }
            return Object.entries(value).flatMap(([k, v]) => checkField(schema.values, v, at(path, k)));
        case "object": {
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                return wrong("an object");
            }
            const out: Problem[] = [];
            for (const key of schema.required ?? []) {
                if ((value as Record<string, unknown>)[key] === undefined) {
                    out.push({ path: at(path, key), message: "is required" });
                }
            }
            for (const [key, v] of Object.entries(value)) {
                const field = schema.properties[key];
                if (field === undefined) {
                    out.push({ path: at(path, key), message: "is not a field of the schema (the API server would drop it)" });
                } else {
                    out.push(...checkField(field, v, at(path, key)));
                }
            }
            return out;
        }
    }
}
