import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../../tools/harness/project";
import { plan } from "../../../tools/plan/main";
import { PlanReport } from "../../../tools/plan/report";

/** The plan as a user runs it: a separate process, its exit status and output. */
function cli(...args: string[]) {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/plan/main.ts", ...args], {
        cwd: REPO_ROOT, encoding: "utf8", timeout: 120000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("tools/plan (the offline plan)", () => {
    it("exits 1 on a program that opens a database to the world, naming each violation", () => {
        const r = cli("prod", "--program", "test/fixtures/public-db.ts", "--no-diagram", "--json", "-");
        assert.equal(r.status, 1, r.stderr);
        const report = JSON.parse(r.stdout) as PlanReport;
        assert.equal(report.exitCode, 1);
        assert.equal(report.mandatoryViolations, 2);
        const db = report.policies.find((p) => p.policy === "no-public-db")!;
        assert.equal(db.verdict, "fail");
        assert.deepEqual(db.violations.map((v) => [v.type, v.name, v.field, v.enforcementLevel]), [
            ["aws:rds/instance:Instance", "orders", "publiclyAccessible", "mandatory"],
            ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "orders-db-world", "cidrIpv4", "mandatory"],
        ]);
        assert.match(r.stderr, /✘ no-public-db .* FAIL, 2 mandatory violations/);
        assert.match(r.stderr, /cidrIpv4: "0\.0\.0\.0\/0" is outside the private ranges/);
        assert.match(r.stderr, /✔ starting the policy pack as the Pulumi CLI does/, "progress of each step");
    });

    it("exits 2 on bad config, naming the key and what is allowed, with no stack trace", () => {
        const r = cli("dev", "--config", "azCount=9", "--no-diagram");
        assert.equal(r.status, 2);
        assert.match(r.stderr, /plan of dev failed: Invalid stack config: tickettoken:azCount = "9": must be an integer from 2 to 6/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
        assert.equal(r.stdout, "");
    });

    it("exits 2 on an unknown stack or argument", () => {
        assert.equal(cli("qa", "--no-diagram").status, 2);
        assert.match(cli("--bogus").stderr, /unexpected argument "--bogus"/);
    });

    it("plans the prod stack: every component, every policy passes, the diagram written", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        const report = await plan({ stack: "prod", diagramDir: dir, config: {} });
        assert.equal(report.exitCode, 0);
        assert.deepEqual(report.policies.map((p) => [p.policy, p.verdict]), [["no-public-db", "pass"], ["tls-everywhere", "pass"], ["egress-only-stripe", "pass"]]);
        assert.equal(report.mandatoryViolations, 0);
        const components = report.resources.components.map((c) => c.component.split(" ")[0]);
        for (const c of ["tickettoken:network:Network", "tickettoken:cluster:Cluster", "tickettoken:security:TrafficSecurityGroups", "tickettoken:edge:EdgeLoadBalancer", "tickettoken:edge:CloudflareEdge", "tickettoken:data:Postgres"]) {
            assert.ok(components.includes(c), `plan shows ${c}`);
        }
        assert.equal(report.resources.total, report.resources.components.reduce((n, c) => n + c.total, 0));
        assert.deepEqual(report.files.map((f) => path.basename(f)).sort(), ["network-prod.md", "network-prod.svg"]);
        assert.match(fs.readFileSync(path.join(dir, "network-prod.md"), "utf8"), /```mermaid\nflowchart LR/);
    });
});
