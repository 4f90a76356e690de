// EventBridge rules on the default bus whose matching events go to the alert
// topic (the topic's policy admits EventBridge rules of this account).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A rule named `name` matching `pattern`, with the topic as its one target. */
export function eventRuleToTopic(
    parent: pulumi.Resource,
    name: string,
    description: string,
    pattern: Record<string, unknown>,
    topicArn: pulumi.Input<string>,
    dependsOn: pulumi.Resource[] = [],
): aws.cloudwatch.EventRule {
    const rule = new aws.cloudwatch.EventRule(name, { description, eventPattern: JSON.stringify(pattern) }, { parent, dependsOn });
    new aws.cloudwatch.EventTarget(name, { rule: rule.name, arn: topicArn }, { parent });
    return rule;
}
