// The benchmarks, printed and written to bench-results/ (ignored by git);
// never asserted by tests.
//
//   npm run bench [-- --runs 7 --copies 50 --plan-runs 3 --scale 7,70,700]
//
// 1. the offline plan's wall time per stack, as a user runs it;
// 2. how the plan grows when the catalog grows from 7 to 70 to 700 services;
// 3. the pack's cold start, Analyze throughput and AnalyzeStack time beside
//    @pulumi/awsguard (installed on demand into a scratch folder) and an empty pack.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../harness/project";
import { numberArg, packBench } from "./pack";
import { planTable, scalePoint, ScalePoint, scaleTable, timePlan } from "./plan";

function scaleArg(): number[] {
    const i = process.argv.indexOf("--scale");
    return (i > 0 ? process.argv[i + 1] : "7,70,700").split(",").map(Number);
}

async function main(): Promise<void> {
    const planRuns = numberArg("plan-runs", 3);
    console.error("1/3 offline plan per stack ...");
    const plans = ["dev", "staging", "prod"].map((s) => timePlan(s, planRuns));
    console.error("2/3 catalog growth ...");
    const points: ScalePoint[] = [];
    for (const n of scaleArg()) {
        console.error(`  ${n} services ...`);
        points.push(await scalePoint(n));
    }
    console.error("3/3 policy packs ...");
    const pack = await packBench(numberArg("runs", 7), numberArg("copies", 50));

    const when = new Date().toISOString();
    const md = [
        `# Benchmarks (${when}, node ${process.version})`,
        "",
        "## Offline plan",
        planTable(plans),
        "",
        "## Growth with the catalog (prod config, preview, the pack over gRPC)",
        scaleTable(points),
        "",
        "## Policy pack",
        pack.table,
        "",
    ].join("\n");
    console.log(md);
    const dir = path.join(REPO_ROOT, "bench-results");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "bench.md"), md);
    fs.writeFileSync(path.join(dir, "bench.json"), JSON.stringify({ when, node: process.version, plans, scale: points, pack }, null, 2));
    console.error(`written to bench-results/bench.{md,json}`);
}

main().then(
    () => process.exit(0),
    (e) => {
        console.error(e);
        process.exit(1);
    },
);
