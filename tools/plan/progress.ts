// Progress of the plan's steps on stderr, so stdout stays the report. On a
// terminal the running step shows its elapsed time; elsewhere each step is
// one line when it ends.

export interface Step {
    done(detail?: string): number;
    fail(): void;
}

export function step(label: string, stream: NodeJS.WriteStream = process.stderr): Step {
    const started = Date.now();
    const tty = stream.isTTY === true;
    const elapsed = () => ((Date.now() - started) / 1000).toFixed(1);
    const timer = tty ? setInterval(() => stream.write(`\r  … ${label} ${elapsed()} s`), 200) : undefined;
    timer?.unref();
    const end = (mark: string, detail = "") => {
        if (timer) {
            clearInterval(timer);
        }
        stream.write(`${tty ? "\r\x1b[2K" : ""}  ${mark} ${label} (${elapsed()} s${detail ? `, ${detail}` : ""})\n`);
        return Date.now() - started;
    };
    return { done: (detail) => end("✔", detail), fail: () => void end("✘") };
}
