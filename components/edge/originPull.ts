// The ALB side of authenticated origin pulls: a trust store holding the CAs
// of the zone's own origin-pull PKI (OriginPullCertificates), so that the
// HTTPS listener (mutual TLS, verify) completes a handshake only with the
// client certificate this stack issued, which only this zone presents.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createSecureBucket } from "./buckets";

export interface OriginPullTrustArgs {
    /** PEM of the CA bundle the listener verifies client certificates against. */
    readonly caBundlePem: pulumi.Input<string>;
    readonly forceDestroy: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

/** Object key of the CA bundle in its bucket. */
export const CA_BUNDLE_KEY = "origin-pull-ca.pem";

export function createOriginPullTrust(name: string, args: OriginPullTrustArgs, parent: pulumi.Resource): aws.lb.TrustStore {
    const content = pulumi.output(args.caBundlePem).apply((pem) => {
        if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
            throw new Error(`${name}: the origin-pull CA bundle is not PEM (no certificate in it)`);
        }
        return pem;
    });
    // Versioned, so that a new bundle is a new object version and the trust store is updated to it.
    const store = createSecureBucket(`${name}-trust`, parent, { versioned: true, forceDestroy: args.forceDestroy, tags: args.tags });
    const bundle = new aws.s3.BucketObjectv2(`${name}-ca-bundle`, {
        bucket: store.bucket.id,
        key: CA_BUNDLE_KEY,
        content,
        contentType: "application/x-pem-file",
    }, { parent, dependsOn: [store.policy, ...(store.versioning ? [store.versioning] : [])] });
    return new aws.lb.TrustStore(name, {
        caCertificatesBundleS3Bucket: store.bucket.id,
        caCertificatesBundleS3Key: bundle.key,
        caCertificatesBundleS3ObjectVersion: bundle.versionId,
        tags: { ...args.tags, Name: name },
    }, { parent });
}
