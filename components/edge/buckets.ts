// Private S3 buckets for the edge (ALB access logs, the origin-pull trust
// bundle): SSE-S3 encrypted, public access blocked, owner-enforced, TLS-only.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A statement of an S3 bucket policy. */
export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal: "*" | { readonly AWS: string } | { readonly Service: string };
    readonly Action: string | string[];
    readonly Resource: string | string[];
    readonly Condition?: Record<string, Record<string, string>>;
}

/** Refuses every request to the bucket that does not arrive over TLS. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** Lets the region's Elastic Load Balancing account write access logs under `prefix`. */
export function allowElbLogDelivery(bucketArn: string, prefix: string, elbAccountArn: string, accountId: string): PolicyStatement {
    return {
        Sid: "AllowElbLogDelivery",
        Effect: "Allow",
        Principal: { AWS: elbAccountArn },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/${prefix}/AWSLogs/${accountId}/*`,
    };
}

export interface SecureBucketOptions {
    /** Days before objects are deleted; omit to keep them. */
    readonly expireAfterDays?: number;
    /** Keep every version of every object (lets readers pin a version). */
    readonly versioned: boolean;
    /** Let `pulumi destroy` delete a bucket that still holds objects. */
    readonly forceDestroy: boolean;
    /** Statements besides the TLS-only one; given the bucket's ARN. */
    readonly statements?: (bucketArn: string) => pulumi.Input<PolicyStatement[]>;
    readonly tags: Readonly<Record<string, string>>;
}

export interface SecureBucket {
    readonly bucket: aws.s3.Bucket;
    /** Register after this to be sure the policy (and everything before it) is in place. */
    readonly policy: aws.s3.BucketPolicy;
    readonly versioning?: aws.s3.BucketVersioning;
}

export function createSecureBucket(name: string, parent: pulumi.Resource, o: SecureBucketOptions): SecureBucket {
    const child = { parent };
    const bucket = new aws.s3.Bucket(name, { forceDestroy: o.forceDestroy, tags: { ...o.tags, Name: name } }, child);
    // ALB log delivery supports SSE-S3 only (not SSE-KMS), so both buckets use it.
    new aws.s3.BucketServerSideEncryptionConfiguration(name, {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    }, child);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(name, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }, child);
    const ownership = new aws.s3.BucketOwnershipControls(name, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
    const versioning = o.versioned
        ? new aws.s3.BucketVersioning(name, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child)
        : undefined;
    if (o.expireAfterDays !== undefined) {
        new aws.s3.BucketLifecycleConfiguration(name, {
            bucket: bucket.id,
            rules: [{
                id: "expire",
                status: "Enabled",
                filter: {},
                expiration: { days: o.expireAfterDays },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
            }],
        }, child);
    }
    const extra = o.statements ? bucket.arn.apply((arn) => pulumi.output(o.statements!(arn))) : pulumi.output([] as PolicyStatement[]);
    const policy = new aws.s3.BucketPolicy(name, {
        bucket: bucket.id,
        policy: pulumi.all([bucket.arn, extra]).apply(([arn, statements]) =>
            JSON.stringify({ Version: "2012-10-17", Statement: [denyInsecureTransport(arn), ...statements] }),
        ),
        // S3 rejects a policy while public-access settings are still being applied.
    }, { parent, dependsOn: [publicAccess, ownership] });
    return { bucket, policy, versioning };
}
