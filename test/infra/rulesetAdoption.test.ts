import { strict as assert } from "assert";
import { analyzeRun, mandatory } from "../../tools/analyzer";
import { runStack } from "../../tools/harness/run";
import { stackPackConfig } from "../support/pack";
import { all } from "../support/resources";

// A zone whose managed WAF was turned on in the dashboard already has the entry-point ruleset of that phase,
// and Cloudflare refuses a second: the stack adopts it when the stack file names it.
describe("infra (whole stack): adopting a zone's existing Cloudflare rulesets", () => {
    it("imports the named entry points, creates the others, and still passes the pack", async function () {
        this.timeout(120000);
        const managed = "0123456789abcdef0123456789abcdef";
        const run = await runStack("prod", { "tickettoken:cloudflareExistingRulesets": [`http_request_firewall_managed=${managed}`] }, { preview: true });
        const rulesets = all(run, "cloudflare:index/ruleset:Ruleset");
        assert.equal(rulesets.length, 3);
        const zoneId = rulesets[0].inputs.zoneId;
        const byPhase = Object.fromEntries(rulesets.map((r) => [r.inputs.phase, r]));
        assert.equal(byPhase.http_request_firewall_managed.importId, `zones/${zoneId}/${managed}`);
        assert.equal(byPhase.http_request_firewall_custom.importId, undefined);
        assert.equal(byPhase.http_ratelimit.importId, undefined);
        // Judged as the stack's previews are: with its checked-in pack config (the deploy runner's exemption).
        assert.deepEqual(mandatory(await analyzeRun(run, { config: stackPackConfig("prod") })), []);
    });
});
