// Pinned address lists the stack opens ports to: Stripe's API (the pack's
// default egress allow-list, read from the pack's own copy through the pack's
// parser, so the stack and the pack can never disagree) and Stripe's webhook
// senders. Read once, validated, as single-address CIDRs.
import * as fs from "fs";
import * as path from "path";
import { formatCidr, parseCidr } from "../policies/net";
import { parseAddressList, PINNED_STRIPE_API_LIST } from "../policies/net";

export const STRIPE_API_LIST = path.join(__dirname, "..", "policies", PINNED_STRIPE_API_LIST);
export const STRIPE_WEBHOOK_LIST = path.join(__dirname, "data", "stripe-webhook-ips.txt");

/** The addresses of a list file as /32 (or /128) CIDRs, each once; throws naming the file and bad lines. */
export function readAddressList(file: string): string[] {
    const addresses = parseAddressList(fs.readFileSync(file, "utf8"), path.basename(file));
    return [...new Set(addresses.map((a) => formatCidr(parseCidr(a)!)))];
}

/** Stripe API addresses as /32 (or /128) CIDRs. */
export function stripeApiCidrs(): string[] {
    return readAddressList(STRIPE_API_LIST);
}

/** Addresses Stripe sends webhooks from. */
export function stripeWebhookCidrs(): string[] {
    return readAddressList(STRIPE_WEBHOOK_LIST);
}
