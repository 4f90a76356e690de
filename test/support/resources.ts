// Lookups over the resources a mock run registered. Under the (non-preview)
// mocks every resource's id is "<name>-id", so references between resources
// can be followed by id.
import { RecordedResource } from "../../tools/harness/recorder";
import { RunResult } from "../../tools/harness/run";

/** Resources of `type`; fails the test when there are none, unless `allowNone` (so a loop over them cannot pass empty). */
export function all(run: Pick<RunResult, "resources">, type: string, { allowNone = false }: { allowNone?: boolean } = {}): RecordedResource[] {
    const found = run.resources.filter((r) => r.type === type);
    if (found.length === 0 && !allowNone) {
        throw new Error(`expected resources of type ${type}, found none`);
    }
    return found;
}

/** The one resource of `type` named `name`. */
export function one(run: Pick<RunResult, "resources">, type: string, name: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        const names = all(run, type, { allowNone: true }).map((r) => r.name).join(", ");
        throw new Error(`expected one ${type} named ${name}, found ${found.length} (have: ${names})`);
    }
    return found[0];
}

/** The resource whose mock id is `id`. */
export function byId(run: Pick<RunResult, "resources">, id: string): RecordedResource {
    const found = run.resources.find((r) => r.custom && `${r.name}-id` === id);
    if (!found) {
        throw new Error(`no resource has id ${id}`);
    }
    return found;
}

/** Mock id of a recorded resource. */
export function idOf(r: RecordedResource): string {
    return `${r.name}-id`;
}
