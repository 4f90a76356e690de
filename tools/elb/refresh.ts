// Refreshes the pack's pinned table of Elastic Load Balancing security
// policies (what protocols and ciphers each predefined policy accepts) from
// the output of `aws elbv2 describe-ssl-policies`, which lists every policy
// of the region with its SslProtocols and Ciphers. Nothing here needs AWS
// credentials: whoever has them runs the CLI, and this tool validates the
// result through the pack's own parser before replacing the file, so a table
// the pack would refuse is never written.
//
//   aws elbv2 describe-ssl-policies --output json > ssl-policies.json
//   npm run refresh-elb-policies -- ssl-policies.json
import * as fs from "fs";
import * as path from "path";
import { packRoot } from "../../policies/net";
import { parseTlsPolicyTable, PINNED_ELB_POLICIES, PROTOCOLS } from "../../policies/lib/tlsPolicies";

export const PINNED_FILE = path.join(packRoot(path.join(__dirname, "..", "..", "policies")), PINNED_ELB_POLICIES);

interface CliPolicy {
    readonly Name?: unknown;
    readonly SslProtocols?: unknown;
    readonly Ciphers?: unknown;
}

/** The pinned table's JSON from describe-ssl-policies output; throws naming what is missing. */
export function tableFromCli(text: string, source: string, retrieved: string): string {
    let doc: { SslPolicies?: unknown };
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new Error(`${source}: not JSON (${(e as Error).message}); give the output of aws elbv2 describe-ssl-policies --output json`);
    }
    if (!Array.isArray(doc?.SslPolicies) || doc.SslPolicies.length === 0) {
        throw new Error(`${source}: no SslPolicies list; give the output of aws elbv2 describe-ssl-policies --output json`);
    }
    const policies: Record<string, { protocols: string[]; ciphers: string[] }> = {};
    for (const [i, p] of (doc.SslPolicies as CliPolicy[]).entries()) {
        if (typeof p?.Name !== "string" || !Array.isArray(p.SslProtocols) || !Array.isArray(p.Ciphers)) {
            throw new Error(`${source}: SslPolicies[${i}] lacks Name, SslProtocols or Ciphers`);
        }
        // The CLI lists protocols newest first in some regions and oldest first in others; keep the table's order.
        const protocols = [...(p.SslProtocols as string[])].sort((a, b) => PROTOCOLS.indexOf(b as never) - PROTOCOLS.indexOf(a as never));
        const ciphers = [...(p.Ciphers as { Name?: unknown; Priority?: unknown }[])]
            .sort((a, b) => Number(a.Priority ?? 0) - Number(b.Priority ?? 0))
            .map((c) => String(c.Name));
        policies[p.Name] = { protocols, ciphers };
    }
    const sorted = Object.fromEntries(Object.entries(policies).sort(([a], [b]) => a.localeCompare(b)));
    const out = {
        source: `aws elbv2 describe-ssl-policies (${source})`,
        retrieved,
        refresh: "aws elbv2 describe-ssl-policies --output json > ssl-policies.json && npm run refresh-elb-policies -- ssl-policies.json",
        policies: sorted,
    };
    const json = `${JSON.stringify(out, null, 2)}\n`;
    parseTlsPolicyTable(json, source); // the pack must be able to load what is written
    return json;
}

export interface RefreshResult {
    readonly total: number;
    readonly added: readonly string[];
    readonly removed: readonly string[];
}

/** Replaces `file` with the table read from describe-ssl-policies output at `input`. */
export function refreshTable(input: string, file: string = PINNED_FILE, retrieved: string = new Date().toISOString().slice(0, 10)): RefreshResult {
    const json = tableFromCli(fs.readFileSync(input, "utf8"), path.basename(input), retrieved);
    const fresh = [...parseTlsPolicyTable(json, input).policies.keys()];
    const old = fs.existsSync(file) ? [...parseTlsPolicyTable(fs.readFileSync(file, "utf8"), file).policies.keys()] : [];
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, json);
    fs.renameSync(tmp, file);
    const before = new Set(old);
    const after = new Set(fresh);
    return { total: fresh.length, added: fresh.filter((n) => !before.has(n)), removed: old.filter((n) => !after.has(n)) };
}

if (require.main === module) {
    const input = process.argv[2];
    if (!input) {
        console.error("usage: npm run refresh-elb-policies -- <output of aws elbv2 describe-ssl-policies --output json>");
        process.exit(2);
    }
    try {
        const r = refreshTable(input);
        console.log(`${path.relative(process.cwd(), PINNED_FILE)}: ${r.total} policies (+${r.added.length} -${r.removed.length})`);
        r.added.forEach((n) => console.log(`  + ${n}`));
        r.removed.forEach((n) => console.log(`  - ${n}`));
        console.log("Rebuild the pack (npm run build) and publish a new version for the change to reach stacks.");
    } catch (e) {
        console.error(`refresh failed, pinned table unchanged: ${(e as Error).message}`);
        process.exit(1);
    }
}
