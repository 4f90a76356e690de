// Reads and validates stack config values. Every problem is recorded with the
// key, the value and what is allowed, and all of them are reported together
// before any resource is registered. A key whose value is refused once is
// judged no further, and checks that build on it stay quiet, so one bad value
// gives one message.
import { Cidr, CidrSet, contains, formatCidr, IpVersion, overlaps, parseCidr, readCidr } from "../../policies/net";
import { ConfigDeclaration, contentOfText, DeclaredType, emptyValueProblem, isEmptyContent, unknownKeyProblem } from "./declarations";

export { DeclaredType } from "./declarations";

/** Where raw values come from: `pulumi.Config` satisfies this. */
export interface ConfigSource {
    get(key: string): string | undefined;
    /**
     * Every key set for the stack, fully qualified ("tickettoken:azCount",
     * "aws:region"), to its value: `pulumi.runtime.allConfig()`. When given,
     * keys of the namespace that nothing declares are refused, and provider
     * settings can be checked.
     */
    all?(): Readonly<Record<string, string>>;
}

/** One bad value. */
export interface ConfigProblem {
    /** Fully qualified key, e.g. "tickettoken:azCount". */
    readonly key: string;
    /** The value as given (undefined when missing, null when written as null). */
    readonly value: string | undefined | null;
    /** What is allowed instead. */
    readonly allowed: string;
    /** Where the value came from when that is not the stack file ("--config"). */
    readonly origin?: string;
}

/** Longest value a message echoes; longer ones are cut, with their length. */
export const ECHO_LIMIT = 100;

