// Config of the edge: the Cloudflare zone (names, records, TLS, HSTS, WAF
// inputs) and the origin load balancer. Identifiers only; the Cloudflare API
// token comes from CLOUDFLARE_API_TOKEN, never from config.
import { ConfigReader } from "./reader";
import { Cidr, CidrSet, overlaps, readCidr } from "../../policies/net";
// The edge's pure modules only: config must not load the cloud SDKs.
import { ALB_SSL_POLICIES, AlbSslPolicy, HSTS_MAX_AGE_LIMIT, HstsSettings, MIN_TLS_VERSIONS, MinTlsVersion, RANGE_DRIFT_MODES, RangeDriftMode } from "../../components/edge/types";
import { dnsRecordSetProblems, DnsRecordSpec, HOST_NAME, parseDnsRecord } from "../../components/edge/dnsRecords";
import { cloudflareIpText } from "../../components/edge/expressions";
import { RULES_PER_GROUP } from "../../components/edge/albRules";
import { generationProblems } from "../../components/edge/originPullPlan";
import type { CloudflareRanges } from "../../components/edge/cloudflareRanges";
import { RULESET_PHASES, RulesetPhase } from "../../components/edge/rulesets";

/** ACM allows ten names per certificate by default: the apex and nine more. */
export const MAX_HOST_LABELS = 9;

export interface AlbConfig {
    readonly sslPolicy: AlbSslPolicy;
    readonly accessLogs: boolean;
    readonly accessLogRetentionDays: number;
    readonly deletionProtection: boolean;
    readonly idleTimeoutSeconds: number;
}

export interface EdgeConfig {
    /** The zone's domain. */
    readonly zoneName: string;
    readonly zoneId: string;
    /** Cloudflare account of the zone (holds the block-list). */
    readonly accountId: string;
    /** Labels routed to the load balancer besides the apex. */
    readonly hostLabels: readonly string[];
    /** Further records of the zone. */
    readonly records: readonly DnsRecordSpec[];
    readonly minTlsVersion: MinTlsVersion;
    readonly hsts: HstsSettings;
    /** Path prefix of Stripe's webhook endpoint. */
    readonly stripeWebhookPath: string;
    /** API requests a client may send per minute. */
    readonly apiRequestsPerMinute: number;
    /** Addresses blocked at the edge. */
    readonly blockList: readonly string[];
    /** Cloudflare's ranges, pinned: the load balancer admits these only. */
    readonly cloudflareRanges: CloudflareRanges;
    readonly rangeDrift: RangeDriftMode;
    /** Generations of the origin-pull CA the origin trusts, oldest first; the last issues the client certificate. */
    readonly originPullCaGenerations: readonly string[];
    readonly alb: AlbConfig;
    /** Entry-point rulesets the zone already has, by phase, to adopt (import) instead of create. */
    readonly existingRulesets: Readonly<Partial<Record<RulesetPhase, string>>>;
}

