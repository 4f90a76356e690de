// Runs a Pulumi program (the stack, or a few components) against the mocks and
// returns everything it registered. Used by the tests and the offline plan.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { captureCreationSites } from "./creationSites";
import { DEFAULT_ACCOUNT, MockAccount, OfflineMocks } from "./mocks";
import { readStackSettings, REPO_ROOT, StackSettings, STACK_PROGRAM } from "./project";
import { AnswerListener, RecordedResource, recordRegistrations, RegistrationListener } from "./recorder";

// Internal to @pulumi/pulumi (not in its typings): resolves once every
// outstanding resource RPC has finished, as the language host does before exit.
const runtimeSettings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export { STACK_PROGRAM } from "./project";

/** How to run. */
export interface RunOptions {
    /** Preview mode: computed outputs are unknown, as in `pulumi preview`. @default false */
    readonly preview?: boolean;
    /** Fake account and region. @default DEFAULT_ACCOUNT with the stack's aws:region */
    readonly account?: Partial<MockAccount>;
    /** Called with each resource as it registers (the plan streams them to the pack). @default none */
    readonly onRegister?: RegistrationListener;
    /** Called with each resource once the mock provider has answered (the plan encodes its AnalyzeStack entry then). @default none */
    readonly onAnswer?: AnswerListener;
}

/** Everything a run registered. */
export interface RunResult {
    readonly settings: StackSettings;
    readonly resources: readonly RecordedResource[];
    /** Outputs registered by components and the stack, by URN (wire form). */
    readonly componentOutputs: ReadonlyMap<string, Record<string, unknown>>;
    /** The stack's exports (only for `runStack`). */
    readonly outputs: Record<string, unknown>;
}

/** A run that failed: the cause, and what had registered before it did. */
export class RunError extends Error {
    constructor(
        readonly cause: unknown,
        readonly resources: readonly RecordedResource[],
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.name = "RunError";
    }
}

async function withMocks(
    settings: StackSettings,
    options: RunOptions,
    body: () => Promise<Record<string, unknown>>,
): Promise<RunResult> {
    const preview = options.preview ?? false;
    const account: MockAccount = {
        ...DEFAULT_ACCOUNT,
        region: settings.config["aws:region"] ?? DEFAULT_ACCOUNT.region,
        ...options.account,
    };
    await pulumi.runtime.setMocks(new OfflineMocks(preview, account), settings.project, settings.stack, preview);
    pulumi.runtime.setAllConfig({ ...settings.config }, []);
    const recording = recordRegistrations(options.onRegister, options.onAnswer);
    // Pulumi records a stack trace for every promise it creates (to report
    // leaks) and for every resource (its source position). Under ts-node each
    // trace is mapped through source maps, and the traces alone cost more than
    // half of a run, growing faster than the stack. Offline runs keep no
    // frames for promises, and take each resource's frames as structured call
    // sites, mapped to source lines only when a report asks (creationSites.ts).
    const prepareStackTrace = Error.prepareStackTrace;
    const stackTraceLimit = Error.stackTraceLimit;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    Error.stackTraceLimit = 0;
    const restoreSites = captureCreationSites();
    // Errors raised while resources register surface as unhandled rejections,
    // not as a rejection of the program, and the failed registration never
    // completes (the real language host exits on the first one). Fail the run
    // on the first of them instead of waiting forever.
    let fail: (reason: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    const onRejection = (reason: unknown) => fail(reason);
    process.on("unhandledRejection", onRejection);
    try {
        const outputs = await Promise.race([body(), failed]);
        await Promise.race([runtimeSettings.waitForRPCs(), failed]);
        // Let rejections raised by the last RPCs reach the handler.
        await Promise.race([new Promise((resolve) => setImmediate(resolve)), failed]);
        return { settings, resources: recording.resources, componentOutputs: recording.outputs, outputs };
    } catch (e) {
        throw new RunError(e, [...recording.resources]);
    } finally {
        restoreSites();
        Error.prepareStackTrace = prepareStackTrace;
        Error.stackTraceLimit = stackTraceLimit;
        process.off("unhandledRejection", onRejection);
    }
}

/** What `runStack` runs, beyond RunOptions. */
export interface StackRunOptions extends RunOptions {
    /** The program's entry file. @default infra/index.ts under `root` */
    readonly program?: string;
    /** The tree whose Pulumi.yaml and Pulumi.<stack>.yaml are read (another revision, for instance). @default REPO_ROOT */
    readonly root?: string;
}

/**
 * Runs the stack program for `stack` end to end: config from
 * Pulumi.<stack>.yaml (with `overrides`), resources under a root Stack.
 */
export function runStack(
    stack: string,
    overrides: Readonly<Record<string, unknown>> = {},
    options: StackRunOptions = {},
): Promise<RunResult> {
    const root = options.root ?? REPO_ROOT;
    const settings = readStackSettings(stack, overrides, root);
    const program = require.resolve(options.program ?? path.join(root, path.relative(REPO_ROOT, STACK_PROGRAM)));
    return withMocks(settings, options, async () => {
        // The entry module registers resources when it loads: load it afresh each run.
        delete require.cache[program];
        const outputs = await pulumi.runtime.runInPulumiStack(async () => require(program));
        return (outputs ?? {}) as Record<string, unknown>;
    });
}

/**
 * Runs `build` (which creates components directly) under mocks, with the
 * config of `stack` available to it.
 */
export function runComponents(
    build: () => void,
    options: RunOptions & { readonly stack?: string; readonly overrides?: Readonly<Record<string, unknown>> } = {},
): Promise<RunResult> {
    const settings = readStackSettings(options.stack ?? "dev", options.overrides ?? {});
    return withMocks(settings, options, async () => {
        build();
        return {};
    });
}

/** Resources of one type token. */
export function ofType(run: Pick<RunResult, "resources">, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** Count of custom resources by type token. */
export function countByType(run: Pick<RunResult, "resources">): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of run.resources) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
}
