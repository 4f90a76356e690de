// The violations as SARIF 2.1.0, for GitHub code scanning
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html and
// https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
// one rule per policy (its description, and its remediation as help), one
// result per violation at the file and line of the statement that created
// the resource, the calls above it as related locations, and a fingerprint
// of policy, resource and field so that an alert survives the code moving.
import * as crypto from "crypto";
import { SourceLocation } from "../harness/location";
import { PlanReport } from "./report";
import { Level, PolicyVerdict, Violation } from "./verdicts";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

type SarifLevel = "error" | "warning" | "note" | "none";

const LEVEL: Readonly<Record<Level, SarifLevel>> = { mandatory: "error", advisory: "warning", remediate: "note", disabled: "none" };

// GitHub ranks security alerts by this number (critical above 9.0, high 7.0–8.9, medium 4.0–6.9, low below).
const SECURITY_SEVERITY: Readonly<Record<string, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function physical(l: SourceLocation) {
    return { artifactLocation: { uri: l.file, uriBaseId: "%SRCROOT%" }, region: { startLine: l.line, startColumn: l.column } };
}

function rule(p: PolicyVerdict) {
    const description = p.description ?? p.policy;
    const help = p.remediation ?? description;
    const severity = p.severity ? SECURITY_SEVERITY[p.severity] : undefined;
    return {
        id: p.policy,
        name: p.policy,
        shortDescription: { text: description.split(/(?<=\.)\s/)[0] },
        fullDescription: { text: description },
        help: { text: help, markdown: p.url ? `${help}\n\n[More about ${p.policy}](${p.url})` : help },
        ...(p.url ? { helpUri: p.url } : {}),
        defaultConfiguration: { level: LEVEL[p.enforcementLevel] },
        properties: { tags: ["security", "pulumi-policy"], ...(severity ? { "security-severity": severity } : {}) },
    };
}

function fingerprint(policy: string, v: Violation): string {
    return crypto.createHash("sha256").update(`${policy}\0${v.urn}\0${v.field}`).digest("hex");
}

/** The SARIF log of a report. */
export function toSarif(r: PlanReport) {
    const chains = new Map(r.inventory.map((e) => [e.urn, e.chain]));
    // Code scanning needs a place for every result: one the plan cannot place goes to the program's entry.
    const fallback: SourceLocation = { file: r.program, line: 1, column: 1 };
    const results = r.policies.flatMap((p, ruleIndex) =>
        p.violations.map((v) => {
            const where = v.location ?? fallback;
            const what = v.type ? `${v.type} ${v.name}` : "the stack";
            const related = (chains.get(v.urn) ?? []).slice(1).map((l, id) => ({ id, physicalLocation: physical(l), message: { text: "called from here" } }));
            return {
                ruleId: p.policy,
                ruleIndex,
                level: LEVEL[v.enforcementLevel],
                message: { text: `${what}: ${v.field ? `${v.field}: ` : ""}${v.message}${v.location ? "" : " (no program statement recorded for this resource)"}` },
                locations: [{ physicalLocation: physical(where), logicalLocations: v.urn ? [{ fullyQualifiedName: v.urn, kind: "resource" }] : [] }],
                ...(related.length ? { relatedLocations: related } : {}),
                partialFingerprints: { "tickettokenPolicyViolation/v1": fingerprint(p.policy, v) },
                properties: { stack: r.stack, enforcementLevel: v.enforcementLevel },
            };
        }),
    );
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0" as const,
        runs: [
            {
                tool: {
                    driver: {
                        name: "tickettoken-offline-plan",
                        informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
                        version: r.pack.version,
                        semanticVersion: r.pack.version,
                        rules: r.policies.map(rule),
                        properties: { policyPack: r.pack.name },
                    },
                },
                // One upload per stack: the category keeps their alerts apart.
                automationDetails: { id: `offline-plan/${r.stack}/` },
                results,
            },
        ],
    };
}
