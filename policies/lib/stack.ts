// The stack as plain data, and how one resource refers to another. A
// reference is a string property (an id, an ARN, a name) whose value the
// engine knows after apply; during preview it is unknown, but the
// property's dependencies still name the resource it came from. Following
// both covers `pulumi up` and `pulumi preview` alike.
//
// Cost: every lookup goes through an index built once, and what a value
// leads to is computed once per value and type set. A rule that must judge
// what a reference leads to memoises its verdict per reference key (see
// `refKeys` and `Memo`), so thousands of resources that share one id cost
// one judgement, not one per pair.
import { isSentinel, UNKNOWN } from "./read";

/** One resource of the stack, as stack rules see it. */
export interface StackResource {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    /** Plain props: unknowns are the engine's sentinels. */
    readonly props: Readonly<Record<string, unknown>>;
    readonly parent?: string;
    /** Resource-level dependencies; rules follow property dependencies instead, so the pack does not fill this. */
    readonly dependencies?: readonly string[];
    /** Top-level property name to the URNs its value came from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** How a reference is matched when its value is known. */
export type RefKey = "id" | "arn" | "name";

/** What a reference led to. */
export interface Followed {
    /** Resources of the stack the property refers to. */
    readonly targets: readonly StackResource[];
    /** Known values that match nothing in the stack (things made elsewhere). */
    readonly external: readonly string[];
    /** True when part of the value is unknown and its dependencies name nothing of the wanted types. */
    readonly unresolved: boolean;
}

/** The known string values and whether any part is unknown, of a value that may be a string or a list of them. */
export function refValues(value: unknown): { known: string[]; unknown: boolean } {
    const known: string[] = [];
    let unknown = false;
    const visit = (v: unknown) => {
        if (v === UNKNOWN || isSentinel(v)) {
            unknown = true;
        } else if (typeof v === "string") {
            known.push(v);
        } else if (Array.isArray(v)) {
            v.forEach(visit);
        }
    };
    visit(value);
    return { known, unknown };
}

// AWS names (subnet groups, parameter groups) are case-insensitive.
const normalise = (key: RefKey, value: string) => (key === "name" ? value.toLowerCase() : value);

/**
 * Extra properties indexed as ids or ARNs, by type: a VPC's main route table
 * is named by its output; aws-native resources name their identifiers after
 * CloudFormation's attributes (a security group's GroupId, a load balancer's
 * LoadBalancerArn) rather than `id`/`arn`. A Map, so that a type token never
 * finds Object.prototype's members.
 */
const EXTRA_REFS: ReadonlyMap<string, { readonly id?: readonly string[]; readonly arn?: readonly string[] }> = new Map([
    ["aws:ec2/vpc:Vpc", { id: ["mainRouteTableId", "defaultRouteTableId"] }],
    ["aws:ec2/defaultVpc:DefaultVpc", { id: ["mainRouteTableId", "defaultRouteTableId"] }],
    ["aws-native:ec2:SecurityGroup", { id: ["groupId", "awsId"] }],
    ["aws-native:elasticloadbalancingv2:LoadBalancer", { arn: ["loadBalancerArn"] }],
    ["aws-native:elasticloadbalancingv2:Listener", { arn: ["listenerArn"] }],
    ["aws-native:elasticloadbalancingv2:TargetGroup", { arn: ["targetGroupArn"] }],
    ["aws-native:rds:DbParameterGroup", { id: ["dbParameterGroupName"] }],
    ["aws-native:rds:DbClusterParameterGroup", { id: ["dbClusterParameterGroupName"] }],
]);

const EMPTY: readonly StackResource[] = [];

export class StackGraph {
    private readonly byUrn = new Map<string, StackResource>();
    private readonly byType = new Map<string, StackResource[]>();
    private readonly byRef: Readonly<Record<RefKey, Map<string, StackResource[]>>> = { id: new Map(), arn: new Map(), name: new Map() };
    private readonly lookups = new Map<string, readonly StackResource[]>();
    private readonly typeSetIds = new WeakMap<ReadonlySet<string>, string>();

    constructor(readonly resources: readonly StackResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            const list = this.byType.get(r.type);
            if (list) {
                list.push(r);
            } else {
                this.byType.set(r.type, [r]);
            }
            this.index("id", r.props.id, r);
            this.index("arn", r.props.arn, r);
            this.index("name", r.props.name, r);
            const extra = EXTRA_REFS.get(r.type);
            if (extra) {
                for (const prop of extra.id ?? []) {
                    this.index("id", r.props[prop], r);
                }
                for (const prop of extra.arn ?? []) {
                    this.index("arn", r.props[prop], r);
                }
            }
        }
    }

    private index(key: RefKey, v: unknown, r: StackResource): void {
        if (typeof v === "string" && v !== "" && !isSentinel(v)) {
            const map = this.byRef[key];
            const k = normalise(key, v);
            const hits = map.get(k);
            if (hits) {
                hits.push(r);
            } else {
                map.set(k, [r]);
            }
        }
    }

    get(urn: string): StackResource | undefined {
        return this.byUrn.get(urn);
    }

