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

export const EDGE_COMPUTED: Record<string, OutputSynth> = {
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
