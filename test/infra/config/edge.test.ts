import { strict as assert } from "assert";
import { loadStackConfig } from "../../../infra/config";
import { readProjectFile } from "../../../tools/harness/project";
import { configProblems, stackSource } from "../../support/config";

const list = (...items: unknown[]) => JSON.stringify(items);

describe("infra/config/edge", () => {
    it("loads each stack's zone and load balancer settings", () => {
        const dev = loadStackConfig(stackSource("dev")).edge;
        const prod = loadStackConfig(stackSource("prod")).edge;
        assert.equal(prod.zoneName, "tickettoken.com");
        assert.equal(dev.zoneName, "tickettoken-dev.com");
        assert.deepEqual(prod.hostLabels, ["www", "api"]);
        assert.equal(prod.minTlsVersion, "1.2");
        assert.deepEqual(prod.hsts, { maxAgeSeconds: 31536000, includeSubdomains: true, preload: true, nosniff: true });
        assert.equal(dev.hsts.preload, false);
        assert.deepEqual([prod.alb.accessLogs, prod.alb.deletionProtection], [true, true]);
        assert.deepEqual([dev.alb.accessLogs, dev.alb.deletionProtection], [false, false]);
        assert.equal(prod.alb.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
        assert.equal(prod.stripeWebhookPath, "/api/webhooks/stripe");
        assert.equal(prod.cloudflareRanges.ipv4.length, 15);
        assert.equal(prod.cloudflareRanges.ipv6.length, 7);
        assert.deepEqual(prod.records.map((r) => r.type).sort(), ["CAA", "CAA", "MX", "TXT", "TXT"]);
        assert.deepEqual(dev.records.map((r) => `${r.name} ${r.type}`), ["@ CAA", "@ TXT", "_dmarc TXT"], "the declared default: CAA and a zone that sends no mail");
    });

    it("pins Cloudflare's ranges as Pulumi.yaml defaults, the one place they are written", () => {
        const declared = readProjectFile().config;
        const prod = loadStackConfig(stackSource("prod")).edge.cloudflareRanges;
        assert.deepEqual(prod.ipv4, declared.cloudflareIpv4Cidrs.default);
        assert.deepEqual(prod.ipv6, declared.cloudflareIpv6Cidrs.default);
    });

    it("reads the zone's existing entry-point rulesets to adopt, by phase; none by default", () => {
        assert.deepEqual(loadStackConfig(stackSource("prod")).edge.existingRulesets, {});
        const edge = loadStackConfig(stackSource("prod", {
            cloudflareExistingRulesets: list("http_request_firewall_managed=0123456789abcdef0123456789abcdef", "http_ratelimit=fedcba9876543210fedcba9876543210"),
        })).edge;
        assert.deepEqual(edge.existingRulesets, { http_request_firewall_managed: "0123456789abcdef0123456789abcdef", http_ratelimit: "fedcba9876543210fedcba9876543210" });
    });

    it("normalises block-list entries the way Cloudflare stores them", () => {
        const edge = loadStackConfig(stackSource("prod", { ipBlockList: list("198.51.100.7", "203.0.113.0/24", "2001:DB8::/48", "198.51.100.8/32") })).edge;
        assert.deepEqual(edge.blockList, ["198.51.100.7", "203.0.113.0/24", "2001:db8::/48", "198.51.100.8"]);
    });

    const cases: Array<[string, Record<string, string>, RegExp]> = [
        ["a zone name with a trailing dot", { zoneName: "tickettoken.com." }, /tickettoken:zoneName = "tickettoken\.com\.": must be the zone's domain in lower case, like tickettoken\.com/],
        ["an empty zone name", { zoneName: "" }, /tickettoken:zoneName = "": is empty: the key has no default, so a value is required \(The Cloudflare zone's domain, lower case/],
        ["a zone id that is not 32 hex digits", { zoneId: "my-zone" }, /tickettoken:zoneId = "my-zone": must be the zone's id: 32 hex digits/],
        ["an account id that is not 32 hex digits", { cloudflareAccountId: "ABC" }, /tickettoken:cloudflareAccountId = "ABC": must be the Cloudflare account id: 32 hex digits/],
        ["a TLS minimum of 1.1", { minTlsVersion: "1.1" }, /tickettoken:minTlsVersion = "1\.1": must be one of "1\.2", "1\.3"$/],
        ["a TLS minimum of 1.0", { minTlsVersion: "1.0" }, /tickettoken:minTlsVersion = "1\.0": must be one of "1\.2", "1\.3"$/],
        ["an HSTS max-age under five minutes", { hstsMaxAgeSeconds: "60", hstsPreload: "false" }, /tickettoken:hstsMaxAgeSeconds = "60": must be an integer from 300 to 31536000/],
        ["HSTS preload without subdomains", { hstsIncludeSubdomains: "false" }, /tickettoken:hstsPreload = "true": needs hstsIncludeSubdomains true and hstsMaxAgeSeconds 31536000/],
        ["HSTS preload with a short max-age", { hstsMaxAgeSeconds: "86400" }, /tickettoken:hstsPreload = "true": needs/],
        ["a webhook path with a trailing slash", { stripeWebhookPath: "/api/webhooks/stripe/" }, /tickettoken:stripeWebhookPath = "\/api\/webhooks\/stripe\/": must be a lower-case path like \/api\/webhooks\/stripe, without a trailing slash/],
        ["a webhook path in upper case", { stripeWebhookPath: "/API/webhooks" }, /tickettoken:stripeWebhookPath = "\/API\/webhooks"/],
        ["a webhook path with a quote", { stripeWebhookPath: '/api/"x' }, /tickettoken:stripeWebhookPath = "\/api\/\\"x"/],
        ["an API limit below 10 a minute", { apiRateLimitPerMinute: "5" }, /tickettoken:apiRateLimitPerMinute = "5": must be an integer from 10 to 100000/],
        ["a single IPv6 address in the block-list", { ipBlockList: list("2001:db8::1") }, /tickettoken:ipBlockList = "2001:db8::1": item 0 must be an IPv4 address, an IPv4 range \/8 to \/32, or an IPv6 range \/12 to \/64/],
        ["an IPv4 range wider than /8 in the block-list", { ipBlockList: list("10.0.0.0/7") }, /ipBlockList = "10\.0\.0\.0\/7": item 0 must be/],
        ["host bits in the block-list", { ipBlockList: list("203.0.113.9/24") }, /ipBlockList = "203\.0\.113\.9\/24": item 0 has host bits set/],
        ["a block-list entry listed twice", { ipBlockList: list("203.0.113.9", "203.0.113.9/32") }, /ipBlockList = "203\.0\.113\.9\/32": item 1 is listed twice/],
        ["a block-list that is not a list of strings", { ipBlockList: list(7) }, /ipBlockList = "\[7\]": item 0 \(7\) must be a string/],
        ["an IPv6 range among the IPv4 ranges", { cloudflareIpv4Cidrs: list("173.245.48.0/20", "2400:cb00::/32") }, /tickettoken:cloudflareIpv4Cidrs = "2400:cb00::\/32": item 1 \("2400:cb00::\/32"\) must be an IPv4 CIDR/],
        ["no IPv4 ranges", { cloudflareIpv4Cidrs: "[]" }, /tickettoken:cloudflareIpv4Cidrs = "\[\]": is empty: remove the key to use the default \["173\.245\.48\.0\/20",.*an empty value never falls back to the default/],
        [
            "an existing ruleset of a phase this program does not manage",
            { cloudflareExistingRulesets: list("http_request_transform=0123456789abcdef0123456789abcdef") },
            /tickettoken:cloudflareExistingRulesets = "http_request_transform=0123456789abcdef0123456789abcdef": item 0 must be "<phase>=<ruleset id>" with a phase this program manages: http_request_firewall_custom, http_ratelimit, http_request_firewall_managed/,
        ],
        [
            "an existing ruleset id that is not 32 hex digits",
            { cloudflareExistingRulesets: list("http_ratelimit=4814384A9E5D4991B9815DCFC25D2F1F") },
            /cloudflareExistingRulesets = "http_ratelimit=4814384A9E5D4991B9815DCFC25D2F1F": item 0: a ruleset id is 32 lower-case hex digits/,
        ],
        [
            "two existing rulesets for one phase",
            { cloudflareExistingRulesets: list("http_ratelimit=0123456789abcdef0123456789abcdef", "http_ratelimit=fedcba9876543210fedcba9876543210") },
            /cloudflareExistingRulesets = "http_ratelimit=fedcba9876543210fedcba9876543210": item 1 names the http_ratelimit phase again; a zone has one entry-point ruleset per phase/,
        ],
        ["the whole IPv6 space as a Cloudflare range", { cloudflareIpv6Cidrs: list("::/0") }, /tickettoken:cloudflareIpv6Cidrs = "::\/0": item 0 \("::\/0"\) must be an IPv6 CIDR .* from \/12/],
        ["more ranges than a security group holds", { cloudflareIpv4Cidrs: list(...Array.from({ length: 61 }, (_, i) => `104.${i}.0.0/16`)) }, /cloudflareIpv4Cidrs = .*: at most 60 ranges: one security-group rule each/],
        ["an unknown drift mode", { cloudflareRangeDrift: "ignore" }, /tickettoken:cloudflareRangeDrift = "ignore": must be one of "fail", "warn"/],
        ["a listener policy that allows TLS 1.0", { albSslPolicy: "ELBSecurityPolicy-2016-08" }, /tickettoken:albSslPolicy = "ELBSecurityPolicy-2016-08": must be one of "ELBSecurityPolicy-TLS13-1-2-2021-06"/],
        ["a listener policy with CBC ciphers", { albSslPolicy: "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06" }, /tickettoken:albSslPolicy = "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06": must be one of/],
        ["a log retention of no days", { albAccessLogRetentionDays: "0" }, /tickettoken:albAccessLogRetentionDays = "0": must be an integer from 1 to 3650/],
        ["an idle timeout of no seconds", { albIdleTimeoutSeconds: "0" }, /tickettoken:albIdleTimeoutSeconds = "0": must be an integer from 1 to 4000/],
        ["deletion protection that is not a boolean", { albDeletionProtection: "yes" }, /tickettoken:albDeletionProtection = "yes": must be true or false/],
        ["the apex among the host names", { edgeHostNames: list("@", "api") }, /tickettoken:edgeHostNames = .*item 0 \("@"\) must be a lower-case name relative to the zone, like www or api \(the apex is always routed\)/],
        ["a host name listed twice", { edgeHostNames: list("www", "api", "www") }, /tickettoken:edgeHostNames = "www": item 2 repeats item 0/],
        ["more host names than a certificate holds", { edgeHostNames: list("a", "b", "c", "d", "e", "f", "g", "h", "i", "api") }, /tickettoken:edgeHostNames = .*: at most 9 names: with the apex, ACM's default limit of ten names per certificate/],
        ["a malformed DNS record", { dnsRecords: list("@ 3600 MX mx1.example.com") }, /tickettoken:dnsRecords = "@ 3600 MX mx1\.example\.com": item 0: MX content "mx1\.example\.com" must be "<priority 0-65535> <host>"/],
        ["a DNS record of an unknown type", { dnsRecords: list("@ 3600 CAA 0 issue amazon.com", "@ 3600 SPF v=spf1 -all") }, /tickettoken:dnsRecords = "@ 3600 SPF v=spf1 -all": item 1: type "SPF" must be one of A, AAAA, CNAME, MX, TXT, CAA/],
        ["a DNS record that is not a string", { dnsRecords: list({ name: "@" }) }, /tickettoken:dnsRecords = .*item 0 \(\{"name":"@"\}\) must be a string/],
        ["a DNS record on a routed name", { edgeHostNames: list("api"), dnsRecords: list("api 300 TXT hello") }, /tickettoken:dnsRecords = "api 300 TXT hello": item 0: api is routed to the load balancer \(edgeHostNames\)/],
        ["an address record at the apex", { dnsRecords: list("@ 300 TXT x", "@ 300 A 192.0.2.1") }, /tickettoken:dnsRecords = "@ 300 A 192\.0\.2\.1": item 1: the apex is routed to the load balancer/],
        ["a repeated DNS record", { dnsRecords: list("@ 300 TXT x", "@ 600 TXT x") }, /dnsRecords = "@ 600 TXT x": item 1: repeats item 0/],
        ["no origin-pull CA generation", { originPullCaGenerations: "[]" }, /tickettoken:originPullCaGenerations = "\[\]": is empty: remove the key to use the default \["1"\]/],
        ["three origin-pull CA generations", { originPullCaGenerations: list("1", "2", "3") }, /tickettoken:originPullCaGenerations = .*must list 1 to 2 CA generations .*not 3/],
        ["an origin-pull CA generation listed twice", { originPullCaGenerations: list("1", "1") }, /tickettoken:originPullCaGenerations = .*item 1 "1" repeats item 0/],
        ["CAA that would block ACM", { dnsRecords: list("@ 300 CAA 0 issue letsencrypt.org") }, /tickettoken:dnsRecords = .*the apex's CAA issue records \(letsencrypt\.org\) leave out Amazon/],
    ];
    for (const [what, patch, message] of cases) {
        it(`rejects ${what}, naming key, value and what is allowed`, () => {
            const text = configProblems(patch);
            assert.match(text, message);
            assert.match(text, /^Invalid stack config: /, "one problem, on one line");
        });
    }

    it("numbers records as written, past malformed ones, and reports every bad one", () => {
        const text = configProblems({ dnsRecords: list("@ 300 MX bad", "@ 300 TXT x", "@ 600 TXT x") });
        assert.match(text, /2 problems/);
        assert.match(text, /dnsRecords = "@ 300 MX bad": item 0: MX content "bad"/);
        assert.match(text, /dnsRecords = "@ 600 TXT x": item 2: repeats item 1/);
    });

    it("reports a missing zone", () => {
        assert.match(configProblems({ zoneId: undefined as unknown as string }), /tickettoken:zoneId is not set: required/);
    });
});
