// The Analyze and AnalyzeStack messages encoded straight from the wire-form
// values, without building google-protobuf's objects first. The offline plan
// encodes every resource twice (its Analyze request, its AnalyzeStack entry)
// while the program runs; google-protobuf built a message object per value
// and then walked it again to encode it, which cost more than the pack's own
// decoding. The bytes are exactly those of google-protobuf's serializeBinary
// for the same input (test/tools/analyzer/encode.test.ts holds them equal on
// every resource of the stacks and on generated values): fields in the order
// its generated code writes them, proto3 defaults left out as it leaves them
// out, a map's entries sorted by key as jspb.Map sorts them. Values it cannot
// encode as google-protobuf does (a number that is not finite, a string with
// a lone surrogate) make `encode*` return undefined: the caller then asks
// google-protobuf.
import type { AnalyzeInput, ResourceOptions, StackInput } from "./client";

/** Sizes of nested messages, in the order the writer meets them (computed first, so each length prefix is known). */
type Sizes = number[];

class Unencodable extends Error {}

/** A surrogate that is not half of a pair: UTF-8 has no encoding for it, and encoders differ in what they write. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function varintSize(n: number): number {
    let size = 1;
    while (n > 0x7f) {
        n = Math.floor(n / 128);
        size++;
    }
    return size;
}

function stringSize(s: string): number {
    if (LONE_SURROGATE.test(s)) {
        throw new Unencodable();
    }
    return Buffer.byteLength(s, "utf8");
}

/** Size of a length-delimited field (tag, length, body). */
function delimited(body: number): number {
    return 1 + varintSize(body) + body;
}

/** google.protobuf.Value's body size; nested sizes pushed to `sizes` in write order. */
function valueSize(v: unknown, sizes: Sizes): number {
    if (v === null) {
        return 2; // null_value = 1: tag, 0
    }
    switch (typeof v) {
        case "string":
            return delimited(stringSize(v));
        case "number":
            if (!Number.isFinite(v)) {
                throw new Unencodable();
            }
            return 9; // number_value = 2: tag, 8 bytes
        case "boolean":
            return 2;
        case "object": {
            const at = sizes.length;
            sizes.push(0);
            const body = Array.isArray(v) ? listSize(v, sizes) : structSize(v as Record<string, unknown>, sizes);
            sizes[at] = body;
            return delimited(body);
        }
        default:
            // What google-protobuf's Value.fromJavaScript throws on (undefined, a function, ...).
            throw new Error("Unexpected struct type.");
    }
}

function listSize(values: readonly unknown[], sizes: Sizes): number {
    let size = 0;
    for (const v of values) {
        const at = sizes.length;
        sizes.push(0);
        const body = valueSize(v, sizes);
        sizes[at] = body;
        size += delimited(body);
    }
    return size;
}

function structSize(obj: Record<string, unknown>, sizes: Sizes): number {
    let size = 0;
    for (const key of Object.keys(obj).sort()) {
        const entryAt = sizes.length;
        sizes.push(0);
        const valueAt = sizes.length;
        sizes.push(0);
        const value = valueSize(obj[key], sizes);
        sizes[valueAt] = value;
        const entry = delimited(stringSize(key)) + delimited(value);
        sizes[entryAt] = entry;
        size += delimited(entry);
    }
    return size;
}

/** Where a struct's writer is in the sizes its sizing pass recorded. */
interface Cursor {
    readonly sizes: Sizes;
    next: number;
}

class Writer {
    private at = 0;
    readonly bytes: Buffer;
    private readonly view: DataView;

    constructor(size: number) {
        this.bytes = Buffer.allocUnsafe(size);
        this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    }

    get written(): number {
        return this.at;
    }

    byte(b: number): void {
        this.bytes[this.at++] = b;
    }

    varint(n: number): void {
        while (n > 0x7f) {
            this.bytes[this.at++] = (n & 0x7f) | 0x80;
            n = Math.floor(n / 128);
        }
        this.bytes[this.at++] = n;
    }

    /** A length-delimited string field (written even when empty: callers leave out proto3 defaults). */
    string(tag: number, s: string): void {
        this.byte(tag);
        this.varint(Buffer.byteLength(s, "utf8"));
        this.at += this.bytes.write(s, this.at, "utf8");
    }

    /** The tag and length of a nested message whose size the sizing pass recorded. */
    private nested(tag: number, c: Cursor): void {
        this.byte(tag);
        this.varint(c.sizes[c.next++]);
    }

    private value(v: unknown, c: Cursor): void {
        if (v === null) {
            this.byte(0x08); // null_value = 1
            this.byte(0);
            return;
        }
        switch (typeof v) {
            case "string":
                this.string(0x1a, v); // string_value = 3
                return;
            case "number":
                this.byte(0x11); // number_value = 2
                this.view.setFloat64(this.at, v, true);
                this.at += 8;
                return;
            case "boolean":
                this.byte(0x20); // bool_value = 4
                this.byte(v ? 1 : 0);
                return;
            default:
                if (Array.isArray(v)) {
                    this.nested(0x32, c); // list_value = 6
                    for (const item of v) {
                        this.nested(0x0a, c); // values = 1
                        this.value(item, c);
                    }
                } else {
                    this.nested(0x2a, c); // struct_value = 5
                    this.entries(v as Record<string, unknown>, c);
                }
        }
    }

