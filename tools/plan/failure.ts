// What the plan says when a program or its config cannot run: every config
// problem at once (those the CLI would find and the program's own), each value
// given with --config saying so; otherwise the cause and the last resource that
// had registered.
import { ConfigError, ConfigProblem, stackConfigProblems } from "../../infra/config";
import { OVERRIDE_ORIGIN, StackFileError } from "../harness/project";
import { RunError } from "../harness/run";

/** The problems again, each value given with --config saying so. */
function withOrigins(problems: readonly ConfigProblem[], overrides: Readonly<Record<string, unknown>>): ConfigError {
    return new ConfigError(problems.map((p) => (p.origin === undefined && p.key in overrides ? { ...p, origin: OVERRIDE_ORIGIN } : p)));
}

export function describeFailure(e: unknown, overrides: Readonly<Record<string, unknown>> = {}): string {
    // The CLI's own checks failed (types, missing keys, secrets): judge the
    // values that passed them too, so that every problem is reported at once.
    if (e instanceof StackFileError && e.partial && e.problems.length > 0) {
        const all = stackConfigProblems(e.partial.config, e.problems);
        return all ? `${e.note}${withOrigins(all.problems, overrides).message}` : e.message;
    }
    const cause = e instanceof RunError ? e.cause : e;
    if (cause instanceof Error && cause.name === "ConfigError") {
        return withOrigins((cause as ConfigError).problems, overrides).message;
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    if (e instanceof RunError) {
        const last = [...e.resources].reverse().find((r) => r.custom);
        if (last) {
            return `${message}\n  (the last resource registered before the failure: ${last.type} ${last.name})`;
        }
    }
    return message;
}
