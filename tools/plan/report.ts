// The plan's report: one value that both the text and the JSON output are
// written from.
import { PlanSummary } from "./summary";
import { PolicyVerdict } from "./verdicts";

export interface PlanReport {
    readonly stack: string;
    readonly program: string;
    /** Always true: computed values are unknown, as in `pulumi preview`. */
    readonly preview: true;
    readonly resources: PlanSummary;
    readonly pack: { readonly name: string; readonly version: string };
    /** The pack config file the pack was configured from (repository-relative), if any. */
    readonly policyPackConfig?: string;
    readonly policies: readonly PolicyVerdict[];
    readonly mandatoryViolations: number;
    /** Files the plan wrote (diagram). */
    readonly files: readonly string[];
    readonly timingsMs: Readonly<Record<string, number>>;
    /** 1 when a mandatory policy is violated, else 0. */
    readonly exitCode: 0 | 1;
}

export function renderText(r: PlanReport): string {
    const lines: string[] = [];
    lines.push(`Offline plan of stack ${r.stack} (preview under mocks; no credentials, no Pulumi CLI)`);
    if (!r.program.endsWith("infra/index.ts")) {
        lines.push(`program: ${r.program}`);
    }
    lines.push("", "Resources to create");
    // Wide enough for common type tokens; longer ones push their count to the right.
    const width = Math.min(Math.max(...r.resources.components.flatMap((c) => c.types.map((t) => t.type.length)), 10), 60);
    for (const c of r.resources.components) {
        lines.push(`  ${c.component}  (${c.total})`);
        for (const t of c.types) {
            lines.push(`    + ${t.type.padEnd(width)} ${String(t.count).padStart(4)}`);
        }
    }
    lines.push(`  ${r.resources.total} resources in ${r.resources.componentCount} components`);
    lines.push("", `Policies (${r.pack.name} ${r.pack.version}, ${r.policyPackConfig ? `config ${r.policyPackConfig}` : "default config"})`);
    for (const p of r.policies) {
        const mandatory = p.violations.filter((v) => v.enforcementLevel === "mandatory").length;
        const advisory = p.violations.length - mandatory;
        const status = p.verdict === "pass" ? "pass" : `FAIL, ${mandatory} mandatory violation${mandatory === 1 ? "" : "s"}`;
        lines.push(`  ${p.verdict === "pass" ? "✔" : "✘"} ${p.policy.padEnd(20)} ${p.enforcementLevel.padEnd(9)} ${status}${advisory ? `, ${advisory} advisory` : ""}`);
        for (const v of p.violations) {
            const where = v.type ? `${v.type} ${v.name}` : "(stack)";
            lines.push(`      [${v.enforcementLevel}${v.exemption === undefined ? "" : ", exempted"}] ${where}`);
            lines.push(`          ${v.field ? `${v.field}: ` : ""}${v.message}`);
            if (v.exemption !== undefined) {
                lines.push(`          exempted by the pack config: ${v.exemption}`);
            }
        }
    }
    if (r.files.length > 0) {
        lines.push("", ...r.files.map((f) => `wrote ${f}`));
    }
    lines.push("", r.exitCode === 0 ? "No mandatory policy violation." : `${r.mandatoryViolations} mandatory policy violation(s): this plan would be refused.`);
    return lines.join("\n");
}
