// Reads and validates stack config values. Every problem is recorded with the
// key, the value and what is allowed, and all of them are reported together
// before any resource is registered.
import { formatCidr, IpVersion, overlaps, parseCidr, readCidr } from "../../policies/net";

/** Where raw values come from: `pulumi.Config` satisfies this. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

/** One bad value. */
export interface ConfigProblem {
    /** Fully qualified key, e.g. "tickettoken:azCount". */
    readonly key: string;
    /** The value as given (undefined when missing). */
    readonly value: string | undefined;
    /** What is allowed instead. */
    readonly allowed: string;
}

function describe(p: ConfigProblem): string {
    const given = p.value === undefined ? "is not set" : `= ${JSON.stringify(p.value)}`;
    return `${p.key} ${given}: ${p.allowed}`;
}

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
    /** Reject 0.0.0.0/0-like "everything" ranges. @default false */
    readonly forbidEverything?: boolean;
}

/** The types Pulumi.yaml can declare for a key. */
export type DeclaredType = "string" | "integer" | "boolean" | "array";

/**
 * Typed accessors over a config source. Each accessor returns a usable value
 * even when the raw one is bad (so reading can go on and every problem is
 * found), and `finish()` throws if anything was wrong.
 */
export class ConfigReader {
    private readonly problems: ConfigProblem[] = [];
    private readonly read = new Map<string, DeclaredType>();

    constructor(
        private readonly source: ConfigSource,
        private readonly namespace: string,
    ) {}

    /** The fully qualified form of a key. */
    qualify(key: string): string {
        return `${this.namespace}:${key}`;
    }

    /** Records a problem found by a check that spans several keys. */
    reject(key: string, value: string | undefined, allowed: string): void {
        this.problems.push({ key: this.qualify(key), value, allowed });
    }

    /** Whether a problem was recorded for `key` (checks that build on its value can then stay quiet). */
    rejected(key: string): boolean {
        return this.problems.some((p) => p.key === this.qualify(key));
    }

    /** Every key read so far, with the type it was read as (to check Pulumi.yaml declares the same). */
    keysRead(): ReadonlyMap<string, DeclaredType> {
        return this.read;
    }

    private raw(key: string, type: DeclaredType): string | undefined {
        this.read.set(key, type);
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
        return out;
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
