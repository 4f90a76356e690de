// The pack runs as compiled JavaScript (policies/bin), as the Pulumi CLI runs
// it. The plan compiles it only when what `tsc -p policies` reads has changed
// since the last build it made: the text of every TypeScript file of the pack,
// its tsconfig.json and TypeScript's version. The fingerprint is a hash of
// contents, not of times, so a checkout that touches files without changing
// them costs nothing and a change that keeps a file's time (a rename, a
// restore) is still seen. It is written only after a build succeeds, under the
// pack's node_modules/.cache, never in bin/: bin/ is what the published
// archive ships. A build by other means (`npm run build`) leaves it as it was,
// and the next plan compiles once more.
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Where the fingerprint of the last build is kept, under the pack's folder (outside what `npm pack` ships). */
export const STAMP = path.join("node_modules", ".cache", "tickettoken-pack-build", "fingerprint");

function sources(dir: string, rel = ""): string[] {
    return fs
        .readdirSync(path.join(dir, rel), { withFileTypes: true })
        .flatMap((e) => {
            const file = path.join(rel, e.name);
            if (e.isDirectory()) {
                return e.name === "node_modules" || (rel === "" && e.name === "bin") ? [] : sources(dir, file);
            }
            return e.name.endsWith(".ts") ? [file] : [];
        })
        .sort();
}

/** Hash of what a build of the pack in `dir` reads. */
export function packFingerprint(dir: string): string {
    const hash = crypto.createHash("sha256");
    hash.update(`typescript ${require("typescript/package.json").version}\0`);
    for (const file of ["tsconfig.json", ...sources(dir)]) {
        hash.update(`${file.split(path.sep).join("/")}\0`).update(fs.readFileSync(path.join(dir, file))).update("\0");
    }
    return hash.digest("hex");
}

function builtFrom(dir: string, fingerprint: string): boolean {
    try {
        return fs.readFileSync(path.join(dir, STAMP), "utf8").trim() === fingerprint && fs.existsSync(path.join(dir, "bin", "index.js"));
    } catch {
        return false; // never built by the plan
    }
}

/** True when bin/ holds the build of the pack's current sources. */
export function packUpToDate(dir: string): boolean {
    return builtFrom(dir, packFingerprint(dir));
}

/** Compiles the pack in `dir` unless it is up to date; says whether it compiled. Throws with tsc's output when the build fails. */
export function ensurePackBuilt(dir: string): boolean {
    const fingerprint = packFingerprint(dir);
    if (builtFrom(dir, fingerprint)) {
        return false;
    }
    const tsc = require.resolve("typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
    if (r.status !== 0) {
        throw new Error(`the policy pack does not compile (tsc -p ${path.basename(dir)}):\n${r.stdout}${r.stderr}`);
    }
    fs.mkdirSync(path.dirname(path.join(dir, STAMP)), { recursive: true });
    fs.writeFileSync(path.join(dir, STAMP), `${fingerprint}\n`);
    return true;
}
