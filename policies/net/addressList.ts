// Stripe publishes its API addresses as a text file, one address per line.
// The pack pins a copy (data/stripe-api-ips.txt); the refresh tool and the
// pack read it through the same parser, so a list that would not load is
// never written.
import * as fs from "fs";
import * as path from "path";
import { parseIp } from "./cidr";

/** Parses a published address list; throws naming every line that is not an address. */
export function parseAddressList(text: string, source: string): string[] {
    const out: string[] = [];
    const bad: string[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) {
            return;
        }
        if (parseIp(line) === undefined) {
            bad.push(`line ${i + 1}: ${JSON.stringify(line.slice(0, 60))}`);
        } else {
            out.push(line);
        }
    });
    if (bad.length > 0) {
        throw new Error(`${source}: not an IP address on ${bad.length} line(s): ${bad.slice(0, 5).join("; ")}`);
    }
    if (out.length === 0) {
        throw new Error(`${source}: no addresses`);
    }
    return out;
}

/** Folder of the pack (the one holding PulumiPolicy.yaml), from source or from bin/. */
export function packRoot(from: string = __dirname): string {
    let dir = from;
    while (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) {
        const up = path.dirname(dir);
        if (up === dir) {
            throw new Error(`no PulumiPolicy.yaml above ${from}`);
        }
        dir = up;
    }
    return dir;
}

/** The pinned copy of Stripe's API address list. */
export const PINNED_STRIPE_API_LIST = path.join("data", "stripe-api-ips.txt");

/** Reads the pinned Stripe API addresses. */
export function pinnedStripeApiAddresses(root: string = packRoot()): string[] {
    const file = path.join(root, PINNED_STRIPE_API_LIST);
    return parseAddressList(fs.readFileSync(file, "utf8"), PINNED_STRIPE_API_LIST);
}
