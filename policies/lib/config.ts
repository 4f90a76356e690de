// Policy config, declared once per key: each field carries its JSON schema
// (what the engine validates and `pulumi policy publish` shows, with the
// default) and its reader (what the rules get, parsed and typed). A policy
// lists its fields; its configSchema and its typed config both come from that
// one list, so they cannot drift.
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { CidrSet } from "../net/cidrSet";
import { PRIVATE_CIDRS } from "./defaults";

/** Thrown when a policy's config is not what its schema allows. */
export class PolicyConfigError extends Error {
    constructor(policy: string, key: string, problem: string) {
        super(`policy ${policy}: config ${key} ${problem}`);
        this.name = "PolicyConfigError";
    }
}

/** One config key: its schema, and how to read a raw value (undefined = not set). */
export interface ConfigField<T> {
    readonly schema: PolicyConfigJSONSchema;
    read(raw: unknown, fail: (problem: string) => never): T;
}

function stringArray(raw: unknown, fail: (problem: string) => never): string[] {
    if (!Array.isArray(raw) || raw.some((x) => typeof x !== "string")) {
        return fail(`must be an array of strings, got ${JSON.stringify(raw)?.slice(0, 80)}`);
    }
    return raw as string[];
}

/** A list of IPv4/IPv6 CIDRs or addresses. */
export function cidrListField(description: string, defaults: readonly string[]): ConfigField<CidrSet> {
    const parsedDefault = CidrSet.parse(defaults, "default");
    return {
        schema: { type: "array", items: { type: "string" }, description, default: [...defaults] },
        read(raw, fail) {
            if (raw === undefined) {
                return parsedDefault;
            }
            try {
                return CidrSet.parse(stringArray(raw, fail), "entry");
            } catch (e) {
                return fail((e as Error).message);
            }
        },
    };
}

/** The private ranges, shared by the policies that need them (each policy still has its own value). */
export function privateCidrsField(): ConfigField<CidrSet> {
    return cidrListField(
        "Address ranges that count as private (not reachable from or routed to the internet). Default: RFC 1918, shared address space 100.64.0.0/10, link-local, loopback, and the IPv6 unique local range fc00::/7; documentation ranges are deliberately public.",
        PRIVATE_CIDRS,
    );
}

/** A list of TCP ports. */
export function portListField(description: string, defaults: readonly number[]): ConfigField<readonly number[]> {
    return {
        schema: { type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, description, default: [...defaults] },
        read(raw, fail) {
            if (raw === undefined) {
                return defaults;
            }
            if (!Array.isArray(raw) || raw.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
                return fail(`must be an array of port numbers 1..65535, got ${JSON.stringify(raw)?.slice(0, 80)}`);
            }
            return raw as number[];
        },
    };
}

/** A set of names (e.g. TLS policy names). */
export function nameSetField(description: string, defaults: readonly string[]): ConfigField<ReadonlySet<string>> {
    const parsedDefault = new Set(defaults);
    return {
        schema: { type: "array", items: { type: "string" }, description, default: [...defaults] },
        read(raw, fail) {
            return raw === undefined ? parsedDefault : new Set(stringArray(raw, fail));
        },
    };
}

/** A set of host names, compared case-insensitively (stored lower-case, without a trailing dot). */
export function hostSetField(description: string, defaults: readonly string[]): ConfigField<ReadonlySet<string>> {
    const normalise = (h: string) => h.trim().toLowerCase().replace(/\.$/, "");
    const parsedDefault = new Set(defaults.map(normalise));
    return {
        schema: { type: "array", items: { type: "string" }, description, default: [...defaults] },
        read(raw, fail) {
            if (raw === undefined) {
                return parsedDefault;
            }
            const hosts = stringArray(raw, fail);
            const bad = hosts.find((h) => !/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(h.trim()));
            if (bad !== undefined) {
                return fail(`has ${JSON.stringify(bad).slice(0, 80)}, which is not a host name`);
            }
            return new Set(hosts.map(normalise));
        },
    };
}