/** A value as a message shows it: quoted, and cut when long. */
export function echo(value: string): string {
    return value.length <= ECHO_LIMIT ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, ECHO_LIMIT))}... (${value.length} characters)`;
}

/** One problem as a line: key, value, where it came from, what is allowed. */
export function describeProblem(p: ConfigProblem): string {
    const given = p.value === undefined ? "is not set" : p.value === null ? "is null" : `= ${echo(p.value)}`;
    const origin = p.origin ? ` (from ${p.origin})` : "";
    return `${p.key} ${given}${origin}: ${p.allowed}`;
}

const describe = describeProblem;

/** Thrown when stack config is invalid; lists every bad value. */
export class ConfigError extends Error {
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(
            problems.length === 1
                ? `Invalid stack config: ${describe(problems[0])}`
                : `Invalid stack config (${problems.length} problems):\n${problems.map((p) => `  - ${describe(p)}`).join("\n")}`,
        );
        this.name = "ConfigError";
    }
}

/** Limits for a CIDR value. */
export interface CidrRule {
    /** IP version required. @default 4 */
    readonly version?: IpVersion;
    /** Smallest prefix length allowed (widest range). @default 0 */
    readonly minPrefix?: number;
    /** Largest prefix length allowed (narrowest range). @default 32 for IPv4 */
    readonly maxPrefix?: number;
    /** Reject 0.0.0.0/0-like "everything" ranges, and lists whose ranges together are everything. @default false */
    readonly forbidEverything?: boolean;
    /** Most addresses a list may hold, its ranges taken together. @default no limit */
    readonly maxAddresses?: bigint;
    /** Most ranges a list may hold. @default no limit */
    readonly maxItems?: number;
    /** Reject ranges inside private and special-purpose ones (RFC 1918, loopback, link-local, CGNAT, multicast, ULA): the value names internet sources. @default false */
    readonly publicOnly?: boolean;
}

/**
 * Ranges no internet source address comes from (IANA special-purpose
 * registries, RFC 6890): private, shared (CGNAT), loopback, link-local,
 * "this network", multicast and reserved; unique-local and link-local IPv6.
 */
export const NOT_INTERNET_SOURCES: readonly Cidr[] = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4",
    "::/127", "fc00::/7", "fe80::/10", "ff00::/8",
].map((c) => parseCidr(c)!);

/** Rules that apply to every declared key, and problems found before reading. */
export interface ReaderOptions {
    /**
     * The project's own key declarations (Pulumi.yaml). When given, every
     * declared key is checked for an empty value, and (with `source.all`)
     * keys of the namespace that are not declared are refused.
     */
    readonly declarations?: Readonly<Record<string, ConfigDeclaration>>;
    /** Problems found before the program ran (the CLI's own checks); their keys are judged no further. */
    readonly prior?: readonly ConfigProblem[];
}

/**
 * Typed accessors over a config source. Each accessor returns a usable value
 * even when the raw one is bad (so reading can go on and every problem is
 * found), and `finish()` throws if anything was wrong.
 */
export class ConfigReader {
    private readonly problems: ConfigProblem[] = [];
    private readonly read = new Map<string, DeclaredType>();
    /** Fully qualified keys whose value was refused as a whole: read as unset, judged no further. */
    private readonly silenced = new Set<string>();

    constructor(
        private readonly source: ConfigSource,
        private readonly namespace: string,
        options: ReaderOptions = {},
    ) {
        for (const p of options.prior ?? []) {
            this.problems.push(p);
            this.silenced.add(p.key);
        }
        if (options.declarations) {
            this.checkDeclared(options.declarations);
        }
    }

    /** The fully qualified form of a key. */
    qualify(key: string): string {
        return `${this.namespace}:${key}`;
    }

    /** Records a problem found by a check that spans several keys (none for a key already refused as a whole). */
    reject(key: string, value: string | undefined, allowed: string): void {
        this.rejectQualified(this.qualify(key), value, allowed);
    }

    /** Records a problem of a fully qualified key, such as a provider setting ("aws:region"). */
    rejectQualified(key: string, value: string | undefined, allowed: string): void {
        if (!this.silenced.has(key)) {
            this.problems.push({ key, value, allowed });
        }
    }

    /** Whether a problem was recorded for `key` (checks that build on its value can then stay quiet). */
    rejected(key: string): boolean {
        return this.rejectedQualified(this.qualify(key));
    }

    /** Whether a problem was recorded for a fully qualified key. */
    rejectedQualified(key: string): boolean {
        return this.silenced.has(key) || this.problems.some((p) => p.key === key);
    }

    /** A setting outside the namespace ("aws:region"), when the source lists every key; undefined when unset or unknown. */
    setting(qualifiedKey: string): string | undefined {
        return this.source.all?.()[qualifiedKey];
    }

    /** Refuses a value as a whole: recorded once, and the key reads as unset from now on. */
    private refuse(key: string, value: string | undefined, allowed: string): void {
        this.problems.push({ key, value, allowed });
        this.silenced.add(key);
    }

    /**
     * The rules every declared key obeys, whatever reads it: no key of the
     * namespace that Pulumi.yaml does not declare, and no empty value unless
     * the key's own default is empty.
     */
    private checkDeclared(declarations: Readonly<Record<string, ConfigDeclaration>>): void {
        const declared = Object.keys(declarations);
        const prefix = `${this.namespace}:`;
        for (const [key, value] of Object.entries(this.source.all?.() ?? {})) {
            const name = key.slice(prefix.length);
            if (key.startsWith(prefix) && !Object.hasOwn(declarations, name) && !this.silenced.has(key)) {
                this.refuse(key, value, unknownKeyProblem(name, declared));
            }
        }
        for (const [key, decl] of Object.entries(declarations)) {
            const qualified = this.qualify(key);
            const value = this.source.get(key);
            if (value === undefined || this.silenced.has(qualified)) {
                continue; // unset: the accessor that reads it says whether it is required
            }
            // Types are the CLI's to check before the program runs (and every
            // accessor checks its own, with the range it allows); emptiness is not.
            const empty = isEmptyContent(contentOfText(value, decl)) ? emptyValueProblem(decl, false) : undefined;
            if (empty !== undefined) {
                this.refuse(qualified, value, `is empty: ${empty}`);
            }
        }
    }

    /** Every key read so far, with the type it was read as (to check Pulumi.yaml declares the same). */
    keysRead(): ReadonlyMap<string, DeclaredType> {
        return this.read;
    }

    private raw(key: string, type: DeclaredType): string | undefined {
        this.read.set(key, type);
        if (this.silenced.has(this.qualify(key))) {
            return undefined;
        }
        const value = this.source.get(key);
        if (value === undefined) {
            this.reject(key, undefined, "required; declare a default for it in Pulumi.yaml or set it in the stack file");
        }
        return value;
    }

    /** A string matching `pattern`. */
    string(key: string, pattern: RegExp, allowed: string): string {
        const value = this.raw(key, "string");
        if (value !== undefined && !pattern.test(value)) {
            this.reject(key, value, allowed);
        }
        return value ?? "";
    }

    /** One of a closed set of strings. */
    oneOf<T extends string>(key: string, allowed: readonly T[]): T {
        const value = this.raw(key, "string");
        if (value !== undefined && (allowed as readonly string[]).includes(value)) {
            return value as T;
        }
        if (value !== undefined) {
            this.reject(key, value, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
        }
        return allowed[0];
    }

    /** An integer in [min, max]. */
    integer(key: string, min: number, max: number): number {
        const value = this.raw(key, "integer");
        const n = value === undefined ? NaN : Number(value);
        if (value !== undefined && (!/^-?[0-9]+$/.test(value.trim()) || n < min || n > max)) {
            this.reject(key, value, `must be an integer from ${min} to ${max}`);
        }
        return Number.isInteger(n) ? Math.min(Math.max(n, min), max) : min;
    }

    /** An integer from a fixed list (e.g. CloudWatch retention periods). */
    integerIn(key: string, allowed: readonly number[]): number {
        const value = this.raw(key, "integer");
        const n = Number(value);
        if (value !== undefined && !(/^[0-9]+$/.test(value.trim()) && allowed.includes(n))) {
            this.reject(key, value, `must be one of ${allowed.join(", ")}`);
            return allowed[0];
        }
        return value === undefined ? allowed[0] : n;
    }

    /** true or false. */
    boolean(key: string): boolean {
        const value = this.raw(key, "boolean");
        if (value !== undefined && value !== "true" && value !== "false") {
            this.reject(key, value, "must be true or false");
        }
        return value === "true";
    }

    private checkCidr(key: string, text: string, rule: CidrRule, where: string): string | undefined {
        const version = rule.version ?? 4;
        const maxBits = version === 4 ? 32 : 128;
        const minPrefix = rule.minPrefix ?? 0;
        const maxPrefix = rule.maxPrefix ?? maxBits;
        const parsed = typeof text === "string" ? readCidr(text) : undefined;
        const shape = `an IPv${version} CIDR like ${version === 4 ? "10.0.0.0/16" : "2001:db8::/32"} with a prefix from /${minPrefix} to /${maxPrefix}`;
        if (!parsed || parsed.cidr.version !== version || !text.includes("/")) {
            this.reject(key, text, `${where}must be ${shape}`);
            return undefined;
        }
        if (!parsed.canonical) {
            this.reject(key, text, `${where}has host bits set; the network address is ${formatCidr(parsed.cidr)}`);
            return undefined;
        }
        if (parsed.cidr.prefix < minPrefix || parsed.cidr.prefix > maxPrefix) {
            this.reject(key, text, `${where}must be ${shape}`);
            return undefined;
        }
        if (rule.forbidEverything && parsed.cidr.prefix === 0) {
            this.reject(key, text, `${where}must not be the whole address space; list the networks that need access`);
            return undefined;
        }
        // A range wholly inside one names no internet source at all; a wider one is judged with the others, as a set.
        const special = rule.publicOnly ? NOT_INTERNET_SOURCES.find((s) => contains(s, parsed.cidr)) : undefined;
        if (special) {
            this.reject(key, text, `${where}lies inside ${formatCidr(special)}, a private or special-purpose range that no internet address comes from; list public networks only`);
            return undefined;
        }
        return formatCidr(parsed.cidr);
    }

    /** A canonical CIDR. */
    cidr(key: string, rule: CidrRule = {}): string {
        const value = this.raw(key, "string");
        return value === undefined ? "" : (this.checkCidr(key, value, rule, "") ?? "");
    }

    private list(key: string): unknown[] | undefined {
        const value = this.raw(key, "array");
        if (value === undefined) {
            return undefined;
        }
        try {
            const parsed: unknown = JSON.parse(value);
            if (Array.isArray(parsed)) {
                return parsed;
            }
        } catch {
            // reported below
        }
        this.reject(key, value, "must be a list");
        return undefined;
    }

    /** A list of canonical CIDRs, without duplicates or overlaps. */
    cidrList(key: string, rule: CidrRule = {}): string[] {
        const items = this.list(key) ?? [];
        const out: string[] = [];
        items.forEach((item, i) => {
            const text = typeof item === "string" ? item : JSON.stringify(item);
            const cidr = this.checkCidr(key, text, rule, `item ${i} (${JSON.stringify(text)}) `);
            if (cidr === undefined) {
                return;
            }
            const clash = out.find((o) => overlaps(parseCidr(o)!, parseCidr(cidr)!));
            if (clash) {
                this.reject(key, JSON.stringify(items), `item ${i} (${cidr}) overlaps ${clash}; list each range once`);
                return;
            }
            out.push(cidr);
        });
        this.checkCidrSet(key, items, out, rule);
        return out;
    }

    /** Judges a list's ranges as one set of addresses: two halves of the internet are the internet. */
    private checkCidrSet(key: string, items: unknown[], cidrs: readonly string[], rule: CidrRule): void {
        const version = rule.version ?? 4;
        const set = new CidrSet(cidrs.map((c) => parseCidr(c)!));
        const everything: Cidr = { version, network: 0n, prefix: 0 };
        const value = JSON.stringify(items);
        if (rule.maxItems !== undefined && items.length > rule.maxItems) {
            this.reject(key, value, `at most ${rule.maxItems} ranges (${items.length} given)`);
        }
        if (rule.forbidEverything && cidrs.length > 1 && set.covers(everything)) {
            this.reject(key, value, `the ranges together cover the whole address space (${formatCidr(everything)}); list the networks that need access`);
        } else if (rule.maxAddresses !== undefined && set.size(version) > rule.maxAddresses) {
            this.reject(key, value,
                `the ranges together hold ${set.size(version)} addresses, more than ${rule.maxAddresses} (a /${(version === 4 ? 32 : 128) - rule.maxAddresses.toString(2).length + 1}'s worth); list the narrow networks that need access`);
        }
    }

    /** A list of strings each matching `pattern`. */
    stringList(key: string, pattern: RegExp, allowed: string): string[] {
        const items = this.list(key) ?? [];
        const out: string[] = [];
        items.forEach((item, i) => {
            if (typeof item !== "string" || !pattern.test(item)) {
                this.reject(key, JSON.stringify(items), `item ${i} (${JSON.stringify(item)}) ${allowed}`);
            } else {
                out.push(item);
            }
        });
        return out;
    }

    /** Throws a ConfigError listing every problem found so far. */
    finish(): void {
        if (this.problems.length > 0) {
            throw new ConfigError([...this.problems]);
        }
    }
}
