import { strict as assert } from "assert";
import { annotations, escapeData, escapeProperty, workflowCommand } from "../../../tools/plan/annotations";
import { Changes, ResourceChange } from "../../../tools/plan/changes";
import { commentMarker, COMMENT_LIMIT, renderMarkdown } from "../../../tools/plan/markdown";
import { PlanReport } from "../../../tools/plan/report";
import { Violation } from "../../../tools/plan/verdicts";

function change(i: number, protection?: string): ResourceChange {
    return {
        action: "change", urn: `urn:pulumi:prod::t::aws:x/y:Z::r${i}`, type: "aws:x/y:Z", name: `r${i}`, custom: true,
        ...(protection ? { protection } : {}), dataLoss: false, mayReplace: [],
        location: { file: "components/x.ts", line: i + 1, column: 3 }, revision: "head",
        properties: [{ path: "description", before: "x".repeat(200), after: "y".repeat(200), forcesReplacement: false }],
    };
}

function report(violations: number, changes: Changes | null): PlanReport {
    const v: Violation[] = Array.from({ length: violations }, (_, i) => ({
        urn: `urn:pulumi:prod::t::aws:x/y:Z::v${i}`, type: "aws:x/y:Z", name: `v${i}`, field: "cidrIpv4", message: "m".repeat(300), enforcementLevel: "mandatory",
        location: { file: "components/y.ts", line: i + 1, column: 1 },
    }));
    return {
        formatVersion: 1, stack: "prod", program: "infra/index.ts", preview: true,
        resources: { components: [{ component: "tickettoken:x:X x", types: [{ type: "aws:x/y:Z", count: 3 }], total: 3 }], total: 3, componentCount: 1 },
        versions: { node: "20.0.0", pulumiSdk: "3.0.0", providers: { "@pulumi/aws": "1", "@pulumi/cloudflare": "1", "@pulumi/kubernetes": "1", "@pulumi/random": "1", "@pulumi/tls": "1" } },
        pack: { name: "tickettoken-network", version: "0.1.0" },
        policies: [{ policy: "no-public-db", enforcementLevel: "mandatory", verdict: violations ? "fail" : "pass", violations: v }],
        mandatoryViolations: violations,
        base: changes ? { ref: "main", commit: "0123456789abcdef0123", stack: "prod" } : null,
        changes, files: [], timingsMs: {}, exitCode: violations ? 1 : 0, inventory: [],
    };
}

describe("tools/plan/markdown and annotations", () => {
    it("puts the summary first: verdicts, counts, and the protected changes with their lines", () => {
        const md = renderMarkdown(report(1, { added: [], removed: [], changed: [change(1, "database, protect: true"), change(2)] }), { links: (f, l) => `https://example.test/${f}#L${l}` });
        assert.ok(md.startsWith(`${commentMarker("prod")}\n### Offline plan of \`prod\`: ❌ 1 mandatory violation`));
        assert.match(md, /\| no-public-db \| mandatory \| ❌ fail \| 1 \|/);
        assert.match(md, /\*\*Changes against main \(0123456789ab\):\*\* 0 to add, 0 to remove, 2 to change; \*\*⚠️ 1 to protected resources\*\*/);
        const summaryEnd = md.indexOf("<details>");
        assert.ok(md.indexOf("**r1**") < summaryEnd, "the protected change is in the summary, before anything folded");
        assert.match(md, /\[components\/x\.ts:2\]\(https:\/\/example\.test\/components\/x\.ts#L2\)/);
        assert.match(md, /<details><summary>Violations \(1\)<\/summary>/);
    });

    it("says when there is no base, and when nothing changed", () => {
        assert.match(renderMarkdown(report(0, null)), /No base: run with `--base REF`/);
        assert.match(renderMarkdown(report(0, { added: [], removed: [], changed: [] })), /0 to add, 0 to remove, 0 to change — no change\./);
    });

    it("trims a huge report to GitHub's comment limit without losing the summary", () => {
        const changed = [...Array.from({ length: 80 }, (_, i) => change(i, "database")), ...Array.from({ length: 3000 }, (_, i) => change(100 + i))];
        const big = report(2000, { added: [], removed: [], changed });
        const md = renderMarkdown(big);
        assert.ok(md.length <= COMMENT_LIMIT, `${md.length} characters`);
        assert.ok(md.startsWith(commentMarker("prod")));
        assert.match(md, /❌ 2000 mandatory violations/);
        assert.match(md, /3080 to change; \*\*⚠️ 80 to protected resources\*\*/);
        assert.match(md, /… and \d+ more protected change\(s\)/, "the summary's own list is capped too");
        assert.match(md, /… \d+ more not shown here \(the comment's size limit\)/);
        assert.equal((md.match(/<details>/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length, "every fold is closed");
        assert.ok(md.trimEnd().endsWith("</sub>"), "the footer survives");
        // A small report is not cut at all.
        assert.doesNotMatch(renderMarkdown(report(2, null)), /more not shown/);
        assert.ok(renderMarkdown(big, { limit: 30000 }).length <= 30000);
    });

    it("escapes workflow commands so a message cannot end or forge one", () => {
        assert.equal(escapeData("50%\nnext"), "50%25%0Anext");
        assert.equal(escapeProperty("a:b,c"), "a%3Ab%2Cc");
        assert.equal(workflowCommand("error", "x\n::warning::y", { file: "a.ts", line: 3, title: "p (mandatory, prod)" }), "::error file=a.ts,line=3,title=p (mandatory%2C prod)::x%0A::warning::y");
    });

    it("annotates each violation at its line, then each protected change (a removal as an error, at no line of this revision)", () => {
        const removed: ResourceChange = { ...change(7, "encryption key"), action: "remove", dataLoss: true, revision: "base", properties: [] };
        const lines = annotations(report(1, { added: [], removed: [removed], changed: [change(1, "database"), change(2)] }));
        assert.equal(lines.length, 3);
        assert.match(lines[0], /^::error file=components\/y\.ts,line=1,col=1,title=no-public-db \(mandatory%2C stack prod\)::aws:x\/y:Z v0: cidrIpv4: m+$/);
        assert.match(lines[1], /^::error title=protected resource removed \(stack prod\)::aws:x\/y:Z r7 removed%0Aprotected: encryption key%0ADATA LOSS/);
        assert.match(lines[2], /^::warning file=components\/x\.ts,line=2,col=3,title=protected resource changed/);
    });
});
