// Pinned address lists the stack opens ports to: Stripe's API (the pack's
// default egress allow-list, so the stack and the pack can never disagree)
// and Stripe's webhook senders. Read once, validated, as canonical CIDRs.
import * as fs from "fs";
import * as path from "path";
import { formatCidr, readCidr } from "../policies/lib/cidr";

export const STRIPE_API_LIST = path.join(__dirname, "..", "policies", "data", "stripe-api-ips.txt");
export const STRIPE_WEBHOOK_LIST = path.join(__dirname, "data", "stripe-webhook-ips.txt");

/**
 * Reads a list of addresses or CIDRs, one per line ('#' starts a comment).
 * Throws naming the file and line of anything that is not an address.
 */
export function readAddressList(file: string): string[] {
    const out: string[] = [];
    fs.readFileSync(file, "utf8").split(/\r?\n/).forEach((line, i) => {
        const text = line.replace(/#.*/, "").trim();
        if (text === "") {
            return;
        }
        const parsed = readCidr(text);
        if (!parsed || !parsed.canonical) {
            throw new Error(`${path.basename(file)} line ${i + 1}: "${text}" is not an IP address or canonical CIDR`);
        }
        out.push(formatCidr(parsed.cidr));
    });
    if (out.length === 0) {
        throw new Error(`${path.basename(file)} lists no addresses`);
    }
    return [...new Set(out)];
}

/** Stripe API addresses as /32 (or /128) CIDRs. */
export function stripeApiCidrs(): string[] {
    return readAddressList(STRIPE_API_LIST);
}

/** Addresses Stripe sends webhooks from. */
export function stripeWebhookCidrs(): string[] {
    return readAddressList(STRIPE_WEBHOOK_LIST);
}