const CLOUDFLARE_ID = /^[0-9a-f]{32}$/;
const LABELS = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export function readEdgeConfig(r: ConfigReader): EdgeConfig {
    const zoneName = r.string("zoneName", HOST_NAME, "must be the zone's domain in lower case, like tickettoken.com (no trailing dot)");
    const hostLabels = readHostLabels(r);
    const hstsMaxAge = r.integer("hstsMaxAgeSeconds", 300, HSTS_MAX_AGE_LIMIT);
    const hsts: HstsSettings = {
        maxAgeSeconds: hstsMaxAge,
        includeSubdomains: r.boolean("hstsIncludeSubdomains"),
        preload: r.boolean("hstsPreload"),
        nosniff: r.boolean("hstsNosniff"),
    };
    // Against a refused max-age or subdomain flag (read as a stand-in) the preload check would only echo it.
    const hstsKnown = !r.rejected("hstsMaxAgeSeconds") && !r.rejected("hstsIncludeSubdomains") && !r.rejected("hstsPreload");
    if (hstsKnown && hsts.preload && (!hsts.includeSubdomains || hsts.maxAgeSeconds < HSTS_MAX_AGE_LIMIT)) {
        r.reject("hstsPreload", "true", `needs hstsIncludeSubdomains true and hstsMaxAgeSeconds ${HSTS_MAX_AGE_LIMIT}: the browsers' preload list refuses less`);
    }
    return {
        zoneName,
        zoneId: r.string("zoneId", CLOUDFLARE_ID, "must be the zone's id: 32 hex digits, from the zone's Overview page"),
        accountId: r.string("cloudflareAccountId", CLOUDFLARE_ID, "must be the Cloudflare account id: 32 hex digits"),
        hostLabels,
        records: readRecords(r, zoneName, hostLabels, !r.rejected("zoneName") && !r.rejected("edgeHostNames")),
        minTlsVersion: r.oneOf("minTlsVersion", MIN_TLS_VERSIONS),
        hsts,
        stripeWebhookPath: r.string(
            "stripeWebhookPath",
            /^(\/[a-z0-9]+(?:[-_][a-z0-9]+)*)+$/,
            "must be a lower-case path like /api/webhooks/stripe, without a trailing slash (rules match it as a prefix)",
        ),
        apiRequestsPerMinute: r.integer("apiRateLimitPerMinute", 10, 100000),
        blockList: readBlockList(r),
        cloudflareRanges: readRanges(r),
        rangeDrift: r.oneOf("cloudflareRangeDrift", RANGE_DRIFT_MODES),
        existingRulesets: readExistingRulesets(r),
        originPullCaGenerations: readCaGenerations(r),
        alb: {
            sslPolicy: r.oneOf("albSslPolicy", ALB_SSL_POLICIES),
            accessLogs: r.boolean("albAccessLogs"),
            accessLogRetentionDays: r.integer("albAccessLogRetentionDays", 1, 3650),
            deletionProtection: r.boolean("albDeletionProtection"),
            idleTimeoutSeconds: r.integer("albIdleTimeoutSeconds", 1, 4000),
        },
    };
}

function readCaGenerations(r: ConfigReader): string[] {
    const generations = r.stringList("originPullCaGenerations", /^/, "must be a string");
    const problems = generationProblems(generations);
    if (problems.length > 0) {
        r.reject("originPullCaGenerations", JSON.stringify(generations), problems.join("; "));
    }
    return generations;
}

function readHostLabels(r: ConfigReader): string[] {
    const labels = r.stringList("edgeHostNames", LABELS, "must be a lower-case name relative to the zone, like www or api (the apex is always routed)");
    labels.forEach((label, i) => {
        if (labels.indexOf(label) !== i) {
            r.reject("edgeHostNames", label, `item ${i} repeats item ${labels.indexOf(label)}`);
        }
    });
    if (labels.length > MAX_HOST_LABELS) {
        r.reject("edgeHostNames", JSON.stringify(labels), `at most ${MAX_HOST_LABELS} names: with the apex, ACM's default limit of ten names per certificate`);
    }
    return [...new Set(labels)];
}

/** `zoneKnown` false: the zone or the routed names were refused, and checks of the records against them would only echo that. */
function readRecords(r: ConfigReader, zone: string, labels: readonly string[], zoneKnown: boolean): DnsRecordSpec[] {
    const lines = r.stringList("dnsRecords", /^/, "must be a string");
    const records: DnsRecordSpec[] = [];
    const itemOf: number[] = [];
    lines.forEach((line, i) => {
        const parsed = parseDnsRecord(line);
        if (parsed.ok) {
            records.push(parsed.record);
            itemOf.push(i);
        } else {
            r.reject("dnsRecords", line, `item ${i}: ${parsed.problem}`);
        }
    });
    for (const p of zoneKnown ? dnsRecordSetProblems(records, zone, labels) : []) {
        if (p.item === undefined) {
            r.reject("dnsRecords", JSON.stringify(lines), p.problem);
        } else {
            r.reject("dnsRecords", lines[itemOf[p.item]], `item ${itemOf[p.item]}: ${p.problem.replace(/item (\d+)/g, (_, n) => `item ${itemOf[Number(n)]}`)}`);
        }
    }
    return records;
}

