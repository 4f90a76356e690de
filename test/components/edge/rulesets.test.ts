import { strict as assert } from "assert";
import { blockListName, FirewallInputs, MANAGED_RULESETS, OWASP_ANOMALY_RULE, PlannedRule, planRulesets, RULESET_PHASES } from "../../../components/edge";
import { stripeWebhookCidrs } from "../../../infra/addresses";
import { bare, ipSetOf } from "../../support/edge";

const INPUTS: FirewallInputs = {
    webhookPath: "/api/webhooks/stripe",
    stripeWebhookCidrs: stripeWebhookCidrs(),
    blockListName: "example_com_blocklist",
    webhookRequestsPerMinute: 100,
    apiPathPrefix: "/api/",
    apiRequestsPerMinute: 600,
};

function rule(phase: string, ref: string): PlannedRule {
    const found = planRulesets(INPUTS).find((p) => p.phase === phase)?.rules.find((r) => r.ref === ref);
    assert.ok(found, `${phase} has rule ${ref}`);
    return found;
}

describe("components/edge/rulesets", () => {
    it("plans exactly one ruleset per phase", () => {
        assert.deepEqual(planRulesets(INPUTS).map((p) => p.phase), [...RULESET_PHASES]);
    });

    it("executes the Cloudflare Managed Ruleset and the OWASP Core Ruleset on every request, OWASP blocking", () => {
        const managed = planRulesets(INPUTS).find((p) => p.phase === "http_request_firewall_managed")!;
        assert.deepEqual(managed.rules.map((r) => [r.action, r.expression, r.actionParameters?.id]), [
            ["execute", "true", "efb7b8c949ac4650a09736fc376e9aee"],
            ["execute", "true", "4814384a9e5d4991b9815dcfc25d2f1f"],
        ]);
        assert.deepEqual(MANAGED_RULESETS, { cloudflareManaged: "efb7b8c949ac4650a09736fc376e9aee", owaspCore: "4814384a9e5d4991b9815dcfc25d2f1f" });
        assert.deepEqual(managed.rules[1].actionParameters?.overrides, { rules: [{ id: OWASP_ANOMALY_RULE, action: "block" }] });
    });

    it("blocks the webhook path from every address but Stripe's webhook senders", () => {
        const r = rule("http_request_firewall_custom", "stripe_webhook_only_from_stripe");
        assert.equal(r.action, "block");
        assert.match(r.expression, /^\(starts_with\(lower\(http\.request\.uri\.path\), "\/api\/webhooks\/stripe"\)\) and \(not \(ip\.src in \{/);
        assert.deepEqual(ipSetOf(r.expression).sort(), bare(stripeWebhookCidrs()).sort());
    });

    it("blocks the addresses of the block-list by the list's name", () => {
        const r = rule("http_request_firewall_custom", "block_listed_sources");
        assert.deepEqual([r.action, r.expression], ["block", "ip.src in $example_com_blocklist"]);
    });

    it("limits the webhook path to 100 requests a minute per client (seed 003)", () => {
        const r = rule("http_ratelimit", "ratelimit_stripe_webhook");
        assert.equal(r.action, "block");
        assert.deepEqual(r.ratelimit, { characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 100, mitigationTimeout: 60 });
        assert.equal(r.expression, 'starts_with(lower(http.request.uri.path), "/api/webhooks/stripe")');
    });

    it("limits the API to the configured rate, leaving webhooks to their own limit", () => {
        const r = rule("http_ratelimit", "ratelimit_api");
        assert.equal(r.ratelimit?.requestsPerPeriod, 600);
        assert.equal(r.ratelimit?.period, 60);
        assert.equal(r.expression, '(starts_with(lower(http.request.uri.path), "/api/")) and (not (starts_with(lower(http.request.uri.path), "/api/webhooks/stripe")))');
        assert.throws(() => planRulesets({ ...INPUTS, apiRequestsPerMinute: 0 }), /rate limit ratelimit_api: 0 is not a positive whole number/);
    });

    it("refuses a webhook rule with no Stripe addresses, which would block Stripe too", () => {
        assert.throws(() => planRulesets({ ...INPUTS, stripeWebhookCidrs: [] }), /would match nothing/);
    });

    it("refuses an expression longer than Cloudflare's 4,096 characters, naming the rule", () => {
        // Every other address, so that no two merge into a range.
        const many = Array.from({ length: 400 }, (_, i) => `198.51.${Math.floor(i / 120)}.${(i % 120) * 2 + 1}`);
        assert.throws(() => planRulesets({ ...INPUTS, stripeWebhookCidrs: many }),
            /Cloudflare rule expressions are at most 4096 characters .*too long: http_request_firewall_custom\/stripe_webhook_only_from_stripe \(\d+\)/);
        assert.ok(planRulesets(INPUTS).every((p) => p.rules.every((r) => r.expression.length <= 4096)));
    });

    it("names the block-list after the zone, within Cloudflare's limits", () => {
        assert.equal(blockListName("tickettoken.com"), "tickettoken_com_blocklist");
        const long = blockListName(`${"a".repeat(40)}.example-zone.com`);
        assert.ok(/^[a-z0-9_]{1,50}$/.test(long), long);
        assert.notEqual(long, blockListName(`${"a".repeat(40)}.example-zone.net`));
    });
});
