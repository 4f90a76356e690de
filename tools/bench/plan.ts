// Benchmarks of the offline plan: its wall time per stack as a user runs it
// (a fresh process), and how the plan's parts grow when the catalog grows
// from 7 to 70 to 700 services. Growth is reported as the exponent k in
// time ~ resources^k between sizes: 1 is linear, 2 quadratic.
import { spawnSync } from "child_process";
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
    readonly wallMs: number;
    readonly runsMs: readonly number[];
}

export interface ScalePoint {
    readonly services: number;
    readonly resources: number;
    readonly programMs: number;
    readonly analyzeMs: number;
    readonly analyzeStackMs: number;
}

/** Node's arguments for a timed plan: `npm bench` runs with the heap flags `npm run plan` passes (package.json), so pass ours on. */
function planNodeArgs(): string[] {
    const register = "ts-node/register/transpile-only";
    return process.execArgv.includes(register) ? [...process.execArgv] : [...process.execArgv, "-r", register];
}

/** Wall time of `npm run plan` for a stack (without the pack build), in a fresh process each run. */
export function timePlan(stack: string, runs: number): PlanTiming {
    const runsMs: number[] = [];
    for (let i = 0; i < runs; i++) {
        const t = Date.now();
        const r = spawnSync(process.execPath, [...planNodeArgs(), "tools/plan/main.ts", stack, "--no-diagram"], { cwd: REPO_ROOT, encoding: "utf8" });
        if (r.status !== 0) {
            throw new Error(`plan of ${stack} exited ${r.status}: ${r.stderr}`);
        }
        runsMs.push(Date.now() - t);
    }
    return { stack, wallMs: median(runsMs), runsMs };
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
    return [
        `| stack | offline plan wall time (median of ${timings[0]?.runsMs.length ?? 0}, fresh process) |`,
        "|---|---|",
        ...timings.map((t) => `| ${t.stack} | ${(t.wallMs / 1000).toFixed(1)} s |`),
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
