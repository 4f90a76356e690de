// What every benchmark measures with: medians, elapsed time, and Analyze
// driven the way the engine drives it.
import { AnalyzeInput, PackClient } from "../analyzer";

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
