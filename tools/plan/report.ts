// The plan's report: one value that the text, JSON, Markdown, SARIF and
// annotation outputs are all written from.
import { formatLocation } from "../harness/location";
import { BaseInfo } from "./base";
import { Changes, changeCount, PropertyChange, protectedChanges, ResourceChange } from "./changes";
import { InventoryEntry, Masked } from "./inventory";
import { PlanSummary } from "./summary";
import { PolicyVerdict } from "./verdicts";
import { PlanVersions } from "./versions";

export interface PlanReport {
    /** The JSON format (PLAN_FORMAT_VERSION): raised when a field is removed, renamed or changes meaning. */
    readonly formatVersion: number;
    readonly stack: string;
    readonly program: string;
    /** Always true: computed values are unknown, as in `pulumi preview`. */
    readonly preview: true;
    readonly resources: PlanSummary;
    /** Node, the Pulumi SDK and each provider SDK the program ran with. */
    readonly versions: PlanVersions;
    /** The pack as its GetAnalyzerInfo reports it (its package.json version). */
    readonly pack: { readonly name: string; readonly version: string };
    /** The pack config file the pack was configured from (repository-relative), if any. */
    readonly policyPackConfig?: string;
    readonly policies: readonly PolicyVerdict[];
    readonly mandatoryViolations: number;
    /** What the plan was compared with; null when it had no base (--base, --base-json). */
    readonly base: BaseInfo | null;
    /** What changes from the base; null when there is no base (empty lists when nothing changes). */
    readonly changes: Changes | null;
    /** Files the plan wrote (diagram). */
    readonly files: readonly string[];
    readonly timingsMs: Readonly<Record<string, number>>;
    /** 1 when a mandatory policy is violated, else 0. */
    readonly exitCode: 0 | 1;
    /** Every resource (the root stack aside): where it was created, its inputs (secrets masked); what a later plan's --base-json compares with. */
    readonly inventory: readonly InventoryEntry[];
}

/** A value in one line: JSON, strings quoted, long ones cut. */
export function showValue(v: Masked | undefined, max = 120): string {
    if (v === undefined) {
        return "(none)";
    }
    const text = typeof v === "string" && (v === "[secret]" || v === "(known after apply)") ? v : JSON.stringify(v);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function showProperty(p: PropertyChange): string {
    const replace = p.forcesReplacement ? "  (forces replacement)" : "";
    if (p.before === undefined) {
        return `${p.path}: + ${showValue(p.after)}${replace}`;
    }
    if (p.after === undefined) {
        return `${p.path}: - ${showValue(p.before)}${replace}`;
    }
    return `${p.path}: ${showValue(p.before)} → ${showValue(p.after)}${replace}`;
}

const SIGN: Readonly<Record<ResourceChange["action"], string>> = { add: "+", remove: "-", change: "~" };

/** "database, protect: true — DATA LOSS" and the like: what a reviewer must know first. */
export function changeMarks(c: ResourceChange): string[] {
    const marks: string[] = [];
    if (c.protection) {
        marks.push(`protected: ${c.protection}`);
    }
    if (c.dataLoss) {
        marks.push("DATA LOSS: removing it deletes what it holds");
    }
    if (c.mayReplace.length > 0) {
        marks.push(`may replace (${c.mayReplace.join(", ")} forces a new resource)${c.protection ? ": data loss if it does" : ""}`);
    }
    return marks;
}

export function baseLabel(b: BaseInfo): string {
    if (b.json !== undefined) {
        return `the report ${b.json}`;
    }
    return `${b.ref}${b.commit && b.commit !== b.ref ? ` (${b.commit.slice(0, 12)})` : ""}`;
}

function renderChanges(r: PlanReport, lines: string[]): void {
    if (!r.base || !r.changes) {
        return;
    }
    const c = r.changes;
    lines.push("", `Changes against ${baseLabel(r.base)}: ${c.added.length} to add, ${c.removed.length} to remove, ${c.changed.length} to change`);
    if (r.base.lockfileDiffers) {
        lines.push("  note: the base's package-lock.json differs; both sides ran with this checkout's dependencies");
    }
    if (changeCount(c) === 0) {
        lines.push("  no change");
        return;
    }
    const guarded = protectedChanges(c);
    const others = [...c.removed, ...c.changed, ...c.added].filter((x) => x.protection === undefined);
    for (const [title, list] of [["Protected resources (look here first)", guarded], ["Other resources", others]] as const) {
        if (list.length === 0) {
            continue;
        }
        lines.push(`  ${title}`);
        for (const x of list) {
            const at = x.location ? `  ${formatLocation(x.location)}${x.revision === "base" ? " (in the base)" : ""}` : "";
            lines.push(`    ${x.protection ? "!" : " "} ${SIGN[x.action]} ${x.type} ${x.name}${at}`);
            for (const m of changeMarks(x)) {
                lines.push(`          ${m}`);
            }
            for (const p of x.properties) {
                lines.push(`          ${showProperty(p)}`);
            }
        }
    }
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
            lines.push(`      [${v.enforcementLevel}${v.exemption === undefined ? "" : ", exempted"}] ${where}${v.location ? `  ${formatLocation(v.location)}` : ""}`);
            lines.push(`          ${v.field ? `${v.field}: ` : ""}${v.message}`);
            if (v.exemption !== undefined) {
                lines.push(`          exempted by the pack config: ${v.exemption}`);
            }
        }
    }
    renderChanges(r, lines);
    if (r.files.length > 0) {
        lines.push("", ...r.files.map((f) => `wrote ${f}`));
    }
    lines.push("", r.exitCode === 0 ? "No mandatory policy violation." : `${r.mandatoryViolations} mandatory policy violation(s): this plan would be refused.`);
    return lines.join("\n");
}
