// The zone at Cloudflare: TLS and HTTPS settings, zone-level authenticated
// origin pulls with the zone's own client certificate (global ones, with the
// certificate every Cloudflare zone shares, off), DNS (the routed names
// proxied to the origin, and the records from config),
// the IP block-list, and one entry-point ruleset per phase (WAF, custom
// rules, rate limits). The Cloudflare provider reads its API token from
// CLOUDFLARE_API_TOKEN.
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { AUTOMATIC_TTL, DnsRecordSpec, fqdn, recordKey, txtContent } from "./dnsRecords";
import { listRef } from "./expressions";
import { blockListName, PlannedRule, planRulesets, RulesetPhase } from "./rulesets";
import { EDGE_DEFAULTS, HstsSettings, MinTlsVersion } from "./types";
import { planZoneSettings } from "./zoneSettings";

export interface CloudflareEdgeArgs {
    /** The zone's id (32 hex digits). */
    readonly zoneId: pulumi.Input<string>;
    /** The zone's domain, e.g. "tickettoken.com". */
    readonly zoneName: string;
    /** The account that owns the zone; the block-list lives there. */
    readonly accountId: pulumi.Input<string>;
    /** Host name the routed names point at (the load balancer's DNS name). */
    readonly originHostname: pulumi.Input<string>;
    /** Labels routed to the origin besides the apex. @default ["www", "api"] */
    readonly hostLabels?: readonly string[];
    /** Further records of the zone (MX, SPF, DMARC, CAA...). @default [] */
    readonly records?: readonly DnsRecordSpec[];
    /** Least TLS version visitors may use. @default "1.2" */
    readonly minTlsVersion?: MinTlsVersion;
    /** HSTS. @default one year, subdomains, preload, nosniff */
    readonly hsts?: HstsSettings;
    /** Path prefix of Stripe's webhook endpoint. @default "/api/webhooks/stripe" */
    readonly stripeWebhookPath?: string;
    /** The only addresses allowed on the webhook path. */
    readonly stripeWebhookCidrs: readonly string[];
    /** Webhook requests a client may send per minute. @default 100 */
    readonly webhookRequestsPerMinute?: number;
    /** Path prefix the API limit counts. @default "/api/" */
    readonly apiPathPrefix?: string;
    /** API requests a client may send per minute. @default 600 */
    readonly apiRequestsPerMinute?: number;
    /** Addresses and ranges to block outright. @default [] */
    readonly blockList?: readonly string[];
    /**
     * Entry-point rulesets the zone already has, by phase (their ids), to adopt instead of create: Cloudflare
     * keeps one per zone and phase and refuses a second. Adopted as they are (rules untouched); once the
     * id is dropped again, the next deploy writes this program's rules into them. @default {}
     */
    readonly existingRulesets?: Readonly<Partial<Record<RulesetPhase, string>>>;
    /** The client certificate (and its key, a secret) Cloudflare presents to the origin for this zone alone. */
    readonly originPullCertificate: { readonly certificatePem: pulumi.Input<string>; readonly privateKeyPem: pulumi.Input<string> };
    /** What a new origin-pull certificate waits for: the origin trusting its CA (the load balancer's trust store). @default [] */
    readonly originPullAfter?: pulumi.Resource[];
}

/** The import id of a zone's ruleset (pulumi import cloudflare:index/ruleset:Ruleset, "zones/<zone>/<ruleset>"). */
export function rulesetImportId(zoneId: string, rulesetId: string): string {
    return `zones/${zoneId}/${rulesetId}`;
}

/**
 * What a ruleset being adopted leaves as it is: its rules, name and description are read from Cloudflare,
 * so the import matches the existing ruleset exactly (whatever the Pulumi CLI's version) and changes
 * nothing at Cloudflare; the next deploy without the adoption writes this program's rules.
 */
export const ADOPTION_IGNORES: readonly string[] = ["rules", "name", "description"];

export class CloudflareEdge extends pulumi.ComponentResource {
    readonly settings: ReadonlyMap<string, cloudflare.ZoneSetting>;
    /** Entry-point rulesets, by phase. */
    readonly rulesets: ReadonlyMap<RulesetPhase, cloudflare.Ruleset>;
    readonly blockList: cloudflare.List;
    /** The zone-level origin-pull certificate, and the setting that makes Cloudflare present it. */
    readonly originPull: { readonly certificate: cloudflare.AuthenticatedOriginPullsCertificate; readonly settings: cloudflare.AuthenticatedOriginPullsSettings };
    /** Fully qualified names routed to the origin, apex first. */
    readonly routedNames: readonly string[];