/** Cloudflare IP lists take IPv4 addresses and /8-/32 ranges, IPv6 /12-/64 ranges. */
function readBlockList(r: ConfigReader): string[] {
    const items = r.stringList("ipBlockList", /^/, "must be a string");
    const out: string[] = [];
    const ranges: Cidr[] = [];
    const itemOf: number[] = [];
    items.forEach((item, i) => {
        const parsed = readCidr(item);
        const prefix = parsed?.cidr.prefix ?? -1;
        const fits = parsed && (parsed.cidr.version === 4 ? prefix >= 8 : prefix >= 12 && prefix <= 64);
        if (!parsed || !fits) {
            r.reject("ipBlockList", item, `item ${i} must be an IPv4 address, an IPv4 range /8 to /32, or an IPv6 range /12 to /64 (Cloudflare lists hold no single IPv6 address; block its /64)`);
        } else if (!parsed.canonical) {
            r.reject("ipBlockList", item, `item ${i} has host bits set; write the range's network address`);
        } else if (out.includes(cloudflareIpText(parsed.cidr))) {
            r.reject("ipBlockList", item, `item ${i} is listed twice`);
        } else if (ranges.some((c) => overlaps(c, parsed.cidr))) {
            // Two CIDRs that share an address nest: one of them is redundant.
            r.reject("ipBlockList", item, `item ${i} overlaps item ${itemOf[ranges.findIndex((c) => overlaps(c, parsed.cidr))]}; list each range once`);
        } else {
            out.push(cloudflareIpText(parsed.cidr));
            ranges.push(parsed.cidr);
            itemOf.push(i);
        }
    });
    // Judged as one set: blocking every address, in pieces, takes the zone off the internet.
    for (const version of [4, 6] as const) {
        if (new CidrSet(ranges).covers({ version, network: 0n, prefix: 0 })) {
            r.reject("ipBlockList", JSON.stringify(items), `the ranges together block every IPv${version} address; list the networks to block`);
        }
    }
    return out;
}

function readRanges(r: ConfigReader): CloudflareRanges {
    const ipv4 = r.cidrList("cloudflareIpv4Cidrs", { version: 4, minPrefix: 8, forbidEverything: true, publicOnly: true });
    const ipv6 = r.cidrList("cloudflareIpv6Cidrs", { version: 6, minPrefix: 12, forbidEverything: true, publicOnly: true });
    if (ipv4.length === 0) {
        r.reject("cloudflareIpv4Cidrs", "[]", "must list Cloudflare's IPv4 ranges: the load balancer is reached over IPv4 and would admit nobody");
    }
    for (const [key, list] of [["cloudflareIpv4Cidrs", ipv4], ["cloudflareIpv6Cidrs", ipv6]] as const) {
        if (list.length > RULES_PER_GROUP) {
            r.reject(key, JSON.stringify(list), `at most ${RULES_PER_GROUP} ranges: one security-group rule each, and a group holds ${RULES_PER_GROUP} per IP version`);
        }
    }
    return { ipv4, ipv6 };
}

/** "<phase>=<ruleset id>" items: only the phases this program manages, each once, ids as Cloudflare writes them. */
function readExistingRulesets(r: ConfigReader): Partial<Record<RulesetPhase, string>> {
    const key = "cloudflareExistingRulesets";
    const items = r.stringList(key, /^/, "must be a string");
    const out: Partial<Record<RulesetPhase, string>> = {};
    items.forEach((item, i) => {
        const match = /^([a-z_]+)=(.*)$/.exec(item);
        const phase = match?.[1] as RulesetPhase | undefined;
        if (!match || !RULESET_PHASES.includes(phase!)) {
            r.reject(key, item, `item ${i} must be "<phase>=<ruleset id>" with a phase this program manages: ${RULESET_PHASES.join(", ")}`);
        } else if (!CLOUDFLARE_ID.test(match[2])) {
            r.reject(key, item, `item ${i}: a ruleset id is 32 lower-case hex digits, as the Cloudflare API returns it`);
        } else if (out[phase!] !== undefined) {
            r.reject(key, item, `item ${i} names the ${phase} phase again; a zone has one entry-point ruleset per phase`);
        } else {
            out[phase!] = match[2];
        }
    });
    return out;
}
