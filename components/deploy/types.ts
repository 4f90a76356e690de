// Plain types and defaults of the deploy runner: no Pulumi imports, so config
// validation and the pure helpers can use them cheaply.

/**
 * On-demand compute types a LINUX_CONTAINER build may use in every region.
 * XLARGE and 2XLARGE exist only in some regions and are far beyond what a
 * `pulumi up` needs, so they are not offered.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-compute-types.html
 * SMALL: 3 GB, 2 vCPUs; MEDIUM: 7 GB, 4 vCPUs; LARGE: 15 GB, 8 vCPUs.
 */
export type RunnerComputeType = "BUILD_GENERAL1_SMALL" | "BUILD_GENERAL1_MEDIUM" | "BUILD_GENERAL1_LARGE";

export const RUNNER_COMPUTE_TYPES: readonly RunnerComputeType[] = ["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE"];

/**
 * The webhook filter types CodeBuild knows (API reference, WebhookFilter:
 * "There are 11 webhook filter types"). Only EVENT and WORKFLOW_NAME are used
 * here; the rest are listed so a typo cannot pass as a type.
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_WebhookFilter.html
 */
export type WebhookFilterType =
    | "EVENT" | "ACTOR_ACCOUNT_ID" | "HEAD_REF" | "BASE_REF" | "FILE_PATH" | "COMMIT_MESSAGE"
    | "TAG_NAME" | "RELEASE_NAME" | "REPOSITORY_NAME" | "ORGANIZATION_NAME" | "WORKFLOW_NAME";

/**
 * The event that makes CodeBuild start a runner for a queued GitHub Actions
 * job ("Tutorial: Configure a CodeBuild-hosted GitHub Actions runner").
 */
export const WORKFLOW_JOB_QUEUED = "WORKFLOW_JOB_QUEUED";

/** Defaults of DeployRunnerArgs. */
export const DEPLOY_RUNNER_DEFAULTS = {
    /**
     * Amazon Linux 2023 standard image 5.0: Node.js 20 and 22, the AWS CLI v2
     * (which `aws eks get-token` needs), git. A CodeBuild curated image, pulled
     * with CodeBuild's own credentials, not through the VPC.
     * https://docs.aws.amazon.com/codebuild/latest/userguide/ec2-compute-images.html
     */
    image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
    computeType: "BUILD_GENERAL1_MEDIUM" as RunnerComputeType,
    /** Longer than the longest job that runs on it (deploy-stack.yml: 90 minutes). */
    buildTimeoutMinutes: 120,
    /** A job that waits longer than this for a runner fails instead of hanging. */
    queuedTimeoutMinutes: 60,
    concurrentBuilds: 2,
    logRetentionDays: 365,
} as const;

/**
 * Limits of CodeBuild's API, each checked before the project is registered.
 * CreateProject: timeoutInMinutes 5..2160, queuedTimeoutInMinutes 5..480,
 * concurrentBuildLimit > 0 (and below the account's limit, which only AWS
 * knows). https://docs.aws.amazon.com/codebuild/latest/APIReference/API_CreateProject.html
 * VpcConfig: at most 16 subnets and 5 security groups.
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_VpcConfig.html
 */
export const CODEBUILD_LIMITS = {
    buildTimeoutMinutes: { min: 5, max: 2160 },
    queuedTimeoutMinutes: { min: 5, max: 480 },
    concurrentBuilds: { min: 1, max: 100 },
    vpcSubnets: { min: 1, max: 16 },
} as const;
