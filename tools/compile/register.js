// @ts-check
// A require hook for the repository's TypeScript that keeps what it compiled
// on disk, for the offline plan and the benchmarks (`node -r
// ./tools/compile/register.js`). It does what ts-node's transpile-only mode
// does (TypeScript's transpileModule with tsconfig.json's options, no type
// check), but a file whose text has not changed since the last run is loaded
// from the cache without loading TypeScript at all: transpiling the stack's
// ~150 files took about 2.3 s of the plan's 8 s (docs/benchmarks.md).
//
// Plain JavaScript because it must run before anything can compile
// TypeScript. The entry is keyed by the file's text, TypeScript's version and
// tsconfig.json's text, never by a path or a time, so a stale entry cannot be
// served and the same file in another tree (the plan's --base) hits it too.
// Source maps are kept beside each entry: the harness maps stack frames back
// to the .ts lines through `sourceMapOf` (published under a global symbol so
// that TypeScript code can ask without loading this hook).
"use strict";
require("./codeCache.js");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const TSCONFIG = path.join(ROOT, "tsconfig.json");
/** Bump when the way entries are produced changes. */
const FORMAT = "1";
const CACHE_DIR = process.env.TICKETTOKEN_COMPILE_CACHE ?? path.join(ROOT, "node_modules", ".cache", "tickettoken-ts");

/** @type {typeof import("typescript") | undefined} */
let ts;
/** @type {import("typescript").CompilerOptions | undefined} */
let options;
/** Salt of every key: what, besides a file's text, decides its output. */
const salt = [FORMAT, require("typescript/package.json").version, fs.readFileSync(TSCONFIG, "utf8")].join("\0");
/** filename -> cache key of the entry it was loaded from */
const loaded = new Map();
const stats = { hits: 0, misses: 0 };

function compilerOptions() {
    if (!options) {
        ts = require("typescript");
        const parsed = ts.parseConfigFileTextToJson(TSCONFIG, fs.readFileSync(TSCONFIG, "utf8"));
        if (parsed.error) {
            throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(parsed.error.messageText, "\n")}`);
        }
        const converted = ts.convertCompilerOptionsFromJson(parsed.config.compilerOptions ?? {}, ROOT);
        options = { ...converted.options, sourceMap: true, inlineSourceMap: false, inlineSources: false, declaration: false, declarationMap: false, noEmit: false, composite: false, incremental: false };
    }
    return options;
}

/** Writes a file so that a concurrent reader sees it whole or not at all. */
function writeAtomic(file, text) {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
}

/** JavaScript of a .ts file, from the cache or compiled now. */
function compile(filename, source) {
    const key = crypto.createHash("sha256").update(salt).update("\0").update(source).digest("hex");
    const js = path.join(CACHE_DIR, `${key}.js`);
    loaded.set(filename, key);
    try {
        const code = fs.readFileSync(js, "utf8");
        stats.hits++;
        return code;
    } catch {
        // not cached yet
    }
    stats.misses++;
    const out = /** @type {typeof import("typescript")} */ (ts ?? (compilerOptions(), ts)).transpileModule(source, { compilerOptions: compilerOptions(), fileName: filename, reportDiagnostics: false });
    const code = out.outputText.replace(/\n\/\/# sourceMappingURL=[^\n]*\s*$/, "\n");
    try {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        writeAtomic(path.join(CACHE_DIR, `${key}.map`), out.sourceMapText ?? "");
        writeAtomic(js, code);
    } catch {
        // A read-only tree still runs, only without the cache.
    }
    return code;
}

/** The source map (parsed) of a .ts file this hook loaded, or undefined. */
function sourceMapOf(filename) {
    const key = loaded.get(filename);
    if (key === undefined) {
        return undefined;
    }
    try {
        return JSON.parse(fs.readFileSync(path.join(CACHE_DIR, `${key}.map`), "utf8"));
    } catch {
        return undefined;
    }
}

require.extensions[".ts"] = function (module, filename) {
    const m = /** @type {NodeJS.Module & { _compile(code: string, filename: string): void }} */ (module);
    m._compile(compile(filename, fs.readFileSync(filename, "utf8")), filename);
};

/** @type {any} */ (globalThis)[Symbol.for("tickettoken.compile")] = { sourceMapOf, stats, cacheDir: CACHE_DIR };
