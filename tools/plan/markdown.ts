// The report as Markdown, for the job summary and the pull request comment:
// the summary first (verdicts, counts, changes to protected resources), the
// details folded. A comment holds at most 65,536 characters
// (https://docs.github.com/rest/issues/comments, "body" is limited by the
// API); the summary is kept whole and within a share of it, and the details
// are cut, item by item, to fit the rest, saying what was left out.
import { formatLocation, SourceLocation } from "../harness/location";
import { changeCount, protectedChanges, ResourceChange } from "./changes";
import { baseLabel, changeMarks, PlanReport, showProperty } from "./report";

/** GitHub's limit on a comment's body. */
export const COMMENT_LIMIT = 65536;
/** The summary never takes more than this; the rest of the limit is for the details. */
const SUMMARY_SHARE = 24000;

export interface MarkdownOptions {
    /** Link to a file's line (the commit on GitHub); plain text without it. */
    readonly links?: (file: string, line: number) => string;
    /** @default COMMENT_LIMIT */
    readonly limit?: number;
}

/** The first line of the comment: finds the comment to update in place, one per stack. */
export function commentMarker(stack: string): string {
    return `<!-- tickettoken-offline-plan:${stack} -->`;
}

export function escapeHtml(s: string): string {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const code = (s: string) => `<code>${escapeHtml(s)}</code>`;

function place(l: SourceLocation | undefined, o: MarkdownOptions, suffix = ""): string {
    if (!l) {
        return "";
    }
    const text = escapeHtml(formatLocation(l)) + suffix;
    return o.links && !suffix ? ` — [${text}](${o.links(l.file, l.line)})` : ` — ${text}`;
}

const VERB: Readonly<Record<ResourceChange["action"], string>> = { add: "+ add", remove: "− remove", change: "~ change" };

function changeItem(c: ResourceChange, o: MarkdownOptions): string {
    const at = place(c.location, o, c.revision === "base" ? " (in the base)" : "");
    const lines = [`- ${c.protection ? "⚠️ " : ""}**${VERB[c.action]}** ${code(c.type)} **${escapeHtml(c.name)}**${at}`];
    for (const m of changeMarks(c)) {
        lines.push(`  - ${c.dataLoss || m.startsWith("may replace") ? "**" + escapeHtml(m) + "**" : escapeHtml(m)}`);
    }
    for (const p of c.properties) {
        lines.push(`  - ${code(showProperty(p))}`);
    }
    return lines.join("\n");
}

function summary(r: PlanReport, o: MarkdownOptions): string[] {
    const verdict = r.exitCode === 0 ? "✅ no mandatory violation" : `❌ ${r.mandatoryViolations} mandatory violation${r.mandatoryViolations === 1 ? "" : "s"}`;
    const out = [
        commentMarker(r.stack),
        `### Offline plan of \`${r.stack}\`: ${verdict}`,
        "",
        `Policy pack ${code(`${r.pack.name} ${r.pack.version}`)}, preview under mocks${r.program.endsWith("infra/index.ts") ? "" : `, program ${code(r.program)}`}.`,
        "",
        "| policy | level | verdict | violations |",
        "|---|---|---|---|",
        ...r.policies.map((p) => `| ${p.policy} | ${p.enforcementLevel} | ${p.verdict === "pass" ? "✅ pass" : "❌ fail"} | ${p.violations.length} |`),
        "",
        `**${r.resources.total}** resources in **${r.resources.componentCount}** components.`,
    ];
    if (!r.base || !r.changes) {
        out.push("", "_No base: run with `--base REF` to see what this change adds, removes and changes._");
        return out;
    }
    const c = r.changes;
    const guarded = protectedChanges(c);
    out.push(
        "",
        `**Changes against ${escapeHtml(baseLabel(r.base))}:** ${c.added.length} to add, ${c.removed.length} to remove, ${c.changed.length} to change` +
            (guarded.length ? `; **⚠️ ${guarded.length} to protected resources**` : "") +
            (changeCount(c) === 0 ? " — no change." : "."),
    );
    if (r.base.lockfileDiffers) {
        out.push("", "_The base's package-lock.json differs: both sides ran with this revision's dependencies._");
    }
    if (guarded.length > 0) {
        out.push("", "#### ⚠️ Protected resources (stores, keys, secrets, the cluster, anything `protect`ed)");
        let size = out.join("\n").length;
        for (const [i, g] of guarded.entries()) {
            const item = changeItem(g, o);
            if (size + item.length > SUMMARY_SHARE - 200) {
                out.push(`- … and ${guarded.length - i} more protected change(s), listed under “Changes” below as room allows, and in full in the job summary and the --json report`);
                break;
            }
            out.push(item);
            size += item.length + 1;
        }
    }
    return out;
}

/** A folded section: as many items as fit in `room`, then a line saying how many did not. */
function section(title: string, items: readonly string[], room: number): string {
    const head = `<details><summary>${title}</summary>\n\n`;
    const tail = "\n\n</details>";
    const shown: string[] = [];
    let size = head.length + tail.length + 120; // room for the "left out" line
    for (const item of items) {
        if (size + item.length + 1 > room) {
            break;
        }
        shown.push(item);
        size += item.length + 1;
    }
    if (shown.length === 0 && items.length > 0 && size > room) {
        return "";
    }
    const left = items.length - shown.length;
    const more = left > 0 ? `\n- … ${left} more not shown here (the comment's size limit); the --json report has them all` : "";
    return `${head}${shown.join("\n")}${more}${tail}`;
}

export function renderMarkdown(r: PlanReport, o: MarkdownOptions = {}): string {
    const limit = o.limit ?? COMMENT_LIMIT;
    const parts = [summary(r, o).join("\n")];
    const violations = r.policies.flatMap((p) =>
        p.violations.map((v) => {
            const what = v.type ? `${code(v.type)} **${escapeHtml(v.name)}**` : "the stack";
            return `- **${p.policy}** (${v.enforcementLevel}) ${what}${place(v.location, o)}\n  ${v.field ? `${code(v.field)}: ` : ""}${escapeHtml(v.message)}`;
        }),
    );
    const changes = r.changes ? [...protectedChanges(r.changes), ...[...r.changes.removed, ...r.changes.changed, ...r.changes.added].filter((x) => !x.protection)].map((c) => changeItem(c, o)) : [];
    const components = r.resources.components.map(
        (c) => `| ${escapeHtml(c.component)} | ${c.total} | ${c.types.map((t) => `${escapeHtml(t.type)} ×${t.count}`).join("<br>")} |`,
    );
    const footer = "\n\n<sub>npm run plan — the stack's program under Pulumi's mocks, judged by the policy pack over its gRPC interface; no credentials.</sub>\n";
    const sections: Array<[string, string[]]> = [
        [`Violations (${violations.length})`, violations],
        [`Changes (${changes.length})`, changes],
        [`Resources by component (${r.resources.total})`, ["| component | resources | types |", "|---|---|---|", ...components]],
    ];
    for (const [title, items] of sections) {
        if (items.length === 0) {
            continue;
        }
        const used = parts.join("\n\n").length + footer.length + 2;
        const s = section(title, items, limit - used);
        if (s) {
            parts.push(s);
        }
    }
    return `${parts.join("\n\n")}${footer}`;
}
