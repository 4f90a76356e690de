import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CloudflareEdge, CloudflareEdgeArgs, DnsRecordSpec, parseDnsRecord, RULESET_PHASES } from "../../../components/edge";
import { stripeWebhookCidrs } from "../../../infra/addresses";
import { runComponents, RunResult } from "../../../tools/harness/run";
import { bare, ipSetOf, STRICT_ZONE_SETTINGS } from "../../support/edge";
import { all, one } from "../../support/resources";

const ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
const SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const RECORD = "cloudflare:index/dnsRecord:DnsRecord";
const RULESET = "cloudflare:index/ruleset:Ruleset";
const CLIENT_CERT = "-----BEGIN CERTIFICATE-----\nzone client\n-----END CERTIFICATE-----\n";
const CLIENT_KEY = "-----BEGIN PRIVATE KEY-----\nzone client key\n-----END PRIVATE KEY-----\n";

function records(...lines: string[]): DnsRecordSpec[] {
    return lines.map((l) => {
        const p = parseDnsRecord(l);
        assert.ok(p.ok);
        return p.record;
    });
}

function build(extra: Partial<CloudflareEdgeArgs> = {}): Promise<RunResult> {
    return runComponents(() => {
        new CloudflareEdge("cf", {
            zoneId: ZONE_ID,
            zoneName: "example.com",
            accountId: "0123456789abcdef0123456789abcdef",
            originHostname: "edge-alb-123.us-east-1.elb.amazonaws.com",
            stripeWebhookCidrs: stripeWebhookCidrs(),
            records: records(
                "@ 3600 MX 10 mx1.smtp.example.net",
                "@ 3600 MX 20 mx2.smtp.example.net",
                "@ 3600 TXT v=spf1 include:_spf.smtp.example.net -all",
                "_dmarc 3600 TXT v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com",
                "@ 3600 CAA 0 issue amazon.com",
                "status auto proxied CNAME status.provider.example.net",
            ),
            blockList: ["198.51.100.7", "2001:db8::/48"],
            originPullCertificate: { certificatePem: CLIENT_CERT, privateKeyPem: pulumi.secret(CLIENT_KEY) },
            ...extra,
        });
    });
}

