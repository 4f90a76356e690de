// The base a plan is compared with: another git revision, planned the same
// way, or a report saved with --json.
//
// A revision is exported with `git archive` into a temporary folder (no
// worktree is registered, the repository is left as it was), given this
// checkout's node_modules through a symbolic link, and run by
// tools/plan/baseRun.ts in a child process with this checkout's harness, so
// the two runs share no module cache. Both sides therefore run with the
// head's dependencies: when the base's package-lock.json differs, the report
// says so, because a difference a dependency upgrade causes (a default an SDK
// adds to the inputs) then shows up as a change of the head.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../harness/project";
import { InventoryEntry } from "./inventory";
import { PLAN_FORMAT_VERSION } from "./versions";
import type { BaseRunOutput } from "./baseRun";

/** What the report says of its base. */
export interface BaseInfo {
    /** The revision as given (--base), when the base is a revision. */
    readonly ref?: string;
    /** Its commit. */
    readonly commit?: string;
    /** The saved report (--base-json), when the base is one. */
    readonly json?: string;
    readonly stack: string;
    /** The base's package-lock.json differs from this checkout's, whose dependencies both sides ran with. */
    readonly lockfileDiffers?: boolean;
}

export interface Base {
    readonly info: BaseInfo;
    readonly inventory: readonly InventoryEntry[];
}

/** Thrown when the base cannot be had; the message says why. */
export class BaseError extends Error {}

function git(args: readonly string[]): string {
    const r = spawnSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" });
    if (r.status !== 0) {
        throw new BaseError(`git ${args.join(" ")} failed: ${(r.stderr || r.error?.message || "").trim()}`);
    }
    return r.stdout.trim();
}

/** Writes the tree of `commit` into `dir`. */
function exportTree(commit: string, dir: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const archive = spawn("git", ["archive", "--format=tar", commit], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
        const tar = spawn("tar", ["-x", "-f", "-", "-C", dir], { stdio: ["pipe", "ignore", "pipe"] });
        let stderr = "";
        archive.stderr.on("data", (d) => (stderr += d));
        tar.stderr.on("data", (d) => (stderr += d));
        archive.stdout.pipe(tar.stdin);
        let pending = 2;
        const done = (what: string) => (code: number | null) => {
            if (code !== 0) {
                reject(new BaseError(`${what} exited ${code} while exporting ${commit}: ${stderr.trim()}`));
            } else if (--pending === 0) {
                resolve();
            }
        };
        archive.on("error", reject);
        tar.on("error", reject);
        archive.on("close", done("git archive"));
        tar.on("close", done("tar"));
    });
}

/** Node's arguments for the child: this process's, with a TypeScript loader when it has none (mocha loads ts-node itself). */
function nodeArgs(): string[] {
    const args = [...process.execArgv];
    if (!args.some((a) => /ts-node|tools[\\/]compile[\\/]register/.test(a))) {
        args.push("-r", path.join(REPO_ROOT, "tools", "compile", "register.js"));
    }
    return args;
}

function runChild(root: string, stack: string, program: string | undefined, out: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const argv = [...nodeArgs(), path.join(REPO_ROOT, "tools", "plan", "baseRun.ts"), "--root", root, "--stack", stack, "--out", out, ...(program ? ["--program", program] : [])];
        const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve() : reject(new BaseError(stderr.trim() || `exited ${code}`))));
    });
}

/** Plans revision `ref` of this repository for `stack` (the program at `program`, relative, when given). */
export async function planRevision(ref: string, stack: string, program?: string): Promise<Base> {
    let commit: string;
    try {
        commit = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    } catch {
        throw new BaseError(`--base ${ref}: no such commit in this repository (a CI checkout needs enough history: fetch-depth 0)`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-base-"));
    try {
        await exportTree(commit, dir);
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
        const lock = (root: string) => {
            try {
                return fs.readFileSync(path.join(root, "package-lock.json"), "utf8");
            } catch {
                return undefined;
            }
        };
        const lockfileDiffers = lock(dir) !== lock(REPO_ROOT);
        const out = path.join(dir, ".plan-base.json");
        try {
            await runChild(dir, stack, program, out);
        } catch (e) {
            throw new BaseError(`the base ${ref} (${commit.slice(0, 12)}) could not be planned: ${(e as Error).message}`);
        }
        const result = JSON.parse(fs.readFileSync(out, "utf8")) as BaseRunOutput;
        return { info: { ref, commit, stack, ...(lockfileDiffers ? { lockfileDiffers } : {}) }, inventory: result.inventory };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The base from a report saved with --json. */
export function readBaseReport(file: string): Base {
    let report: { formatVersion?: unknown; stack?: unknown; inventory?: unknown };
    try {
        report = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), file), "utf8"));
    } catch (e) {
        throw new BaseError(`cannot read the base report ${file}: ${(e as Error).message}`);
    }
    // A report without formatVersion predates the field and has format 1's shape.
    if (report.formatVersion !== undefined && report.formatVersion !== PLAN_FORMAT_VERSION) {
        throw new BaseError(`${file} is in plan format ${JSON.stringify(report.formatVersion)}; this plan reads format ${PLAN_FORMAT_VERSION}: plan the base again with this checkout (--base REF)`);
    }
    if (!Array.isArray(report.inventory)) {
        throw new BaseError(`${file} has no "inventory": it is not a --json report of this plan (or one written before the plan kept its resources)`);
    }
    return { info: { json: file, stack: String(report.stack ?? "") }, inventory: report.inventory as InventoryEntry[] };
}
