// From what the harness recorded (the RegisterResourceRequests of a run) to
// what the engine sends a pack. Analyze gets a resource's inputs; AnalyzeStack
// gets its outputs (for a bridged provider these include `id`) with its
// parent, dependencies and property dependencies. Values go in the engine's
// wire form: it marshals with unknowns kept (as the string sentinel), secrets
// kept (as signature objects), resource references reduced to their id (or
// URN for components), and internal "__" keys dropped.
import { UNKNOWN_SENTINEL } from "../../policies/lib/read";
import { RecordedResource } from "../harness/recorder";
import { AnalyzeInput, StackInput } from "./client";

/** What the conversions read of a recorded resource (all of it but its plain inputs, provider and frames). */
export type ConvertibleResource = Pick<
    RecordedResource,
    | "urn"
    | "type"
    | "name"
    | "custom"
    | "parent"
    | "wire"
    | "dependencies"
    | "propertyDependencies"
    | "protect"
    | "ignoreChanges"
    | "additionalSecretOutputs"
    | "deleteBeforeReplace"
    | "aliases"
    | "id"
    | "outputs"
>;

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** An SDK wire value in the form the engine marshals it for an analyzer. */
export function engineWire(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(engineWire);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const obj = value as Record<string, unknown>;
    switch (obj[SIG]) {
        case SECRET_SIG:
            return { [SIG]: SECRET_SIG, value: engineWire(obj.value) };
        case OUTPUT_SIG: {
            const inner = "value" in obj ? engineWire(obj.value) : UNKNOWN_SENTINEL;
            return obj.secret ? { [SIG]: SECRET_SIG, value: inner } : inner;
        }
        case RESOURCE_SIG: {
            if (typeof obj.id === "string") {
                return obj.id === "" ? UNKNOWN_SENTINEL : obj.id;
            }
            return obj.urn;
        }
        case undefined:
            break;
        default:
            return obj; // assets and archives pass as they are
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
        if (!k.startsWith("__") && v !== undefined) {
            out[k] = engineWire(v);
        }
    }
    return out;
}

function optionsOf(r: ConvertibleResource) {
    return {
        protect: r.protect,
        ignoreChanges: r.ignoreChanges,
        deleteBeforeReplace: r.deleteBeforeReplace,
        additionalSecretOutputs: r.additionalSecretOutputs,
        aliases: r.aliases,
        parent: r.parent,
    };
}

/** The Analyze request for a recorded resource (its inputs). */
export function toAnalyzeInput(r: ConvertibleResource): AnalyzeInput {
    return { urn: r.urn, type: r.type, name: r.name, properties: engineWire(r.wire) as Record<string, unknown>, options: optionsOf(r) };
}

/**
 * The AnalyzeStack entry for a recorded resource. Its props are its outputs:
 * what the provider answered, over the inputs (which in preview still carry
 * the unknowns the answer leaves out), plus `id` once there is one.
 */
export function toStackInput(r: ConvertibleResource): StackInput {
    const props: Record<string, unknown> = { ...(r.outputs ?? {}), ...r.wire };
    if (r.custom && r.id) {
        props.id = r.id;
    }
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        properties: engineWire(props) as Record<string, unknown>,
        options: optionsOf(r),
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
    };
}