/** Registration order is not guaranteed; compare as sorted lists. */
function sorted<T>(items: T[]): T[] {
    return [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function rulesOf(run: RunResult, phase: string): Array<Record<string, any>> {
    const rulesets = all(run, RULESET).filter((r) => r.inputs.phase === phase);
    assert.equal(rulesets.length, 1, `one ${phase} ruleset`);
    return rulesets[0].inputs.rules;
}

describe("components/edge/CloudflareEdge", () => {
    let run: RunResult;
    before(async () => {
        run = await build();
    });

    it("sets each zone setting to its strict value", () => {
        const settings = all(run, SETTING);
        assert.ok(settings.every((s) => s.inputs.zoneId === ZONE_ID));
        assert.deepEqual(Object.fromEntries(settings.map((s) => [s.inputs.settingId, s.inputs.value])), STRICT_ZONE_SETTINGS);
    });

    it("presents the zone's own client certificate to the origin (zone-level authenticated origin pulls), the key a secret", () => {
        const cert = one(run, "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate", "cf-origin-pull");
        assert.deepEqual([cert.inputs.zoneId, cert.inputs.certificate], [ZONE_ID, CLIENT_CERT]);
        assert.equal((cert.wire.privateKey as Record<string, unknown>)["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "the key reaches the engine as a secret");
        assert.equal(cert.retainOnDelete, true, "a renewal leaves the previous certificate in place until the new one is active");
        const settings = one(run, "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings", "cf-origin-pull");
        assert.deepEqual([settings.inputs.zoneId, settings.inputs.enabled], [ZONE_ID, true]);
        assert.ok(settings.dependencies.includes(cert.urn), "switched on once the certificate is there");
        assert.equal(one(run, SETTING, "cf-tls-client-auth").inputs.value, "off", "the shared certificate is never presented");
    });

    it("raises the TLS minimum and passes HSTS through as configured", async () => {
        const strict = await build({ minTlsVersion: "1.3", hsts: { maxAgeSeconds: 86400, includeSubdomains: false, preload: false, nosniff: false } });
        assert.equal(one(strict, SETTING, "cf-min-tls-version").inputs.value, "1.3");
        assert.deepEqual(one(strict, SETTING, "cf-security-header").inputs.value.strict_transport_security,
            { enabled: true, max_age: 86400, include_subdomains: false, preload: false, nosniff: false });
    });

    it("routes the apex and each host label to the origin through Cloudflare's proxy", () => {
        const routed = all(run, RECORD).filter((r) => r.name.startsWith("cf-origin-"));
        assert.deepEqual(sorted(routed.map((r) => [r.inputs.name, r.inputs.type, r.inputs.content, r.inputs.proxied, r.inputs.ttl])), sorted([
            ["example.com", "CNAME", "edge-alb-123.us-east-1.elb.amazonaws.com", true, 1],
            ["www.example.com", "CNAME", "edge-alb-123.us-east-1.elb.amazonaws.com", true, 1],
            ["api.example.com", "CNAME", "edge-alb-123.us-east-1.elb.amazonaws.com", true, 1],
        ]));
    });

    it("writes the records from config, in Cloudflare's shape for each type", () => {
        const rest = all(run, RECORD).filter((r) => !r.name.startsWith("cf-origin-")).map((r) => r.inputs);
        const shapes = rest.map((r) => ({ name: r.name, type: r.type, ttl: r.ttl, content: r.content, priority: r.priority, proxied: r.proxied, data: r.data }));
        assert.deepEqual(sorted(shapes), sorted([
            { name: "example.com", type: "MX", ttl: 3600, content: "mx1.smtp.example.net", priority: 10, proxied: undefined, data: undefined },
            { name: "example.com", type: "MX", ttl: 3600, content: "mx2.smtp.example.net", priority: 20, proxied: undefined, data: undefined },
            { name: "example.com", type: "TXT", ttl: 3600, content: '"v=spf1 include:_spf.smtp.example.net -all"', priority: undefined, proxied: undefined, data: undefined },
            { name: "_dmarc.example.com", type: "TXT", ttl: 3600, content: '"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"', priority: undefined, proxied: undefined, data: undefined },
            { name: "example.com", type: "CAA", ttl: 3600, content: undefined, priority: undefined, proxied: undefined, data: { flags: 0, tag: "issue", value: "amazon.com" } },
            { name: "status.example.com", type: "CNAME", ttl: 1, content: "status.provider.example.net", priority: undefined, proxied: true, data: undefined },
        ]));
        assert.ok(rest.every((r) => r.zoneId === ZONE_ID));
    });

    it("registers exactly one entry-point ruleset per phase, on the zone", () => {
        const rulesets = all(run, RULESET);
        assert.deepEqual(rulesets.map((r) => r.inputs.phase).sort(), [...RULESET_PHASES].sort());
        assert.ok(rulesets.every((r) => r.inputs.kind === "zone" && r.inputs.zoneId === ZONE_ID && r.inputs.accountId === undefined));
    });

    it("runs the Cloudflare Managed and OWASP Core rulesets", () => {
        // Within a ruleset, order is the order of evaluation and is kept.
        const ids = rulesOf(run, "http_request_firewall_managed").map((r) => [r.action, r.actionParameters.id, r.enabled]);
        assert.deepEqual(ids, [["execute", "efb7b8c949ac4650a09736fc376e9aee", true], ["execute", "4814384a9e5d4991b9815dcfc25d2f1f", true]]);
    });

    it("admits the webhook path only from the shared Stripe webhook list", () => {
        const rule = rulesOf(run, "http_request_firewall_custom").find((r) => r.ref === "stripe_webhook_only_from_stripe")!;
        assert.equal(rule.action, "block");
        assert.match(rule.expression, /"\/api\/webhooks\/stripe"/);
        assert.deepEqual(ipSetOf(rule.expression).sort(), bare(stripeWebhookCidrs()).sort());
    });

    it("blocks the block-list, kept as an account list of exactly the configured addresses", () => {
        const list = one(run, "cloudflare:index/list:List", "cf-blocklist");
        assert.deepEqual([list.inputs.kind, list.inputs.name, list.inputs.accountId], ["ip", "example_com_blocklist", "0123456789abcdef0123456789abcdef"]);
        assert.deepEqual(list.inputs.items, [{ ip: "198.51.100.7" }, { ip: "2001:db8::/48" }]);
        const rule = rulesOf(run, "http_request_firewall_custom").find((r) => r.ref === "block_listed_sources")!;
        assert.deepEqual([rule.action, rule.expression], ["block", "ip.src in $example_com_blocklist"]);
        const custom = all(run, RULESET).find((r) => r.inputs.phase === "http_request_firewall_custom")!;
        assert.ok(custom.dependencies.includes(list.urn), "the list exists before a rule names it");
    });

    it("limits the webhook path to 100 requests a minute and the API to the configured rate", async () => {
        const limits = Object.fromEntries(rulesOf(run, "http_ratelimit").map((r) => [r.ref, [r.action, r.ratelimit.requestsPerPeriod, r.ratelimit.period, r.ratelimit.characteristics]]));
        assert.deepEqual(limits, {
            ratelimit_stripe_webhook: ["block", 100, 60, ["cf.colo.id", "ip.src"]],
            ratelimit_api: ["block", 600, 60, ["cf.colo.id", "ip.src"]],
        });
        const tighter = await build({ apiRequestsPerMinute: 120 });
        assert.equal(rulesOf(tighter, "http_ratelimit").find((r) => r.ref === "ratelimit_api")!.ratelimit.requestsPerPeriod, 120);
    });

    it("creates every entry-point ruleset by default, each deleted before it is replaced (one per zone and phase)", () => {
        for (const r of all(run, RULESET)) {
            assert.equal(r.importId, undefined, r.name);
            assert.deepEqual(r.ignoreChanges, [], r.name);
            assert.equal(r.deleteBeforeReplace, true, r.name);
        }
    });

    it("adopts a zone's existing entry-point ruleset as it is, by import with its rules left untouched", async () => {
        const id = "0123456789abcdef0123456789abcdef";
        const adopted = await build({ existingRulesets: { http_request_firewall_managed: id } });
        const managed = all(adopted, RULESET).find((r) => r.inputs.phase === "http_request_firewall_managed")!;
        assert.equal(managed.importId, `zones/${ZONE_ID}/${id}`);
        assert.deepEqual([...managed.ignoreChanges].sort(), ["description", "name", "rules"]);
        // The program's rules are still declared: they are written once the adoption is dropped.
        assert.equal(managed.inputs.rules.length, 2);
        for (const r of all(adopted, RULESET).filter((x) => x !== managed)) {
            assert.equal(r.importId, undefined, `${r.inputs.phase} is created`);
        }
    });

    it("refuses to adopt when the zone id is not a plain string to build the import id from", async () => {
        const { output } = await import("@pulumi/pulumi");
        await assert.rejects(build({ zoneId: output(ZONE_ID), existingRulesets: { http_ratelimit: "0123456789abcdef0123456789abcdef" } }),
            /adopting existing rulesets needs the zone id as a plain string/);
    });

    it("parents everything to the component", () => {
        const component = one(run, "tickettoken:edge:CloudflareEdge", "cf");
        assert.ok(run.resources.filter((r) => r.custom).every((r) => r.parent === component.urn));
    });
});
