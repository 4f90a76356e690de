// What every benchmark measures with: medians, elapsed time, and Analyze
// driven the way the engine drives it.
import * as fs from "fs";
import { AnalyzeInput, analyzeRequest, PackClient, preserialized } from "../analyzer";

export function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Milliseconds `body` takes. */
export async function timed(body: () => Promise<unknown>): Promise<number> {
    const t = process.hrtime.bigint();
    await body();
    return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Median milliseconds of `runs` calls of `body`, one after the other. */
export async function medianTime(runs: number, body: () => Promise<unknown>): Promise<number> {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
        ms.push(await timed(body));
    }
    return median(ms);
}

/** Analyze for every input with 8 calls in flight, as the engine runs steps in parallel; the number of diagnostics. */
export async function analyzeEach(client: PackClient, inputs: readonly AnalyzeInput[]): Promise<number> {
    let diagnostics = 0;
    await Promise.all(Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < inputs.length; i += 8) {
            diagnostics += (await client.analyze(inputs[i])).diagnostics.length;
        }
    }));
    return diagnostics;
}

/** Analyze requests built and encoded beforehand, so that sending them times the pack, not the client. */
export function preparedAnalyze(inputs: readonly AnalyzeInput[]) {
    return inputs.map((r) => preserialized(analyzeRequest(r)));
}

/** Sends prepared Analyze requests with 8 in flight; the number of diagnostics. */
export async function analyzePrepared(client: PackClient, requests: ReturnType<typeof preparedAnalyze>): Promise<number> {
    let diagnostics = 0;
    await Promise.all(Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < requests.length; i += 8) {
            diagnostics += (await client.sendAnalyze(requests[i])).diagnostics.length;
        }
    }));
    return diagnostics;
}

/** User + system CPU milliseconds a process has used (/proc/<pid>/stat, in clock ticks of 10 ms); NaN where /proc is not there. */
export function cpuMs(pid: number | undefined): number {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return NaN;
    }
}
