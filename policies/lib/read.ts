// Reading resource properties as plain data with unknowns as a third state.
//
// During preview the engine sends values it cannot know yet as sentinel
// strings. @pulumi/policy wraps props in a proxy that throws on the first
// sentinel it meets, which would skip the whole rule for the resource — and
// with it any violation already visible in another field. So rules unwrap the
// proxy once and read through these helpers, which turn a sentinel into
// UNKNOWN instead of throwing.

/** A value the engine does not know yet (preview). */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** A read value: present, absent (undefined), or not known yet. */
export type Read<T> = T | undefined | Unknown;

// The engine (Go) marshals every unknown as the string sentinel; SDKs have
// used one sentinel per type. All are protocol constants.
const SENTINELS: ReadonlySet<string> = new Set([
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The engine's wire sentinel for an unknown value (what tests and tools send). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True for the engine's unknown sentinels. */
export function isSentinel(value: unknown): boolean {
    return typeof value === "string" && value.length === 36 && SENTINELS.has(value);
}

// @pulumi/policy's proxy hands back its target for this key (proxy.js). Not
// public API (1.21.0 offers none for this): the version is pinned exactly and
// test/policies/lib/sdkInternals.test.ts fails if an upgrade changes it.
const PROXY_TARGET = "__getSpecialProxyTarget";

/** The plain object behind @pulumi/policy's unknown-checking proxy (or the value itself). */
export function plain(props: unknown): Record<string, unknown> {
    if (props === null || typeof props !== "object") {
        return {};
    }
    const target = (props as Record<string, unknown>)[PROXY_TARGET];
    return (target && typeof target === "object" ? target : props) as Record<string, unknown>;
}

/** A field of an object that may itself be absent or unknown. */
export function field(obj: Read<Record<string, unknown>>, key: string): unknown {
    if (obj === undefined || obj === UNKNOWN) {
        return obj;
    }
    // Own properties only: a key such as "constructor" must not find Object.prototype's members.
    return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function readString(value: unknown): Read<string> {
    if (value === UNKNOWN || isSentinel(value)) {
        return UNKNOWN;
    }
    return typeof value === "string" ? value : undefined;
}

/** Numbers, and strings that are integers ("443"); anything else is absent. */
export function readNumber(value: unknown): Read<number> {
    if (value === UNKNOWN || isSentinel(value)) {
        return UNKNOWN;
    }
    if (typeof value === "number" && Number.isFinite(value)) {
        return value;
    }
    if (typeof value === "string" && /^-?[0-9]+$/.test(value.trim())) {
        return Number(value.trim());
    }
    return undefined;
}

/**
 * A value that is there but that its consumer does not accept as what it
 * should be (a "yes" where a boolean goes). Rules judge it as the exposed
 * case: the pack cannot vouch for what the consumer will do with it.
 */
export const INVALID: unique symbol = Symbol("invalid");
export type Invalid = typeof INVALID;

/** Who reads a boolean, and so which spellings mean true and false. */
export type BoolDialect =
    /** The Terraform-bridged providers (AWS, Cloudflare): cty and tftypes accept true/false, "true"/"false", "1"/"0" and 1/0; "True" is an error. */
    | "terraform"
    /** Go's strconv.ParseBool (Kubernetes controllers reading annotations): 1, t, T, TRUE, true, True and their false forms. */
    | "go";

const GO_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const GO_FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** A boolean as `dialect` reads it: true, false, absent, unknown, or INVALID (present but not a boolean to its reader). */
export function readFlag(value: unknown, dialect: BoolDialect = "terraform"): Read<boolean> | Invalid {
    if (value === UNKNOWN || isSentinel(value)) {
        return UNKNOWN;
    }
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value === "boolean") {
        return value;
    }
    if (dialect === "go") {
        return typeof value === "string" && GO_TRUE.has(value) ? true : typeof value === "string" && GO_FALSE.has(value) ? false : INVALID;
    }
    if (value === "true" || value === "1" || value === 1) {
        return true;
    }
    if (value === "false" || value === "0" || value === 0) {
        return false;
    }
    return INVALID;
}

/** A provider boolean (see readFlag's "terraform"), with INVALID read as absent: for fields whose absence and invalidity mean the same. */
export function readBool(value: unknown): Read<boolean> {
    const v = readFlag(value);
    return v === INVALID ? undefined : v;
}

/**
 * A port number as the AWS provider reads an integer input: a number is
 * truncated toward zero (the bridge's int(v)), a string must be decimal
 * digits (strconv.ParseInt); anything else is INVALID.
 */
export function readPort(value: unknown): Read<number> | Invalid {
    if (value === UNKNOWN || isSentinel(value)) {
        return UNKNOWN;
    }
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value === "number") {
        return Number.isFinite(value) ? Math.trunc(value) : INVALID;
    }
    if (typeof value === "string" && /^[+-]?[0-9]+$/.test(value)) {
        return Number(value);
    }
    return INVALID;
}

export function readArray(value: unknown): Read<readonly unknown[]> {
    if (value === UNKNOWN || isSentinel(value)) {
        return UNKNOWN;
    }
    return Array.isArray(value) ? value : undefined;
}

export function readObject(value: unknown): Read<Record<string, unknown>> {
    if (value === UNKNOWN || isSentinel(value)) {
        return UNKNOWN;
    }
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Elements of an array field; absent gives none, unknown gives UNKNOWN. */
export function elements(value: unknown): readonly unknown[] | Unknown {
    const arr = readArray(value);
    return arr === undefined ? [] : arr;
}

/** Human form of a value for messages. */
export function show(value: unknown): string {
    if (value === UNKNOWN || isSentinel(value)) {
        return "(unknown until apply)";
    }
    if (value === undefined) {
        return "(not set)";
    }
    if (value === INVALID) {
        return "(a value its consumer does not read)";
    }
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
}
