// What a change does: the resources added, removed and changed between two
// inventories (matched by URN), and per changed resource the input
// properties that differ, by nested path. Protected resources come first in
// every list; removing one is data loss; a property the provider's schema
// says forces a new resource is flagged as "may replace" (protected.ts).
import { SourceLocation } from "../harness/location";
import { InventoryEntry, Masked, SECRET } from "./inventory";
import { forcesReplacement } from "./protected";

export type ChangeAction = "add" | "remove" | "change";

export interface PropertyChange {
    /** Nested path of the input: "engineVersion", "tags.Name", "ingress[0].cidrBlocks[1]"; "(option) protect" for the option. */
    readonly path: string;
    /** Absent when the property is new. */
    readonly before?: Masked;
    /** Absent when the property was removed. */
    readonly after?: Masked;
    /** The provider's schema says a change here creates a new resource. */
    readonly forcesReplacement: boolean;
}

export interface ResourceChange {
    readonly action: ChangeAction;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** Why it is protected (either side), when it is. */
    readonly protection?: string;
    /** A protected resource removed. */
    readonly dataLoss: boolean;
    /** Paths of the changed properties that force a new resource. */
    readonly mayReplace: readonly string[];
    /** The statement that creates it: in the head; for a removed resource, in the base. */
    readonly location?: SourceLocation;
    readonly revision: "head" | "base";
    readonly properties: readonly PropertyChange[];
}

export interface Changes {
    readonly added: readonly ResourceChange[];
    readonly removed: readonly ResourceChange[];
    readonly changed: readonly ResourceChange[];
}

function isObject(v: Masked | undefined): v is { [key: string]: Masked } {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function equal(a: Masked | undefined, b: Masked | undefined): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((x, i) => equal(x, b[i]));
    }
    if (isObject(a) && isObject(b)) {
        const ka = Object.keys(a);
        return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
    }
    return false;
}

const KEY = /^[A-Za-z_$][\w$]*$/;

function join(path: string, key: string | number): string {
    if (typeof key === "number") {
        return `${path}[${key}]`;
    }
    const part = KEY.test(key) ? key : JSON.stringify(key);
    return path === "" ? part : `${path}.${part}`;
}

/** The differences between two values, by nested path; a value secret on either side shows as a secret on both. */
export function propertyChanges(type: string, before: Masked | undefined, after: Masked | undefined, path = ""): PropertyChange[] {
    if (equal(before, after)) {
        return [];
    }
    if (isObject(before) && isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => propertyChanges(type, before[k], after[k], join(path, k)));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => propertyChanges(type, before[i], after[i], join(path, i))).flat();
    }
    const secret = before === SECRET || after === SECRET;
    return [
        {
            path,
            ...(before === undefined ? {} : { before: secret ? SECRET : before }),
            ...(after === undefined ? {} : { after: secret ? SECRET : after }),
            forcesReplacement: forcesReplacement(type, path),
        },
    ];
}

function change(action: ChangeAction, e: InventoryEntry, revision: "head" | "base", properties: PropertyChange[] = [], protection = e.protection): ResourceChange {
    return {
        action,
        urn: e.urn,
        type: e.type,
        name: e.name,
        custom: e.custom,
        ...(protection ? { protection } : {}),
        dataLoss: action === "remove" && protection !== undefined,
        mayReplace: properties.filter((p) => p.forcesReplacement).map((p) => p.path),
        ...(e.location ? { location: e.location } : {}),
        revision,
        properties,
    };
}

/** Protected first, then by URN. */
function ordered(changes: ResourceChange[]): ResourceChange[] {
    return changes.sort((a, b) => Number(b.protection !== undefined) - Number(a.protection !== undefined) || a.urn.localeCompare(b.urn));
}

/** The changes from `base` to `head`, matched by URN. */
export function diffInventories(base: readonly InventoryEntry[], head: readonly InventoryEntry[]): Changes {
    const before = new Map(base.map((e) => [e.urn, e]));
    const after = new Map(head.map((e) => [e.urn, e]));
    const added: ResourceChange[] = [];
    const removed: ResourceChange[] = [];
    const changed: ResourceChange[] = [];
    for (const h of head) {
        const b = before.get(h.urn);
        if (!b) {
            added.push(change("add", h, "head"));
            continue;
        }
        const properties = propertyChanges(h.type, b.inputs, h.inputs);
        if (b.protect !== h.protect) {
            properties.push({ path: "(option) protect", before: b.protect, after: h.protect, forcesReplacement: false });
        }
        if (properties.length > 0) {
            changed.push(change("change", h, "head", properties, h.protection ?? b.protection));
        }
    }
    for (const b of base) {
        if (!after.has(b.urn)) {
            removed.push(change("remove", b, "base"));
        }
    }
    return { added: ordered(added), removed: ordered(removed), changed: ordered(changed) };
}

/** Every change to a protected resource, removals (data loss) first, then changes, then additions. */
export function protectedChanges(c: Changes): ResourceChange[] {
    return [...c.removed, ...c.changed, ...c.added].filter((x) => x.protection !== undefined);
}

export function changeCount(c: Changes): number {
    return c.added.length + c.removed.length + c.changed.length;
}
