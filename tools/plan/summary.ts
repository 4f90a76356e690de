// What a run would create, grouped like a preview: by top-level component,
// then by resource type.
import { RecordedResource } from "../harness/recorder";

const STACK_TYPE = "pulumi:pulumi:Stack";

export interface ComponentSummary {
    /** "<type> <name>" of the top-level component, or "(stack)" for resources directly under the stack. */
    readonly component: string;
    /** Custom resources by type token, sorted by type. */
    readonly types: ReadonlyArray<{ readonly type: string; readonly count: number }>;
    readonly total: number;
}

export interface PlanSummary {
    readonly components: readonly ComponentSummary[];
    /** Custom (cloud) resources. */
    readonly total: number;
    /** Component resources, the stack excluded. */
    readonly componentCount: number;
}

/** The top-level component a resource belongs to. Linear in the depth of the tree. */
export function topComponent(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): string {
    let node: RecordedResource | undefined = r;
    let top: RecordedResource | undefined;
    while (node && node.type !== STACK_TYPE) {
        if (!node.custom) {
            top = node;
        }
        node = node.parent ? byUrn.get(node.parent) : undefined;
    }
    return top ? `${top.type} ${top.name}` : "(stack)";
}

export function summarize(resources: readonly RecordedResource[]): PlanSummary {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const groups = new Map<string, Map<string, number>>();
    for (const r of resources) {
        if (!r.custom) {
            continue;
        }
        const component = topComponent(r, byUrn);
        const types = groups.get(component) ?? new Map<string, number>();
        types.set(r.type, (types.get(r.type) ?? 0) + 1);
        groups.set(component, types);
    }
    const components = [...groups]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([component, types]) => {
            const list = [...types].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count }));
            return { component, types: list, total: list.reduce((n, t) => n + t.count, 0) };
        });
    return {
        components,
        total: components.reduce((n, c) => n + c.total, 0),
        componentCount: resources.filter((r) => !r.custom && r.type !== STACK_TYPE).length,
    };
}
