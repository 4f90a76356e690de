// Offline answers for the edge: Cloudflare's published ranges (the pinned
// defaults of Pulumi.yaml, so an unchanged stack shows no drift and a stack
// that pins other ranges does), the ELB log-delivery account, and the
// computed outputs of certificates, load balancers and buckets.
import { createHash } from "crypto";
import { readProjectFile } from "../project";
import { InvokeHandler, MockAccount, OutputSynth } from "./types";

/** Elastic Load Balancing's log-delivery accounts (AWS docs, "Enable access logs"), for the regions offline runs use. */
const ELB_ACCOUNTS: Readonly<Record<string, string>> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-2": "797873946194",
    "eu-west-1": "156460612806",
    "eu-central-1": "054676820928",
};

function hex(text: string, length: number): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

function publishedRanges(key: string): string[] {
    const declared = readProjectFile().config[key]?.default;
    if (!Array.isArray(declared)) {
        throw new Error(`Pulumi.yaml declares no default list for ${key}, which the offline getIpRanges answer serves`);
    }
    return declared as string[];
}

function lbArn(a: MockAccount, kind: string, name: string): string {
    return `arn:${a.partition}:elasticloadbalancing:${a.region}:${a.accountId}:${kind}/${name}/${hex(name, 16)}`;
}

export const EDGE_INVOKES: Record<string, InvokeHandler> = {
    "cloudflare:index/getIpRanges:getIpRanges": () => ({
        etag: "offline",
        ipv4Cidrs: publishedRanges("cloudflareIpv4Cidrs"),
        ipv6Cidrs: publishedRanges("cloudflareIpv6Cidrs"),
        jdcloudCidrs: [],
    }),
    "aws:elb/getServiceAccount:getServiceAccount": (inputs, a) => {
        const region = inputs.region ?? a.region;
        const account = ELB_ACCOUNTS[region];
        if (!account) {
            throw new Error(`no offline ELB log-delivery account for ${region}; add it to tools/harness/answers/edge.ts`);
        }
        return { id: account, arn: `arn:${a.partition}:iam::${account}:root`, region };
    },
};

/** What the mocks return as a generated private key; it must never appear outside a secret. */
export function offlinePrivateKey(name: string): string {
    return `-----BEGIN PRIVATE KEY-----\noffline-private-key-${name}\n-----END PRIVATE KEY-----\n`;
}

/** A stand-in certificate that names its subject and its issuer, so tests can follow who signed what. */
export function offlineCertificate(subject: string, issuer: string): string {
    return `-----BEGIN CERTIFICATE-----\n${Buffer.from(`subject=${subject};issuer=${issuer}`).toString("base64")}\n-----END CERTIFICATE-----\n`;
}

/** The subject and issuer an offline certificate names. */
export function offlineCertificateNames(pem: string): { subject: string; issuer: string } {
    const body = /-----BEGIN CERTIFICATE-----\n([^\n]+)\n/.exec(pem)?.[1];
    const m = body ? /^subject=(.*);issuer=(.*)$/.exec(Buffer.from(body, "base64").toString()) : null;
    if (!m) {
        throw new Error(`not an offline certificate: ${pem.slice(0, 40)}`);
    }
    return { subject: m[1], issuer: m[2] };
}

export const EDGE_COMPUTED: Record<string, OutputSynth> = {
    "tls:index/privateKey:PrivateKey": (name) => ({ privateKeyPem: offlinePrivateKey(name), publicKeyPem: `public-key-${name}` }),
    "tls:index/selfSignedCert:SelfSignedCert": (name) => ({
        certPem: offlineCertificate(name, name),
        validityStartTime: "2026-09-01T00:00:00Z",
        validityEndTime: "2036-08-29T00:00:00Z",
        readyForRenewal: false,
    }),
    "tls:index/certRequest:CertRequest": (name) => ({ certRequestPem: `-----BEGIN CERTIFICATE REQUEST-----\n${name}\n-----END CERTIFICATE REQUEST-----\n` }),
    // Issued by the CA whose certificate it was given: the issuer's subject is read back from that certificate.
    "tls:index/locallySignedCert:LocallySignedCert": (name, inputs) => ({
        certPem: offlineCertificate(name, offlineCertificateNames(inputs.caCertPem).subject),
        validityStartTime: "2026-09-01T00:00:00Z",
        validityEndTime: "2027-09-01T00:00:00Z",
        readyForRenewal: false,
    }),
    "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate": (name) => ({ certificateId: `aop-${hex(name, 24)}`, status: "active" }),
    "aws:acm/certificate:Certificate": (name, inputs, a) => ({
        arn: `arn:${a.partition}:acm:${a.region}:${a.accountId}:certificate/${hex(name, 32)}`,
        status: "ISSUED",
        domainValidationOptions: [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])].map((domain: string) => ({
            domainName: domain,
            resourceRecordName: `_${hex(`name ${domain}`, 32)}.${domain}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${hex(`value ${domain}`, 32)}.xlfgrmvvlj.acm-validations.aws.`,
        })),
    }),
    "aws:lb/loadBalancer:LoadBalancer": (name, _inputs, a) => ({
        arn: lbArn(a, "loadbalancer/app", name),
        arnSuffix: `app/${name}/${hex(name, 16)}`,
        dnsName: `${name}-${parseInt(hex(name, 8), 16)}.${a.region}.elb.amazonaws.com`,
        zoneId: "Z35SXDOTRQ7X7K",
    }),
    "aws:lb/targetGroup:TargetGroup": (name, _inputs, a) => ({
        arn: lbArn(a, "targetgroup", name),
        arnSuffix: `targetgroup/${name}/${hex(name, 16)}`,
    }),
    "aws:lb/trustStore:TrustStore": (name, _inputs, a) => ({ arn: lbArn(a, "truststore", name) }),
    "aws:lb/listener:Listener": (name, _inputs, a) => ({ arn: lbArn(a, "listener/app", name) }),
    "aws:s3/bucket:Bucket": (name, inputs, a) => {
        const bucket = inputs.bucket ?? `${name}-${hex(name, 7)}`;
        return { bucket, arn: `arn:${a.partition}:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com` };
    },
    "aws:s3/bucketObjectv2:BucketObjectv2": (name) => ({ versionId: hex(`version ${name}`, 32) }),
};
