// The alerting topic: every alarm, finding and failed backup of the stack
// reaches this one SNS topic, encrypted with a key of its own. AWS services
// publish to an encrypted topic only if the key lets them use it and the
// topic lets them publish; both say exactly which services, from this
// account only. Alertmanager (the Kubernetes layer) publishes through its own
// IRSA role, which IAM can allow because the key trusts the account.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EMAIL_ENDPOINT } from "./types";

export interface AlertTopicArgs {
    /** Addresses that get every alert by email (each must confirm once); empty: subscribe outside this stack. @default [] */
    readonly emailEndpoints?: readonly string[];
    /** `protect` on the key (deleting it would make the topic unusable). @default true */
    readonly protect?: boolean;
    /** Tags added to every resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Services that publish to the topic: CloudWatch alarms, and EventBridge rules (findings, backup jobs). */
export const PUBLISHING_SERVICES = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] as const;

/**
 * The key policy: the account administers the key (so IAM policies can grant
 * its use), and the publishing services may encrypt and decrypt with it.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export function alertKeyPolicy(partition: string, accountId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersTheKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "PublishingServicesUseTheKey",
                Effect: "Allow",
                Principal: { Service: [...PUBLISHING_SERVICES] },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            },
        ],
    });
}

/**
 * The topic policy: CloudWatch alarms and EventBridge rules of this account
 * (confused-deputy guard) may publish; nobody publishes without TLS.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
 */
export function alertTopicPolicy(topicArn: string, partition: string, region: string, accountId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*` },
                },
            },
            {
                Sid: "EventBridgeRulesPublish",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:events:${region}:${accountId}:rule/*` },
                },
            },
            {
                Sid: "TlsOnly",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/** Resource-name form of an email address. */
export function emailKey(address: string): string {
    return address.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export class AlertTopic extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    readonly key: aws.kms.Key;
    readonly topicArn: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AlertTopicArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:operations:AlertTopic", name, {}, opts);
        const emails = args.emailEndpoints ?? [];
        for (const address of emails) {
            if (!EMAIL_ENDPOINT.test(address)) {
                throw new Error(`AlertTopic ${name}: "${address}" is not an email address SNS can deliver to`);
            }
        }
        const keys = emails.map(emailKey);
        const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
        if (duplicate !== undefined) {
            throw new Error(`AlertTopic ${name}: the address ${emails[keys.indexOf(duplicate)]} is listed twice`);
        }
        const tags = (role: string) => ({ ...args.tags, Name: `${name}-${role}` });
        const child = { parent: this };
        const account = aws.getCallerIdentityOutput({}, child).accountId;
        const partition = aws.getPartitionOutput({}, child).partition;
        const region = aws.getRegionOutput({}, child).region;

        this.key = new aws.kms.Key(`${name}-key`, {
            description: `Alert topic ${name}: messages at rest`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.all([partition, account]).apply(([p, a]) => alertKeyPolicy(p, a)),
            tags: tags("key"),
        }, { parent: this, protect: args.protect ?? true });
        this.topic = new aws.sns.Topic(`${name}-topic`, {
            displayName: `${name} alerts`,
            kmsMasterKeyId: this.key.arn,
            tags: tags("topic"),
        }, child);
        new aws.sns.TopicPolicy(`${name}-topic`, {
            arn: this.topic.arn,
            policy: pulumi.all([this.topic.arn, partition, region, account]).apply(([t, p, r, a]) => alertTopicPolicy(t, p, r, a)),
        }, child);
        emails.forEach((address, i) => {
            new aws.sns.TopicSubscription(`${name}-email-${keys[i]}`, { topic: this.topic.arn, protocol: "email", endpoint: address }, child);
        });

        this.topicArn = this.topic.arn;
        this.keyArn = this.key.arn;
        this.registerOutputs({ topicArn: this.topicArn, keyArn: this.keyArn });
    }
}
