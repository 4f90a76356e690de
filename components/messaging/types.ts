// Plain types, allowed sets and checks of the RabbitMQ broker: no Pulumi
// imports, so config validation can use them cheaply.

/** Amazon MQ deployment modes for RabbitMQ. */
export type BrokerDeploymentMode = "SINGLE_INSTANCE" | "CLUSTER_MULTI_AZ";

export const BROKER_DEPLOYMENT_MODES: readonly BrokerDeploymentMode[] = ["SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"];

/**
 * RabbitMQ nodes of a deployment mode: a cluster deployment is "a logical grouping of three RabbitMQ
 * broker nodes behind a Network Load Balancer, each sharing users, queues, and a distributed state
 * across multiple Availability Zones" (Amazon MQ Developer Guide, "Cluster deployment").
 */
export function brokerNodeCount(mode: BrokerDeploymentMode): number {
    switch (mode) {
        case "SINGLE_INSTANCE":
            return 1;
        case "CLUSTER_MULTI_AZ":
            return 3;
    }
}

/**
 * RabbitMQ versions Amazon MQ offers; from 3.13 on it takes "major.minor" and
 * upgrades patches itself, and requires autoMinorVersionUpgrade to be true
 * (Amazon MQ API Reference, CreateBroker, AutoMinorVersionUpgrade: "Must be
 * set to true ... for RabbitMQ brokers version 3.13 and above").
 */
export const RABBITMQ_VERSIONS: readonly string[] = ["3.13", "4.2"];

/**
 * How the broker's storage is encrypted at rest. Amazon MQ for RabbitMQ
 * encrypts with an AWS-owned key and takes no other: CreateBroker documents
 * EncryptionOptions as "Does not apply to RabbitMQ brokers" (Amazon MQ API
 * Reference; AWS::AmazonMQ::Broker EncryptionOptions), and the API answers
 * "BadRequestException: encryptionOptions is not supported for RabbitMQ
 * brokers" (hashicorp/terraform-provider-aws#25998), even to an empty block.
 */
export type BrokerEncryption =
    | { readonly kind: "aws-owned" }
    | { readonly kind: "customer-key"; readonly kmsKeyArn: string };

/** Why `encryption` cannot encrypt a RabbitMQ broker, or undefined. */
export function brokerEncryptionProblem(encryption: BrokerEncryption): string | undefined {
    switch (encryption.kind) {
        case "aws-owned":
            return undefined;
        case "customer-key":
            return "Amazon MQ for RabbitMQ takes no customer-managed key: CreateBroker's EncryptionOptions \"does not apply to RabbitMQ brokers\" " +
                "(Amazon MQ API Reference) and is refused with \"encryptionOptions is not supported for RabbitMQ brokers\"; " +
                "the broker's storage is encrypted with an AWS-owned key";
    }
}

/** What an Amazon MQ host instance type supports for RabbitMQ. */
export interface BrokerInstanceSpec {
    /** Deployment modes it can run. */
    readonly modes: readonly BrokerDeploymentMode[];
    /** Major RabbitMQ versions it can run. */
    readonly majors: readonly number[];
}

const SINGLE_ONLY: readonly BrokerDeploymentMode[] = ["SINGLE_INSTANCE"];
const ANY_MODE: readonly BrokerDeploymentMode[] = BROKER_DEPLOYMENT_MODES;
const M7G = { modes: ANY_MODE, majors: [3, 4] };
const M5 = { modes: ANY_MODE, majors: [3] };

/**
 * Host instance types for RabbitMQ brokers. The micro and m7g.medium types
 * are for single-instance (evaluation) brokers only; RabbitMQ 3.13 runs on
 * mq.t3, mq.m5 and mq.m7g, RabbitMQ 4.2 on mq.m7g only ("Managing Amazon MQ
 * for RabbitMQ engine versions", Amazon MQ Developer Guide).
 */
export const BROKER_INSTANCE_TYPES: Readonly<Record<string, BrokerInstanceSpec>> = {
    "mq.t3.micro": { modes: SINGLE_ONLY, majors: [3] },
    "mq.m5.large": M5,
    "mq.m5.xlarge": M5,
    "mq.m5.2xlarge": M5,
    "mq.m5.4xlarge": M5,
    "mq.m7g.medium": { modes: SINGLE_ONLY, majors: [3, 4] },
    "mq.m7g.large": M7G,
    "mq.m7g.xlarge": M7G,
    "mq.m7g.2xlarge": M7G,
    "mq.m7g.4xlarge": M7G,
    "mq.m7g.8xlarge": M7G,
    "mq.m7g.12xlarge": M7G,
    "mq.m7g.16xlarge": M7G,
};

/** The only port services use: AMQP over TLS. */
export const AMQPS_PORT = 5671;

/**
 * The broker's web console and management API (HTTPS), where users other than
 * the one Amazon MQ creates are added (Amazon MQ developer guide, "Amazon MQ for
 * RabbitMQ: ... users"; a private broker serves it on 443).
 */
export const RABBITMQ_MANAGEMENT_PORT = 443;

export function brokerVersionProblem(version: string): string | undefined {
    if (!/^[0-9]+\.[0-9]+$/.test(version)) {
        return `must be a RabbitMQ version "major.minor" (Amazon MQ applies patches itself), one of ${RABBITMQ_VERSIONS.join(", ")}`;
    }
    return RABBITMQ_VERSIONS.includes(version) ? undefined : `must be one of ${RABBITMQ_VERSIONS.join(", ")} (the versions Amazon MQ offers for RabbitMQ)`;
}

/** Checks an instance type against the mode and version it is meant to run. */
export function brokerInstanceTypeProblem(type: string, mode: BrokerDeploymentMode, version: string): string | undefined {
    const spec = BROKER_INSTANCE_TYPES[type];
    if (!spec) {
        return `must be one of the RabbitMQ broker types ${Object.keys(BROKER_INSTANCE_TYPES).join(", ")}`;
    }
    if (!spec.modes.includes(mode)) {
        const fit = Object.entries(BROKER_INSTANCE_TYPES).filter(([, s]) => s.modes.includes(mode)).map(([t]) => t);
        return `runs single-instance brokers only; a ${mode} broker needs one of ${fit.join(", ")}`;
    }
    const major = Number(version.split(".")[0]);
    if (Number.isInteger(major) && !spec.majors.includes(major)) {
        return `does not run RabbitMQ ${version}; RabbitMQ ${major} needs an mq.m7g type`;
    }
    return undefined;
}
