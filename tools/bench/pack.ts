// Benchmark of the policy pack against @pulumi/awsguard, in the same run on
// the same machine, both started exactly as the Pulumi CLI starts a pack:
//   - cold start: process launch to port printed (several runs, median);
//   - throughput: Analyze over a few thousand resources (resources/s);
//   - AnalyzeStack: one call with the whole large stack (ms).
// Figures are printed and written to bench-results/ (ignored by git); they
// are never asserted by tests.
//
//   npm run bench [-- --runs 7 --copies 50]
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openPack, POLICY_PACK_DIR } from "../analyzer";
import { launchPack } from "../analyzer/launch";
import { REPO_ROOT } from "../harness/project";
import { runStack } from "../harness/run";
import { ensureAwsGuardPack } from "./awsguard";
import { buildWorkload, Workload } from "./workload";

export interface PackFigures {
    readonly pack: string;
    /** Median ms from launch to port, and every run. */
    readonly coldStartMs: number;
    readonly coldStartRunsMs: readonly number[];
    readonly analyzeResourcesPerSecond: number;
    readonly analyzeStackMs: number;
    readonly diagnostics: number;
}

export function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function arg(name: string, fallback: number): number {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
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

/** Analyze over the workload (8 calls in flight, as the engine runs steps in parallel), then one AnalyzeStack. */
export async function measureThroughput(dir: string, workload: Workload): Promise<{ perSecond: number; stackMs: number; diagnostics: number }> {
    const pack = await openPack({ packDir: dir, project: "bench", stack: "bench", concurrency: 8, timeoutMs: 180000 });
    try {
        // One warm-up pass so every pack is measured with its code loaded and JIT-compiled.
        await pack.analyzeInputs(workload.stack.slice(0, 200), workload.analyze.slice(0, 200));
        let diagnostics = 0;
        const t0 = process.hrtime.bigint();
        await Promise.all(Array.from({ length: 8 }, async (_, w) => {
            for (let i = w; i < workload.analyze.length; i += 8) {
                diagnostics += (await pack.client.analyze(workload.analyze[i])).diagnostics.length;
            }
        }));
        const analyzeMs = Number(process.hrtime.bigint() - t0) / 1e6;
        const t1 = process.hrtime.bigint();
        diagnostics += (await pack.client.analyzeStack(workload.stack)).diagnostics.length;
        const stackMs = Number(process.hrtime.bigint() - t1) / 1e6;
        return { perSecond: workload.analyze.length / (analyzeMs / 1000), stackMs, diagnostics };
    } finally {
        await pack.close();
    }
}

/** Measures every pack: interleaved cold starts, then throughput one pack at a time. */
export async function measurePacks(packs: readonly { name: string; dir: string }[], workload: Workload, runs: number): Promise<PackFigures[]> {
    const starts = await coldStarts(packs.map((p) => p.dir), runs);
    const out: PackFigures[] = [];
    for (const [k, p] of packs.entries()) {
        console.error(`measuring ${p.name} ...`);
        const t = await measureThroughput(p.dir, workload);
        out.push({ pack: p.name, coldStartMs: median(starts[k]), coldStartRunsMs: starts[k], analyzeResourcesPerSecond: t.perSecond, analyzeStackMs: t.stackMs, diagnostics: t.diagnostics });
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
    if (!fs.existsSync(modules)) {
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), modules, "dir");
    }
    return dir;
}

function table(rows: readonly PackFigures[], resources: number): string {
    const ours = rows[0];
    const ref = rows.find((r) => r.pack === "@pulumi/awsguard");
    const lines = [
        `| pack | cold start (median of ${ours.coldStartRunsMs.length}) | Analyze, ${resources} resources | AnalyzeStack, ${resources} resources |`,
        "|---|---|---|---|",
        ...rows.map((r) => `| ${r.pack} | ${r.coldStartMs.toFixed(0)} ms | ${r.analyzeResourcesPerSecond.toFixed(0)} resources/s | ${r.analyzeStackMs.toFixed(0)} ms |`),
    ];
    if (ref) {
        lines.push(
            `| ratio (ours / awsguard) | ${(ours.coldStartMs / ref.coldStartMs).toFixed(2)} | ${(ours.analyzeResourcesPerSecond / ref.analyzeResourcesPerSecond).toFixed(2)} | ${(ours.analyzeStackMs / ref.analyzeStackMs).toFixed(2)} |`,
        );
    }
    return lines.join("\n");
}

async function main(): Promise<void> {
    const runs = arg("runs", 7);
    const copies = arg("copies", 50);
    const run = await runStack("prod");
    const workload = buildWorkload(run, copies);
    console.error(`workload: ${workload.analyze.length} resources (${copies} copies of the prod stack and judged extras)`);
    const packs = [{ name: "tickettoken-network", dir: POLICY_PACK_DIR }];
    try {
        packs.push({ name: "@pulumi/awsguard", dir: ensureAwsGuardPack() });
    } catch (e) {
        console.error(`awsguard not measured: ${(e as Error).message}`);
    }
    packs.push({ name: "(empty pack: runner floor)", dir: ensureEmptyPack() });
    const rows = await measurePacks(packs, workload, runs);
    const report = table(rows, workload.analyze.length);
    console.log(report);
    const outDir = path.join(REPO_ROOT, "bench-results");
    fs.mkdirSync(outDir, { recursive: true });
    const when = new Date().toISOString();
    fs.writeFileSync(path.join(outDir, "pack.json"), JSON.stringify({ when, node: process.version, resources: workload.analyze.length, rows }, null, 2));
    fs.writeFileSync(path.join(outDir, "pack.md"), `# Pack benchmark (${when}, node ${process.version})\n\n${report}\n`);
    console.error(`written to ${path.relative(process.cwd(), outDir)}/pack.{json,md}`);
}

if (require.main === module) {
    main().then(
        () => process.exit(0),
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
}
