// Drive a policy pack over its real interface: launch it as the CLI does,
// configure it as the engine does, and feed it the resources of a harness
// run (Analyze for each, then AnalyzeStack for all). Used by the pack's
// tests, the offline plan and the benchmarks.
import { RecordedResource } from "../harness/recorder";
import { RunResult } from "../harness/run";
import { AnalyzeInput, AnalyzerInfo, Diagnostic, engineConfig, PackClient, StackInput } from "./client";
import { runConfigError } from "./configSchema";
import { UserPolicyConfig } from "./packConfig";
import { toAnalyzeInput, toStackInput } from "./convert";
import { launchPack, LaunchOptions, POLICY_PACK_DIR, RunningPack } from "./launch";

export * from "./client";
export * from "./configSchema";
export * from "./convert";
export * from "./launch";
export * from "./packConfig";
export * from "./stream";


/** A diagnostic and the call that produced it. */
export interface PackDiagnostic extends Diagnostic {
    readonly phase: "analyze" | "analyzeStack";
}

export interface PackReport {
    readonly diagnostics: readonly PackDiagnostic[];
    /** Resources sent to Analyze. */
    readonly analyzed: number;
}

/** A launched, connected pack. */
export interface OpenPack {
    readonly running: RunningPack;
    readonly client: PackClient;
    readonly info: AnalyzerInfo;
    /**
     * What the CLI does with a config before a run: every policy at its level
     * with schema defaults, overridden by `config`, validated against the
     * schema (rejects with the CLI's error), then sent in Configure. To send
     * what the CLI would refuse, use `client.configure(engineConfig(...))`.
     */
    configure(config?: UserPolicyConfig): Promise<void>;
    /** Analyze for every resource (some in flight at once, as the engine does), then AnalyzeStack. */
    analyze(resources: readonly RecordedResource[]): Promise<PackReport>;
    /** The same for inputs already in engine form. */
    analyzeInputs(resources: readonly StackInput[], analyzeInputs?: readonly AnalyzeInput[]): Promise<PackReport>;
    close(): Promise<void>;
}

export interface OpenOptions extends LaunchOptions {
    readonly packDir?: string;
    /** Config to send right after start. @default {} (defaults of every policy) */
    readonly config?: UserPolicyConfig;
    /** Analyze calls in flight at once. @default 8 */
    readonly concurrency?: number;
}

async function inParallel<T>(items: readonly T[], limit: number, body: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            await body(items[next++]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Launches the pack (the repository's by default), connects, and configures it. */
export async function openPack(options: OpenOptions = {}): Promise<OpenPack> {
    const running = await launchPack(options.packDir ?? POLICY_PACK_DIR, options);
    const client = new PackClient(running.address);
    try {
        const info = await client.getAnalyzerInfo();
        await client.configureStack({ project: options.project ?? "project", stack: options.stack ?? "stack", dryRun: options.dryRun ?? true });
        const pack: OpenPack = {
            running,
            client,
            info,
            configure: async (config = {}) => {
                const engine = engineConfig(info, config);
                const invalid = runConfigError(info, engine);
                if (invalid !== undefined) {
                    throw new Error(invalid);
                }
                await client.configure(engine);
            },
            analyzeInputs: async (stack, inputs = stack) => {
                const diagnostics: PackDiagnostic[] = [];
                await inParallel(inputs, options.concurrency ?? 8, async (r) => {
                    const res = await client.analyze(r);
                    diagnostics.push(...res.diagnostics.map((d) => ({ ...d, urn: d.urn || r.urn, phase: "analyze" as const })));
                });
                const res = await client.analyzeStack(stack);
                diagnostics.push(...res.diagnostics.map((d) => ({ ...d, phase: "analyzeStack" as const })));
                return { diagnostics, analyzed: inputs.length };
            },
            analyze: (resources) => pack.analyzeInputs(resources.map(toStackInput), resources.map(toAnalyzeInput)),
            close: async () => {
                client.close();
                await running.stop();
            },
        };
        await pack.configure(options.config);
        return pack;
    } catch (e) {
        client.close();
        await running.stop();
        throw e;
    }
}

/** Launches the pack, runs every resource of `run` through it, and stops it. */
export async function analyzeRun(run: Pick<RunResult, "resources" | "settings">, options: OpenOptions = {}): Promise<PackReport> {
    const pack = await openPack({ project: run.settings.project, stack: run.settings.stack, ...options });
    try {
        return await pack.analyze(run.resources);
    } finally {
        await pack.close();
    }
}

/** Mandatory diagnostics only. */
export function mandatory(report: Pick<PackReport, "diagnostics">): PackDiagnostic[] {
    return report.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
}
