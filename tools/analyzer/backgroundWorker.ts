// The worker thread of BackgroundPack (background.ts): starts the pack as the
// CLI does, configures it as the engine does, and streams what the program's
// thread posts to Analyze, then AnalyzeStack (AnalyzeStream).
import { parentPort, workerData } from "worker_threads";
import type { FromWorker, ToWorker, WorkerData, WorkerError } from "./background";
import type { ConvertibleResource } from "./convert";
import { openPack, OpenPack } from "./index";
import { AnalyzeStream } from "./stream";

const options = workerData as WorkerData;
const port = parentPort!;

function send(message: FromWorker): void {
    port.postMessage(message);
}

function asError(e: unknown): WorkerError {
    return e instanceof Error ? { message: e.message, stack: e.stack } : { message: String(e) };
}

const opening = openPack({
    packDir: options.packDir,
    project: options.project,
    stack: options.stack,
    dryRun: options.dryRun,
    config: options.config,
    nodeArgs: options.nodeArgs,
});
opening.then(
    (pack) => send({ kind: "started", info: pack.info, startMs: pack.running.startMs, readyMs: Date.now() - options.begun }),
    (e) => send({ kind: "startFailed", error: asError(e) }),
);
const stream = new AnalyzeStream(opening);
const resources: { -readonly [K in keyof ConvertibleResource]: ConvertibleResource[K] }[] = [];

async function close(): Promise<void> {
    try {
        await opening.then((p: OpenPack) => p.close(), () => undefined);
    } finally {
        send({ kind: "closed" });
        port.close();
    }
}

port.on("message", (m: ToWorker) => {
    switch (m.kind) {
        case "add":
            resources.push(m.resource);
            stream.add(m.resource);
            break;
        case "answered": {
            const r = resources[m.index];
            r.id = m.id;
            r.outputs = m.outputs;
            stream.answered(r);
            break;
        }
        case "finish":
            stream.finish(resources).then(
                (report) => send({ kind: "report", diagnostics: [...report.diagnostics], analyzed: report.analyzed }),
                (e) => send({ kind: "reportFailed", error: asError(e) }),
            );
            break;
        case "close":
            void close();
            break;
    }
});
