// The benchmarks, printed and written to bench-results/ (ignored by git);
// never asserted by tests.
//
//   npm run bench [-- --runs 7 --copies 50 --plan-runs 5 --scale 7,70,700 --crafted-size 20000 --crafted-runs 3 --only plan,scale,pack,crafted --baseline <pack dir>]
//
// 1. the offline plan's wall time per stack, as a user runs it, beside the
//    floor (a bare Node loading the same SDKs) measured in the same run, as a ratio;
// 2. how the plan grows when the catalog grows from 7 to 70 to 700 services;
// 3. the pack's cold start, Analyze throughput and AnalyzeStack time beside
//    @pulumi/awsguard (installed on demand into a scratch folder) and an empty pack;
// 4. the pack on crafted stacks (shared ids, prefix lists against rules, Ingresses
//    with thousands of hosts, a 20,000-resource mix): time and peak memory.
import * as fs from "fs";
import * as path from "path";
import { POLICY_PACK_DIR } from "../analyzer";
import { REPO_ROOT } from "../harness/project";
import { ensurePackBuilt } from "../plan/packBuild";
import { craftedBench, CraftedFigures, craftedTable } from "./crafted";
import { packBench } from "./pack";
import { planTable, scalePoint, ScalePoint, scaleTable, timePlan } from "./plan";

/** Reads `--name <text>` from the command line. */
function textArg(name: string): string | undefined {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
}

/** Reads `--name <number>` from the command line. */
function numberArg(name: string, fallback: number): number {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function scaleArg(): number[] {
    const i = process.argv.indexOf("--scale");
    return (i > 0 ? process.argv[i + 1] : "7,70,700").split(",").map(Number);
}

type Part = "plan" | "scale" | "pack" | "crafted";

function partsArg(): Set<Part> {
    const i = process.argv.indexOf("--only");
    const all: Part[] = ["plan", "scale", "pack", "crafted"];
    const asked = i > 0 ? process.argv[i + 1].split(",") : all;
    const unknown = asked.filter((p) => !all.includes(p as Part));
    if (unknown.length > 0) {
        throw new Error(`--only takes ${all.join(",")}; not ${unknown.join(",")}`);
    }
    return new Set(asked as Part[]);
}

async function main(): Promise<void> {
    const parts = partsArg();
    ensurePackBuilt(POLICY_PACK_DIR);
    const diagrams = path.join(REPO_ROOT, "bench-results", "diagrams");
    const plans = parts.has("plan") ? (console.error("offline plan per stack, beside the floor ..."), ["dev", "staging", "prod"].map((s) => timePlan(s, numberArg("plan-runs", 5), diagrams))) : [];
    const points: ScalePoint[] = [];
    for (const n of parts.has("scale") ? scaleArg() : []) {
        console.error(`catalog growth: ${n} services ...`);
        points.push(await scalePoint(n));
    }
    const pack = parts.has("pack") ? (console.error("policy packs ..."), await packBench(numberArg("runs", 7), numberArg("copies", 50), textArg("baseline"))) : undefined;
    const crafted: CraftedFigures[] = parts.has("crafted") ? await craftedBench(numberArg("crafted-runs", 3), numberArg("crafted-size", 20000), textArg("baseline")) : [];

    const when = new Date().toISOString();
    const md = [
        `# Benchmarks (${when}, node ${process.version})`,
        "",
        ...(plans.length ? ["## Offline plan", planTable(plans), ""] : []),
        ...(points.length ? ["## Growth with the catalog (prod config, preview, the pack over gRPC)", scaleTable(points), ""] : []),
        ...(pack ? ["## Policy pack", pack.table, ""] : []),
        ...(crafted.length ? ["## Policy pack on crafted stacks (a fresh pack each; peak = the pack process's VmHWM)", craftedTable(crafted), ""] : []),
    ].join("\n");
    console.log(md);
    const dir = path.join(REPO_ROOT, "bench-results");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "bench.md"), md);
    fs.writeFileSync(path.join(dir, "bench.json"), JSON.stringify({ when, node: process.version, plans, scale: points, pack, crafted }, null, 2));
    console.error(`written to bench-results/bench.{md,json}`);
}

main().then(
    () => process.exit(0),
    (e) => {
        console.error(e);
        process.exit(1);
    },
);
