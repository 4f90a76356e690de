// Maps a position in the JavaScript Node ran back to the TypeScript it was
// compiled from. Stack frames the harness records name compiled lines; a
// report must name the line a reader sees. The map comes from whoever
// compiled the file: the plan's compile cache (tools/compile/register.js) or
// ts-node (the tests), asked again for that one file. Maps are decoded once
// per file, and only for files a report asks about.
import * as fs from "fs";

/** A position, 1-based line and column as in a stack trace. */
export interface Position {
    readonly line: number;
    readonly column: number;
}

/** The parts of a source map (version 3) used here. */
export interface RawSourceMap {
    readonly mappings: string;
}

/** One decoded segment: generated column, then original line and column (0-based). */
type Segment = readonly [number, number, number];

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...B64].map((c, i) => [c, i]));

/** Decodes the "mappings" field: per generated line, its segments sorted by column. */
export function decodeMappings(mappings: string): Segment[][] {
    const lines: Segment[][] = [];
    // Original line and column are relative to the previous segment of the whole map (the source index,
    // fields[1], is not needed: the harness asks about single-file maps).
    let origLine = 0;
    let origColumn = 0;
    for (const text of mappings.split(";")) {
        const line: Segment[] = [];
        let column = 0; // relative within a line
        for (const seg of text.split(",")) {
            if (seg === "") {
                continue;
            }
            const fields: number[] = [];
            let value = 0;
            let shift = 0;
            for (const c of seg) {
                const digit = DIGIT.get(c);
                if (digit === undefined) {
                    throw new Error(`invalid base64 digit "${c}" in source map`);
                }
                value += (digit & 31) << shift;
                if (digit & 32) {
                    shift += 5;
                } else {
                    fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
                    value = 0;
                    shift = 0;
                }
            }
            column += fields[0];
            if (fields.length >= 4) {
                origLine += fields[2];
                origColumn += fields[3];
                line.push([column, origLine, origColumn]);
            }
        }
        lines.push(line);
    }
    return lines;
}

/** The original position of a generated one: the last segment at or before it on its line. */
export function originalPosition(lines: readonly (readonly Segment[])[], at: Position): Position | undefined {
    const segments = lines[at.line - 1];
    if (!segments || segments.length === 0) {
        return undefined;
    }
    const column = at.column - 1;
    let best = segments[0];
    for (const s of segments) {
        if (s[0] > column) {
            break;
        }
        best = s;
    }
    return { line: best[1] + 1, column: best[2] + 1 };
}

interface CompileCache {
    sourceMapOf(file: string): RawSourceMap | undefined;
}

interface TsNodeService {
    compile(code: string, fileName: string): string;
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/;

/** The map of a compiled file, from the compile cache or ts-node; undefined for plain JavaScript. */
function rawMapOf(file: string): RawSourceMap | undefined {
    if (!file.endsWith(".ts")) {
        return undefined;
    }
    const cache = (globalThis as Record<symbol, CompileCache | undefined>)[Symbol.for("tickettoken.compile")];
    const cached = cache?.sourceMapOf(file);
    if (cached) {
        return cached;
    }
    const tsNode = (process as unknown as Record<symbol, TsNodeService | undefined>)[Symbol.for("ts-node.register.instance")];
    if (tsNode) {
        const m = INLINE_MAP.exec(tsNode.compile(fs.readFileSync(file, "utf8"), file));
        if (m) {
            return JSON.parse(Buffer.from(m[1], "base64").toString("utf8")) as RawSourceMap;
        }
    }
    return undefined;
}

/** Maps positions of compiled files to their sources; one decoded map per file. */
export class SourceMaps {
    private readonly decoded = new Map<string, Segment[][] | null>();

    constructor(private readonly mapOf: (file: string) => RawSourceMap | undefined = rawMapOf) {}

    /** The source position of `at` in `file`; `at` itself when the file was not compiled. */
    original(file: string, at: Position): Position {
        let lines = this.decoded.get(file);
        if (lines === undefined) {
            const raw = this.mapOf(file);
            lines = raw ? decodeMappings(raw.mappings) : null;
            this.decoded.set(file, lines);
        }
        return (lines && originalPosition(lines, at)) ?? at;
    }
}
