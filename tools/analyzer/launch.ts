// Starts a policy pack exactly as the Pulumi CLI does: the
// `pulumi-analyzer-policy` shim resolves @pulumi/pulumi/cmd/run-policy-pack
// from the pack's folder and runs it with node, with the pack folder as the
// working directory and the arguments <engine-address> "."; the pack prints
// its gRPC port as the first line of stdout.
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { REPO_ROOT } from "../harness/project";

/** The repository's policy pack. */
export const POLICY_PACK_DIR = path.join(REPO_ROOT, "policies");

export interface LaunchOptions {
    /** Address the engine serves on; the Node runner takes it but packs do not dial it. @default "127.0.0.1:0" */
    readonly engineAddress?: string;
    /** Project, stack and dry-run flag, passed as the engine passes them (environment). */
    readonly project?: string;
    readonly stack?: string;
    readonly dryRun?: boolean;
    /** Give up waiting for the port after this long. @default 60000 */
    readonly timeoutMs?: number;
    /**
     * Node options before the runner's script, for what changes no behaviour of the pack (the plan preloads V8's
     * code cache, tools/compile/codeCache.js; a profile needs --cpu-prof). @default none, as the CLI starts it
     */
    readonly nodeArgs?: readonly string[];
}

/** A running pack. */
export interface RunningPack {
    /** "127.0.0.1:<port>" */
    readonly address: string;
    readonly process: ChildProcess;
    /** Milliseconds from spawn to the port line. */
    readonly startMs: number;
    /** Everything the pack wrote to stderr so far. */
    stderr(): string;
    /** Stops the pack (SIGTERM) and waits for it to exit. */
    stop(): Promise<void>;
}

/** Where `pulumi-analyzer-policy` finds the runner: resolved from the pack folder. */
export function runPolicyPackScript(packDir: string): string {
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
}

export function launchPack(packDir: string = POLICY_PACK_DIR, options: LaunchOptions = {}): Promise<RunningPack> {
    const script = runPolicyPackScript(packDir);
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (options.project) env.PULUMI_NODEJS_PROJECT = options.project;
    if (options.stack) env.PULUMI_NODEJS_STACK = options.stack;
    if (options.dryRun !== undefined) env.PULUMI_NODEJS_DRY_RUN = String(options.dryRun);
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, options.engineAddress ?? "127.0.0.1:0", "."], { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (d: string) => (stderr += d));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
        }
        await exited;
    };
    return new Promise<RunningPack>((resolve, reject) => {
        let stdout = "";
        const timer = setTimeout(() => {
            void stop();
            reject(new Error(`policy pack in ${packDir} printed no port within ${options.timeoutMs ?? 60000} ms; stderr:\n${stderr}`));
        }, options.timeoutMs ?? 60000);
        child.stdout!.setEncoding("utf8");
        const onData = (d: string) => {
            stdout += d;
            const newline = stdout.indexOf("\n");
            if (newline < 0) {
                return;
            }
            clearTimeout(timer);
            child.stdout!.off("data", onData);
            child.stdout!.resume(); // keep draining what the pack logs later
            const line = stdout.slice(0, newline).trim();
            if (!/^[0-9]+$/.test(line)) {
                void stop();
                reject(new Error(`policy pack in ${packDir} printed ${JSON.stringify(line)} instead of a port; stderr:\n${stderr}`));
                return;
            }
            resolve({
                address: `127.0.0.1:${line}`,
                process: child,
                startMs: Number(process.hrtime.bigint() - started) / 1e6,
                stderr: () => stderr,
                stop,
            });
        };
        child.stdout!.on("data", onData);
        child.once("exit", (code, signal) => {
            clearTimeout(timer);
            reject(new Error(`policy pack in ${packDir} exited (${code ?? signal}) before printing its port; stderr:\n${stderr}`));
        });
    });
}
