// @ts-check
// V8's code cache for every CommonJS module a process loads (node_modules'
// JavaScript and the repository's compiled TypeScript alike), kept on disk
// between runs: the compile cache loader of Node 22 (`module.enableCompileCache`),
// which Node 20 does not have. Loaded with `node -r`, by tools/compile/register.js
// in the plan's process and on its own in the policy pack's (tools/analyzer/launch.ts).
//
// Why: compiling JavaScript was the largest single cost of the plan's two
// processes once TypeScript was cached (docs/benchmarks.md): both load the
// Pulumi SDK (with TypeScript's 9 MB compiler, which it requires), and the
// pack's runner turns on the inspector's debugger, under which V8 compiles
// even slower. A module whose code V8 has cached skips parsing and the lazy
// compilation of every function that ran when the cache was made.
//
// How: Node compiles a module as a function of (exports, require, module,
// __filename, __dirname); this does the same through `vm.Script` with the
// cached data of an earlier run, and calls it with a `require` made as Node
// makes it. The cache is made at the end of a run that missed (so it holds
// every function the run compiled, not only the top level), one file per
// entry script and Node flags, each entry keyed by the module's text and
// Node's version: a changed file is compiled again, never served stale. V8
// checks the data itself too and rejects what does not fit (then the module
// compiles as usual, and the next save replaces the entry).
//
// Nothing changes for the code that runs: the same source, file name, line
// and column numbers in stack traces, `require` with resolve/paths/main/
// extensions/cache; a module that may run `import()` is left to Node (below).
// TICKETTOKEN_CODE_CACHE=0 turns it off.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

/** Bump when the way entries are produced changes. */
const FORMAT = "1";
const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_DIR = path.join(process.env.TICKETTOKEN_COMPILE_CACHE ?? path.join(ROOT, "node_modules", ".cache", "tickettoken-ts"), "v8");
const MAGIC = "tickettoken-v8-code-cache\n";

const stats = { hits: 0, misses: 0, rejected: 0 };
/** The entry of a module left to Node (an empty record in the file). */
const UNCACHEABLE = Buffer.alloc(0);

/**
 * Node 20 loses a script's dynamic-import callback when the script is compiled
 * from cached data (`import()` then throws "A dynamic import callback was not
 * specified"; fixed in later V8s). A module that may run `import()` is
 * therefore compiled by Node as usual, never cached: one whose text has
 * `import(` in code (found by parsing it, once: the verdict is cached too), or
 * in text that it might run as code (it calls eval or the Function
 * constructor). TypeScript's compiler, which the SDK loads, has `import(` only
 * in its messages and is cached; tools/diagram, which imports an ES module
 * through `new Function`, is not. Without acorn (a dependency of ts-node),
 * every module with `import(` in its text is left to Node.
 */
