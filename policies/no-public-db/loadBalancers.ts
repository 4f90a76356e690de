// Internet-facing load balancers that forward a store port: the AWS form of a
// LoadBalancer Service with a store port. Stack-wide, a listener (under every
// alias token) on a load balancer that is not internal (`internal` not true:
// the provider's default is internet-facing) whose own port is a store port,
// or that forwards (default actions, or the actions of its listener rules) to
// a target group whose port, or a registered target's port, is a store port.
// Classic load balancers are judged resource by resource. UDP listeners carry
// no TCP store port; gateway load balancers have no listening ports.
import { storePortName } from "../lib/defaults";
import { elements, field, INVALID, readFlag, readNumber, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Memo, StackGraph, StackResource } from "../lib/stack";
import { Guard, StackViolation, Violation } from "../lib/violation";

const aliases = (module: string, kind: string) => ["lb", "alb", "elasticloadbalancingv2", "applicationloadbalancing"].map((m) => `aws:${m}/${module}:${kind}`);
const LOAD_BALANCERS = new Set(aliases("loadBalancer", "LoadBalancer"));
const LISTENERS = new Set(aliases("listener", "Listener"));
const LISTENER_RULES = new Set(aliases("listenerRule", "ListenerRule"));
const TARGET_GROUPS = new Set(aliases("targetGroup", "TargetGroup"));
const ATTACHMENTS = new Set(aliases("targetGroupAttachment", "TargetGroupAttachment"));
export const CLASSIC_ELB_TYPES: readonly string[] = ["aws:elb/loadBalancer:LoadBalancer", "aws:elasticloadbalancing/loadBalancer:LoadBalancer"];

/** Why a load balancer is internet-facing, or undefined when it is internal or UNKNOWN in preview. */
function internetFacing(lb: StackResource): string | undefined {
    const type = readString(lb.props.loadBalancerType);
    if (type === "gateway") {
        return undefined;
    }
    const internal = readFlag(lb.props.internal);
    if (internal === true || internal === UNKNOWN) {
        return undefined;
    }
    return `load balancer ${lb.name} is internet-facing (internal = ${internal === INVALID ? `${show(lb.props.internal)}, not a boolean the provider reads` : show(lb.props.internal)})`;
}

/** Target-group ARNs an action list forwards to, with the field of each. */
function forwards(actions: unknown, at: string): { value: unknown; field: string }[] {
    const list = elements(actions);
    if (list === UNKNOWN) {
        return [];
    }
    const out: { value: unknown; field: string }[] = [];
    list.forEach((a, i) => {
        const action = readObject(a);
        if (field(action, "targetGroupArn") !== undefined) {
            out.push({ value: field(action, "targetGroupArn"), field: `${at}[${i}].targetGroupArn` });
        }
        const groups = elements(field(readObject(field(action, "forward")), "targetGroups"));
        if (groups !== UNKNOWN) {
            groups.forEach((g, j) => out.push({ value: field(readObject(g), "arn"), field: `${at}[${i}].forward.targetGroups[${j}].arn` }));
        }
    });
    return out;
}

function isStorePort(value: unknown, ports: ReadonlySet<number>): number | undefined {
    const n = readNumber(value);
    return typeof n === "number" && ports.has(n) ? n : undefined;
}

