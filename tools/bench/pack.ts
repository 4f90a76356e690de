// Benchmark of the policy pack against @pulumi/awsguard, in the same run on
// the same machine, both started exactly as the Pulumi CLI starts a pack:
//   - cold start: process launch to port printed (several runs, median);
//   - throughput: Analyze over a few thousand resources (resources/s, and the
//     CPU time the pack process spent: what the pass costs whatever else
//     runs on the machine), requests encoded beforehand so that the client's
//     encoding is not timed;
//   - AnalyzeStack: the prod stack alone (median of several calls) and the
//     whole large stack (median of three) (ms).
// Figures are printed and written to bench-results/ (ignored by git); they
// are never asserted by tests.
//
// Run through tools/bench/index.ts (npm run bench).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openPack, POLICY_PACK_DIR, preserialized, stackRequest, UserPolicyConfig } from "../analyzer";
import { launchPack } from "../analyzer/launch";
import { REPO_ROOT } from "../harness/project";
import { runStack } from "../harness/run";
import { ensureAwsGuardPack } from "./awsguard";
import { analyzePrepared, cpuMs, median, medianTime, preparedAnalyze, timed } from "./measure";
import { buildWorkload, Workload } from "./workload";

export interface PackFigures {
    readonly pack: string;
    /** Median ms from launch to port, and every run. */
    readonly coldStartMs: number;
    readonly coldStartRunsMs: readonly number[];
    readonly analyzeResourcesPerSecond: number;
    /** CPU time of the pack process over the whole Analyze pass (user + system). */
    readonly analyzeCpuMs: number;
    /** Median ms of AnalyzeStack over the prod stack alone. */
    readonly prodStackMs: number;
    /** Median ms of AnalyzeStack over the whole workload. */
    readonly analyzeStackMs: number;
    readonly diagnostics: number;
}

/** A pack to measure, and the policy config the engine would send it. */
export interface BenchPack {
    readonly name: string;
    readonly dir: string;
    readonly config?: UserPolicyConfig;
}

/** Cold starts of every pack, interleaved so that machine noise falls on all alike. */
async function coldStarts(dirs: readonly string[], runs: number): Promise<number[][]> {
    const out = dirs.map(() => [] as number[]);
    for (let i = 0; i < runs; i++) {
        for (const [k, dir] of dirs.entries()) {
            const p = await launchPack(dir, { timeoutMs: 180000 });
            out[k].push(p.startMs);
            await p.stop();
        }
    }
    return out;
}

/** The workload's requests, built and encoded once: what is timed is the transfer and the pack's work, not the client's encoding. */
export interface PreparedWorkload {
    readonly analyze: ReturnType<typeof preparedAnalyze>;
    readonly prod: ReturnType<typeof stackRequest>;
    readonly stack: ReturnType<typeof stackRequest>;
}

export function prepareWorkload(workload: Workload): PreparedWorkload {
    return { analyze: preparedAnalyze(workload.analyze), prod: preserialized(stackRequest(workload.prod)), stack: preserialized(stackRequest(workload.stack)) };
}

/** Analyze over the workload (8 calls in flight, as the engine runs steps in parallel), then AnalyzeStack over the prod stack and over the workload. */
export async function measureThroughput(
    dir: string, workload: Workload, runs: number, config: UserPolicyConfig = {}, prepared: PreparedWorkload = prepareWorkload(workload),
): Promise<{ perSecond: number; analyzeCpuMs: number; prodStackMs: number; stackMs: number; diagnostics: number }> {
    const pack = await openPack({ packDir: dir, project: "bench", stack: "bench", concurrency: 8, timeoutMs: 180000, config });
    try {
        // One warm-up pass so every pack is measured with its code loaded and JIT-compiled.
        await pack.analyzeInputs(workload.stack.slice(0, 200), workload.analyze.slice(0, 200));
        let analyzed = 0;
        const cpuBefore = cpuMs(pack.running.process.pid);
        const analyzeMs = await timed(async () => {
            analyzed = await analyzePrepared(pack.client, prepared.analyze);
        });
        const analyzeCpuMs = cpuMs(pack.running.process.pid) - cpuBefore;
        const prodStackMs = await medianTime(runs, () => pack.client.sendAnalyzeStack(prepared.prod));
        let stackDiagnostics = 0;
        const stackMs = await medianTime(3, async () => {
            stackDiagnostics = (await pack.client.sendAnalyzeStack(prepared.stack)).diagnostics.length;
        });
        return { perSecond: workload.analyze.length / (analyzeMs / 1000), analyzeCpuMs, prodStackMs, stackMs, diagnostics: analyzed + stackDiagnostics };
    } finally {
        await pack.close();
    }
}

