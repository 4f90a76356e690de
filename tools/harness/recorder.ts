// Captures every RegisterResourceRequest the program sends to the (mock)
// resource monitor. Pulumi's own mock hands `newResource` only type, name and
// inputs; the request itself carries what a policy engine needs too: parent,
// dependencies, property dependencies, protect, provider, and the inputs in
// wire form with unknowns and secrets encoded as the engine sends them.
import * as pulumi from "@pulumi/pulumi";
import { fileURLToPath } from "url";

/** One registered resource, as the engine would see it. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** URN of the parent, when there is one. */
    readonly parent?: string;
    /** Inputs as plain values: secrets unwrapped, unknowns left out. */
    readonly inputs: Record<string, any>;
    /** Inputs in wire form (google.protobuf.Struct as JS), unknowns and secrets encoded. */
    readonly wire: Record<string, unknown>;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly protect: boolean;
    /** Provider reference ("<urn>::<id>") when set explicitly. */
    readonly provider?: string;
    readonly ignoreChanges: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
    readonly deleteBeforeReplace?: boolean;
    /** Id of an existing resource to adopt (the `import` option), when set. */
    readonly importId?: string;
    /** True when deleting (or replacing) it leaves the cloud resource in place. */
    readonly retainOnDelete?: boolean;
    readonly aliases: readonly string[];
    /** Id the (mock) provider answered with; undefined in preview, as the engine has none yet. */
    readonly id?: string;
    /** Outputs the (mock) provider answered with, in wire form; undefined until it answers. */
    readonly outputs?: Record<string, unknown>;
    /**
     * The program's stack frames when the resource was created, innermost
     * first: compiled positions (see creationSites.ts; tools/harness/location.ts
     * maps them to source lines). Empty or absent when the SDK's own capture ran.
     */
    readonly frames?: readonly StackFrame[];
}

/** A stack frame as the request carries it: absolute file, 1-based line and column of the compiled code. */
export interface StackFrame {
    readonly file: string;
    readonly line: number;
    readonly column: number;
}

/** A registration in progress: resources so far and component outputs. */
export interface Recording {
    readonly resources: RecordedResource[];
    /** Outputs registered by components (and the stack), by URN, in wire form. */
    readonly outputs: Map<string, Record<string, unknown>>;
}

/** Called with each resource as it registers, before the (mock) provider answers. */
export type RegistrationListener = (resource: RecordedResource) => void;

/** Called with a resource once the (mock) provider has answered: its `id` and `outputs` are final. */
export type AnswerListener = (resource: RecordedResource) => void;

interface MonitorLike {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: any, cb: (err: any, resp?: any) => void): void;
    registerResourceOutputs(req: any, cb: (err: any, resp?: any) => void): void;
}

/** Wire-form inputs as plain values, as `pulumi.runtime.deserializeProperties` gives them. */
function plainInputs(wire: Record<string, unknown>): Record<string, any> {
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(wire)) {
        if (v !== undefined) {
            out[k] = pulumi.runtime.deserializeProperty(v);
        }
    }
    return out;
}

function framesOf(req: any): StackFrame[] {
    const out: StackFrame[] = [];
    for (const frame of req.getStacktrace()?.getFramesList() ?? []) {
        const pc = frame.getPc();
        const uri: string | undefined = pc?.getUri();
        if (uri && uri.startsWith("file:")) {
            out.push({ file: fileURLToPath(uri), line: pc.getLine(), column: pc.getColumn() });
        }
    }
    return out;
}

function toRecord(monitor: MonitorLike, req: any): RecordedResource {
    const struct = req.getObject();
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v: any, k: string) => {
        propertyDependencies[k] = v.getUrnsList();
    });
    const parent: string = req.getParent();
    const provider: string = req.getProvider();
    const wire: Record<string, unknown> = struct ? struct.toJavaScript() : {};
    let inputs: Record<string, any> | undefined;
    return {
        urn: monitor.newUrn(parent, req.getType(), req.getName()),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: parent || undefined,
        // Plain inputs are derived from the wire form when first read: most
        // consumers (the pack over gRPC) need only the wire form, and a large
        // stack would otherwise hold every input twice.
        get inputs() {
            return (inputs ??= plainInputs(wire));
        },
        wire,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        protect: req.getProtect() ?? false,
        provider: provider || undefined,
        ignoreChanges: req.getIgnorechangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
        importId: req.getImportid() || undefined,
        retainOnDelete: req.getRetainondelete() ?? false,
        aliases: req.getAliasurnsList(),
        frames: framesOf(req),
    };
}

/**
 * Wraps the monitor installed by `pulumi.runtime.setMocks` so that every
 * registration is recorded before the mock answers it.
 */
export function recordRegistrations(onRegister?: RegistrationListener, onAnswer?: AnswerListener): Recording {
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike | undefined;
    if (!monitor || typeof monitor.newUrn !== "function") {
        throw new Error("recordRegistrations needs the mock monitor: call pulumi.runtime.setMocks first");
    }
    const recording: Recording = { resources: [], outputs: new Map() };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const record: { -readonly [K in keyof RecordedResource]: RecordedResource[K] } = toRecord(monitor, req);
        recording.resources.push(record);
        onRegister?.(record);
        register(req, (err: any, resp?: any) => {
            if (resp) {
                record.id = resp.getId() || undefined;
                const object = resp.getObject();
                record.outputs = object ? object.toJavaScript() : {};
                onAnswer?.(record);
            }
            cb(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        const outputs = req.getOutputs();
        recording.outputs.set(req.getUrn(), outputs ? outputs.toJavaScript() : {});
        registerOutputs(req, cb);
    };
    return recording;
}
