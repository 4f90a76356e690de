// Refreshes the pack's pinned copy of Stripe's API address list from the file
// Stripe publishes. Every line is validated as an address before anything is
// written, and the file is replaced atomically, so a bad download never
// reaches the pack.
//
//   npm run refresh-stripe-ips [-- <url>]
import * as fs from "fs";
import * as path from "path";
import { PINNED_STRIPE_API_LIST, packRoot, parseAddressList } from "../../policies/net";

export const STRIPE_API_LIST_URL = "https://stripe.com/files/ips/ips_api.txt";
export const PINNED_FILE = path.join(packRoot(path.join(__dirname, "..", "..", "policies")), PINNED_STRIPE_API_LIST);

/** Reads a URL: http(s) through fetch, file: from disk. */
export async function readUrl(url: string): Promise<string> {
    const u = new URL(url);
    if (u.protocol === "file:") {
        return fs.readFileSync(u, "utf8");
    }
    if (u.protocol !== "https:" && u.protocol !== "http:") {
        throw new Error(`cannot read ${url}: only https, http and file URLs`);
    }
    const res = await fetch(u, { signal: AbortSignal.timeout(30000) });
    if (!res.ok) {
        throw new Error(`GET ${url}: HTTP ${res.status} ${res.statusText}`);
    }
    return res.text();
}

export interface RefreshResult {
    readonly total: number;
    readonly added: readonly string[];
    readonly removed: readonly string[];
}

/** Downloads the list at `url`, validates it, and replaces `file` with it (one address a line). */
export async function refreshPinnedList(url: string = STRIPE_API_LIST_URL, file: string = PINNED_FILE): Promise<RefreshResult> {
    const fresh = parseAddressList(await readUrl(url), url);
    const old = fs.existsSync(file) ? parseAddressList(fs.readFileSync(file, "utf8"), file) : [];
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${fresh.join("\n")}\n`);
    fs.renameSync(tmp, file);
    const before = new Set(old);
    const after = new Set(fresh);
    return { total: fresh.length, added: fresh.filter((a) => !before.has(a)), removed: old.filter((a) => !after.has(a)) };
}

if (require.main === module) {
    const url = process.argv[2] ?? STRIPE_API_LIST_URL;
    refreshPinnedList(url).then(
        (r) => {
            console.log(`${path.relative(process.cwd(), PINNED_FILE)}: ${r.total} addresses (+${r.added.length} -${r.removed.length})`);
            r.added.forEach((a) => console.log(`  + ${a}`));
            r.removed.forEach((a) => console.log(`  - ${a}`));
            console.log("Rebuild the pack (npm run build) and publish a new version for the change to reach stacks.");
        },
        (e: Error) => {
            console.error(`refresh failed, pinned list unchanged: ${e.message}`);
            process.exit(1);
        },
    );
}
