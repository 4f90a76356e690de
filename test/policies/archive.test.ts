// What the published archive holds: `pulumi policy publish` uploads what
// `npm pack` packs in policies/, so its file list is the pack every stack of
// the organisation installs. (The archive installed, built and run from an
// unpacked copy is test/policies/archive.slow.ts, npm run test:pack.)
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../tools/harness/project";

const PACK_DIR = path.join(REPO_ROOT, "policies");

/** Files `npm pack` would put in the archive (without running prepack: bin/ as built by pretest). */
function archiveFiles(): string[] {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: PACK_DIR, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
}

function sources(dir: string, rel = ""): string[] {
    return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
        const r = rel === "" ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) {
            return ["node_modules", "bin"].includes(e.name) ? [] : sources(dir, r);
        }
        return r.endsWith(".ts") && !r.endsWith(".d.ts") ? [r] : [];
    });
}

describe("policies: the published archive", () => {
    let files: string[];
    before(function () {
        this.timeout(60000);
        files = archiveFiles();
    });

    it("ships the lock, the manifests, the README, CHANGELOG and LICENSE, and the pinned data (Stripe's list, the ELB policy table)", () => {
        for (const f of ["package.json", "npm-shrinkwrap.json", "PulumiPolicy.yaml", "README.md", "CHANGELOG.md", "LICENSE", "tsconfig.json", "data/stripe-api-ips.txt", "data/elb-security-policies.json"]) {
            assert.ok(files.includes(f), `${f} is in the archive`);
        }
    });

    it("ships every source with its compiled JavaScript, so it runs as is and builds on its own", () => {
        const ts = sources(PACK_DIR).sort();
        assert.ok(ts.length > 20);
        assert.deepEqual(ts.filter((f) => !files.includes(f)), [], "every .ts source is shipped");
        assert.deepEqual(ts.map((f) => `bin/${f.replace(/\.ts$/, ".js")}`).filter((f) => !files.includes(f)), [], "every source's output is shipped");
        assert.ok(files.includes("bin/index.js"), "main");
    });

    it("ships nothing else: no policy-group configs (the release workflow applies them), no dependencies, no archives", () => {
        const known = (f: string) =>
            /^(package\.json|npm-shrinkwrap\.json|PulumiPolicy\.yaml|README\.md|CHANGELOG\.md|LICENSE|tsconfig\.json)$/.test(f) ||
            /^data\/[^/]+\.(txt|json)$/.test(f) ||
            /^bin\/.+\.(js|js\.map|d\.ts)$/.test(f) ||
            (/^[\w-]+(\/[\w.-]+)*\.ts$/.test(f) && !f.endsWith(".d.ts") && !f.startsWith("bin/"));
        assert.deepEqual(files.filter((f) => !known(f)), []);
        assert.ok(fs.existsSync(path.join(PACK_DIR, "groups")), "policies/groups exists ...");
        assert.deepEqual(files.filter((f) => f.startsWith("groups/") || f.includes("node_modules") || f.endsWith(".tgz")), [], "... and is not shipped");
    });

    it("runs no script while packing: pulumi policy publish reads the archive's name from all of npm pack's stdout", () => {
        // pulumi/pulumi sdk/nodejs/npm/npm.go Pack takes the trimmed stdout of `npm pack --loglevel=error`
        // as the file name; a lifecycle script's banner on stdout makes publishing fail with "npm pack
        // completed successfully but the package .tgz file was not generated" (pulumi/pulumi#6594).
        // The pack is built before publishing instead (npm run build, the release workflow).
        const scripts = (JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
        assert.deepEqual(Object.keys(scripts).filter((s) => ["prepack", "prepare", "postpack", "pack"].includes(s)), []);
    });

    it("carries the repository's license", () => {
        assert.equal(fs.readFileSync(path.join(PACK_DIR, "LICENSE"), "utf8"), fs.readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8"));
        const licenses = ["package.json", "policies/package.json"].map((f) => (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, f), "utf8")) as { license?: string }).license);
        assert.deepEqual(licenses, ["Apache-2.0", "Apache-2.0"]);
        assert.match(fs.readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8"), /^\s+Apache License\n\s+Version 2\.0, January 2004/);
    });
});
