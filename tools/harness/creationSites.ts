// Where in the program each resource was created. The Pulumi SDK takes a
// stack trace in every Resource constructor (`Resource.stackTrace`, sent as
// the RegisterResourceRequest's stackTrace and sourcePosition): it formats the
// whole stack as text with no frame limit and parses it back with a regular
// expression that drops anonymous functions (a resource created in a
// `.map((x) => new X(...))` loses its own line). Offline runs replace it with
// a capture of V8's structured call sites, at most MAX_FRAMES deep and never
// formatted, that keeps only the frames of the program (not node_modules, not
// Node's internals). The request carries them as the engine would get them;
// the recorder reads them back and tools/harness/location.ts maps them to
// source lines.
import * as pulumi from "@pulumi/pulumi";
import { pathToFileURL } from "url";

/** Enough for the deepest component nesting of the stack with its helpers, up to the program's top level. */
export const MAX_FRAMES = 64;

interface SdkPosition {
    readonly uri: string;
    readonly line: number;
    readonly column: number;
}

type StackTraceFn = (skip: number) => (SdkPosition | undefined)[];

interface ResourceStatics {
    stackTrace: StackTraceFn;
}

const NODE_MODULES = /[\\/]node_modules[\\/]/;

function callSites(below: Function): NodeJS.CallSite[] {
    const prepare = Error.prepareStackTrace;
    const limit = Error.stackTraceLimit;
    try {
        Error.prepareStackTrace = (_, sites) => sites;
        Error.stackTraceLimit = MAX_FRAMES;
        const holder: { stack?: unknown } = {};
        Error.captureStackTrace(holder, below);
        return (holder.stack as NodeJS.CallSite[] | undefined) ?? [];
    } finally {
        Error.prepareStackTrace = prepare;
        Error.stackTraceLimit = limit;
    }
}

/**
 * The SDK calls `stackTrace(4)` from the Resource constructor, meaning: skip
 * this function, Resource, Custom/ComponentResource and the resource's own
 * class, so that the first frame is the statement that ran `new X(...)`.
 */
function programFrames(skip: number): SdkPosition[] {
    const out: SdkPosition[] = [];
    const sites = callSites(programFrames);
    // captureStackTrace already left out this function: skip the SDK's remaining frames.
    for (const site of sites.slice(Math.max(skip - 1, 0))) {
        const file = site.getFileName();
        const line = site.getLineNumber();
        const column = site.getColumnNumber();
        if (!file || line === null || column === null || site.isNative() || file.startsWith("node:") || NODE_MODULES.test(file)) {
            continue;
        }
        out.push({ uri: pathToFileURL(file).href, line, column });
    }
    return out;
}

/** Installs the capture on the SDK's Resource class; returns what puts the SDK's own back. */
export function captureCreationSites(): () => void {
    const statics = pulumi.Resource as unknown as ResourceStatics;
    const original = statics.stackTrace;
    if (typeof original !== "function") {
        throw new Error("@pulumi/pulumi's Resource has no stackTrace: the SDK changed, update tools/harness/creationSites.ts");
    }
    statics.stackTrace = programFrames;
    return () => {
        statics.stackTrace = original;
    };
}
