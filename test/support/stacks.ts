// Each stack run once per test process and mode, and shared: whole-stack runs
// take seconds, and what they registered is only read.
import { runStack, RunResult } from "../../tools/harness/run";

export const STACKS = ["dev", "staging", "prod"] as const;

/** The Pulumi policy group these stacks are in (policies/groups/<group>.json); the workflows name it as POLICY_GROUP. */
export const STACKS_POLICY_GROUP = "tickettoken";

const cached = new Map<boolean, Promise<Record<string, RunResult>>>();

/** The runs of every stack under the mocks, with each stack's own config; after apply unless `preview`. */
export function runAllStacks({ preview = false }: { preview?: boolean } = {}): Promise<Record<string, RunResult>> {
    let runs = cached.get(preview);
    if (runs === undefined) {
        runs = (async () => {
            const out: Record<string, RunResult> = {};
            for (const stack of STACKS) {
                out[stack] = await runStack(stack, {}, { preview });
            }
            return out;
        })();
        cached.set(preview, runs);
    }
    return runs;
}
