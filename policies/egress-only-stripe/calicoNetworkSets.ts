// Stack-wide: Calico network sets. A GlobalNetworkSet (or a namespaced
// NetworkSet) gives a list of nets labels, and a policy rule's destination
// selector that matches those labels reaches those nets, exactly as if it
// listed them (Calico reference, GlobalNetworkSet and NetworkSet: "selectors
// in policy rules ... match network sets"). Which sets a selector can pick:
// - with destination.namespaceSelector "global()": global network sets;
//   with another namespaceSelector, network sets of the namespaces it picks
//   (namespace labels are not in the stack, so of every namespace); a
//   namespaceSelector without selector picks every set in those scopes;
// - without it, in a GlobalNetworkPolicy: global network sets and network
//   sets of every namespace; in a namespaced NetworkPolicy: network sets of
//   its own namespace.
// A destination that also lists nets is bounded by them (Calico ANDs the
// criteria) and is judged by calico.ts. A selector the pack does not parse is
// judged as picking every set in scope. Sets are matched once per scope and
// selector text, however many policies share them. Each set's nets are judged like the
// rule's own nets, with the rule's protocol and ports; the finding is on the
// policy, at its selector, and names the set (one finding per set and rule:
// its first entry that is not allowed, and how many more).
// https://docs.tigera.io/calico/latest/reference/resources/globalnetworkset
// https://docs.tigera.io/calico/latest/reference/resources/networkset
import { StackOwnRanges } from "../lib/ownRanges";
import { elements, field, readObject, readString, show, UNKNOWN } from "../lib/read";
import { StackGraph, StackResource } from "../lib/stack";
import { Guard, StackViolation, Violation } from "../lib/violation";
import { CALICO_TYPES, httpsOnly } from "./calico";
import { parseSelector, Selector } from "./calicoSelector";
import { DestinationContext, hostViolation, rangeViolation } from "./destination";

export const GLOBAL_NETWORK_SET_TYPES: readonly string[] = ["kubernetes:projectcalico.org/v3:GlobalNetworkSet", "kubernetes:crd.projectcalico.org/v1:GlobalNetworkSet"];
export const NETWORK_SET_TYPES: readonly string[] = ["kubernetes:projectcalico.org/v3:NetworkSet", "kubernetes:crd.projectcalico.org/v1:NetworkSet"];
const GLOBAL_SETS = new Set(GLOBAL_NETWORK_SET_TYPES);

interface NetworkSet {
    readonly r: StackResource;
    readonly global: boolean;
    /** Namespace of a namespaced set ("default" when not given). */
    readonly namespace: string;
    /** Labels; undefined when not known yet (then the set may match any selector). */
    readonly labels?: ReadonlyMap<string, string>;
}

const metadataOf = (r: StackResource) => readObject(r.props.metadata);
function namespaceOf(r: StackResource): string {
    const ns = readString(field(metadataOf(r), "namespace"));
    return typeof ns === "string" && ns !== "" ? ns : "default";
}
function labelsOf(r: StackResource): ReadonlyMap<string, string> | undefined {
    const labels = readObject(field(metadataOf(r), "labels"));
    if (labels === UNKNOWN) {
        return undefined;
    }
    const out = new Map<string, string>();
    for (const [k, v] of Object.entries(labels ?? {})) {
        const text = readString(v);
        if (text === UNKNOWN) {
            return undefined;
        }
        if (typeof text === "string") {
            out.set(k, text);
        }
    }
    return out;
}

