// What the plan says when a program or its config cannot run: the cause,
// and (unless it was the config) the last resource that had registered.
import { RunError } from "../harness/run";

export function describeFailure(e: unknown): string {
    const cause = e instanceof RunError ? e.cause : e;
    const message = cause instanceof Error ? cause.message : String(cause);
    if (e instanceof RunError && !(cause instanceof Error && cause.name === "ConfigError")) {
        const last = [...e.resources].reverse().find((r) => r.custom);
        if (last) {
            return `${message}\n  (the last resource registered before the failure: ${last.type} ${last.name})`;
        }
    }
    return message;
}
