// Pure IAM policies of the platform workloads that hold a role of their own:
// every resource named in full, nothing of another stack.
import { apiHost } from "../identity/plan";

/**
 * Alertmanager publishes to the alert topic, which is encrypted with a key of
 * its own: SNS encrypts with the publisher's rights, so the role needs
 * kms:GenerateDataKey and kms:Decrypt on that key, through SNS only
 * (Amazon SNS developer guide, "Configure KMS permissions for AWS services" /
 * "Enable compatibility between event sources and encrypted topics"); the
 * key's policy lets the account's IAM policies grant its use
 * (components/operations/alertTopic.ts, AccountAdministersTheKey).
 */
export function alertPublisherPolicy(topicArn: string, keyArn: string, region: string, dnsSuffix: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "PublishAlerts", Effect: "Allow", Action: "sns:Publish", Resource: [topicArn] },
            {
                Sid: "EncryptAlertsThroughSns",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: [keyArn],
                Condition: { StringEquals: { "kms:ViaService": apiHost("sns", region, dnsSuffix) } },
            },
        ],
    };
}

/** Actions Fluent Bit's cloudwatch_logs output calls with auto_create_group off (fluent-bit docs, "Amazon CloudWatch", permissions). */
export const LOG_SHIPPER_ACTIONS: readonly string[] = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"];

/** Fluent Bit writes streams of the program's log group, and nothing else. */
export function logShipperPolicy(logGroupArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "ShipContainerLogs", Effect: "Allow", Action: [...LOG_SHIPPER_ACTIONS], Resource: [logGroupArn, `${logGroupArn}:log-stream:*`] }],
    };
}
