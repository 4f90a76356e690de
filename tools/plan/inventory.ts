// Every resource of a plan as the report carries it: identity, where in the
// code it was created, whether it is protected, and its inputs as the engine
// would send them, with every secret masked and every value not known until
// apply marked. Two inventories are what a change is computed from, so a
// saved --json report can be the base of a later plan; the report never holds
// a secret's value, which also means two secrets compare equal (it cannot
// tell whether a secret changed, only whether a value became or stopped being
// one).
import { engineWire } from "../analyzer/convert";
import { Locator, SourceLocation } from "../harness/location";
import { RecordedResource } from "../harness/recorder";
import { UNKNOWN_SENTINEL } from "../../policies/lib/read";
import { protectionOf } from "./protected";

/** A value as the report shows it: JSON, with SECRET and UNKNOWN in place of what it cannot show. */
export type Masked = null | boolean | number | string | Masked[] | { [key: string]: Masked };

export const SECRET = "[secret]";
export const UNKNOWN = "(known after apply)";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface InventoryEntry {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    readonly protect: boolean;
    /** Why a reviewer must look at it first (tools/plan/protected.ts); absent when it is not protected. */
    readonly protection?: string;
    /** The statement that created it, repository-relative. */
    readonly location?: SourceLocation;
    /** That statement and the calls above it, out to the program's top level. */
    readonly chain: readonly SourceLocation[];
    readonly inputs: { readonly [key: string]: Masked };
}

/** An engine-form value with secrets masked and unknowns marked. */
export function mask(value: unknown): Masked {
    if (value === UNKNOWN_SENTINEL) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(mask);
    }
    if (value === null || value === undefined) {
        return null;
    }
    if (typeof value !== "object") {
        return value as boolean | number | string;
    }
    const obj = value as Record<string, unknown>;
    if (obj[SIG] === SECRET_SIG) {
        return SECRET;
    }
    const out: { [key: string]: Masked } = {};
    for (const [k, v] of Object.entries(obj)) {
        // Assets and archives keep their fields (path, text, uri), not the signature.
        if (k !== SIG && v !== undefined) {
            out[k] = mask(v);
        }
    }
    return out;
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The inventory of a run: every resource but the root stack, in registration order. */
export function inventory(resources: readonly RecordedResource[], locator: Locator): InventoryEntry[] {
    return resources
        .filter((r) => r.type !== STACK_TYPE)
        .map((r) => {
            const origin = locator.origin(r);
            const protection = protectionOf(r);
            return {
                urn: r.urn,
                type: r.type,
                name: r.name,
                custom: r.custom,
                ...(r.parent ? { parent: r.parent } : {}),
                protect: r.protect,
                ...(protection ? { protection } : {}),
                ...(origin.location ? { location: origin.location } : {}),
                chain: origin.chain,
                inputs: mask(engineWire(r.wire)) as { [key: string]: Masked },
            };
        });
}