/** Measures every pack: interleaved cold starts, then throughput one pack at a time. */
export async function measurePacks(packs: readonly BenchPack[], workload: Workload, runs: number): Promise<PackFigures[]> {
    const starts = await coldStarts(packs.map((p) => p.dir), runs);
    const prepared = prepareWorkload(workload);
    const out: PackFigures[] = [];
    for (const [k, p] of packs.entries()) {
        console.error(`measuring ${p.name} ...`);
        const t = await measureThroughput(p.dir, workload, runs, p.config, prepared);
        out.push({
            pack: p.name, coldStartMs: median(starts[k]), coldStartRunsMs: starts[k], analyzeResourcesPerSecond: t.perSecond, analyzeCpuMs: t.analyzeCpuMs,
            prodStackMs: t.prodStackMs, analyzeStackMs: t.stackMs, diagnostics: t.diagnostics,
        });
    }
    return out;
}

/** A pack with no policies: the floor every pack pays for the runner (ts-node, TypeScript, @pulumi/pulumi). */
export function ensureEmptyPack(dir: string = path.join(os.tmpdir(), "empty-pack-bench")): string {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "empty-pack", version: "0.0.1", private: true, main: "index.js" }));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "index.js"), 'const { PolicyPack } = require("@pulumi/policy");\nnew PolicyPack("empty", { policies: [] });\n');
    const modules = path.join(dir, "node_modules");
    const target = path.join(REPO_ROOT, "node_modules");
    // A link left by a run from another checkout may dangle or point elsewhere.
    const existing = fs.lstatSync(modules, { throwIfNoEntry: false });
    if (existing && !(existing.isSymbolicLink() && fs.readlinkSync(modules) === target)) {
        fs.rmSync(modules, { recursive: true, force: true });
    }
    if (!fs.existsSync(modules)) {
        fs.symlinkSync(target, modules, "dir");
    }
    return dir;
}

function table(rows: readonly PackFigures[], workload: Workload): string {
    const ours = rows[0];
    const ref = rows.find((r) => r.pack === "@pulumi/awsguard");
    const runs = ours.coldStartRunsMs.length;
    const resources = workload.analyze.length;
    const lines = [
        `| pack | cold start (median of ${runs}) | Analyze, ${resources} resources | Analyze, pack CPU | AnalyzeStack, prod stack (${workload.prod.length} resources, median of ${runs}) | AnalyzeStack, ${resources} resources (median of 3) |`,
        "|---|---|---|---|---|---|",
        ...rows.map((r) => `| ${r.pack} | ${r.coldStartMs.toFixed(0)} ms | ${r.analyzeResourcesPerSecond.toFixed(0)} resources/s | ${r.analyzeCpuMs.toFixed(0)} ms | ${r.prodStackMs.toFixed(0)} ms | ${r.analyzeStackMs.toFixed(0)} ms |`),
    ];
    if (ref) {
        const ratio = (f: (r: PackFigures) => number) => (f(ours) / f(ref)).toFixed(2);
        lines.push(`| ratio (ours / awsguard) | ${ratio((r) => r.coldStartMs)} | ${ratio((r) => r.analyzeResourcesPerSecond)} | ${ratio((r) => r.analyzeCpuMs)} | ${ratio((r) => r.prodStackMs)} | ${ratio((r) => r.analyzeStackMs)} |`);
    }
    return lines.join("\n");
}

export interface PackBench {
    readonly resources: number;
    readonly rows: readonly PackFigures[];
    readonly table: string;
}

/**
 * Our pack beside awsguard and an empty pack, over `copies` copies of the
 * prod stack; with `baseline`, also another build of our pack (e.g. the
 * previous version, to compare before and after a change in one run, under
 * the same load).
 */
export async function packBench(runs: number, copies: number, baseline?: string): Promise<PackBench> {
    const run = await runStack("prod");
    const workload = buildWorkload(run, copies);
    console.error(`pack workload: ${workload.analyze.length} resources (${copies} copies of the prod stack and judged extras)`);
    const packs: BenchPack[] = [{ name: "tickettoken-network", dir: POLICY_PACK_DIR }];
    if (baseline) {
        packs.push({ name: `baseline (${baseline})`, dir: baseline });
    }
    try {
        // Its certificate-expiry policy calls the ACM API while judging: it cannot run offline.
        packs.push({ name: "@pulumi/awsguard", dir: ensureAwsGuardPack(), config: { "acm-certificate-expiration": { enforcementLevel: "disabled" } } });
    } catch (e) {
        console.error(`awsguard not measured: ${(e as Error).message}`);
    }
    packs.push({ name: "(empty pack: runner floor)", dir: ensureEmptyPack() });
    const rows = await measurePacks(packs, workload, runs);
    return { resources: workload.analyze.length, rows, table: table(rows, workload) };
}
