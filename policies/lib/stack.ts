// The stack as plain data, and how one resource refers to another. A
// reference is a string property (an id, an ARN, a name) whose value the
// engine knows after apply; during preview it is unknown, but the
// property's dependencies still name the resource it came from. Following
// both covers `pulumi up` and `pulumi preview` alike.
import { isSentinel, UNKNOWN } from "./read";

/** One resource of the stack, as stack rules see it. */
export interface StackResource {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    /** Plain props: unknowns are the engine's sentinels. */
    readonly props: Readonly<Record<string, unknown>>;
    readonly parent?: string;
    readonly dependencies: readonly string[];
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

function refValues(value: unknown): { known: string[]; unknown: boolean } {
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

function indexKey(key: RefKey, value: string): string {
    // AWS names (subnet groups, parameter groups) are case-insensitive.
    return key === "name" ? `name=${value.toLowerCase()}` : `${key}=${value}`;
}

export class StackGraph {
    private readonly byUrn = new Map<string, StackResource>();
    private readonly byType = new Map<string, StackResource[]>();
    private readonly byRef = new Map<string, StackResource[]>();

    constructor(readonly resources: readonly StackResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            const list = this.byType.get(r.type) ?? [];
            list.push(r);
            this.byType.set(r.type, list);
            for (const key of ["id", "arn", "name"] as const) {
                const v = r.props[key];
                if (typeof v === "string" && v !== "" && !isSentinel(v)) {
                    const k = indexKey(key, v);
                    const hits = this.byRef.get(k) ?? [];
                    hits.push(r);
                    this.byRef.set(k, hits);
                }
            }
        }
    }

    get(urn: string): StackResource | undefined {
        return this.byUrn.get(urn);
    }

    ofTypes(types: Iterable<string>): StackResource[] {
        const out: StackResource[] = [];
        for (const t of types) {
            out.push(...(this.byType.get(t) ?? []));
        }
        return out;
    }

    /**
     * Follows `from`'s top-level property `prop` (whose value is `value`, or
     * the property itself when omitted; pass a nested value to follow part of
     * it) to resources of `types`, matching known values by `keys` and unknown
     * ones through the property's dependencies.
     */
    follow(from: StackResource, prop: string, types: ReadonlySet<string>, keys: readonly RefKey[], value: unknown = from.props[prop]): Followed {
        const { known, unknown } = refValues(value);
        const found = new Map<string, StackResource>();
        const missed: string[] = [];
        for (const v of known) {
            let hit = false;
            for (const key of keys) {
                for (const r of this.byRef.get(indexKey(key, v)) ?? []) {
                    if (types.has(r.type)) {
                        found.set(r.urn, r);
                        hit = true;
                    }
                }
            }
            if (!hit) {
                missed.push(v);
            }
        }
        const viaDeps = (from.propertyDependencies[prop] ?? [])
            .map((u) => this.byUrn.get(u))
            .filter((r): r is StackResource => r !== undefined && types.has(r.type));
        // Dependencies name what the value came from, known or not (ids may
        // be absent from props); they stand in for whatever the index missed,
        // and for a value that is not there at all.
        if (missed.length > 0 || unknown || known.length === 0) {
            for (const r of viaDeps) {
                found.set(r.urn, r);
            }
        }
        const external = viaDeps.length > 0 ? [] : missed;
        return { targets: [...found.values()], external, unresolved: unknown && viaDeps.length === 0 };
    }
}
