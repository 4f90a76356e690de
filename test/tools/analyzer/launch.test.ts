import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { launchPack, POLICY_PACK_DIR, runPolicyPackScript } from "../../../tools/analyzer/launch";
import { PackClient } from "../../../tools/analyzer/client";

describe("tools/analyzer/launch", () => {
    it("finds run-policy-pack from the pack folder, as the CLI's shim does", () => {
        assert.match(runPolicyPackScript(POLICY_PACK_DIR), /@pulumi[\\/]pulumi[\\/]cmd[\\/]run-policy-pack[\\/]index\.js$/);
    });

    it("starts the pack, reads its port from stdout, and stops it", async () => {
        const pack = await launchPack(POLICY_PACK_DIR, { project: "p", stack: "s", dryRun: true });
        try {
            assert.match(pack.address, /^127\.0\.0\.1:[0-9]+$/);
            assert.ok(pack.startMs > 0);
            const client = new PackClient(pack.address);
            assert.equal((await client.getAnalyzerInfo()).name, "tickettoken-network");
            client.close();
        } finally {
            await pack.stop();
        }
        assert.ok(pack.process.exitCode !== null || pack.process.signalCode !== null);
    });

    it("fails with the pack's own error when it cannot start", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broken-pack-"));
        try {
            fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "broken", version: "1.0.0", main: "index.js" }));
            fs.writeFileSync(path.join(dir, "index.js"), "throw new Error('pack exploded on load');\n");
            fs.symlinkSync(path.join(POLICY_PACK_DIR, "..", "node_modules"), path.join(dir, "node_modules"));
            await assert.rejects(launchPack(dir), /exited \(.*\) before printing its port; stderr:[\s\S]*pack exploded on load/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
