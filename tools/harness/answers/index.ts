// Every offline answer, gathered from one file per area so that areas grow
// independently. A token or type listed twice is a mistake and fails loudly.
import { NETWORK_COMPUTED, NETWORK_INVOKES } from "./network";
import { CLUSTER_COMPUTED, CLUSTER_INVOKES } from "./cluster";
import { EDGE_COMPUTED, EDGE_INVOKES } from "./edge";
import { DATA_COMPUTED } from "./data";
import { OPERATIONS_COMPUTED } from "./operations";
import { DEPLOY_COMPUTED } from "./deploy";
import { InvokeHandler, OutputSynth } from "./types";

export { MockAccount, InvokeHandler, OutputSynth } from "./types";

function merge<T>(what: string, ...parts: Array<Record<string, T>>): Record<string, T> {
    const out: Record<string, T> = {};
    for (const part of parts) {
        for (const [key, value] of Object.entries(part)) {
            if (key in out) {
                throw new Error(`offline ${what} for ${key} is defined twice`);
            }
            out[key] = value;
        }
    }
    return out;
}

/** Data-source answers, by invoke token. An invoke not listed here fails the run loudly. */
export const INVOKES: Record<string, InvokeHandler> = merge("answer", NETWORK_INVOKES, CLUSTER_INVOKES, EDGE_INVOKES);

/** Computed outputs beyond the generic id/arn, by resource type. */
export const COMPUTED: Record<string, OutputSynth> = merge("outputs", NETWORK_COMPUTED, CLUSTER_COMPUTED, EDGE_COMPUTED, DATA_COMPUTED, OPERATIONS_COMPUTED, DEPLOY_COMPUTED);