/**
 * Per-resource exemptions: exact URNs, each with the reason a reviewer
 * accepted. An exempted resource's violations are still reported, as
 * advisory, with the reason — visible, but not blocking.
 */
export function exemptionsField(): ConfigField<ReadonlyMap<string, string>> {
    return {
        schema: {
            type: "array",
            description:
                "Resources exempted from this policy: exact URNs with the reason. Their violations are reported as advisory. Set per stack through a policy group, never in the stack itself.",
            items: {
                type: "object",
                properties: { urn: { type: "string", pattern: "^urn:pulumi:" }, reason: { type: "string", minLength: 1 } },
                required: ["urn", "reason"],
                additionalProperties: false,
            },
            default: [],
        },
        read(raw, fail) {
            if (raw === undefined) {
                return new Map();
            }
            if (!Array.isArray(raw)) {
                return fail("must be an array of { urn, reason }");
            }
            const out = new Map<string, string>();
            raw.forEach((e, i) => {
                const urn = (e as { urn?: unknown })?.urn;
                const reason = (e as { reason?: unknown })?.reason;
                if (typeof urn !== "string" || !urn.startsWith("urn:pulumi:") || typeof reason !== "string" || reason.trim() === "") {
                    fail(`[${i}] must be { urn: "urn:pulumi:...", reason: "<why>" } with an exact URN and a reason`);
                }
                out.set(urn as string, reason as string);
            });
            return out;
        },
    };
}

/** The level of a rule fault's diagnostic (see policy.ts): the policy's own, or lowered to advisory. */
export type RuleFaultLevel = "mandatory" | "advisory";
const RULE_FAULT_LEVELS: readonly RuleFaultLevel[] = ["mandatory", "advisory"];

/** How a fault in a rule (an exception while judging a resource) is reported. */
export function ruleFaultField(): ConfigField<RuleFaultLevel> {
    return {
        schema: {
            type: "string",
            enum: [...RULE_FAULT_LEVELS],
            description:
                "How a fault in this policy's rules (an error while judging a resource) is reported: \"mandatory\" (default) reports it on the resource " +
                "as a violation at the policy's level, so a bug never passes a resource silently; \"advisory\" reports it without blocking.",
            default: "mandatory",
        },
        read(raw, fail) {
            if (raw === undefined) {
                return "mandatory";
            }
            if (!RULE_FAULT_LEVELS.includes(raw as RuleFaultLevel)) {
                return fail(`must be one of ${RULE_FAULT_LEVELS.map((l) => JSON.stringify(l)).join(", ")}, got ${JSON.stringify(raw)?.slice(0, 80)}`);
            }
            return raw as RuleFaultLevel;
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

/** A policy's config: schema for the engine, and a cached typed reader. */
export interface PolicyConfig<F extends Fields> {
    readonly schema: PolicyConfigSchema;
    /** Reads raw config (from `args.getConfig()`), applying defaults. */
    read(raw: Record<string, unknown>): ConfigOf<F>;
}

export function defineConfig<F extends Fields>(policy: string, fields: F): PolicyConfig<F> {
    const properties: Record<string, PolicyConfigJSONSchema> = {};
    for (const [key, f] of Object.entries(fields)) {
        properties[key] = f.schema;
    }
    // The engine sends the same config for every resource; parse it once.
    let lastKey: string | undefined;
    let last: ConfigOf<F> | undefined;
    return {
        schema: { properties },
        read(raw) {
            const key = JSON.stringify(raw);
            if (key === lastKey && last) {
                return last;
            }
            const out: Record<string, unknown> = {};
            for (const [name, f] of Object.entries(fields)) {
                out[name] = f.read(raw[name], (problem) => {
                    throw new PolicyConfigError(policy, name, problem);
                });
            }
            lastKey = key;
            last = out as ConfigOf<F>;
            return last;
        },
    };
}
