// The published pack as a machine of the organisation gets it: `npm pack` in
// policies/ (what `pulumi policy publish` uploads), unpacked outside the
// repository, `npm ci` from the npm registry (the shrinkwrap decides every
// version), built from its own sources, then started through the CLI's
// launcher (@pulumi/pulumi's run-policy-pack, resolved from the pack folder,
// with the folder as working directory) and judging over gRPC.
//
// Not part of `npm test`: it needs the registry and takes tens of seconds.
// `npm run test:pack` runs it; .ci/run runs it after the suite. It skips, saying
// why, only when the registry cannot be reached.
import { strict as assert } from "assert";
import { execFileSync, ExecFileSyncOptions } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openPack, OpenPack, runPolicyPackScript } from "../../tools/analyzer";
import { REPO_ROOT } from "../../tools/harness/project";
import { LockFile } from "../../tools/pack/lockTree";
import { engineResource, judgeResources, summary } from "../support/pack";

const PACK_DIR = path.join(REPO_ROOT, "policies");

// npm run passes its own settings down as npm_* variables (the workspace among
// them); the unpacked pack must install as a stranger's machine would.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));

function run(cmd: string, args: readonly string[], cwd: string, options: ExecFileSyncOptions = {}): string {
    return String(execFileSync(cmd, args, { cwd, env: cleanEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options }));
}

/** Every installed package under node_modules as "folder": "version" (what npm ci laid out). */
function installedTree(root: string, rel = "node_modules"): Record<string, string> {
    const out: Record<string, string> = {};
    const dir = path.join(root, rel);
    if (!fs.existsSync(dir)) {
        return out;
    }
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory() || e.name.startsWith(".")) {
            continue;
        }
        const names = e.name.startsWith("@") ? fs.readdirSync(path.join(dir, e.name)).map((n) => `${e.name}/${n}`) : [e.name];
        for (const name of names) {
            const loc = `${rel}/${name}`;
            const manifest = path.join(root, loc, "package.json");
            if (fs.existsSync(manifest)) {
                // @pulumi/policy's own package.json says "v1.21.0"; npm records it as 1.21.0.
                out[loc] = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version.replace(/^v/, "");
                Object.assign(out, installedTree(root, `${loc}/node_modules`));
            }
        }
    }
    return out;
}

function hashes(dir: string, rel = ""): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
        const r = rel === "" ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) {
            Object.assign(out, hashes(dir, r));
        } else {
            out[r] = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, r))).digest("hex");
        }
    }
    return out;
}

describe("policies: the archive installed and run as the organisation runs it (slow)", function () {
    this.timeout(15 * 60 * 1000);
    const timings: Record<string, number> = {};
    const timed = <T>(step: string, body: () => T): T => {
        const start = Date.now();
        try {
            return body();
        } finally {
            timings[step] = Date.now() - start;
        }
    };
    let tmp: string;
    let unpacked: string;
    let shippedBin: Record<string, string>;
    let pack: OpenPack | undefined;

    before(function () {
        try {
            run("npm", ["ping"], REPO_ROOT, { timeout: 30000 });
        } catch (e) {
            console.warn(`    (skipped: the npm registry cannot be reached, so the archive cannot be installed: ${String((e as Error).message).split("\n")[0]})`);
            this.skip();
        }
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pack-archive-"));
        unpacked = path.join(tmp, "tickettoken-network");
        // Built as the release workflow builds it, then packed exactly as `pulumi policy publish`
        // packs a Node.js pack (sdk/nodejs/npm/npm.go Pack): `npm pack --loglevel=error` in the pack
        // folder, the archive's file name read from the whole of stdout.
        timed("npm run build (repository)", () => run("npm", ["run", "build"], PACK_DIR));
        const tarball = timed("npm pack", () => {
            const stdout = run("npm", ["pack", "--loglevel=error"], PACK_DIR);
            const name = stdout.trim();
            const built = path.join(PACK_DIR, name);
            assert.ok(/^[\w.-]+\.tgz$/.test(name) && fs.existsSync(built), `npm pack printed more than the archive's name, which breaks pulumi policy publish: ${JSON.stringify(stdout)}`);
            fs.renameSync(built, path.join(tmp, name));
            return path.join(tmp, name);
        });
        fs.mkdirSync(unpacked);
        run("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"], tmp);
        shippedBin = hashes(path.join(unpacked, "bin"));
        timed("npm ci", () => run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], unpacked));
    });

    after(async () => {
        await pack?.close();
        if (tmp) {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
        const total = Object.values(timings).reduce((a, b) => a + b, 0);
        console.log(`    timings: ${Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(", ")}; total ${(total / 1000).toFixed(1)} s`);
    });

    it("ships the repository's shrinkwrap, and npm installs exactly the tree it locks", () => {
        const shipped = fs.readFileSync(path.join(unpacked, "npm-shrinkwrap.json"), "utf8");
        assert.equal(shipped, fs.readFileSync(path.join(PACK_DIR, "npm-shrinkwrap.json"), "utf8"));
        const locked = Object.fromEntries(
            Object.entries((JSON.parse(shipped) as LockFile).packages)
                .filter(([loc]) => loc !== "")
                .map(([loc, e]) => [loc, e.version!]),
        );
        assert.ok(Object.keys(locked).length > 150);
        assert.deepEqual(installedTree(unpacked), locked);
    });

    it("npm agrees with the shrinkwrap: resolving the tree again rewrites nothing", () => {
        const before = fs.readFileSync(path.join(unpacked, "npm-shrinkwrap.json"), "utf8");
        timed("npm install --package-lock-only", () => run("npm", ["install", "--package-lock-only", "--prefer-offline", "--no-audit", "--no-fund"], unpacked));
        assert.equal(fs.readFileSync(path.join(unpacked, "npm-shrinkwrap.json"), "utf8"), before);
    });

    it("builds on its own from the archive (npm run build), to exactly the bin/ it ships", () => {
        timed("npm run build", () => run("npm", ["run", "build"], unpacked));
        assert.ok(Object.keys(shippedBin).length > 50);
        assert.deepEqual(hashes(path.join(unpacked, "bin")), shippedBin);
    });

    it("starts through the CLI's launcher from its own node_modules, and judges: a violation found, a compliant resource passes", async () => {
        const script = runPolicyPackScript(unpacked);
        assert.ok(script.startsWith(fs.realpathSync(unpacked)) || script.startsWith(unpacked), `run-policy-pack resolved inside the unpacked pack, not the repository: ${script}`);
        const started = Date.now();
        pack = await openPack({ packDir: unpacked, project: "archive", stack: "test" });
        timings["start and connect"] = Date.now() - started;
        assert.equal(pack.info.name, "tickettoken-network");
        assert.equal(pack.info.version, (JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { version: string }).version);
        const open = engineResource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-world", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0" });
        const closed = engineResource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-vpc", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/16" });
        const stripe = engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "stripe", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "13.55.5.15/32" });
        const report = await judgeResources(pack, [open, closed, stripe]);
        assert.deepEqual(summary(report), ["no-public-db mandatory db-world cidrIpv4"]);
        assert.equal(pack.running.stderr().includes("Error"), false, pack.running.stderr());
    });
});