export function networkSetViolations(graph: StackGraph, base: DestinationContext, guard: Guard): StackViolation[] {
    const sets: NetworkSet[] = graph.ofTypes([...GLOBAL_NETWORK_SET_TYPES, ...NETWORK_SET_TYPES]).map((r) => ({
        r, global: GLOBAL_SETS.has(r.type), namespace: namespaceOf(r), labels: labelsOf(r),
    }));
    if (sets.length === 0) {
        return [];
    }
    const own = StackOwnRanges.of(graph);
    // The sets a selector picks, per scope and selector text: policies that share a selector are matched once.
    const matches = new Map<string, NetworkSet[]>();
    const matching = (namespace: string | undefined, namespaceSelector: string | undefined, selectorText: string | undefined): NetworkSet[] => {
        const key = JSON.stringify([namespace ?? null, namespaceSelector ?? null, selectorText ?? null]);
        let found = matches.get(key);
        if (!found) {
            const selector: Selector = selectorText === undefined ? () => true : parseSelector(selectorText) ?? (() => true);
            const inScope = (s: NetworkSet): boolean => {
                if (namespaceSelector === undefined) {
                    // A global policy (no namespace) reaches every set; a namespaced one its own namespace's sets.
                    return namespace === undefined || (!s.global && s.namespace === namespace);
                }
                return namespaceSelector.trim() === "global()" ? s.global : !s.global;
            };
            found = sets.filter((s) => inScope(s) && (s.labels === undefined || selector(s.labels)));
            matches.set(key, found);
        }
        return found;
    };
    const out: StackViolation[] = [];
    for (const policy of graph.ofTypes(CALICO_TYPES)) {
        out.push(...guard(policy.urn, () => judge(policy).map((v) => ({ ...v, urn: policy.urn }))));
    }
    return out;

    function judge(policy: StackResource): Violation[] {
        const ctx: DestinationContext = { ...base, own: own.forResource(policy) };
        const globalPolicy = policy.type.endsWith(":GlobalNetworkPolicy");
        const namespace = namespaceOf(policy);
        const rules = elements(field(readObject(policy.props.spec), "egress"));
        if (rules === UNKNOWN) {
            return [];
        }
        const found: Violation[] = [];
        rules.forEach((r, i) => {
            const rule = readObject(r);
            if (rule === UNKNOWN || rule === undefined) {
                return;
            }
            const action = readString(rule.action);
            const destination = readObject(rule.destination);
            if (typeof action !== "string" || action.toLowerCase() !== "allow" || destination === UNKNOWN || destination === undefined) {
                return;
            }
            const selectorText = readString(destination.selector);
            const namespaceSelector = readString(destination.namespaceSelector);
            // A namespaceSelector alone picks everything in the namespaces (or, as "global()", every global set) it picks.
            if (selectorText === UNKNOWN || namespaceSelector === UNKNOWN || destination.nets !== undefined || (selectorText === undefined && namespaceSelector === undefined)) {
                return;
            }
            const matched = matching(globalPolicy ? undefined : namespace, namespaceSelector, selectorText);
            const shown = selectorText === undefined ? `namespaceSelector ${show(namespaceSelector)}` : show(selectorText);
            const at = `spec.egress[${i}].destination.${selectorText === undefined ? "namespaceSelector" : "selector"}`;
            let traffic: ReturnType<typeof httpsOnly> | "unread" = "unread";
            const t = () => (traffic === "unread" ? (traffic = httpsOnly(rule, destination)) : traffic);
            for (const s of matched) {
                const what = `${s.global ? "GlobalNetworkSet" : "NetworkSet"} ${s.r.name}`;
                const spec = readObject(s.r.props.spec);
                // One finding per set: the first entry it holds that is not allowed, and how many more there are.
                const bad: { entry: string; v: Violation }[] = [];
                const nets = elements(field(spec, "nets"));
                if (nets !== UNKNOWN) {
                    nets.forEach((n, j) => {
                        const text = readString(n);
                        const v = typeof text === "string" ? rangeViolation(text, at, t, ctx) : undefined;
                        if (v) {
                            bad.push({ entry: `spec.nets[${j}]`, v });
                        }
                    });
                }
                const domains = elements(field(spec, "allowedEgressDomains"));
                if (domains !== UNKNOWN) {
                    domains.forEach((d, j) => {
                        const host = readString(d);
                        const v = typeof host === "string" ? hostViolation(host, at, t, ctx) : undefined;
                        if (v) {
                            bad.push({ entry: `spec.allowedEgressDomains[${j}]`, v });
                        }
                    });
                }
                if (bad.length > 0) {
                    const [first] = bad;
                    const more = bad.length > 1 ? ` (and ${bad.length - 1} more entries of the set)` : "";
                    found.push({ ...first.v, message: `${shown} selects ${what}, whose ${first.entry}${more} ${first.v.message}` });
                }
            }
        });
        return found;
    }
}
