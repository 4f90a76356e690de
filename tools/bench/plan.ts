// Benchmarks of the offline plan: its wall time per stack as a user runs it
// (a fresh process), and how the plan's parts grow when the catalog grows
// from 7 to 70 to 700 services. Growth is reported as the exponent k in
// time ~ resources^k between sizes: 1 is linear, 2 quadratic.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { openPack, toAnalyzeInput, toStackInput } from "../analyzer";
import { REPO_ROOT } from "../harness/project";
import { runComponents } from "../harness/run";
import { loadStackConfig } from "../../infra/config";
import { buildStack } from "../../infra/stack";
import { generateCatalog } from "./catalog";
import { analyzeEach, median, medianTime, timed } from "./measure";

export interface PlanTiming {
    readonly stack: string;
    /** Median wall time of the plan, fresh process, nothing changed since the last run. */
    readonly wallMs: number;
    readonly runsMs: readonly number[];
    /** Median wall time of the floor (a bare Node loading the same SDKs), measured between the plan's runs. */
    readonly floorMs: number;
    readonly floorRunsMs: readonly number[];
    /** wallMs / floorMs: the target is at most 3. */
    readonly ratio: number;
    /** Median CPU time (user + system) of the plan's process and the pack's, per run; undefined where /proc is not there. */
    readonly cpuMs?: number;
    /** Median CPU time of the floor. */
    readonly floorCpuMs?: number;
}

export interface ScalePoint {
    readonly services: number;
    readonly resources: number;
    readonly programMs: number;
    readonly analyzeMs: number;
    readonly analyzeStackMs: number;
}

/** The Node flags of `npm run plan` (package.json), without the loader: the floor runs with the same. */
export const PLAN_NODE_FLAGS = ["--max-semi-space-size=64", "--max-old-space-size=8192"];

/** The SDKs the stack program loads; the floor loads exactly these and nothing else. */
export const FLOOR_SCRIPT = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/kubernetes", "@pulumi/cloudflare", "@pulumi/random"].map((m) => `require(${JSON.stringify(m)});`).join(" ");

/**
 * CPU time (user + system) of the children this process has waited for, from /proc/self/stat (cutime, cstime): a
 * child's own reaped children count in it, so the plan's figure includes the pack's process. Undefined off Linux.
 */
function childrenCpuMs(): number | undefined {
    try {
        const stat = fs.readFileSync("/proc/self/stat", "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // Fields 16 and 17 of proc(5), counted after the command name; in clock ticks, which are 1/100 s on Linux.
        return (Number(fields[13]) + Number(fields[14])) * 10;
    } catch {
        return undefined;
    }
}

/** Wall and CPU time of one run. */
interface Sample {
    readonly wallMs: number;
    readonly cpuMs: number | undefined;
}

function timedRun(args: readonly string[], what: string): Sample {
    const cpu = childrenCpuMs();
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) {
        throw new Error(`${what} exited ${r.status}: ${r.stderr}`);
    }
    const after = childrenCpuMs();
    return { wallMs, cpuMs: cpu === undefined || after === undefined ? undefined : after - cpu };
}

function medianCpu(samples: readonly Sample[]): number | undefined {
    return samples.every((s) => s.cpuMs !== undefined) ? median(samples.map((s) => s.cpuMs!)) : undefined;
}

/**
 * Wall time of `npm run plan -- <stack>` as a user runs it when nothing has
 * changed since the last run (pack built, TypeScript compiled, diagram
 * rendered: one untimed run first makes it so), in a fresh process each run,
 * with the diagram written to a scratch folder; and, between its runs, the
 * floor: a bare Node with the same flags that only loads the same SDKs.
 */
