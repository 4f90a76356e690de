// @pulumi/awsguard as a reference pack for the benchmark: installed on demand
// into a scratch folder outside the repository (never a project dependency),
// with the same @pulumi/pulumi and @pulumi/policy as this pack so both start
// through the same runner. Its program is plain JavaScript, as precompiled
// as ours, so the comparison is of the packs, not of ts-node.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const AWSGUARD_VERSION = "0.3.1";
const RUNNER = { "@pulumi/pulumi": "3.248.0", "@pulumi/policy": "1.21.0", typescript: "5.9.3" };

export function awsguardDir(): string {
    return path.join(os.tmpdir(), "awsguard-bench");
}

/** The scratch pack folder, installing awsguard there first if needed. */
export function ensureAwsGuardPack(dir: string = awsguardDir(), log: (line: string) => void = console.error): string {
    fs.mkdirSync(dir, { recursive: true });
    const pkg = path.join(dir, "package.json");
    if (!fs.existsSync(pkg)) {
        fs.writeFileSync(pkg, JSON.stringify({ name: "awsguard-bench", version: "0.0.1", private: true, main: "index.js" }, null, 2));
    }
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: awsguard, every policy mandatory (benchmark reference)\n");
    fs.writeFileSync(path.join(dir, "index.js"), 'const { AwsGuard } = require("@pulumi/awsguard");\nnew AwsGuard({ all: "mandatory" });\n');
    const installed = path.join(dir, "node_modules", "@pulumi", "awsguard", "package.json");
    if (!fs.existsSync(installed) || String(JSON.parse(fs.readFileSync(installed, "utf8")).version).replace(/^v/, "") !== AWSGUARD_VERSION) {
        log(`installing @pulumi/awsguard@${AWSGUARD_VERSION} into ${dir} (once) ...`);
        const specs = [`@pulumi/awsguard@${AWSGUARD_VERSION}`, ...Object.entries(RUNNER).map(([n, v]) => `${n}@${v}`)];
        execFileSync("npm", ["install", "--prefix", dir, "--no-audit", "--no-fund", "--save-exact", ...specs], { stdio: ["ignore", "ignore", "inherit"] });
    }
    return dir;
}
