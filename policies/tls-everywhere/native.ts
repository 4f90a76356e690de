// The aws-native provider's forms of what tls-everywhere judges: the
// CloudFormation schema's properties in camel case (pulumi-aws-native,
// aws-cloudformation-schema). Each is read into the AWS provider's shape and
// judged by the same rule; the parameter group a native database is attached
// to is judged by the stack rule (attachments.ts). Not judged here (README,
// "Not judged"): listener rules, CloudFront, API Gateway, search and the
// other data services of aws-native.
import { field, readObject, UNKNOWN } from "../lib/read";
import { TlsPolicyChoice } from "../lib/tlsPolicies";
import { Violation } from "../lib/violation";
import { replicationGroupViolations } from "./caches";
import { redshiftParameterGroupViolations } from "./dataServices";
import { listenerViolations, targetGroupViolations } from "./loadBalancers";
import { parameterGroupViolations } from "./parameterGroups";

export const NATIVE_LISTENER = "aws-native:elasticloadbalancingv2:Listener";
export const NATIVE_TARGET_GROUP = "aws-native:elasticloadbalancingv2:TargetGroup";
export const NATIVE_LOAD_BALANCER = "aws-native:elasticloadbalancingv2:LoadBalancer";
export const NATIVE_REPLICATION_GROUP = "aws-native:elasticache:ReplicationGroup";
export const NATIVE_REDSHIFT_PARAMETER_GROUP = "aws-native:redshift:ClusterParameterGroup";
export const NATIVE_DB_PARAMETER_GROUP = "aws-native:rds:DbParameterGroup";
export const NATIVE_DB_CLUSTER_PARAMETER_GROUP = "aws-native:rds:DbClusterParameterGroup";
export const NATIVE_DB_PARAMETER_GROUPS: readonly string[] = [NATIVE_DB_PARAMETER_GROUP, NATIVE_DB_CLUSTER_PARAMETER_GROUP];

/** A native group's parameters (a map of name to value) as the AWS provider's list, UNKNOWN when not known yet. */
export function nativeParameterList(parameters: unknown): unknown {
    const map = readObject(parameters);
    if (map === UNKNOWN || map === undefined) {
        return map;
    }
    return Object.keys(map).map((name) => ({ name, value: map[name] }));
}

/** A native listener's actions in the AWS provider's shape (redirectConfig → redirect). */
export function nativeActions(actions: unknown): unknown {
    if (!Array.isArray(actions)) {
        return actions;
    }
    return actions.map((a) => {
        const action = readObject(a);
        if (action === UNKNOWN || action === undefined) {
            return a;
        }
        return { ...action, redirect: field(action, "redirectConfig") };
    });
}

export function nativeListenerViolations(props: Readonly<Record<string, unknown>>, choice: TlsPolicyChoice): Violation[] {
    return listenerViolations({ ...props, defaultActions: nativeActions(props.defaultActions) }, choice).map((v) => ({
        ...v,
        field: v.field.replace(/\.redirect\./, ".redirectConfig."),
        message: v.message.replace(/\bredirect\.protocol\b/g, "redirectConfig.protocol"),
    }));
}

export function nativeTargetGroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    return targetGroupViolations(props);
}

/** CloudFormation's TransitEncryptionEnabled defaults to false, as the AWS provider's does. */
export function nativeReplicationGroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    return replicationGroupViolations(props);
}

export function nativeRedshiftParameterGroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    return redshiftParameterGroupViolations({ parameters: props.parameters }, "parameterName", "parameterValue");
}

/** RDS parameter groups take `parameters` as a map of name to value. */
export function nativeDbParameterGroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const map = readObject(props.parameters);
    if (map === UNKNOWN || map === undefined) {
        return [];
    }
    const names = Object.keys(map);
    return parameterGroupViolations({ parameters: names.map((name) => ({ name, value: map[name] })) }).map((v) => {
        const m = /^parameters\[([0-9]+)\]\.value$/.exec(v.field);
        return m ? { ...v, field: `parameters["${names[Number(m[1])]}"]` } : v;
    });
}