    constructor(name: string, args: CloudflareEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:edge:CloudflareEdge", name, {}, opts);
        const child = { parent: this };
        const zone = args.zoneName;

        const settings = new Map<string, cloudflare.ZoneSetting>();
        for (const s of planZoneSettings(args.minTlsVersion ?? EDGE_DEFAULTS.minTlsVersion, args.hsts ?? EDGE_DEFAULTS.hsts)) {
            settings.set(s.id, new cloudflare.ZoneSetting(`${name}-${s.id.replace(/_/g, "-")}`, { zoneId: args.zoneId, settingId: s.id, value: s.value }, child));
        }
        this.settings = settings;

        // Zone-level AOP ("Zone-level authenticated origin pulls", Cloudflare SSL docs): the certificate, then the switch.
        // A renewed certificate replaces this one; the old one stays at Cloudflare (retainOnDelete), which presents
        // the most recent once it is active, so there is no moment without one. Delete the old one afterwards (README).
        const certificate = new cloudflare.AuthenticatedOriginPullsCertificate(`${name}-origin-pull`, {
            zoneId: args.zoneId,
            certificate: args.originPullCertificate.certificatePem,
            privateKey: pulumi.secret(args.originPullCertificate.privateKeyPem),
        }, { parent: this, dependsOn: args.originPullAfter ?? [], retainOnDelete: true });
        this.originPull = {
            certificate,
            settings: new cloudflare.AuthenticatedOriginPullsSettings(`${name}-origin-pull`, { zoneId: args.zoneId, enabled: true }, { parent: this, dependsOn: [certificate] }),
        };

        const labels = args.hostLabels ?? EDGE_DEFAULTS.hostLabels;
        this.routedNames = ["@", ...labels].map((l) => fqdn(l, zone));
        for (const label of ["@", ...labels]) {
            new cloudflare.DnsRecord(`${name}-origin-${label === "@" ? "apex" : label.replace(/[^a-z0-9]+/g, "-")}`, {
                zoneId: args.zoneId,
                name: fqdn(label, zone),
                // Cloudflare flattens a CNAME at the apex, so the apex follows the load balancer too.
                type: "CNAME",
                content: args.originHostname,
                proxied: true,
                ttl: AUTOMATIC_TTL,
                comment: "routed to the origin load balancer",
            }, child);
        }
        for (const r of args.records ?? []) {
            new cloudflare.DnsRecord(`${name}-${recordKey(r)}`, { zoneId: args.zoneId, ...dnsRecordArgs(r, zone) }, child);
        }

        const listName = blockListName(zone);
        this.blockList = new cloudflare.List(`${name}-blocklist`, {
            accountId: args.accountId,
            name: listName,
            kind: "ip",
            description: `Addresses blocked at the edge of ${zone}`,
            // The list is exactly the config: items added by hand are removed on the next deploy.
            items: (args.blockList ?? []).map((ip) => ({ ip })),
        }, child);

        const rulesets = new Map<RulesetPhase, cloudflare.Ruleset>();
        const plans = planRulesets({
            webhookPath: args.stripeWebhookPath ?? EDGE_DEFAULTS.stripeWebhookPath,
            stripeWebhookCidrs: args.stripeWebhookCidrs,
            blockListName: listName,
            webhookRequestsPerMinute: args.webhookRequestsPerMinute ?? EDGE_DEFAULTS.webhookRequestsPerMinute,
            apiPathPrefix: args.apiPathPrefix ?? EDGE_DEFAULTS.apiPathPrefix,
            apiRequestsPerMinute: args.apiRequestsPerMinute ?? EDGE_DEFAULTS.apiRequestsPerMinute,
        });
        const adopt = args.existingRulesets ?? {};
        if (Object.keys(adopt).length > 0 && typeof args.zoneId !== "string") {
            throw new Error(`${name}: adopting existing rulesets needs the zone id as a plain string (the import id is built from it)`);
        }
        for (const plan of plans) {
            const existing = adopt[plan.phase];
            if (existing !== undefined) {
                pulumi.log.warn(
                    `adopting the zone's existing ${plan.phase} ruleset ${existing} as it is; remove it from cloudflareExistingRulesets ` +
                        "after this deploy, and the next one writes this program's rules into it",
                    this,
                );
            }
            const adoption: pulumi.CustomResourceOptions = existing === undefined ? {} : { import: rulesetImportId(args.zoneId as string, existing), ignoreChanges: [...ADOPTION_IGNORES] };
            rulesets.set(plan.phase, new cloudflare.Ruleset(`${name}-${plan.phase.replace(/_/g, "-")}`, {
                zoneId: args.zoneId,
                kind: "zone",
                phase: plan.phase,
                name: `${zone} ${plan.phase}`,
                description: plan.description,
                rules: plan.rules.map(rulesetRule),
                // A rule names the block-list by name only, so the dependency is stated: the list must exist first.
                // A zone has one entry-point ruleset per phase: a replacement must delete the old one before creating
                // the new, or Cloudflare refuses it ("a similar configuration with rules already exists").
            }, {
                parent: this,
                deleteBeforeReplace: true,
                dependsOn: plan.rules.some((r) => r.expression.includes(listRef(listName))) ? [this.blockList] : [],
                ...adoption,
            }));
        }
        this.rulesets = rulesets;

        this.registerOutputs({ routedNames: this.routedNames, blockListId: this.blockList.id });
    }
}

/** The DnsRecord arguments of a parsed record (all but the zone). */
export function dnsRecordArgs(r: DnsRecordSpec, zone: string): Omit<cloudflare.DnsRecordArgs, "zoneId"> {
    const common = { name: fqdn(r.name, zone), type: r.type, ttl: r.ttl };
    switch (r.type) {
        case "A":
        case "AAAA":
        case "CNAME":
            return { ...common, content: r.content, proxied: r.proxied };
        case "MX":
            return { ...common, content: r.content, priority: r.priority };
        case "TXT":
            return { ...common, content: txtContent(r.content) };
        case "CAA":
            return { ...common, data: { flags: r.caa!.flags, tag: r.caa!.tag, value: r.content } };
    }
}

function rulesetRule(r: PlannedRule): cloudflare.types.input.RulesetRule {
    const params = r.actionParameters;
    return {
        ref: r.ref,
        description: r.description,
        expression: r.expression,
        action: r.action,
        enabled: r.enabled,
        actionParameters: params && {
            id: params.id,
            overrides: params.overrides && { rules: params.overrides.rules.map((o) => ({ ...o })) },
        },
        ratelimit: r.ratelimit && { ...r.ratelimit, characteristics: [...r.ratelimit.characteristics] },
    };
}
