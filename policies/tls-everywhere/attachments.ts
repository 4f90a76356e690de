// Stack-wide TLS checks that need two resources: a database attached to a
// parameter group that does not force TLS (or to the family default that
// does not; `parameterGroupName: ""` is the default group too), a DocumentDB
// cluster attached to a group whose `tls` accepts plain text or TLS older
// than 1.2 (AWS's default group sets "enabled": TLS 1.0 to 1.3), an ALB
// listener left at its default protocol (HTTP), and listener rules that serve
// traffic on an HTTP listener.
import { readString, show, UNKNOWN } from "../lib/read";
import { StackGraph, StackResource } from "../lib/stack";
import { Guard, StackViolation } from "../lib/violation";
import { LISTENER_RULE_TYPES, LISTENER_TYPES, listenerProtocol, nonRedirectActions } from "./loadBalancers";
import { NATIVE_DB_CLUSTER_PARAMETER_GROUP, NATIVE_DB_PARAMETER_GROUP, NATIVE_LISTENER, NATIVE_LOAD_BALANCER, nativeActions, nativeParameterList } from "./native";
import {
    DOCDB_CLUSTER_PARAMETER_GROUP, docdbTlsProblem, Family, familyOf, groupForcesTls, parametersOf, parseFamily, RDS_CLUSTER_PARAMETER_GROUP, RDS_PARAMETER_GROUP, tlsParameter,
} from "./parameterGroups";

const RDS_INSTANCE = "aws:rds/instance:Instance";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const DOCDB_CLUSTER = "aws:docdb/cluster:Cluster";
// aws-native: the same databases under CloudFormation's names (DBParameterGroupName, DBClusterParameterGroupName).
const NATIVE_DB_INSTANCE = "aws-native:rds:DbInstance";
const NATIVE_DB_CLUSTER = "aws-native:rds:DbCluster";
const GROUP_TYPE_SETS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
    [RDS_PARAMETER_GROUP, RDS_CLUSTER_PARAMETER_GROUP, DOCDB_CLUSTER_PARAMETER_GROUP, NATIVE_DB_PARAMETER_GROUP, NATIVE_DB_CLUSTER_PARAMETER_GROUP].map((t) => [t, new Set([t])]),
);
const LOAD_BALANCERS = new Set([
    "aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer", "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer", "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    NATIVE_LOAD_BALANCER,
]);

/** The group `db` uses through `prop`: a resource of the stack, a default group by name, or nothing known. */
function attachedGroup(graph: StackGraph, db: StackResource, prop: string, groupType: string): { group?: StackResource; family?: Family; name: unknown } {
    const name = db.props[prop];
    const group = graph.follow(db, prop, GROUP_TYPE_SETS.get(groupType) ?? new Set([groupType]), ["name", "id", "arn"]).targets[0];
    if (group) {
        const familyText = readString(group.props.family);
        return { group, family: typeof familyText === "string" ? parseFamily(familyText) : undefined, name };
    }
    const text = readString(name);
    if (typeof text === "string" && text !== "") {
        // "default.postgres14" and friends are AWS's default groups.
        const m = /^default\.(.+)$/.exec(text);
        return { family: m ? parseFamily(m[1]) : undefined, name };
    }
    // Not set, or "" (which the provider sends as not set): AWS attaches its default group.
    if (text === undefined || text === "") {
        const engine = readString(db.props.engine);
        const version = readString(db.props.engineVersion);
        return { family: typeof engine === "string" && typeof version === "string" ? familyOf(engine, version) : undefined, name };
    }
    return { name };
}

function databaseViolations(graph: StackGraph, db: StackResource, prop: string, groupType: string): StackViolation[] {
    const engine = readString(db.props.engine);
    // Aurora instances take TLS settings from their cluster's group.
    if ((db.type === RDS_INSTANCE || db.type === NATIVE_DB_INSTANCE) && typeof engine === "string" && engine.startsWith("aurora")) {
        return [];
    }
    const { group, family, name } = attachedGroup(graph, db, prop, groupType);
    if (!family) {
        return [];
    }
    // aws-native groups take their parameters as a map of name to value.
    const params = group ? parametersOf(group.type === NATIVE_DB_PARAMETER_GROUP || group.type === NATIVE_DB_CLUSTER_PARAMETER_GROUP ? { parameters: nativeParameterList(group.props.parameters) } : group.props) : undefined;
    const verdict = groupForcesTls(family, params);
    if (verdict === true || verdict === UNKNOWN) {
        return [];
    }
    const which = group ? `parameter group ${group.name}` : name === undefined || name === "" ? `the default parameter group (${prop} = ${show(name)})` : `parameter group ${show(name)}`;
    return [{
        urn: db.urn,
        field: prop,
        message: `${which} does not force TLS: it ${verdict}; attach a group that sets ${tlsParameter(family)} = 1`,
    }];
}

