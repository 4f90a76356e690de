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
import { parseSelectorWithHint, SelectorHint } from "./calicoSelector";
import { DestinationContext, hostViolation, rangeViolation } from "./destination";

export const GLOBAL_NETWORK_SET_TYPES: readonly string[] = ["kubernetes:projectcalico.org/v3:GlobalNetworkSet", "kubernetes:crd.projectcalico.org/v1:GlobalNetworkSet"];
export const NETWORK_SET_TYPES: readonly string[] = ["kubernetes:projectcalico.org/v3:NetworkSet", "kubernetes:crd.projectcalico.org/v1:NetworkSet"];
const GLOBAL_SETS = new Set(GLOBAL_NETWORK_SET_TYPES);

interface NetworkSet {
    readonly r: StackResource;
    /** Its place in the stack: matches keep the stack's order. */
    readonly order: number;
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

/**
 * The sets by label, so that a selector that names a label is tried only on
 * the sets that carry it: what a stack of many policies and many sets costs
 * grows with what the selectors pick, not with policies times sets. Sets whose
 * labels are not known yet are candidates for every selector.
 */
class SetIndex {
    private readonly byKey = new Map<string, NetworkSet[]>();
    private readonly byValue = new Map<string, Map<string, NetworkSet[]>>();
    private readonly unlabelled: NetworkSet[] = [];

    constructor(readonly all: readonly NetworkSet[]) {
        for (const s of all) {
            if (s.labels === undefined) {
                this.unlabelled.push(s);
                continue;
            }
            for (const [k, v] of s.labels) {
                push(this.byKey, k, s);
                let values = this.byValue.get(k);
                if (!values) {
                    values = new Map();
                    this.byValue.set(k, values);
                }
                push(values, v, s);
            }
        }
    }

    /** Every set a selector with this hint can pick, in the stack's order. */
    candidates(hint: SelectorHint | undefined): readonly NetworkSet[] {
        if (!hint) {
            return this.all;
        }
        const found = hint.values
            ? [...hint.values].flatMap((v) => this.byValue.get(hint.key)?.get(v) ?? [])
            : this.byKey.get(hint.key) ?? [];
        return [...found, ...this.unlabelled].sort((a, b) => a.order - b.order);
    }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}

/** A set's first entry that is not allowed, and how many are not. */
interface SetVerdict {
    readonly entry: string;
    readonly v: Violation;
    readonly count: number;
}

export function networkSetViolations(graph: StackGraph, base: DestinationContext, guard: Guard): StackViolation[] {
    const sets: NetworkSet[] = graph.ofTypes([...GLOBAL_NETWORK_SET_TYPES, ...NETWORK_SET_TYPES]).map((r, order) => ({
        r, order, global: GLOBAL_SETS.has(r.type), namespace: namespaceOf(r), labels: labelsOf(r),
    }));
    if (sets.length === 0) {
        return [];
    }
    const own = StackOwnRanges.of(graph);
    const index = new SetIndex(sets);
    // The sets a selector picks, per scope and selector text: policies that share a selector are matched once.
    const matches = new Map<string, readonly NetworkSet[]>();
    const matching = (namespace: string | undefined, namespaceSelector: string | undefined, selectorText: string | undefined): readonly NetworkSet[] => {
        const key = JSON.stringify([namespace ?? null, namespaceSelector ?? null, selectorText ?? null]);
        let found = matches.get(key);
        if (!found) {
            // A selector the pack does not parse picks every set in scope: the exposed case.
            const parsed = selectorText === undefined ? undefined : parseSelectorWithHint(selectorText);
            const selector = parsed?.match ?? (() => true);
            const inScope = (s: NetworkSet): boolean => {
                if (namespaceSelector === undefined) {
                    // A global policy (no namespace) reaches every set; a namespaced one its own namespace's sets.
                    return namespace === undefined || (!s.global && s.namespace === namespace);
                }
                return namespaceSelector.trim() === "global()" ? s.global : !s.global;
            };
            found = index.candidates(parsed?.hint).filter((s) => inScope(s) && (s.labels === undefined || selector(s.labels)));
            matches.set(key, found);
        }
        return found;
    };
    // A set's verdict depends on the rule only through where the finding goes and what traffic the rule
    // allows; once every own range is known it is the same for every policy, so it is judged once per set,
    // field and traffic, however many rules pick the set.
    const verdicts = new Map<NetworkSet, Map<string, SetVerdict | undefined>>();
    const verdictOf = (s: NetworkSet, at: string, t: () => true | string | symbol | undefined, ctx: DestinationContext): SetVerdict | undefined => {
        if (!own.settled) {
            return judgeSet(s, at, t, ctx);
        }
        const traffic = t();
        const key = `${at}\u0000${typeof traffic === "symbol" ? "unknown" : String(traffic)}`;
        let bySet = verdicts.get(s);
        if (!bySet) {
            bySet = new Map();
            verdicts.set(s, bySet);
        }
        if (!bySet.has(key)) {
            bySet.set(key, judgeSet(s, at, t, ctx));
        }
        return bySet.get(key);
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
                const verdict = verdictOf(s, at, t, ctx);
                if (verdict) {
                    const what = `${s.global ? "GlobalNetworkSet" : "NetworkSet"} ${s.r.name}`;
                    const more = verdict.count > 1 ? ` (and ${verdict.count - 1} more entries of the set)` : "";
                    found.push({ ...verdict.v, message: `${shown} selects ${what}, whose ${verdict.entry}${more} ${verdict.v.message}` });
                }
            }
        });
        return found;
    }
}

/** One finding per set: the first entry it holds that is not allowed, and how many are not. */
function judgeSet(s: NetworkSet, at: string, t: () => true | string | symbol | undefined, ctx: DestinationContext): SetVerdict | undefined {
    const spec = readObject(s.r.props.spec);
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
    return bad.length > 0 ? { ...bad[0], count: bad.length } : undefined;
}