export function loadBalancerViolations(graph: StackGraph, storePorts: readonly number[], guard: Guard): StackViolation[] {
    const ports = new Set(storePorts);
    // Registered targets' ports, by the reference key of their target group.
    const attachmentPorts = new Map<string, number>();
    for (const a of graph.ofTypes(ATTACHMENTS)) {
        const p = isStorePort(a.props.port, ports);
        if (p !== undefined) {
            for (const k of graph.refKeys(a, "targetGroupArn", TARGET_GROUPS, ["arn", "id"]).keys) {
                attachmentPorts.set(k, p);
            }
        }
    }
    const groupPort = new Memo<number | undefined>((urn) => {
        const tg = graph.get(urn)!;
        const own = isStorePort(tg.props.port, ports);
        if (own !== undefined) {
            return own;
        }
        for (const k of [`u:${tg.urn}`, ...["arn", "id"].map((p) => tg.props[p]).filter((v): v is string => typeof v === "string").map((v) => `v:${v}`)]) {
            if (attachmentPorts.has(k)) {
                return attachmentPorts.get(k);
            }
        }
        return undefined;
    });
    const lbFacing = new Memo<string | undefined>((urn) => internetFacing(graph.get(urn)!));

    /** The first internet-facing load balancer a listener is on. */
    const facingOf = (listener: StackResource): string | undefined => {
        for (const lb of graph.follow(listener, "loadBalancerArn", LOAD_BALANCERS, ["arn", "id"]).targets) {
            const why = lbFacing.get(lb.urn);
            if (why) {
                return why;
            }
        }
        return undefined;
    };
    const forwardedStorePorts = (from: StackResource, prop: string, actions: unknown): { field: string; port: number; group: string }[] => {
        const out: { field: string; port: number; group: string }[] = [];
        for (const f of forwards(actions, prop)) {
            for (const tg of graph.follow(from, prop, TARGET_GROUPS, ["arn", "id"], f.value).targets) {
                const port = groupPort.get(tg.urn);
                if (port !== undefined) {
                    out.push({ field: f.field, port, group: tg.name });
                }
            }
        }
        return out;
    };
    const message = (why: string, what: string, port: number) =>
        `${what} store port ${storePortName(port)} and ${why}, so the store is reachable from the internet; ` +
        "put stores behind internal load balancers (internal = true) only, or reach them from inside the VPC";

    const out: StackViolation[] = [];
    for (const listener of graph.ofTypes(LISTENERS)) {
        out.push(...guard(listener.urn, () => {
            const protocol = readString(listener.props.protocol);
            if (typeof protocol === "string" && protocol.toUpperCase() === "UDP") {
                return [];
            }
            const why = facingOf(listener);
            if (!why) {
                return [];
            }
            const own = isStorePort(listener.props.port, ports);
            if (own !== undefined) {
                return [{ urn: listener.urn, field: "port", message: message(why, `${own} is`, own) }];
            }
            return forwardedStorePorts(listener, "defaultActions", listener.props.defaultActions).slice(0, 1).map((f) => ({
                urn: listener.urn,
                field: f.field,
                message: message(why, `forwards to target group ${f.group}, which is on`, f.port),
            }));
        }));
    }
    for (const rule of graph.ofTypes(LISTENER_RULES)) {
        out.push(...guard(rule.urn, () => {
            const forwarded = forwardedStorePorts(rule, "actions", rule.props.actions);
            if (forwarded.length === 0) {
                return [];
            }
            for (const listener of graph.follow(rule, "listenerArn", LISTENERS, ["arn", "id"]).targets) {
                const why = facingOf(listener);
                if (why) {
                    const f = forwarded[0];
                    return [{ urn: rule.urn, field: f.field, message: message(`its listener ${listener.name} is on an internet-facing load balancer: ${why}`, `forwards to target group ${f.group}, which is on`, f.port) }];
                }
            }
            return [];
        }));
    }
    return out;
}

/** Classic load balancers: not internal, with a listener on or to a store port. */
export function classicElbViolations(props: Readonly<Record<string, unknown>>, storePorts: readonly number[]): Violation[] {
    const internal = readFlag(props.internal);
    if (internal === true || internal === UNKNOWN) {
        return [];
    }
    const ports = new Set(storePorts);
    const listeners = elements(props.listeners);
    if (listeners === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    listeners.forEach((l, i) => {
        for (const name of ["lbPort", "instancePort"] as const) {
            const port = isStorePort(field(readObject(l), name), ports);
            if (port !== undefined) {
                out.push({
                    field: `listeners[${i}].${name}`,
                    message: `${port} is store port ${storePortName(port)} on a classic load balancer that is internet-facing (internal = ${show(props.internal)}); make it internal or reach the store from inside the VPC`,
                });
                return;
            }
        }
    });
    return out;
}
