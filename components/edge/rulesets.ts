// Pure plans of the zone's three entry-point rulesets (Cloudflare allows one
// per zone and phase): managed WAF, custom firewall rules, rate limits. The
// component registers them as they are planned here.
import { createHash } from "crypto";
import { and, ipSet, listRef, not, pathStartsWith, sourceIn } from "./expressions";

/** Phases this zone configures, in the order Cloudflare evaluates them. */
export type RulesetPhase = "http_request_firewall_custom" | "http_ratelimit" | "http_request_firewall_managed";
export const RULESET_PHASES: readonly RulesetPhase[] = ["http_request_firewall_custom", "http_ratelimit", "http_request_firewall_managed"];

/** Account-level managed rulesets (ids are the same for every account). */
export const MANAGED_RULESETS = {
    cloudflareManaged: "efb7b8c949ac4650a09736fc376e9aee",
    owaspCore: "4814384a9e5d4991b9815dcfc25d2f1f",
} as const;

/** OWASP's last rule (949110, "Inbound Anomaly Score Exceeded"): it acts on the summed score. */
export const OWASP_ANOMALY_RULE = "6179ae15870a4bb7b2d480d4843b323c";

/** Rate limits count per client address; Cloudflare requires the data centre as well. */
export const PER_CLIENT = ["cf.colo.id", "ip.src"] as const;

/** A rule as the Ruleset resource takes it (plain values only). */
export interface PlannedRule {
    readonly ref: string;
    readonly description: string;
    readonly expression: string;
    readonly action: "block" | "execute";
    readonly enabled: true;
    readonly actionParameters?: {
        readonly id: string;
        readonly overrides?: { readonly rules: ReadonlyArray<{ readonly id: string; readonly action: "block" }> };
    };
    readonly ratelimit?: {
        readonly characteristics: readonly string[];
        readonly period: number;
        readonly requestsPerPeriod: number;
        readonly mitigationTimeout: number;
    };
}

export interface RulesetPlan {
    readonly phase: RulesetPhase;
    readonly description: string;
    readonly rules: readonly PlannedRule[];
}

export interface FirewallInputs {
    /** Path prefix of Stripe's webhook endpoint, lower case. */
    readonly webhookPath: string;
    /** Addresses Stripe sends webhooks from. */
    readonly stripeWebhookCidrs: readonly string[];
    /** Name of the account list of blocked addresses. */
    readonly blockListName: string;
    readonly webhookRequestsPerMinute: number;
    readonly apiPathPrefix: string;
    readonly apiRequestsPerMinute: number;
}

function execute(ref: string, description: string, id: string, overrides?: NonNullable<PlannedRule["actionParameters"]>["overrides"]): PlannedRule {
    return { ref, description, expression: "true", action: "execute", enabled: true, actionParameters: overrides ? { id, overrides } : { id } };
}

function perMinute(ref: string, description: string, expression: string, requests: number): PlannedRule {
    if (!Number.isInteger(requests) || requests < 1) {
        throw new Error(`rate limit ${ref}: ${requests} is not a positive whole number of requests`);
    }
    return {
        ref,
        description,
        expression,
        action: "block",
        enabled: true,
        // A minute is the longest period the Pro plan counts over; the block lasts as long.
        ratelimit: { characteristics: [...PER_CLIENT], period: 60, requestsPerPeriod: requests, mitigationTimeout: 60 },
    };
}

/** Longest rule expression Cloudflare accepts ("Maximum rule expression length", Rules language: Expressions). */
export const MAX_EXPRESSION_LENGTH = 4096;

/** Every ruleset of the zone, one per phase; throws naming the rule whose expression Cloudflare would refuse. */
export function planRulesets(i: FirewallInputs): RulesetPlan[] {
    const plans = planRulesetsUnchecked(i);
    const long = plans.flatMap((p) => p.rules.filter((r) => r.expression.length > MAX_EXPRESSION_LENGTH).map((r) => `${p.phase}/${r.ref} (${r.expression.length})`));
    if (long.length > 0) {
        throw new Error(
            `Cloudflare rule expressions are at most ${MAX_EXPRESSION_LENGTH} characters (Rules language, "Maximum rule expression length"); ` +
                `too long: ${long.join(", ")} (a long address set belongs in a Cloudflare list)`,
        );
    }
    return plans;
}

function planRulesetsUnchecked(i: FirewallInputs): RulesetPlan[] {
    const webhook = pathStartsWith(i.webhookPath);
    return [
        {
            phase: "http_request_firewall_custom",
            description: "Blocked addresses, and Stripe's webhook path only from Stripe",
            rules: [
                {
                    ref: "block_listed_sources",
                    description: "Addresses on the block-list (seed 004 IP blacklisting)",
                    expression: sourceIn(listRef(i.blockListName)),
                    action: "block",
                    enabled: true,
                },
                {
                    ref: "stripe_webhook_only_from_stripe",
                    description: `${i.webhookPath} is for Stripe's webhook senders only`,
                    expression: and(webhook, not(sourceIn(ipSet(i.stripeWebhookCidrs)))),
                    action: "block",
                    enabled: true,
                },
            ],
        },
        {
            phase: "http_ratelimit",
            description: "Per-client request rates (seed 003)",
            rules: [
                perMinute("ratelimit_stripe_webhook", `${i.webhookPath}: ${i.webhookRequestsPerMinute} requests a minute`, webhook, i.webhookRequestsPerMinute),
                perMinute(
                    "ratelimit_api",
                    `${i.apiPathPrefix}: ${i.apiRequestsPerMinute} requests a minute`,
                    // Webhooks have their own limit; counted here too, a burst of deliveries would use up Stripe's API allowance.
                    and(pathStartsWith(i.apiPathPrefix), not(webhook)),
                    i.apiRequestsPerMinute,
                ),
            ],
        },
        {
            phase: "http_request_firewall_managed",
            description: "Cloudflare Managed Ruleset and OWASP Core Ruleset",
            rules: [
                execute("execute_cloudflare_managed", "Cloudflare Managed Ruleset", MANAGED_RULESETS.cloudflareManaged),
                // Without an override the anomaly rule's action is whatever Cloudflare defaults to; make it block.
                execute("execute_owasp_core", "Cloudflare OWASP Core Ruleset, blocking over the anomaly threshold", MANAGED_RULESETS.owaspCore, {
                    rules: [{ id: OWASP_ANOMALY_RULE, action: "block" }],
                }),
            ],
        },
    ];
}

/** The account list name for a zone's block-list: lower case, digits and underscores, at most 50. */
export function blockListName(zone: string): string {
    const name = `${zone.replace(/[^a-z0-9]+/g, "_")}_blocklist`;
    // Long zone names keep a readable head and a digest, so two zones never share a list.
    return name.length <= 50 ? name : `${name.slice(0, 41)}_${createHash("sha256").update(zone).digest("hex").slice(0, 8)}`;
}
