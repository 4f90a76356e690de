// Each stack run once per test process and shared: whole-stack runs take
// seconds, and what they registered is only read.
import { runStack, RunResult } from "../../tools/harness/run";

export const STACKS = ["dev", "staging", "prod"] as const;

let cached: Promise<Record<string, RunResult>> | undefined;

/** The runs of every stack under the (non-preview) mocks, with each stack's own config. */
export function runAllStacks(): Promise<Record<string, RunResult>> {
    cached ??= (async () => {
        const runs: Record<string, RunResult> = {};
        for (const stack of STACKS) {
            runs[stack] = await runStack(stack);
        }
        return runs;
    })();
    return cached;
}