    /** A Struct's body: map<string, Value> fields = 1, one entry { key = 1, value = 2 } per key, sorted. */
    entries(obj: Record<string, unknown>, c: Cursor): void {
        for (const key of Object.keys(obj).sort()) {
            this.nested(0x0a, c);
            const value = c.sizes[c.next++];
            this.string(0x0a, key);
            this.byte(0x12);
            this.varint(value);
            this.value(obj[key], c);
        }
    }
}

/** Fields of a message given as [size, write] so that a message's size is known before it is written. */
interface Part {
    readonly size: number;
    write(w: Writer): void;
}

function str(tag: number, s: string | undefined): Part[] {
    return s ? [{ size: delimited(stringSize(s)), write: (w) => w.string(tag, s) }] : [];
}

function strs(tag: number, values: readonly string[] | undefined): Part[] {
    return (values ?? []).map((s) => ({ size: delimited(stringSize(s)), write: (w) => w.string(tag, s) }));
}

function bool(tag: number, b: boolean | undefined): Part[] {
    return b ? [{ size: 2, write: (w) => (w.byte(tag), w.byte(1)) }] : [];
}

function message(tag: number, parts: readonly Part[]): Part {
    const body = parts.reduce((n, p) => n + p.size, 0);
    return {
        size: delimited(body),
        write: (w) => {
            w.byte(tag);
            w.varint(body);
            for (const p of parts) {
                p.write(w);
            }
        },
    };
}

/** A Struct field: sized now, written from the sizes it recorded. */
function struct(tag: number, props: Readonly<Record<string, unknown>>): Part {
    const sizes: Sizes = [];
    const body = structSize(props as Record<string, unknown>, sizes);
    return {
        size: delimited(body),
        write: (w) => {
            w.byte(tag);
            w.varint(body);
            w.entries(props as Record<string, unknown>, { sizes, next: 0 });
        },
    };
}

/** A map entry's key: written even when empty, as jspb.Map writes it. */
function key(s: string): Part {
    return { size: delimited(stringSize(s)), write: (w) => w.string(0x0a, s) };
}

/** AnalyzerResourceOptions as the client fills it (client.ts, `options`): custom timeouts always set, and empty. */
function options(tag: number, o: ResourceOptions = {}): Part {
    return message(tag, [
        ...bool(0x08, o.protect), // protect = 1
        ...strs(0x12, o.ignoreChanges), // ignoreChanges = 2
        ...bool(0x18, o.deleteBeforeReplace), // deleteBeforeReplace = 3
        ...bool(0x20, o.deleteBeforeReplace !== undefined), // deleteBeforeReplaceDefined = 4
        ...strs(0x2a, o.additionalSecretOutputs), // additionalSecretOutputs = 5
        ...strs(0x32, o.aliases), // aliases = 6
        message(0x3a, []), // customTimeouts = 7
        ...str(0x42, o.parent), // parent = 8
    ]);
}

function encode(parts: readonly Part[]): Buffer {
    const size = parts.reduce((n, p) => n + p.size, 0);
    const w = new Writer(size);
    for (const p of parts) {
        p.write(w);
    }
    if (w.written !== size) {
        throw new Error(`encoder wrote ${w.written} bytes of ${size}`);
    }
    return w.bytes;
}

function orUndefined(body: () => Buffer): Buffer | undefined {
    try {
        return body();
    } catch (e) {
        if (e instanceof Unencodable) {
            return undefined;
        }
        throw e;
    }
}

/** An AnalyzeRequest's bytes (client.ts, analyzeRequest), or undefined when google-protobuf must encode it. */
export function encodeAnalyzeRequest(r: AnalyzeInput): Buffer | undefined {
    return orUndefined(() =>
        encode([
            ...str(0x0a, r.type), // type = 1
            struct(0x12, r.properties), // properties = 2
            ...str(0x1a, r.urn), // urn = 3
            ...str(0x22, r.name), // name = 4
            options(0x2a, r.options), // options = 5
        ]),
    );
}

/** An AnalyzerResource's bytes (client.ts, stackEntry), or undefined when google-protobuf must encode it. */
export function encodeStackEntry(r: StackInput): Buffer | undefined {
    return orUndefined(() => {
        const deps = Object.keys(r.propertyDependencies)
            .filter((k) => r.propertyDependencies[k].length > 0) // the engine leaves out properties with no dependencies
            .sort()
            .map((k) => message(0x4a, [key(k), message(0x12, strs(0x0a, r.propertyDependencies[k]))]));
        return encode([
            ...str(0x0a, r.type), // type = 1
            struct(0x12, r.properties), // properties = 2
            ...str(0x1a, r.urn), // urn = 3
            ...str(0x22, r.name), // name = 4
            options(0x2a, r.options), // options = 5
            ...str(0x3a, r.parent), // parent = 7
            ...strs(0x42, r.dependencies), // dependencies = 8
            ...deps, // propertyDependencies = 9: entries { key = 1, value = 2 }
        ]);
    });
}
