// Load-balancer listeners and target groups, under every token they exist
// as (lb, alb, and the older elasticloadbalancingv2/applicationloadbalancing
// aliases), and classic ELB listeners. HTTPS and TLS listeners need a
// security policy that accepts nothing older than TLS 1.2 (judged by the
// pinned table of what each policy accepts, see lib/tlsPolicies.ts); HTTP
// listeners may only redirect to HTTPS. TCP, UDP and GENEVE pass traffic
// through untouched: encryption is then the target's job and is not judged
// here.
import { elements, field, Read, readObject, readString, show, UNKNOWN } from "../lib/read";
import { API_DEFAULT_TLS_POLICY, judgeTlsPolicy, RECOMMENDED_TLS_POLICY, TlsPolicyChoice } from "../lib/tlsPolicies";
import { Violation } from "../lib/violation";

export const LISTENER_TYPES: readonly string[] = [
    "aws:lb/listener:Listener",
    "aws:alb/listener:Listener",
    "aws:elasticloadbalancingv2/listener:Listener",
    "aws:applicationloadbalancing/listener:Listener",
];

export const LISTENER_RULE_TYPES: readonly string[] = [
    "aws:lb/listenerRule:ListenerRule",
    "aws:alb/listenerRule:ListenerRule",
    "aws:elasticloadbalancingv2/listenerRule:ListenerRule",
    "aws:applicationloadbalancing/listenerRule:ListenerRule",
];

export const TARGET_GROUP_TYPES: readonly string[] = [
    "aws:lb/targetGroup:TargetGroup",
    "aws:alb/targetGroup:TargetGroup",
    "aws:elasticloadbalancingv2/targetGroup:TargetGroup",
    "aws:applicationloadbalancing/targetGroup:TargetGroup",
];

export const CLASSIC_ELB_TYPES: readonly string[] = ["aws:elb/loadBalancer:LoadBalancer", "aws:elasticloadbalancing/loadBalancer:LoadBalancer"];

/** Actions that are not a redirect to HTTPS, as violations of `field`; UNKNOWN parts are skipped. */
export function nonRedirectActions(actions: unknown, at: string, served: string): Violation[] {
    const list = elements(actions);
    if (list === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    list.forEach((a, i) => {
        const action = readObject(a);
        const type = readString(field(action, "type"));
        if (action === UNKNOWN || type === UNKNOWN || type === undefined) {
            return;
        }
        const path = `${at}[${i}]`;
        if (type !== "redirect") {
            out.push({ field: `${path}.type`, message: `${show(type)} ${served}; an HTTP listener may only redirect to HTTPS (type "redirect", redirect.protocol "HTTPS")` });
            return;
        }
        const protocol = readString(field(readObject(field(action, "redirect")), "protocol"));
        if (typeof protocol === "string" && protocol.toUpperCase() !== "HTTPS") {
            out.push({ field: `${path}.redirect.protocol`, message: `${show(protocol)} redirects to plain HTTP; set it to "HTTPS"` });
        } else if (protocol === undefined) {
            out.push({ field: `${path}.redirect.protocol`, message: `(not set) keeps the request's protocol, HTTP; set it to "HTTPS"` });
        }
    });
    return out;
}

/** The listener protocol, upper-cased. */
export function listenerProtocol(props: Readonly<Record<string, unknown>>): Read<string> {
    const p = readString(props.protocol);
    return typeof p === "string" ? p.toUpperCase() : p;
}

/**
 * The violation (if any) of a security policy named at `at`; `name`
 * undefined means the default, `defaultName`, which `defaultWhose` describes
 * ("the API default", "the AWS Load Balancer Controller's default").
 */
export function sslPolicyViolation(name: Read<string>, at: string, choice: TlsPolicyChoice, defaultName = API_DEFAULT_TLS_POLICY, defaultWhose = "the API default"): Violation[] {
    if (name === UNKNOWN) {
        return [];
    }
    // An empty string is the provider's "not set".
    name = name === "" ? undefined : name;
    const verdict = judgeTlsPolicy(name ?? defaultName, choice);
    if (verdict.ok) {
        return [];
    }
    const problem = name === undefined ? `(not set) falls back to ${defaultWhose} ${JSON.stringify(defaultName)}, which ${verdict.why}` : `${JSON.stringify(name)} ${verdict.why}`;
    const fix = verdict.level === "advisory" ? "" : `; use a policy that accepts only TLS 1.2 or newer, e.g. ${JSON.stringify(RECOMMENDED_TLS_POLICY)}`;
    return [{ field: at, message: `${problem}${fix}`, ...(verdict.level ? { level: verdict.level } : {}) }];
}

export function listenerViolations(props: Readonly<Record<string, unknown>>, choice: TlsPolicyChoice): Violation[] {
    const protocol = listenerProtocol(props);
    if (protocol === "HTTP") {
        return nonRedirectActions(props.defaultActions, "defaultActions", "serves requests over plain HTTP (protocol = \"HTTP\")");
    }
    if (protocol !== "HTTPS" && protocol !== "TLS") {
        return [];
    }
    return sslPolicyViolation(readString(props.sslPolicy), "sslPolicy", choice);
}

export function targetGroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const protocol = readString(props.protocol);
    if (typeof protocol !== "string" || protocol.toUpperCase() !== "HTTP") {
        return [];
    }
    return [{ field: "protocol", message: `${show(protocol)} sends traffic from the load balancer to the targets in plain text; use "HTTPS" (and a TLS port on the targets)` }];
}

export function classicElbViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const listeners = elements(props.listeners);
    if (listeners === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    listeners.forEach((l, i) => {
        const listener = readObject(l);
        for (const [name, hop] of [["lbProtocol", "from clients"], ["instanceProtocol", "to the instances"]] as const) {
            const p = readString(field(listener, name));
            if (typeof p === "string" && p.toLowerCase() === "http") {
                out.push({
                    field: `listeners[${i}].${name}`,
                    message: `${show(p)} carries traffic ${hop} in plain text (a classic load balancer cannot redirect); use "https" or "ssl", or move to an ALB with an HTTP-to-HTTPS redirect`,
                });
            }
        }
    });
    return out;
}
