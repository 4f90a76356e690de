// Policy config, declared once per key: each field carries its JSON schema
// (what the engine validates and `pulumi policy publish` shows, with the
// default) and its reader (what the rules get, parsed and typed). A policy
// lists its fields; its configSchema and its typed config both come from that
// one list, so they cannot drift.
//
// Every constraint a schema can express is in it, so the CLI refuses a bad
// value before the pack runs (`pulumi policy validate-config`, a policy
// group's `enable`, `--policy-pack-config`). Two things no schema the engine
// receives can say, and the pack checks itself:
// - an unknown key (a misspelt "privateCidr" leaves privateCidrs at its
//   default): the engine keeps only each key's schema and `required` (the
//   SDK's makeAnalyzerInfo sends `properties` and `required`; the CLI's
//   convertSchema rebuilds { type: object, properties, required }), so
//   `additionalProperties: false` on the policy's object never reaches it;
// - a CIDR with host bits set ("10.0.0.1/8": meant as 10.0.0.0/8, or as one
//   address?), which no pattern can tell.
// The pack also re-checks the schema itself, since it cannot count on every
// client having done so. What it cannot read it leaves out (each list is an
// allow-list, so leaving an entry out is the stricter reading), and the policy
// reports it once per stack (lib/policy.ts), never by failing a call.
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { formatCidr, readCidr } from "../net/cidr";
import { CidrSet } from "../net/cidrSet";
import { PRIVATE_CIDRS } from "./defaults";
import { CIDR_PATTERN, ELB_POLICY_MAX_LENGTH, ELB_POLICY_PATTERN, HOST_MAX_LENGTH, HOST_PATTERN, NOT_BLANK_PATTERN, URN_PATTERN } from "./patterns";
import { schemaProblems, showValue } from "./schemaCheck";

/**
 * Upper bounds of list sizes. Far above any real config (Stripe publishes
 * about 160 addresses); they keep one mistaken paste from making every
 * preview of the group slow, and its messages short.
 */
export const MAX_CIDRS = 4096;
export const MAX_NAMES = 1024;
export const MAX_EXEMPTIONS = 1024;
/** Longest exemption reason: it prefixes every message of the exempted resource. */
export const MAX_REASON_LENGTH = 1000;

/** One thing wrong with a policy's config, as the pack reports it. */
export interface ConfigProblem {
    /** The key, with the entry at fault ("privateCidrs[2]", "exemptions[0].urn"). */
    readonly at: string;
    readonly value: unknown;
    /** What is wrong and what is allowed ("has host bits set; the network address is 10.0.0.0/8"). */
    readonly problem: string;
    /** What the pack does instead ("left out", "ignored", "the default applies"). */
    readonly instead: string;
}

/** How a field reports a problem: `at` is relative to the key ("" for the key's value, "[2]" for an entry). */
export type ReportProblem = (p: ConfigProblem) => void;

/** One config key: its schema, and how to read a raw value (undefined = not set). */
export interface ConfigField<T> {
    readonly schema: PolicyConfigJSONSchema;
    read(raw: unknown, report: ReportProblem): T;
}

interface ListOptions<E, T> {
    readonly description: string;
    readonly item: PolicyConfigJSONSchema;
    readonly defaults: readonly E[];
    readonly minItems?: number;
    readonly maxItems: number;
    /** What the schema cannot say about an entry: undefined when it is fine, else the problem. */
    readonly check?: (entry: E) => string | undefined;
    readonly build: (entries: readonly E[]) => T;
}

/**
 * A list: entries the schema or `check` refuses are left out; a value that is
 * not a list, or a list shorter than `minItems`, gives the default.
 */
function listField<E, T>(o: ListOptions<E, T>): ConfigField<T> {
    const built = o.build(o.defaults);
    const shape: PolicyConfigJSONSchema = { type: "array", ...(o.minItems !== undefined ? { minItems: o.minItems } : {}), maxItems: o.maxItems };
    return {
        schema: { ...shape, items: o.item, description: o.description, default: [...o.defaults] as PolicyConfigJSONSchema["default"] },
        read(raw, report) {
            if (raw === undefined) {
                return built;
            }
            const listProblems = schemaProblems(raw, shape);
            if (!Array.isArray(raw) || (o.minItems !== undefined && raw.length < o.minItems)) {
                listProblems.forEach((p) => report({ at: p.at, value: raw, problem: p.problem, instead: "the default applies" }));
                return built;
            }
            listProblems.forEach((p) => report({ at: p.at, value: raw, problem: p.problem, instead: "all are read" }));
            const kept: E[] = [];
            raw.forEach((entry, i) => {
                const problems = schemaProblems(entry, o.item, `[${i}]`);
                const beyond = problems.length === 0 ? o.check?.(entry as E) : undefined;
                if (beyond !== undefined) {
                    problems.push({ at: `[${i}]`, problem: beyond });
                }
                if (problems.length === 0) {
                    kept.push(entry as E);
                }
                for (const p of problems) {
                    const value = p.at === `[${i}]` ? entry : (entry as Record<string, unknown>)?.[p.at.slice(`[${i}].`.length)];
                    report({ at: p.at, value, problem: p.problem, instead: "left out" });
                }
            });
            return o.build(kept);
        },
    };
}

