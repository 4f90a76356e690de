// Stack-wide TLS checks that need two resources: a database attached to a
// parameter group that does not force TLS (or to the family default that
// does not), a DocumentDB cluster attached to a group with tls disabled, an
// ALB listener left at its default protocol (HTTP), and listener rules that
// serve traffic on an HTTP listener.
import { readString, show, UNKNOWN } from "../lib/read";
import { StackGraph, StackResource } from "../lib/stack";
import { StackViolation } from "../lib/violation";
import { LISTENER_RULE_TYPES, LISTENER_TYPES, listenerProtocol, nonRedirectActions } from "./loadBalancers";
import {
    DOCDB_CLUSTER_PARAMETER_GROUP, Family, familyOf, groupForcesTls, parametersOf, parseFamily, RDS_CLUSTER_PARAMETER_GROUP, RDS_PARAMETER_GROUP, tlsParameter,
} from "./parameterGroups";

const RDS_INSTANCE = "aws:rds/instance:Instance";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const DOCDB_CLUSTER = "aws:docdb/cluster:Cluster";
const LOAD_BALANCERS = new Set(["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer", "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer", "aws:applicationloadbalancing/loadBalancer:LoadBalancer"]);

/** The group `db` uses through `prop`: a resource of the stack, a default group by name, or nothing known. */
function attachedGroup(graph: StackGraph, db: StackResource, prop: string, groupType: string): { group?: StackResource; family?: Family; name: unknown } {
    const name = db.props[prop];
    const group = graph.follow(db, prop, new Set([groupType]), ["name", "id", "arn"]).targets[0];
    if (group) {
        const familyText = readString(group.props.family);
        return { group, family: typeof familyText === "string" ? parseFamily(familyText) : undefined, name };
    }
    const text = readString(name);
    if (typeof text === "string") {
        // "default.postgres14" and friends are AWS's default groups.
        const m = /^default\.(.+)$/.exec(text);
        return { family: m ? parseFamily(m[1]) : undefined, name };
    }
    if (text === undefined) {
        const engine = readString(db.props.engine);
        const version = readString(db.props.engineVersion);
        return { family: typeof engine === "string" && typeof version === "string" ? familyOf(engine, version) : undefined, name };
    }
    return { name };
}

function databaseViolations(graph: StackGraph, db: StackResource, prop: string, groupType: string): StackViolation[] {
    const engine = readString(db.props.engine);
    // Aurora instances take TLS settings from their cluster's group.
    if (db.type === RDS_INSTANCE && typeof engine === "string" && engine.startsWith("aurora")) {
        return [];
    }
    const { group, family, name } = attachedGroup(graph, db, prop, groupType);
    if (!family) {
        return [];
    }
    const verdict = groupForcesTls(family, group ? parametersOf(group.props) : undefined);
    if (verdict === true || verdict === UNKNOWN) {
        return [];
    }
    const which = group ? `parameter group ${group.name}` : name === undefined ? `the default parameter group (${prop} not set)` : `parameter group ${show(name)}`;
    return [{
        urn: db.urn,
        field: prop,
        message: `${which} does not force TLS: it ${verdict}; attach a group that sets ${tlsParameter(family)} = 1`,
    }];
}

function docdbViolations(graph: StackGraph, cluster: StackResource): StackViolation[] {
    const group = graph.follow(cluster, "dbClusterParameterGroupName", new Set([DOCDB_CLUSTER_PARAMETER_GROUP]), ["name", "id", "arn"]).targets[0];
    const params = group ? parametersOf(group.props) : undefined;
    const tls = params && params !== UNKNOWN ? params.get("tls") : undefined;
    if (!group || !tls || typeof tls.value !== "string" || tls.value.toLowerCase() !== "disabled") {
        return [];
    }
    return [{ urn: cluster.urn, field: "dbClusterParameterGroupName", message: `parameter group ${group.name} sets tls = "disabled"; attach a group with tls "enabled"` }];
}

/** Listeners with no protocol on an ALB default to HTTP. */
function defaultProtocolViolations(graph: StackGraph, listener: StackResource): StackViolation[] {
    if (listenerProtocol(listener.props) !== undefined) {
        return [];
    }
    const lb = graph.follow(listener, "loadBalancerArn", LOAD_BALANCERS, ["arn", "id"]).targets[0];
    const kind = lb ? readString(lb.props.loadBalancerType) : UNKNOWN;
    if (kind !== undefined && kind !== "application") {
        return [];
    }
    return nonRedirectActions(listener.props.defaultActions, "defaultActions", `serves requests over plain HTTP (protocol not set: an ALB listener defaults to "HTTP")`).map(
        (v) => ({ ...v, urn: listener.urn }),
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

export function attachmentViolations(resources: readonly StackResource[]): StackViolation[] {
    const graph = new StackGraph(resources);
    const out: StackViolation[] = [];
    for (const db of graph.ofTypes([RDS_INSTANCE])) {
        out.push(...databaseViolations(graph, db, "parameterGroupName", RDS_PARAMETER_GROUP));
    }
    for (const db of graph.ofTypes([RDS_CLUSTER])) {
        out.push(...databaseViolations(graph, db, "dbClusterParameterGroupName", RDS_CLUSTER_PARAMETER_GROUP));
    }
    for (const cluster of graph.ofTypes([DOCDB_CLUSTER])) {
        out.push(...docdbViolations(graph, cluster));
    }
    for (const listener of graph.ofTypes(LISTENER_TYPES)) {
        out.push(...defaultProtocolViolations(graph, listener));
    }
    for (const rule of graph.ofTypes(LISTENER_RULE_TYPES)) {
        out.push(...listenerRuleViolations(graph, rule));
    }
    return out;
}
