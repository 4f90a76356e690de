// How nodes with no route to the internet get images. EKS add-on images come
// from AWS's own ECR registries through the ECR and S3 endpoints. Third-party
// images (Istio, Kong, the AWS Load Balancer Controller) are mirrored into
// this account's ECR by pull-through cache rules: the first pull through
// `<account>.dkr.ecr.<region>.<suffix>/<prefix>/<repository>` fetches the
// upstream image once, AWS-side, and later pulls are served from ECR.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { UpstreamRegistry } from "./types";

interface Upstream {
    /** What ECR calls to fetch images. */
    readonly registryUrl: string;
    /** How image references name the registry (what the Kubernetes layer rewrites). */
    readonly imageHost: string;
    /** Whether ECR needs credentials (a Secrets Manager secret) for it. */
    readonly needsCredentials: boolean;
}

export const UPSTREAMS: Readonly<Record<UpstreamRegistry, Upstream>> = {
    "ecr-public": { registryUrl: "public.ecr.aws", imageHost: "public.ecr.aws", needsCredentials: false },
    // ECR refuses anonymous Docker Hub rules: its shared pulls would be rate limited.
    "docker-hub": { registryUrl: "registry-1.docker.io", imageHost: "docker.io", needsCredentials: true },
    quay: { registryUrl: "quay.io", imageHost: "quay.io", needsCredentials: false },
    k8s: { registryUrl: "registry.k8s.io", imageHost: "registry.k8s.io", needsCredentials: false },
    ghcr: { registryUrl: "ghcr.io", imageHost: "ghcr.io", needsCredentials: true },
};

const PREFIX = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** ECR repository prefix of an upstream's cache for one cluster; ECR allows 2 to 30 characters. */
export function cachePrefix(clusterName: string, upstream: UpstreamRegistry): string {
    const prefix = `${clusterName}-${upstream}`.toLowerCase();
    if (prefix.length < 2 || prefix.length > 30 || !PREFIX.test(prefix)) {
        throw new Error(
            `pull-through cache prefix "${prefix}" (cluster "${clusterName}", upstream ${upstream}) must be 2 to 30 lower-case letters, digits and separators; use a shorter cluster name`,
        );
    }
    return prefix;
}

/** ECR pull-through cache credentials must be a Secrets Manager secret named ecr-pullthroughcache/... */
export const CACHE_CREDENTIAL_ARN = /^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/[A-Za-z0-9/_+=.@-]+$/;

export interface ImageCacheArgs {
    readonly clusterName: string;
    /** Upstreams to mirror, with the credential secret of those that need one. */
    readonly upstreams: ReadonlyArray<{ readonly upstream: UpstreamRegistry; readonly credentialArn?: pulumi.Input<string> }>;
}

export interface ImageCache {
    /** Image host (e.g. "docker.io") to the ECR prefix that mirrors it. */
    readonly registries: pulumi.Output<Record<string, string>>;
    /** Repositories the cache may create, for the nodes' pull permission. */
    readonly repositoryArns: pulumi.Output<string[]>;
}

export function createImageCache(name: string, args: ImageCacheArgs, parent: pulumi.Resource): ImageCache {
    const child = { parent };
    const account = aws.getCallerIdentityOutput({}, child).accountId;
    const region = aws.getRegionOutput({}, child).region;
    const partition = aws.getPartitionOutput({}, child);
    const registries: Record<string, pulumi.Output<string>> = {};
    const repositoryArns: pulumi.Output<string>[] = [];
    for (const { upstream, credentialArn } of args.upstreams) {
        const spec = UPSTREAMS[upstream];
        if (spec.needsCredentials && credentialArn === undefined) {
            throw new Error(`image cache ${name}: the ${upstream} upstream needs a credential secret (ecr-pullthroughcache/...)`);
        }
        const prefix = cachePrefix(args.clusterName, upstream);
        // The prefix is fixed (image references and the nodes' pull permission name it), and ECR holds one rule per
        // prefix: a replacement must delete the old rule before creating the new one.
        const rule = new aws.ecr.PullThroughCacheRule(`${name}-${upstream}`, {
            ecrRepositoryPrefix: prefix,
            upstreamRegistryUrl: spec.registryUrl,
            credentialArn: spec.needsCredentials ? credentialArn : undefined,
        }, { parent, deleteBeforeReplace: true });
        registries[spec.imageHost] = pulumi.interpolate`${account}.dkr.ecr.${region}.${partition.dnsSuffix}/${rule.ecrRepositoryPrefix}`;
        repositoryArns.push(pulumi.interpolate`arn:${partition.partition}:ecr:${region}:${account}:repository/${prefix}/*`);
    }
    return { registries: pulumi.output(registries), repositoryArns: pulumi.output(repositoryArns) };
}