const CIDR_ITEM: PolicyConfigJSONSchema = {
    type: "string",
    pattern: CIDR_PATTERN,
    description: 'an IPv4 or IPv6 range in CIDR notation ("10.0.0.0/8", "fd00::/8") or a single address ("203.0.113.7"), without leading zeros',
};

/** The problem of a CIDR the pattern admits: host bits set (the one thing a pattern cannot tell). */
function cidrProblem(text: string): string | undefined {
    const parsed = readCidr(text);
    if (!parsed) {
        // The pattern and the reader agree (a test holds them to it); this is the reader's own word.
        return `is not ${CIDR_ITEM.description}`;
    }
    if (parsed.canonical) {
        return undefined;
    }
    const network = formatCidr(parsed.cidr);
    const single = `${text.slice(0, text.indexOf("/"))}/${parsed.cidr.version === 4 ? 32 : 128}`;
    return `has host bits set: the range is ${network} (write that, or ${single} for the one address)`;
}

/** A list of IPv4/IPv6 CIDRs or addresses. */
export function cidrListField(description: string, defaults: readonly string[]): ConfigField<CidrSet> {
    return listField<string, CidrSet>({
        description,
        item: CIDR_ITEM,
        defaults,
        maxItems: MAX_CIDRS,
        check: cidrProblem,
        build: (entries) => CidrSet.parse(entries, "entry"),
    });
}

/** The private ranges, shared by the policies that need them (each policy still has its own value). */
export function privateCidrsField(): ConfigField<CidrSet> {
    return cidrListField(
        "Address ranges that count as private (not reachable from or routed to the internet). Default: RFC 1918, shared address space 100.64.0.0/10, link-local, loopback, and the IPv6 unique local range fc00::/7; documentation ranges are deliberately public.",
        PRIVATE_CIDRS,
    );
}

/** A list of TCP ports; `minItems` 1 where an empty list would silently turn the checks off. */
export function portListField(description: string, defaults: readonly number[], minItems?: number): ConfigField<readonly number[]> {
    return listField<number, readonly number[]>({
        description,
        item: { type: "integer", minimum: 1, maximum: 65535, description: "a TCP port number from 1 to 65535" },
        defaults,
        minItems,
        maxItems: MAX_NAMES,
        build: (entries) => entries,
    });
}

/** A set of ELB security-policy names. */
export function tlsPolicyNamesField(description: string, defaults: readonly string[]): ConfigField<ReadonlySet<string>> {
    return listField<string, ReadonlySet<string>>({
        description,
        item: {
            type: "string",
            pattern: ELB_POLICY_PATTERN,
            maxLength: ELB_POLICY_MAX_LENGTH,
            description: 'the name of a predefined ELB security policy ("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"), exactly as AWS spells it',
        },
        defaults,
        maxItems: MAX_NAMES,
        build: (entries) => new Set(entries),
    });
}

/** A set of host names, compared case-insensitively (stored lower-case, without a trailing dot). */
export function hostSetField(description: string, defaults: readonly string[]): ConfigField<ReadonlySet<string>> {
    return listField<string, ReadonlySet<string>>({
        description,
        item: {
            type: "string",
            pattern: HOST_PATTERN,
            maxLength: HOST_MAX_LENGTH,
            description: 'a host name ("api.stripe.com"), optionally with a "*." wildcard in front; not an address (addresses go in stripeApiCidrs)',
        },
        defaults,
        maxItems: MAX_NAMES,
        build: (entries) => new Set(entries.map((h) => h.toLowerCase().replace(/\.$/, ""))),
    });
}

interface Exemption {
    readonly urn: string;
    readonly reason: string;
}

/**
 * Per-resource exemptions: exact URNs, each with the reason a reviewer
 * accepted. An exempted resource's violations are still reported, as
 * advisory, with the reason — visible, but not blocking.
 */
export function exemptionsField(): ConfigField<ReadonlyMap<string, string>> {
    return listField<Exemption, ReadonlyMap<string, string>>({
        description:
            "Resources exempted from this policy: exact URNs with the reason. Their violations are reported as advisory. Set per stack through a policy group, never in the stack itself.",
        item: {
            type: "object",
            properties: {
                urn: {
                    type: "string",
                    pattern: URN_PATTERN,
                    description: "an exact resource URN (urn:pulumi:<stack>::<project>::<qualified type>::<name>, as `pulumi stack --show-urns` prints it; no wildcards)",
                },
                reason: {
                    type: "string",
                    minLength: 1,
                    maxLength: MAX_REASON_LENGTH,
                    pattern: NOT_BLANK_PATTERN,
                    description: "a reason that is not blank: why the exemption was granted, with its ticket and review date",
                },
            },
            required: ["urn", "reason"],
            additionalProperties: false,
        },
        defaults: [],
        maxItems: MAX_EXEMPTIONS,
        build: (entries) => new Map(entries.map((e) => [e.urn, e.reason])),
    });
}