const MAY_IMPORT = /\bimport\s*(?:\(|\/[*/])/;
const RUNS_TEXT = /\beval\s*\(|\bFunction\s*\(/;

/** @param {unknown} node @returns {boolean} */
function hasImportExpression(node) {
    if (Array.isArray(node)) {
        return node.some(hasImportExpression);
    }
    if (node === null || typeof node !== "object") {
        return false;
    }
    if (/** @type {{ type?: unknown }} */ (node).type === "ImportExpression") {
        return true;
    }
    for (const [key, value] of Object.entries(node)) {
        if (key !== "loc" && typeof value === "object" && value !== null && hasImportExpression(value)) {
            return true;
        }
    }
    return false;
}

/** @type {typeof import("acorn") | null | undefined} undefined: not loaded yet; null: not there (or loading: acorn has `import(` in its own text) */
let acorn;

/** Whether a module's compiled code can be cached (see above). */
function cacheable(/** @type {string} */ content) {
    if (!MAY_IMPORT.test(content)) {
        return true;
    }
    if (RUNS_TEXT.test(content)) {
        return false;
    }
    if (acorn === undefined) {
        acorn = null;
        try {
            acorn = require("acorn");
        } catch {
            // not installed: every module with `import(` in its text is left to Node
        }
    }
    if (!acorn) {
        return false;
    }
    try {
        const ast = acorn.parse(content, { ecmaVersion: "latest", sourceType: "script", allowReturnOutsideFunction: true, allowHashBang: true });
        return !hasImportExpression(ast);
    } catch {
        return false; // no acorn, or a syntax it does not know: leave the module to Node
    }
}

/**
 * The cache file of this thread: one per entry script, thread and Node flags (V8 rejects data made under other
 * flags). Asked at the first module, when a worker thread's argv names its script too.
 */
function cacheFile() {
    const { isMainThread } = require("worker_threads");
    const entry = `${process.argv[1] ? path.resolve(process.argv[1]) : "eval"}${isMainThread ? "" : "-worker"}`;
    const id = crypto.createHash("sha256").update([FORMAT, process.version, process.arch, entry, ...process.execArgv].join("\0")).digest("hex").slice(0, 24);
    return path.join(CACHE_DIR, `${path.basename(entry).replace(/[^A-Za-z0-9._-]/g, "_")}-${id}.bin`);
}

/**
 * The file: MAGIC, a line of JSON ({ key: [offset, length] }), then the data.
 * @returns {Map<string, Buffer>}
 */
function readCache(file) {
    const entries = new Map();
    let buf;
    try {
        buf = fs.readFileSync(file);
    } catch {
        return entries; // no cache yet
    }
    const header = buf.indexOf(10, MAGIC.length);
    if (buf.toString("latin1", 0, MAGIC.length) !== MAGIC || header < 0) {
        return entries;
    }
    try {
        const index = JSON.parse(buf.toString("utf8", MAGIC.length, header));
        const base = header + 1;
        for (const [key, [offset, length]] of Object.entries(index)) {
            if (base + offset + length <= buf.length) {
                entries.set(key, buf.subarray(base + offset, base + offset + length));
            }
        }
    } catch {
        entries.clear(); // a damaged file is a cache miss, never an error
    }
    return entries;
}

function writeCache(file, /** @type {Map<string, Buffer>} */ entries) {
    const index = {};
    let offset = 0;
    for (const [key, data] of entries) {
        index[key] = [offset, data.length];
        offset += data.length;
    }
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC}${JSON.stringify(index)}\n`), ...entries.values()]));
        fs.renameSync(tmp, file); // a concurrent reader sees the old file or the new, whole
    } catch {
        try {
            fs.rmSync(tmp, { force: true });
        } catch {
            // A read-only tree still runs, only without the cache.
        }
    }
}

/** Node's CommonJS `require` for `mod` (lib/internal/modules/helpers.js, makeRequireFunction, without policy manifests). */
function makeRequire(mod) {
    const require = function require(/** @type {string} */ id) {
        return mod.require(id);
    };
    const check = (/** @type {unknown} */ request) => {
        if (typeof request !== "string") {
            const e = new TypeError(`The "request" argument must be of type string. Received ${request === null ? "null" : typeof request}`);
            /** @type {any} */ (e).code = "ERR_INVALID_ARG_TYPE";
            throw e;
        }
    };
    const M = /** @type {any} */ (Module);
    function resolve(/** @type {string} */ request, /** @type {any} */ options) {
        check(request);
        return M._resolveFilename(request, mod, false, options);
    }
    resolve.paths = function paths(/** @type {string} */ request) {
        check(request);
        return M._resolveLookupPaths(request, mod);
    };
    require.resolve = resolve;
    require.main = process.mainModule;
    require.extensions = M._extensions;
    require.cache = M._cache;
    return require;
}

function install() {
    if (process.env.TICKETTOKEN_CODE_CACHE === "0" || /** @type {any} */ (globalThis)[Symbol.for("tickettoken.codeCache")]) {
        return;
    }
    /** @type {string | undefined} */
    let file;
    /** @type {Map<string, Buffer>} */
    let stored = new Map();
    /** Entries this run used, and what the next file will hold: data read, or a script whose data is made at exit. */
    /** @type {Map<string, Buffer | vm.Script>} */
    const used = new Map();
    const proto = /** @type {any} */ (Module.prototype);
    const original = proto._compile;

    proto._compile = function (/** @type {string} */ content, /** @type {string} */ filename, /** @type {string | undefined} */ format) {
        if (format === "module" || typeof content !== "string") {
            return original.apply(this, arguments);
        }
        if (file === undefined) {
            file = cacheFile();
            stored = readCache(file);
        }
        const key = crypto.createHash("sha256").update(content).digest("base64url");
        let cachedData = stored.get(key);
        if (cachedData === undefined && !cacheable(content)) {
            cachedData = UNCACHEABLE;
            stats.misses++;
        }
        if (cachedData !== undefined && cachedData.length === 0) {
            used.set(key, UNCACHEABLE);
            return original.apply(this, arguments);
        }
        // A hashbang is a comment to Node; inside the wrapper it would not parse. Same length, same lines.
        const body = content.startsWith("#!") ? `//${content.slice(2)}` : content;
        const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${body}\n})`, { filename, lineOffset: -1, cachedData });
        if (cachedData && !script.cachedDataRejected) {
            stats.hits++;
            used.set(key, cachedData);
        } else {
            if (cachedData) {
                stats.rejected++;
            } else {
                stats.misses++;
            }
            used.set(key, script);
        }
        const wrapper = script.runInThisContext({ displayErrors: true });
        return Reflect.apply(wrapper, this.exports, [this.exports, makeRequire(this), this, filename, path.dirname(filename)]);
    };

    let saved = false;
    const save = () => {
        if (saved || file === undefined || stats.misses + stats.rejected === 0) {
            return;
        }
        saved = true;
        /** @type {Map<string, Buffer>} */
        const next = new Map();
        for (const [key, entry] of used) {
            next.set(key, Buffer.isBuffer(entry) ? entry : entry.createCachedData());
        }
        writeCache(file, next);
    };
    process.once("exit", save);
    // A policy pack is stopped with SIGTERM, which skips "exit": save, then die of the signal as before (unless
    // something else listens for it: then that decides). Signals reach only the main thread.
    if (require("worker_threads").isMainThread) {
        process.once("SIGTERM", () => {
            save();
            if (process.listenerCount("SIGTERM") === 0) {
                process.kill(process.pid, "SIGTERM");
            }
        });
    }
    /** @type {any} */ (globalThis)[Symbol.for("tickettoken.codeCache")] = { stats, file: () => file, save };
}

install();
