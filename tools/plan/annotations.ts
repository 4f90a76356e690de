// GitHub Actions annotations: workflow commands that put a violation, or a
// change to a protected resource, on the line of the program statement that
// created the resource (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
// GitHub shows at most 10 errors and 10 warnings per step; the violations
// come first.
import { formatLocation, SourceLocation } from "../harness/location";
import { protectedChanges } from "./changes";
import { changeMarks, PlanReport, showProperty } from "./report";
import { Level } from "./verdicts";

type Command = "error" | "warning" | "notice";

/** Escapes a command's message (data). */
export function escapeData(s: string): string {
    return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a command's property value. */
export function escapeProperty(s: string): string {
    return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function workflowCommand(command: Command, message: string, props: { file?: string; line?: number; col?: number; title?: string }): string {
    const parts = Object.entries(props)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
    return `::${command}${parts.length ? ` ${parts.join(",")}` : ""}::${escapeData(message)}`;
}

const COMMAND: Readonly<Record<Level, Command | undefined>> = { mandatory: "error", advisory: "warning", remediate: "notice", disabled: undefined };

function at(l: SourceLocation | undefined) {
    return l ? { file: l.file, line: l.line, col: l.column } : {};
}

/** The annotations of a report: each violation at its resource's line, then each change to a protected resource. */
export function annotations(r: PlanReport): string[] {
    const out: string[] = [];
    for (const p of r.policies) {
        for (const v of p.violations) {
            const command = COMMAND[v.enforcementLevel];
            if (command) {
                const what = v.type ? `${v.type} ${v.name}` : "the stack";
                out.push(workflowCommand(command, `${what}: ${v.field ? `${v.field}: ` : ""}${v.message}`, { ...at(v.location), title: `${p.policy} (${v.enforcementLevel}, stack ${r.stack})` }));
            }
        }
    }
    for (const c of r.changes ? protectedChanges(r.changes) : []) {
        // A removed resource's line is in the base, not in the files of this revision.
        const where = c.revision === "head" ? at(c.location) : {};
        const verb = c.action === "add" ? "added" : c.action === "remove" ? "removed" : "changed";
        const detail = [...changeMarks(c), ...c.properties.map(showProperty)].join("\n");
        const was = c.revision === "base" && c.location ? `\n(created at ${formatLocation(c.location)} in the base)` : "";
        out.push(workflowCommand(c.dataLoss ? "error" : "warning", `${c.type} ${c.name} ${verb}\n${detail}${was}`, { ...where, title: `protected resource ${verb} (stack ${r.stack})` }));
    }
    return out;
}