export function timePlan(stack: string, runs: number, diagramDir: string): PlanTiming {
    const plan = [...PLAN_NODE_FLAGS, "-r", "./tools/compile/register.js", "tools/plan/main.ts", stack, "--diagram", diagramDir];
    const floor = [...PLAN_NODE_FLAGS, "-e", FLOOR_SCRIPT];
    timedRun(plan, `plan of ${stack}`);
    const samples: Sample[] = [];
    const floorSamples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
        floorSamples.push(timedRun(floor, "the floor"));
        samples.push(timedRun(plan, `plan of ${stack}`));
    }
    const runsMs = samples.map((x) => x.wallMs);
    const floorRunsMs = floorSamples.map((x) => x.wallMs);
    const wallMs = median(runsMs);
    const floorMs = median(floorRunsMs);
    return { stack, wallMs, runsMs, floorMs, floorRunsMs, ratio: wallMs / floorMs, cpuMs: medianCpu(samples), floorCpuMs: medianCpu(floorSamples) };
}

/** The prod stack built from a generated catalog of `services` services, then judged by the pack. */
export async function scalePoint(services: number): Promise<ScalePoint> {
    // Each point starts from a collected heap, so that one size does not pay for the garbage of the last
    // (`npm run bench` passes --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    const catalog = generateCatalog(services);
    const t0 = Date.now();
    const { resources } = await runComponents(() => {
        // 70 and 700 services behind one gateway are beyond AWS's security-group quotas (the gateway's group alone would
        // need a rule per service); the stack refuses them, and the benchmark measures the program, not a deployment.
        buildStack(loadStackConfig(new pulumi.Config()), catalog, { checkQuotas: false });
    }, { stack: "prod", preview: true });
    const programMs = Date.now() - t0;
    const pack = await openPack({ project: "tickettoken", stack: "prod", timeoutMs: 180000 });
    try {
        const analyze = resources.map(toAnalyzeInput);
        const stack = resources.map(toStackInput);
        const analyzeMs = await timed(() => analyzeEach(pack.client, analyze));
        // One call is a single large message whose time swings with the pack's garbage collection: take the median of three.
        const analyzeStackMs = await medianTime(3, () => pack.client.analyzeStack(stack));
        return { services, resources: resources.length, programMs, analyzeMs, analyzeStackMs };
    } finally {
        await pack.close();
    }
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

/** Exponent k of time ~ resources^k between two points. */
export function growth(a: ScalePoint, b: ScalePoint, time: (p: ScalePoint) => number): number {
    return Math.log(time(b) / time(a)) / Math.log(b.resources / a.resources);
}

export function planTable(timings: readonly PlanTiming[]): string {
    const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
    const cpu = (x: number | undefined) => (x === undefined ? "-" : s(x));
    return [
        `| stack | offline plan (median of ${timings[0]?.runsMs.length ?? 0}, fresh process) | floor: bare Node loading the SDKs (same run) | ratio (target ≤ 3) | CPU: plan and pack | CPU: floor |`,
        "|---|---|---|---|---|---|",
        ...timings.map((t) => `| ${t.stack} | ${s(t.wallMs)} | ${s(t.floorMs)} | ${t.ratio.toFixed(2)} | ${cpu(t.cpuMs)} | ${cpu(t.floorCpuMs)} |`),
        "",
        "CPU: user + system time, median of the same runs (the plan's process with the pack's; wall time on a shared machine swings with the load, CPU time less).",
        `floor: node ${PLAN_NODE_FLAGS.join(" ")} -e '${FLOOR_SCRIPT}'`,
    ].join("\n");
}

export function scaleTable(points: readonly ScalePoint[]): string {
    const rows = points.map((p, i) => {
        const prev = points[i - 1];
        const k = (f: (p: ScalePoint) => number) => (prev ? growth(prev, p, f).toFixed(2) : "-");
        return `| ${p.services} | ${p.resources} | ${ms(p.programMs)} (k=${k((x) => x.programMs)}) | ${ms(p.analyzeMs)} (k=${k((x) => x.analyzeMs)}) | ${ms(p.analyzeStackMs)} (k=${k((x) => x.analyzeStackMs)}) |`;
    });
    return [
        "| services | resources | program under mocks | Analyze (all) | AnalyzeStack (median of 3) |",
        "|---|---|---|---|---|",
        ...rows,
        "",
        "k: growth exponent from the row above (time ~ resources^k); 1 is linear, 2 quadratic.",
    ].join("\n");
}
