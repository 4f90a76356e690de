// The pack's diagnostics as verdicts per policy: each violation with the
// resource and field at fault.
import { PackDiagnostic } from "../analyzer";
import { SourceLocation } from "../harness/location";

export type Level = "mandatory" | "advisory" | "remediate" | "disabled";

export interface Violation {
    readonly urn: string;
    /** Resource type and name, from the URN ("" when the pack named no resource). */
    readonly type: string;
    readonly name: string;
    /** The field the pack says is at fault ("" when its message names none). */
    readonly field: string;
    readonly message: string;
    readonly enforcementLevel: Level;
    /** The reason of the pack config's exemption that made this violation advisory, if one did. */
    readonly exemption?: string;
    /** The statement that created the resource at fault, when the plan knows it. */
    readonly location?: SourceLocation;
}

export interface PolicyVerdict {
    readonly policy: string;
    readonly enforcementLevel: Level;
    /** What the policy requires, as the pack describes it. */
    readonly description?: string;
    /** What to do about a violation, when the pack says (else the description is all there is). */
    readonly remediation?: string;
    readonly severity?: string;
    readonly url?: string;
    /** "fail" when a mandatory violation was found. */
    readonly verdict: "pass" | "fail";
    readonly violations: readonly Violation[];
}

/** Type and name of a URN: urn:pulumi:<stack>::<project>::<parent$...$type>::<name>. */
export function resourceOf(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    if (parts.length < 4) {
        return { type: "", name: "" };
    }
    const type = parts[2].split("$").pop() ?? "";
    return { type, name: parts.slice(3).join("::") };
}

// The pack writes "<field>: <message>"; a field is a property path.
const FIELD = /^([A-Za-z_][\w.]*(?:\[\d+\])?(?:\.[\w]+(?:\[\d+\])?)*): /;

const EXEMPTED = "exempted (";

/**
 * An exempted violation reads "exempted (<reason>): <field>: <message>"; the
 * reason is free text, so it ends at the first "): " that a field follows.
 */
export function splitExemption(text: string): { exemption?: string; rest: string } {
    if (!text.startsWith(EXEMPTED)) {
        return { rest: text };
    }
    for (let at = text.indexOf("): ", EXEMPTED.length); at >= 0; at = text.indexOf("): ", at + 1)) {
        const rest = text.slice(at + 3);
        if (FIELD.test(rest)) {
            return { exemption: text.slice(EXEMPTED.length, at), rest };
        }
    }
    return { rest: text };
}

/** What the plan knows of a policy: at least its name and level (the rest as GetAnalyzerInfo gives it). */
export interface PolicyFacts {
    readonly name: string;
    readonly enforcementLevel: string;
    readonly description?: string;
    readonly remediationSteps?: string;
    readonly severity?: string;
    readonly url?: string;
}

export function verdicts(
    policies: readonly PolicyFacts[],
    diagnostics: readonly PackDiagnostic[],
    locationOf: (urn: string) => SourceLocation | undefined = () => undefined,
): PolicyVerdict[] {
    return policies.map((p) => {
        const violations = diagnostics
            .filter((d) => d.policyName === p.name)
            .map((d): Violation => {
                // The SDK prefixes each violation with the policy's description.
                const full = d.description && d.message.startsWith(d.description) ? d.message.slice(d.description.length).trim() : d.message;
                const { exemption, rest: text } = splitExemption(full);
                const m = FIELD.exec(text);
                const location = d.urn ? locationOf(d.urn) : undefined;
                return {
                    urn: d.urn,
                    ...resourceOf(d.urn),
                    field: m ? m[1] : "",
                    message: m ? text.slice(m[0].length) : text,
                    enforcementLevel: d.enforcementLevel as Level,
                    ...(exemption === undefined ? {} : { exemption }),
                    ...(location ? { location } : {}),
                };
            })
            .sort((a, b) => a.urn.localeCompare(b.urn) || a.field.localeCompare(b.field));
        return {
            policy: p.name,
            enforcementLevel: p.enforcementLevel as Level,
            ...(p.description ? { description: p.description } : {}),
            ...(p.remediationSteps ? { remediation: p.remediationSteps } : {}),
            ...(p.severity ? { severity: p.severity } : {}),
            ...(p.url ? { url: p.url } : {}),
            verdict: violations.some((v) => v.enforcementLevel === "mandatory") ? "fail" : "pass",
            violations,
        };
    });
}
