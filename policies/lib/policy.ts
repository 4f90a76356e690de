// The thin adapter between pure rules and @pulumi/policy. One
// validateResource per policy, dispatching on the type token through a Map:
// the SDK deserialises a resource's props once per validation function, so
// one function per policy keeps that to one pass whatever the number of
// types. Props are unwrapped from the SDK's unknown-checking proxy so that an
// unknown in one field never hides a violation in another.
import type { EnforcementLevel, PolicyComplianceFramework, ReportViolation, ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";
import { ConfigField, ConfigOf, configProblemMessage, PolicyConfig, RuleFaultLevel } from "./config";
import { policyUrl } from "./metadata";
import { plain } from "./read";
import { StackResource } from "./stack";
import { formatViolation, Guard, ResourceRule, StackRule, StackViolation, Violation } from "./violation";

type WithExemptions = {
    exemptions: ConfigField<ReadonlyMap<string, string>>;
    onRuleFault: ConfigField<RuleFaultLevel>;
} & Record<string, ConfigField<unknown>>;

export interface PolicyDefinition<F extends WithExemptions> {
    readonly name: string;
    readonly description: string;
    readonly severity: Severity;
    /** Short name Pulumi Cloud shows. */
    readonly displayName: string;
    /** What to change to comply: the fields, values and config keys, specific to this rule. */
    readonly remediationSteps: string;
    /** For filtering in Pulumi Cloud. */
    readonly tags: readonly string[];
    /** The compliance requirement the policy implements. */
    readonly framework: PolicyComplianceFramework;
    readonly config: PolicyConfig<F>;
    /** Rules by type token (alias tokens map to the same rule). */
    readonly rules: ReadonlyMap<string, ResourceRule<ConfigOf<F>>>;
    readonly stack: StackRule<ConfigOf<F>>;
}

/** A policy with both a resource and a stack validation, under one name. */
export type PackPolicy = ResourceValidationPolicy & StackValidationPolicy;

// @pulumi/policy's reportViolation also takes an object that sets the level of
// one diagnostic (server.js makeReportViolationFun); its typings omit it, and
// 1.21.0 has no public way to do this. The version is pinned exactly and
// test/policies/lib/sdkInternals.test.ts fails if an upgrade changes it.
type ReportObject = (violation: { message: string; urn?: string; enforcementLevel?: EnforcementLevel }) => void;

function reporter(report: ReportViolation, exemptions: ReadonlyMap<string, string>) {
    return (v: Violation, urn: string | undefined) => {
        const reason = urn === undefined ? undefined : exemptions.get(urn);
        if (reason !== undefined) {
            (report as unknown as ReportObject)({ message: `exempted (${reason}): ${formatViolation(v)}`, urn, enforcementLevel: "advisory" });
        } else if (v.level === "advisory") {
            (report as unknown as ReportObject)({ message: formatViolation(v), urn, enforcementLevel: "advisory" });
        } else {
            // No level of its own: the policy's configured level applies.
            report(formatViolation(v), urn);
        }
    };
}

/** The last segment of a URN (the resource's name), for messages. */
function nameOf(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * A fault in a rule must neither pass the resource silently (a mandatory
 * pack that fails open is no guardrail) nor stop every preview in the
 * organisation: it is reported on the resource as a violation, at the
 * policy's level unless `onRuleFault` lowers it to advisory, and the rest of
 * the stack is still judged. A bad config is not a fault (see validateStack).
 */
function faultReporter(name: string, report: ReportViolation, level: RuleFaultLevel) {
    return (urn: string | undefined, e: unknown): void => {
        const message =
            `could not evaluate ${name}${urn ? ` on ${nameOf(urn)}` : ""}: ${String((e as Error)?.message ?? e).slice(0, 300)}; ` +
            "treated as a violation (a fault in the policy pack, please report it; the policy's onRuleFault config can lower this to advisory)";
        if (level === "advisory") {
            (report as unknown as ReportObject)({ message, urn, enforcementLevel: "advisory" });
        } else {
            report(message, urn);
        }
    };
}

export function toStackResource(r: {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
    parent?: { urn: string };
    dependencies: { urn: string }[];
    propertyDependencies: Record<string, { urn: string }[]>;
}): StackResource {
    // Built for every resource by every stack policy: only what rules read (no resource-level dependencies).
    const propertyDependencies: Record<string, string[]> = {};
    for (const k in r.propertyDependencies) {
        const deps = r.propertyDependencies[k];
        if (deps.length > 0) {
            propertyDependencies[k] = deps.map((d) => d.urn);
        }
    }
    return { type: r.type, urn: r.urn, name: r.name, props: plain(r.props), parent: r.parent?.urn, propertyDependencies };
}

function exemptionsOf(config: unknown): ReadonlyMap<string, string> {
    return (config as { exemptions: ReadonlyMap<string, string> }).exemptions;
}

export function buildPolicy<F extends WithExemptions>(def: PolicyDefinition<F>): PackPolicy {
    return {
        name: def.name,
        description: def.description,
        enforcementLevel: "mandatory",
        severity: def.severity,
        displayName: def.displayName,
        remediationSteps: def.remediationSteps,
        tags: [...def.tags],
        framework: def.framework,
        url: policyUrl(def.name),
        configSchema: def.config.schema,
        validateResource: (args, report) => {
            const rule = def.rules.get(args.type);
            if (!rule) {
                // Most resources of a stack have no rule here. Not calling
                // args.notApplicable() for them is deliberate: it throws, and
                // the runner's source-map support makes every throw costly.
                return;
            }
            // Problems with the config are reported once, by validateStack, not on every resource.
            const { config } = def.config.read(args.getConfig<Record<string, unknown>>());
            const emit = reporter(report, exemptionsOf(config));
            let found: Violation[];
            try {
                found = rule(plain(args.props), config);
            } catch (e) {
                faultReporter(def.name, report, config.onRuleFault as RuleFaultLevel)(args.urn, e);
                return;
            }
            for (const v of found) {
                // A verdict that needs the stack (the VPCs' own ranges) is the stack rule's to give.
                if (!v.deferred) {
                    emit(v, args.urn);
                }
            }
        },
        validateStack: (args, report) => {
            const { config, problems } = def.config.read(args.getConfig<Record<string, unknown>>());
            if (problems.length > 0) {
                // Once per run (the engine calls AnalyzeStack once), on the
                // stack, at the policy's level: mandatory by default, so the
                // preview fails until the config is fixed, while every
                // resource is still judged by what the config says that the
                // pack can read. Failing Configure instead is not open to a
                // pack (the SDK answers it), and a failed call shows the
                // engine a stack trace, not the message.
                report(formatViolation({ field: "config", message: configProblemMessage(def.name, problems) }));
            }
            const emit = reporter(report, exemptionsOf(config));
            const fault = faultReporter(def.name, report, config.onRuleFault as RuleFaultLevel);
            const guard: Guard = (urn, body) => {
                try {
                    return body();
                } catch (e) {
                    fault(urn, e);
                    return [];
                }
            };
            let found: StackViolation[] = [];
            try {
                found = def.stack(args.resources.map(toStackResource), config, guard);
            } catch (e) {
                // A fault outside any one resource's judgement: the stack as a whole.
                fault(undefined, e);
            }
            for (const v of found) {
                emit(v, v.urn);
            }
        },
    };
}

/** A Map from every type token in `tokens` to `rule` (for alias tokens). */
export function ruleTable<C>(entries: readonly (readonly [readonly string[], ResourceRule<C>])[]): Map<string, ResourceRule<C>> {
    const table = new Map<string, ResourceRule<C>>();
    for (const [tokens, rule] of entries) {
        for (const t of tokens) {
            if (table.has(t)) {
                throw new Error(`type ${t} has two rules`);
            }
            table.set(t, rule);
        }
    }
    return table;
}