    ofTypes(types: Iterable<string>): StackResource[] {
        const out: StackResource[] = [];
        for (const t of types) {
            for (const r of this.byType.get(t) ?? EMPTY) {
                out.push(r);
            }
        }
        return out;
    }

    private typeSetId(types: ReadonlySet<string>): string {
        let id = this.typeSetIds.get(types);
        if (id === undefined) {
            id = [...types].sort().join(",");
            this.typeSetIds.set(types, id);
        }
        return id;
    }

    /** The reference keys that lead to `r` (see refKeys): its URN, and each value it is indexed by. */
    keysOf(r: StackResource): string[] {
        const out = [`u:${r.urn}`];
        const extra = EXTRA_REFS.get(r.type);
        for (const prop of ["id", "arn", "name", ...(extra?.id ?? []), ...(extra?.arn ?? [])]) {
            const v = r.props[prop];
            if (typeof v === "string" && v !== "" && !isSentinel(v)) {
                out.push(`v:${v}`);
            }
        }
        return out;
    }

    /** Resources of `types` a known value names (by `keys`), computed once per value, types and keys. */
    lookup(value: string, types: ReadonlySet<string>, keys: readonly RefKey[]): readonly StackResource[] {
        const cacheKey = `${this.typeSetId(types)}|${keys.join(",")}|${value}`;
        let hits = this.lookups.get(cacheKey);
        if (hits === undefined) {
            const found: StackResource[] = [];
            const seen = new Set<string>();
            for (const key of keys) {
                for (const r of this.byRef[key].get(normalise(key, value)) ?? EMPTY) {
                    if (types.has(r.type) && !seen.has(r.urn)) {
                        seen.add(r.urn);
                        found.push(r);
                    }
                }
            }
            hits = found.length === 0 ? EMPTY : found;
            this.lookups.set(cacheKey, hits);
        }
        return hits;
    }

    /**
     * The reference keys of `from`'s property `prop` (or of `value`, a part of
     * it): "v:<value>" for each known value that names something of `types`,
     * and "u:<urn>" for each dependency of the property of those types when
     * part of the value is unknown or names nothing in the stack. Two
     * references with the same key lead to the same resources, so a verdict
     * can be memoised per key.
     */
    refKeys(from: StackResource, prop: string, types: ReadonlySet<string>, keys: readonly RefKey[], value: unknown = from.props[prop]): { keys: string[]; external: string[]; unresolved: boolean } {
        const { known, unknown } = refValues(value);
        const out: string[] = [];
        const missed: string[] = [];
        for (const v of known) {
            if (this.lookup(v, types, keys).length > 0) {
                out.push(`v:${v}`);
            } else {
                missed.push(v);
            }
        }
        const deps = (from.propertyDependencies[prop] ?? EMPTY_URNS).filter((u) => {
            const r = this.byUrn.get(u);
            return r !== undefined && types.has(r.type);
        });
        // Dependencies name what the value came from, known or not (ids may
        // be absent from props); they stand in for whatever the index missed,
        // and for a value that is not there at all.
        if (missed.length > 0 || unknown || known.length === 0) {
            for (const u of deps) {
                out.push(`u:${u}`);
            }
        }
        return { keys: out, external: deps.length > 0 ? [] : missed, unresolved: unknown && deps.length === 0 };
    }

    /** The resources a reference key (from `refKeys` with the same types and keys) leads to. */
    resolve(key: string, types: ReadonlySet<string>, keys: readonly RefKey[]): readonly StackResource[] {
        if (key.startsWith("u:")) {
            const r = this.byUrn.get(key.slice(2));
            return r ? [r] : EMPTY;
        }
        return this.lookup(key.slice(2), types, keys);
    }

    /**
     * Follows `from`'s top-level property `prop` (whose value is `value`, or
     * the property itself when omitted; pass a nested value to follow part of
     * it) to resources of `types`, matching known values by `keys` and unknown
     * ones through the property's dependencies.
     */
    follow(from: StackResource, prop: string, types: ReadonlySet<string>, keys: readonly RefKey[], value: unknown = from.props[prop]): Followed {
        const refs = this.refKeys(from, prop, types, keys, value);
        if (refs.keys.length === 1) {
            return { targets: this.resolve(refs.keys[0], types, keys), external: refs.external, unresolved: refs.unresolved };
        }
        const found = new Map<string, StackResource>();
        for (const k of refs.keys) {
            for (const r of this.resolve(k, types, keys)) {
                found.set(r.urn, r);
            }
        }
        return { targets: [...found.values()], external: refs.external, unresolved: refs.unresolved };
    }
}

const EMPTY_URNS: readonly string[] = [];

/** A verdict computed once per key. */
export class Memo<V> {
    private readonly values = new Map<string, V>();

    constructor(private readonly compute: (key: string) => V) {}

    get(key: string): V {
        let v = this.values.get(key);
        if (v === undefined && !this.values.has(key)) {
            v = this.compute(key);
            this.values.set(key, v);
        }
        return v as V;
    }
}