function docdbViolations(graph: StackGraph, cluster: StackResource): StackViolation[] {
    const prop = "dbClusterParameterGroupName";
    const name = readString(cluster.props[prop]);
    const group = graph.follow(cluster, prop, GROUP_TYPE_SETS.get(DOCDB_CLUSTER_PARAMETER_GROUP)!, ["name", "id", "arn"]).targets[0];
    if (!group) {
        // AWS's default group ("default.docdb5.0", or none named) sets tls "enabled": TLS 1.0 through 1.3.
        if (name === undefined || name === "" || (typeof name === "string" && /^default\./i.test(name))) {
            return [{
                urn: cluster.urn,
                field: prop,
                message: `${show(cluster.props[prop])} attaches AWS's default cluster parameter group, whose tls = "enabled" accepts TLS 1.0 through 1.3; attach a group with tls "tls1.2+" (or "tls1.3+")`,
            }];
        }
        return [];
    }
    const params = parametersOf(group.props);
    if (params === UNKNOWN) {
        return [];
    }
    for (const setting of params.get("tls") ?? []) {
        const problem = typeof setting.value === "string" ? docdbTlsProblem(setting.value) : undefined;
        if (problem) {
            return [{ urn: cluster.urn, field: prop, message: `parameter group ${group.name} sets tls = ${show(setting.value)}, which ${problem}; attach a group with tls "tls1.2+" (or "tls1.3+")` }];
        }
    }
    if (!params.has("tls")) {
        return [{ urn: cluster.urn, field: prop, message: `parameter group ${group.name} leaves tls at its default "enabled", which accepts TLS 1.0 through 1.3; set tls to "tls1.2+" (or "tls1.3+")` }];
    }
    return [];
}

/** Listeners with no protocol on an ALB default to HTTP (the AWS provider's loadBalancerType and aws-native's type both default to "application"). */
function defaultProtocolViolations(graph: StackGraph, listener: StackResource): StackViolation[] {
    if (listenerProtocol(listener.props) !== undefined) {
        return [];
    }
    const lb = graph.follow(listener, "loadBalancerArn", LOAD_BALANCERS, ["arn", "id"]).targets[0];
    const kind = lb ? readString(lb.type === NATIVE_LOAD_BALANCER ? lb.props.type : lb.props.loadBalancerType) : UNKNOWN;
    if (kind !== undefined && kind !== "application") {
        return [];
    }
    const native = listener.type === NATIVE_LISTENER;
    return nonRedirectActions(native ? nativeActions(listener.props.defaultActions) : listener.props.defaultActions, "defaultActions", `serves requests over plain HTTP (protocol not set: an ALB listener defaults to "HTTP")`).map(
        (v) => ({ ...v, urn: listener.urn, field: native ? v.field.replace(/\.redirect\./, ".redirectConfig.") : v.field }),
    );
}

/** Rules attached to an HTTP listener that do anything but redirect to HTTPS. */
function listenerRuleViolations(graph: StackGraph, rule: StackResource): StackViolation[] {
    const listener = graph.follow(rule, "listenerArn", new Set(LISTENER_TYPES), ["arn", "id"]).targets[0];
    if (!listener || listenerProtocol(listener.props) !== "HTTP") {
        return [];
    }
    return nonRedirectActions(rule.props.actions, "actions", `serves requests over plain HTTP on listener ${listener.name} (protocol = "HTTP")`).map((v) => ({ ...v, urn: rule.urn }));
}

export function attachmentViolations(graph: StackGraph, guard: Guard): StackViolation[] {
    const out: StackViolation[] = [];
    for (const db of graph.ofTypes([RDS_INSTANCE])) {
        out.push(...guard(db.urn, () => databaseViolations(graph, db, "parameterGroupName", RDS_PARAMETER_GROUP)));
    }
    for (const db of graph.ofTypes([RDS_CLUSTER])) {
        out.push(...guard(db.urn, () => databaseViolations(graph, db, "dbClusterParameterGroupName", RDS_CLUSTER_PARAMETER_GROUP)));
    }
    for (const db of graph.ofTypes([NATIVE_DB_INSTANCE])) {
        out.push(...guard(db.urn, () => databaseViolations(graph, db, "dbParameterGroupName", NATIVE_DB_PARAMETER_GROUP)));
    }
    for (const db of graph.ofTypes([NATIVE_DB_CLUSTER])) {
        out.push(...guard(db.urn, () => databaseViolations(graph, db, "dbClusterParameterGroupName", NATIVE_DB_CLUSTER_PARAMETER_GROUP)));
    }
    for (const cluster of graph.ofTypes([DOCDB_CLUSTER])) {
        out.push(...guard(cluster.urn, () => docdbViolations(graph, cluster)));
    }
    for (const listener of graph.ofTypes([...LISTENER_TYPES, NATIVE_LISTENER])) {
        out.push(...guard(listener.urn, () => defaultProtocolViolations(graph, listener)));
    }
    for (const rule of graph.ofTypes(LISTENER_RULE_TYPES)) {
        out.push(...guard(rule.urn, () => listenerRuleViolations(graph, rule)));
    }
    return out;
}
