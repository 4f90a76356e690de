// Analyze as the engine calls it: for each resource as it registers, while
// the program goes on, with a few calls in flight; then AnalyzeStack once the
// program is done. The pack may still be starting when the first resources
// register: they wait in a queue, so the pack's start and the program run at
// the same time. Each resource's entry of AnalyzeStack is encoded as soon as
// the provider has answered (`answered`), so that at the end only the sending
// is left.
import { encodedAnalyzeRequest, stackEntry, stackRequestOf } from "./client";
import { ConvertibleResource, toAnalyzeInput, toStackInput } from "./convert";
import type { OpenPack, PackDiagnostic, PackReport } from "./index";

/** Analyze calls in flight at once, as the engine runs steps in parallel. */
export const DEFAULT_CONCURRENCY = 8;

export class AnalyzeStream {
    private readonly queue: ConvertibleResource[] = [];
    /** Index of the next queued resource to send (the queue is never shifted: a large stack would pay per element). */
    private next = 0;
    private readonly diagnostics: PackDiagnostic[] = [];
    /** AnalyzeStack entries encoded beforehand, by resource. */
    private readonly entries = new Map<ConvertibleResource, Uint8Array>();
    private pack: OpenPack | undefined;
    private inFlight = 0;
    private analyzed = 0;
    private failure: unknown;
    private drained: (() => void) | undefined;

    constructor(
        pack: Promise<OpenPack>,
        private readonly concurrency: number = DEFAULT_CONCURRENCY,
    ) {
        pack.then(
            (p) => {
                this.pack = p;
                this.pump();
            },
            (e) => this.fail(e),
        );
    }

    /** Queues Analyze for one resource (its inputs as they registered). */
    add(r: ConvertibleResource): void {
        this.queue.push(r);
        this.pump();
    }

    /** Encodes the resource's AnalyzeStack entry now that the provider has answered (its outputs and id are final). */
    answered(r: ConvertibleResource): void {
        this.entries.set(r, stackEntry(toStackInput(r)));
    }

    /** Waits for every queued Analyze, then sends AnalyzeStack with `resources` (their outputs and graph). */
    async finish(resources: readonly ConvertibleResource[]): Promise<PackReport> {
        await new Promise<void>((resolve) => {
            this.drained = resolve;
            this.check();
        });
        if (this.failure !== undefined) {
            throw this.failure;
        }
        const request = stackRequestOf(resources.map((r) => this.entries.get(r) ?? stackEntry(toStackInput(r))));
        const res = await this.pack!.client.sendAnalyzeStack(request);
        this.diagnostics.push(...res.diagnostics.map((d) => ({ ...d, phase: "analyzeStack" as const })));
        return { diagnostics: this.diagnostics, analyzed: this.analyzed };
    }

    private fail(e: unknown): void {
        this.failure ??= e;
        this.check();
    }

    private check(): void {
        const idle = this.inFlight === 0 && (this.next === this.queue.length || this.failure !== undefined);
        if (this.drained && idle) {
            const done = this.drained;
            this.drained = undefined;
            done();
        }
    }

    private pump(): void {
        const pack = this.pack;
        while (pack && this.failure === undefined && this.inFlight < this.concurrency && this.next < this.queue.length) {
            const r = this.queue[this.next++];
            this.inFlight++;
            pack.client.sendAnalyze(encodedAnalyzeRequest(toAnalyzeInput(r))).then(
                (res) => {
                    this.analyzed++;
                    this.diagnostics.push(...res.diagnostics.map((d) => ({ ...d, urn: d.urn || r.urn, phase: "analyze" as const })));
                    this.inFlight--;
                    this.pump();
                    this.check();
                },
                (e) => {
                    this.inFlight--;
                    this.fail(e);
                },
            );
        }
    }
}
