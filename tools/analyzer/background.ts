// The policy pack driven from a worker thread, for the offline plan. The
// program under mocks keeps its thread busy from its first registration to
// its last without ever returning to the event loop (the mocks answer through
// promises), so a pack driven from that thread is not served until the
// program is over: its port line, the handshake and every Analyze waited for
// the end. The worker has an event loop of its own: it starts the pack at
// once, connects and configures it while the program loads, sends each
// resource to Analyze as it registers (AnalyzeStream, as the engine does) and
// encodes its AnalyzeStack entry as soon as the provider has answered, so at
// the end of the program only AnalyzeStack itself is left. The program's
// thread only posts each resource's wire form.
import * as path from "path";
import { Worker } from "worker_threads";
import type { RecordedResource } from "../harness/recorder";
import type { AnalyzerInfo } from "./client";
import type { ConvertibleResource } from "./convert";
import type { PackDiagnostic, PackReport } from "./index";
import type { UserPolicyConfig } from "./packConfig";

/** What the worker needs to start and configure the pack. */
export interface BackgroundPackOptions {
    /** @default the repository's pack (policies/) */
    readonly packDir?: string;
    readonly project: string;
    readonly stack: string;
    readonly dryRun: boolean;
    /** The user's policy config (`--policy-pack-config`). @default {} */
    readonly config?: UserPolicyConfig;
    /** Node options of the pack's process (see LaunchOptions.nodeArgs). @default none */
    readonly nodeArgs?: readonly string[];
}

/** The pack once started and configured. */
export interface StartedPack {
    readonly info: AnalyzerInfo;
    /** Milliseconds from the pack's spawn to its port line. */
    readonly startMs: number;
    /** Milliseconds from `startPackInBackground` to the pack configured (measured by the worker: this thread may be busy then). */
    readonly readyMs: number;
}

/** What the worker is given. */
export interface WorkerData extends BackgroundPackOptions {
    /** Date.now() when the pack was asked for. */
    readonly begun: number;
}

/** Messages to the worker. */
export type ToWorker =
    | { readonly kind: "add"; readonly resource: ConvertibleResource }
    | { readonly kind: "answered"; readonly index: number; readonly id: string | undefined; readonly outputs: Record<string, unknown> | undefined }
    | { readonly kind: "finish" }
    | { readonly kind: "close" };

/** An error as it crosses threads: its message (what the plan reports) and its stack. */
export interface WorkerError {
    readonly message: string;
    readonly stack?: string;
}

/** Messages from the worker. */
export type FromWorker =
    | { readonly kind: "started"; readonly info: AnalyzerInfo; readonly startMs: number; readonly readyMs: number }
    | { readonly kind: "startFailed"; readonly error: WorkerError }
    | { readonly kind: "report"; readonly diagnostics: PackDiagnostic[]; readonly analyzed: number }
    | { readonly kind: "reportFailed"; readonly error: WorkerError }
    | { readonly kind: "closed" };

const WORKER = path.join(__dirname, "backgroundWorker.ts");
const REGISTER = path.join(__dirname, "..", "compile", "register.js");

function revive(e: WorkerError): Error {
    const error = new Error(e.message);
    if (e.stack) {
        error.stack = e.stack;
    }
    return error;
}

/** The wire form and graph of a resource: what the pack is sent, without what the worker does not read (plain inputs, frames). */
function convertible(r: RecordedResource): ConvertibleResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: r.custom,
        parent: r.parent,
        wire: r.wire,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        protect: r.protect,
        ignoreChanges: r.ignoreChanges,
        additionalSecretOutputs: r.additionalSecretOutputs,
        deleteBeforeReplace: r.deleteBeforeReplace,
        aliases: r.aliases,
        id: r.id,
        outputs: r.outputs,
    };
}

/** A pack started, configured and fed from a worker thread. */
export class BackgroundPack {
    /** Resolves once the pack is started and configured; rejects when it did not start or refused its config. */
    readonly started: Promise<StartedPack>;
    private readonly worker: Worker;
    private readonly indexes = new Map<RecordedResource, number>();
    private report: { resolve(r: PackReport): void; reject(e: unknown): void } | undefined;
    private readonly exited: Promise<void>;
    /** Why the worker can no longer answer (it failed, or it exited): a later `finish` rejects with it instead of waiting forever. */
    private crash: Error | undefined;

    constructor(options: BackgroundPackOptions) {
        // The worker loads TypeScript through the compile cache whatever loaded this thread's (mocha's ts-node, for one).
        this.worker = new Worker(`require(${JSON.stringify(REGISTER)}); require(${JSON.stringify(WORKER)});`, { eval: true, workerData: { ...options, begun: Date.now() } });
        let started: { resolve(p: StartedPack): void; reject(e: unknown): void } | undefined;
        this.started = new Promise<StartedPack>((resolve, reject) => (started = { resolve, reject }));
        this.started.catch(() => undefined); // awaited by the plan; a failure must not surface as unhandled meanwhile
        this.worker.on("message", (m: FromWorker) => {
            switch (m.kind) {
                case "started":
                    started?.resolve({ info: m.info, startMs: m.startMs, readyMs: m.readyMs });
                    break;
                case "startFailed":
                    started?.reject(revive(m.error));
                    break;
                case "report":
                    this.report?.resolve({ diagnostics: m.diagnostics, analyzed: m.analyzed });
                    break;
                case "reportFailed":
                    this.report?.reject(revive(m.error));
                    break;
                case "closed":
                    break;
            }
        });
        this.exited = new Promise<void>((resolve) => {
            this.worker.once("error", (e) => {
                this.crash = e;
                started?.reject(e);
                this.report?.reject(e);
            });
            this.worker.once("exit", () => {
                const gone = this.crash ?? new Error("the policy pack's worker thread exited");
                this.crash = gone;
                started?.reject(gone);
                this.report?.reject(gone);
                resolve();
            });
        });
    }

    private post(message: ToWorker): void {
        this.worker.postMessage(message);
    }

    /** Queues Analyze for a resource that has just registered. */
    add(r: RecordedResource): void {
        this.indexes.set(r, this.indexes.size);
        this.post({ kind: "add", resource: convertible(r) });
    }

    /** Passes on the provider's answer (id and outputs), for the resource's AnalyzeStack entry. */
    answered(r: RecordedResource): void {
        const index = this.indexes.get(r);
        if (index !== undefined) {
            this.post({ kind: "answered", index, id: r.id, outputs: r.outputs });
        }
    }

    /** Waits for every Analyze, then runs AnalyzeStack over every resource added, in the order they registered. */
    finish(): Promise<PackReport> {
        const report = new Promise<PackReport>((resolve, reject) => (this.report = { resolve, reject }));
        if (this.crash) {
            return Promise.reject(this.crash);
        }
        this.post({ kind: "finish" });
        return report;
    }

    /** Stops the pack and the worker. */
    async close(): Promise<void> {
        this.post({ kind: "close" });
        await this.exited;
    }
}

/** Starts the pack in a worker thread now; feed it with `add` and `answered` while the program runs. */
export function startPackInBackground(options: BackgroundPackOptions): BackgroundPack {
    return new BackgroundPack(options);
}
