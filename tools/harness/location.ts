// Where in the code a resource comes from: the file and line of the program
// statement that created it (for a resource a component creates, the line in
// the component's file), and the chain of calls above it up to the program's
// top-level statement. Paths are relative to the repository (or to the tree a
// run was given), lines and columns those of the TypeScript source.
import * as path from "path";
import { RecordedResource } from "./recorder";
import { SourceMaps } from "./sourceMap";

/** A place in the source: repository-relative path (forward slashes), 1-based line and column. */
export interface SourceLocation {
    readonly file: string;
    readonly line: number;
    readonly column: number;
}

/** Where a resource comes from. */
export interface Origin {
    /** The statement that created it (the innermost program frame); undefined when no frame is in the tree. */
    readonly location?: SourceLocation;
    /** That statement, then each call above it, out to the program's top level. */
    readonly chain: readonly SourceLocation[];
}

export function formatLocation(l: SourceLocation): string {
    return `${l.file}:${l.line}`;
}

/** Maps recorded frames to source locations inside `root`; one per run, it caches the maps it decodes. */
export class Locator {
    /** The harness's own folders: it loads the program (require hook, runStack), so their frames are not the program's. */
    private readonly machinery: readonly string[];

    constructor(
        readonly root: string,
        private readonly maps: SourceMaps = new SourceMaps(),
    ) {
        this.machinery = ["harness", "compile"].map((d) => path.join(root, "tools", d) + path.sep);
    }

    origin(r: Pick<RecordedResource, "frames">): Origin {
        const chain: SourceLocation[] = [];
        for (const f of r.frames ?? []) {
            if (this.machinery.some((m) => f.file.startsWith(m))) {
                continue;
            }
            const rel = path.relative(this.root, f.file);
            if (rel.startsWith("..") || path.isAbsolute(rel)) {
                continue;
            }
            const at = this.maps.original(f.file, f);
            const file = rel.split(path.sep).join("/");
            const last = chain[chain.length - 1];
            // A callback and the call that runs it on the same line (`xs.forEach((x) => new X(...))`) are one step.
            if (!last || last.file !== file || last.line !== at.line) {
                chain.push({ file, line: at.line, column: at.column });
            }
        }
        return { location: chain[0], chain };
    }
}
