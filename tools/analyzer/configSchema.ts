// What the Pulumi CLI does with a pack's config schema, reproduced offline so
// that tests and the offline plan refuse what the CLI refuses:
// - before a run (`--policy-pack-config` for a local pack, a policy group's
//   config for an enforced one), it fills each policy's config with the
//   schema's defaults, applies the given config, and validates each policy's
//   properties (without enforcementLevel, which it takes out first) against
//   { type: "object", properties, required } — the only parts of a schema the
//   analyzer protocol carries (pulumi/pulumi pkg/resource/analyzer/config.go:
//   ReconcilePolicyPackConfig, validatePolicyPackConfig, convertSchema). Any
//   error stops the run: `validating policy config for "<pack>": <errors>`;
// - `pulumi policy validate-config <org>/<pack> <version> --config <file>`
//   reads the file as the run does (levels checked), then validates each
//   policy's object of the file, enforcementLevel included, against the
//   schema the service returns for the version: the same
//   { type: "object", properties, required } the CLI published
//   (pkg/backend/httpstate/client convertPolicyConfigSchema; policypack.go
//   Validate; ValidatePolicyPackConfig). A policy the file leaves out is
//   validated as {}; a policy the pack does not have is not looked at.
// The CLI uses gojsonschema (drafts 4 to 7); this uses ajv (draft 7). The
// pack's schemas use only keywords that mean the same in both, and patterns
// both regex engines read alike (policies/lib/schemaCheck.ts, patterns.ts);
// the messages differ in wording, not in what is refused.
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { AnalyzerInfo, PolicyConfig, PolicyInfo } from "./client";
import { UserPolicyConfig } from "./packConfig";

/** A policy's config schema as the CLI validates against it; undefined when the policy declares none. */
export function cliPolicySchema(p: PolicyInfo): Record<string, unknown> | undefined {
    if (p.configSchema === undefined) {
        return undefined;
    }
    return {
        type: "object",
        ...(Object.keys(p.configSchema).length > 0 ? { properties: p.configSchema } : {}),
        ...(p.configRequired && p.configRequired.length > 0 ? { required: p.configRequired } : {}),
    };
}

const ajv = new Ajv({ allErrors: true, strict: true });
const compiled = new WeakMap<PolicyInfo, ValidateFunction>();

function validator(p: PolicyInfo): ValidateFunction | undefined {
    const schema = cliPolicySchema(p);
    if (schema === undefined) {
        return undefined;
    }
    let v = compiled.get(p);
    if (!v) {
        v = ajv.compile(schema);
        compiled.set(p, v);
    }
    return v;
}

/** "field: message", the field as gojsonschema names it ("privateCidrs.0"; nothing for the object itself). */
function describe(e: ErrorObject): string {
    const field = e.instancePath.split("/").slice(1).join(".");
    const message = e.keyword === "additionalProperties" ? `${e.message} (${JSON.stringify(e.params.additionalProperty)})` : e.message;
    return field === "" ? `${message}` : `${field}: ${message}`;
}

function errorsOf(p: PolicyInfo, value: unknown): string[] {
    const v = validator(p);
    if (!v || v(value)) {
        return [];
    }
    return (v.errors ?? []).map(describe);
}

/**
 * The errors the CLI reports before a run, for the config it is about to send
 * (engineConfig's result: defaults filled in), as "<policy>: <field>: <message>".
 */
export function runConfigErrors(info: AnalyzerInfo, config: Readonly<Record<string, PolicyConfig>>): string[] {
    return info.policies.flatMap((p) => errorsOf(p, config[p.name]?.properties ?? {}).map((e) => `${p.name}: ${e}`)).sort();
}

/** The error a run stops with, or undefined when the config is valid. */
export function runConfigError(info: AnalyzerInfo, config: Readonly<Record<string, PolicyConfig>>): string | undefined {
    const errors = runConfigErrors(info, config);
    return errors.length === 0 ? undefined : `validating policy config for "${info.name}": ${errors.join("; ")}`;
}

/**
 * What `pulumi policy validate-config` says of a config file (already read as
 * the CLI reads it, see packConfig.ts) against the version whose schema
 * GetAnalyzerInfo gives: undefined when "Policy Pack configuration is valid.",
 * else its error.
 */
export function validateConfigError(info: AnalyzerInfo, file: UserPolicyConfig): string | undefined {
    const errors = info.policies.flatMap((p) => errorsOf(p, file[p.name] ?? {}).map((e) => `${p.name}: ${e}`));
    return errors.length === 0 ? undefined : `policy pack configuration is invalid: ${errors.join(", ")}`;
}

/**
 * The repository's stricter check of a config it keeps (policies/groups,
 * infra/policy-config): what validate-config checks, and also what the CLI
 * cannot — every policy named is one of the pack's, and every key one its
 * schema declares (the check the pack itself makes, once per stack, when it
 * runs).
 */
export function strictConfigErrors(info: AnalyzerInfo, file: UserPolicyConfig): string[] {
    const errors: string[] = [];
    const byName = new Map(info.policies.map((p) => [p.name, p]));
    for (const [name, config] of Object.entries(file)) {
        const p = byName.get(name);
        if (p === undefined) {
            errors.push(`${name}: not a policy of ${info.name} (it has ${info.policies.map((x) => x.name).join(", ")})`);
            continue;
        }
        for (const key of Object.keys(config)) {
            if (key !== "enforcementLevel" && !(key in (p.configSchema ?? {}))) {
                errors.push(`${name}: ${key} is not a config key of the policy (it has ${Object.keys(p.configSchema ?? {}).join(", ")}, enforcementLevel)`);
            }
        }
    }
    const invalid = validateConfigError(info, file);
    return invalid === undefined ? errors : [...errors, invalid];
}