/** The level of a rule fault's diagnostic (see policy.ts): the policy's own, or lowered to advisory. */
export type RuleFaultLevel = "mandatory" | "advisory";
const RULE_FAULT_LEVELS: readonly RuleFaultLevel[] = ["mandatory", "advisory"];

/** How a fault in a rule (an exception while judging a resource) is reported. */
export function ruleFaultField(): ConfigField<RuleFaultLevel> {
    const schema: PolicyConfigJSONSchema = {
        type: "string",
        enum: [...RULE_FAULT_LEVELS],
        description:
            "How a fault in this policy's rules (an error while judging a resource) is reported: \"mandatory\" (default) reports it on the resource " +
            "as a violation at the policy's level, so a bug never passes a resource silently; \"advisory\" reports it without blocking.",
        default: "mandatory",
    };
    return {
        schema,
        read(raw, report) {
            if (raw === undefined) {
                return "mandatory";
            }
            const problems = schemaProblems(raw, schema);
            problems.forEach((p) => report({ at: p.at, value: raw, problem: p.problem, instead: 'the default "mandatory" applies' }));
            return problems.length === 0 ? (raw as RuleFaultLevel) : "mandatory";
        },
    };
}

/** The keys every policy takes: per-resource exemptions and the level of rule faults. */
export function commonFields() {
    return { exemptions: exemptionsField(), onRuleFault: ruleFaultField() };
}

type Fields = Record<string, ConfigField<unknown>>;
/** The typed config a list of fields reads to. */
export type ConfigOf<F extends Fields> = { readonly [K in keyof F]: F[K] extends ConfigField<infer T> ? T : never };

/** What a policy's config reads to: the typed config, and what could not be read. */
export interface ReadConfig<C> {
    readonly config: C;
    readonly problems: readonly ConfigProblem[];
}

/** A policy's config: schema for the engine, and a cached typed reader. */
export interface PolicyConfig<F extends Fields> {
    readonly schema: PolicyConfigSchema;
    /** Reads raw config (from `args.getConfig()`), applying defaults; never throws. */
    read(raw: Record<string, unknown>): ReadConfig<ConfigOf<F>>;
}

/** The engine's own key, which it takes out before the pack sees the config (kept out here too, for other clients). */
const ENGINE_KEYS: readonly string[] = ["enforcementLevel"];

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        }
        prev = row;
    }
    return prev[b.length];
}

/** The known key an unknown one was probably meant to be (case, a letter or two, a plural). */
export function closestKey(key: string, known: readonly string[]): string | undefined {
    const scored = known.map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) })).sort((x, y) => x.d - y.d);
    const best = scored[0];
    return best !== undefined && best.d <= Math.max(2, Math.floor(best.k.length / 4)) ? best.k : undefined;
}

export function defineConfig<F extends Fields>(policy: string, fields: F): PolicyConfig<F> {
    const properties: Record<string, PolicyConfigJSONSchema> = {};
    for (const [key, f] of Object.entries(fields)) {
        properties[key] = f.schema;
    }
    const keys = Object.keys(fields);
    const allowedKeys = [...keys, ...ENGINE_KEYS];
    // The engine sends the same config for every resource; parse it once.
    let lastKey: string | undefined;
    let last: ReadConfig<ConfigOf<F>> | undefined;
    return {
        schema: { properties },
        read(raw) {
            const cacheKey = JSON.stringify(raw);
            if (cacheKey === lastKey && last) {
                return last;
            }
            const problems: ConfigProblem[] = [];
            for (const [key, value] of Object.entries(raw)) {
                if (!allowedKeys.includes(key)) {
                    const near = closestKey(key, keys);
                    problems.push({
                        at: key,
                        value,
                        problem: `is not a key of ${policy}${near ? ` (did you mean ${near}?)` : ""}; its keys are ${keys.join(", ")} and enforcementLevel`,
                        instead: "ignored",
                    });
                }
            }
            const out: Record<string, unknown> = {};
            for (const [name, f] of Object.entries(fields)) {
                out[name] = f.read(raw[name], (p) => problems.push({ ...p, at: `${name}${p.at}` }));
            }
            lastKey = cacheKey;
            last = { config: out as ConfigOf<F>, problems };
            return last;
        },
    };
}

/** How many problems a message lists before "and N more". */
const PROBLEMS_SHOWN = 5;

/**
 * The one message a policy reports for its config, per stack: what is wrong
 * with each key (the value, what is allowed) and what the pack does instead.
 */
export function configProblemMessage(policy: string, problems: readonly ConfigProblem[]): string {
    const listed = problems.slice(0, PROBLEMS_SHOWN).map((p, i) => `${problems.length === 1 ? "" : `${i + 1}) `}${p.at} = ${showValue(p.value)} ${p.problem}; ${p.instead}.`);
    const more = problems.length > PROBLEMS_SHOWN ? ` And ${problems.length - PROBLEMS_SHOWN} more.` : "";
    return (
        `${policy}'s config has ${problems.length === 1 ? "a value" : `${problems.length} values`} it cannot take. ${listed.join(" ")}${more} ` +
        "Until the config is fixed (the policy group's, or --policy-pack-config), the policy judges this stack without them."
    );
}
