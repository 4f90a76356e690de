// The ALB's ACM certificate for the zone's routed names, validated through
// DNS records written into Cloudflare. Records are created per known domain
// (plain), their name and value read from the certificate's outputs, so the
// shape is the same in preview, where those outputs are unknown.
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { fqdn } from "./dnsRecords";

/** The names the certificate covers: the apex first, then each routed label. */
export function certificateDomains(zone: string, labels: readonly string[]): string[] {
    return [zone, ...labels.map((l) => fqdn(l, zone))];
}

/** Resource-name form of a domain of the zone ("api.example.com" -> "api", the apex -> "apex"). */
export function domainKey(domain: string, zone: string): string {
    return domain === zone ? "apex" : domain.slice(0, -(zone.length + 1)).replace(/[^a-z0-9]+/g, "-");
}

/** The validation option ACM gave for `domain`; throws naming what it gave instead. */
export function validationFor(options: readonly aws.types.output.acm.CertificateDomainValidationOption[], domain: string): aws.types.output.acm.CertificateDomainValidationOption {
    const found = options.find((o) => o.domainName === domain);
    if (!found) {
        throw new Error(`ACM returned no DNS validation record for ${domain} (it returned: ${options.map((o) => o.domainName).join(", ") || "none"})`);
    }
    return found;
}

function withoutDot(name: string): string {
    return name.endsWith(".") ? name.slice(0, -1) : name;
}

export interface ValidatedCertificateArgs {
    readonly zone: string;
    readonly zoneId: pulumi.Input<string>;
    readonly labels: readonly string[];
    readonly tags: Readonly<Record<string, string>>;
}

export interface ValidatedCertificate {
    readonly certificate: aws.acm.Certificate;
    /** Resolves once ACM has issued the certificate; listeners use this ARN. */
    readonly validation: aws.acm.CertificateValidation;
    /** The validation records, by domain. */
    readonly records: ReadonlyMap<string, cloudflare.DnsRecord>;
}

export function createValidatedCertificate(name: string, args: ValidatedCertificateArgs, parent: pulumi.Resource): ValidatedCertificate {
    const child = { parent };
    const [apex, ...alternatives] = certificateDomains(args.zone, args.labels);
    const certificate = new aws.acm.Certificate(name, {
        domainName: apex,
        subjectAlternativeNames: alternatives,
        validationMethod: "DNS",
        tags: { ...args.tags, Name: name },
    }, child);
    const records = new Map<string, cloudflare.DnsRecord>();
    for (const domain of [apex, ...alternatives]) {
        const option = certificate.domainValidationOptions.apply((options) => validationFor(options, domain));
        records.set(domain, new cloudflare.DnsRecord(`${name}-validation-${domainKey(domain, args.zone)}`, {
            zoneId: args.zoneId,
            name: option.apply((o) => withoutDot(o.resourceRecordName)),
            type: "CNAME",
            content: option.apply((o) => withoutDot(o.resourceRecordValue)),
            // Proxied, Cloudflare would answer with its own addresses instead of the CNAME ACM looks for.
            proxied: false,
            ttl: 300,
            comment: `ACM validation of ${domain}`,
        }, child));
    }
    const validation = new aws.acm.CertificateValidation(name, {
        certificateArn: certificate.arn,
        validationRecordFqdns: [...records.values()].map((r) => r.name),
    }, child);
    return { certificate, validation, records };
}
