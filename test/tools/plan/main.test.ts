import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../../tools/harness/project";
import { plan } from "../../../tools/plan/main";
import { PlanReport } from "../../../tools/plan/report";

const RUNNER_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** The plan as a user runs it (`npm run plan`: the compile cache's loader): a separate process, its exit status and output. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(process.execPath, ["-r", "./tools/compile/register.js", "tools/plan/main.ts", ...args], {
        cwd: REPO_ROOT, encoding: "utf8", timeout: 240000, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GITHUB_ACTIONS: "", ...env },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FIXTURE = "test/fixtures/public-db.ts";
const lineOf = (file: string, text: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;

/** The working tree's tracked files as a commit (HEAD when it is clean), so that "--base" of it means "no change". */
function currentTree(): string {
    const r = spawnSync("git", ["stash", "create"], { cwd: REPO_ROOT, encoding: "utf8" });
    return r.stdout.trim() || "HEAD";
}

describe("tools/plan (the offline plan)", () => {
    it("exits 1 on a program that opens a database to the world, naming each violation", () => {
        const r = cli(["prod", "--program", "test/fixtures/public-db.ts", "--no-diagram", "--json", "-"]);
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
        assert.deepEqual(db.violations.map((v) => v.location && [v.location.file, v.location.line]), [
            [FIXTURE, lineOf(FIXTURE, 'new aws.rds.Instance("orders"')],
            [FIXTURE, lineOf(FIXTURE, 'new aws.vpc.SecurityGroupIngressRule("orders-db-world"')],
        ]);
        assert.equal(report.base, null, "no base: said so");
        assert.equal(report.changes, null);
        assert.deepEqual(report.inventory.map((e) => [e.type, e.location?.line]), [
            ["aws:ec2/vpc:Vpc", lineOf(FIXTURE, "new aws.ec2.Vpc(")],
            ["aws:ec2/securityGroup:SecurityGroup", lineOf(FIXTURE, "new aws.ec2.SecurityGroup(")],
            ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", lineOf(FIXTURE, "new aws.vpc.SecurityGroupIngressRule(")],
            ["aws:rds/instance:Instance", lineOf(FIXTURE, "new aws.rds.Instance(")],
        ]);
    });

    it("--json carries its format version first, and Node, the SDK, each provider and the pack as installed", () => {
        const r = cli(["dev", "--program", FIXTURE, "--no-diagram", "--json", "-"]);
        assert.equal(r.status, 1, r.stderr);
        const report = JSON.parse(r.stdout) as PlanReport;
        const installed = (pkg: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, pkg, "package.json"), "utf8")) as { name: string; version: string };
        assert.equal(Object.keys(report)[0], "formatVersion");
        assert.equal(report.formatVersion, 1);
        assert.deepEqual(report.versions, {
            node: process.versions.node, // the plan runs on this test's Node (process.execPath)
            pulumiSdk: installed("node_modules/@pulumi/pulumi").version,
            providers: Object.fromEntries(["aws", "cloudflare", "kubernetes", "random", "tls"].map((p) => [`@pulumi/${p}`, installed(`node_modules/@pulumi/${p}`).version])),
        });
        // GetAnalyzerInfo's name is the PolicyPack's; its version is the pack's package.json.
        assert.deepEqual(report.pack, { name: "tickettoken-network", version: installed("policies").version });
    });

    it("writes SARIF with a result per violation at the fixture's lines, and annotations in GitHub Actions", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-sarif-"));
        const sarifFile = path.join(dir, "out.sarif");
        const r = cli(["prod", "--program", FIXTURE, "--no-diagram", "--sarif", sarifFile, "--markdown", path.join(dir, "out.md")], { GITHUB_ACTIONS: "true" });
        assert.equal(r.status, 1, r.stderr);
        const sarif = JSON.parse(fs.readFileSync(sarifFile, "utf8"));
        assert.deepEqual(sarif.runs[0].results.map((x: any) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine]), [
            ["no-public-db", FIXTURE, lineOf(FIXTURE, 'new aws.rds.Instance("orders"')],
            ["no-public-db", FIXTURE, lineOf(FIXTURE, 'new aws.vpc.SecurityGroupIngressRule("orders-db-world"')],
        ]);
        const notes = r.stdout.split("\n").filter((l) => l.startsWith("::"));
        assert.equal(notes.length, 2);
        assert.match(notes[0], new RegExp(`^::error file=${FIXTURE},line=${lineOf(FIXTURE, "new aws.rds.Instance(")},col=1,title=no-public-db`));
        assert.match(fs.readFileSync(path.join(dir, "out.md"), "utf8"), /❌ 2 mandatory violations/);
        assert.equal(cli(["prod", "--program", FIXTURE, "--no-diagram"]).stdout.split("\n").filter((l) => l.startsWith("::")).length, 0, "no annotations outside GitHub Actions");
    });

    it("--base of the current tree reports no change; a store's engine version changed on one side comes first, protected", () => {
        const same = cli(["prod", "--no-diagram", "--base", currentTree(), "--json", "-"]);
        assert.equal(same.status, 0, same.stderr);
        const unchanged = JSON.parse(same.stdout) as PlanReport;
        assert.deepEqual(unchanged.changes, { added: [], removed: [], changed: [] });
        assert.match(same.stderr, /Changes against .*: 0 to add, 0 to remove, 0 to change\n  no change/);

        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-base-json-"));
        const saved = path.join(dir, "base.json");
        fs.writeFileSync(saved, same.stdout);
        const upgraded = cli(["prod", "--no-diagram", "--base-json", saved, "--config", "postgresEngineVersion=17.5", "--config", "ipBlockList=[203.0.113.0/24]", "--json", "-"]);
        assert.equal(upgraded.status, 0, upgraded.stderr);
        const report = JSON.parse(upgraded.stdout) as PlanReport;
        const first = report.changes!.changed[0];
        assert.deepEqual([first.type, first.protection, first.properties.map((p) => [p.path, p.before, p.after])], [
            "aws:rds/instance:Instance", "database, protect: true", [["engineVersion", "17", "17.5"]],
        ]);
        assert.deepEqual(first.mayReplace, [], "an engine version upgrades in place: no replacement claimed");
        assert.equal(first.location?.file, "components/data/postgres.ts");
        const others = report.changes!.changed.filter((c) => !c.protection);
        assert.deepEqual(others.map((c) => [c.type, c.properties.map((p) => p.path)]), [["cloudflare:index/list:List", ["items[0]"]]], "the other side's change, after the protected one");
        const text = upgraded.stderr;
        assert.ok(text.indexOf("Protected resources (look here first)") < text.indexOf("engineVersion"), text);
        assert.equal(report.base?.json, saved);
    });

    it("exits 2 on bad config, naming the key and what is allowed, with no stack trace", () => {
        const r = cli(["dev", "--config", "azCount=9", "--no-diagram"]);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /plan of dev failed: Invalid stack config: tickettoken:azCount = "9" \(from --config\): must be an integer from 2 to 6/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
        assert.equal(r.stdout, "");
    });

    it("exits 2 on bad config, reporting every bad value at once, each named, without follow-on errors", () => {
        // Independent bad values in one run: each spawn costs seconds.
        const r = cli(["dev", "--no-diagram",
            "--config", "azCount=three", // a wrong type (the CLI's check) must not hide the rest
            "--config", "zoneId={secure: AAAAbase64}", // a secret given here, not in the stack file
            "--config", "azCont=2", // a key nothing declares
            "--config", "vpcCidr=", // empty, for a key whose default is not
            "--config", "serviceCidr=100.64.0.0/16", // outside what EKS takes
            "--config", "aws:region=us-nowhere-1",
            "--config", "endpointPublicAccessCidrs=[0.0.0.0/1, 128.0.0.0/1]", // the internet in two halves
            "--config", "appNodeInstanceTypes=[m6i.huge]", // no such EC2 type
            "--config", "postgresEngineVersion=17.99", // not offered
            "--config", "appQuotaRequestsCpu=0", // a quota of nothing
            "--config", "kubernetesVersion=1.35", // fine: the CLI stores it as text
            "--config", `zoneName=${"a".repeat(5000)}`]); // very long
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stdout, "");
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
        assert.match(r.stderr, /plan of dev failed: Invalid stack config \(11 problems\):/);
        for (const line of [
            /tickettoken:azCount = "three" \(from --config\): must be of type integer/,
            /tickettoken:zoneId = "\{secure: \.\.\.\}" \(from --config\): is an encrypted secret/,
            /tickettoken:azCont = "2" \(from --config\): is not a key this project declares .*did you mean azCount\?/,
            /tickettoken:vpcCidr = "" \(from --config\): is empty: remove the key to use the default "10\.0\.0\.0\/16"/,
            /tickettoken:serviceCidr = "100\.64\.0\.0\/16" \(from --config\): must lie inside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16/,
            /aws:region = "us-nowhere-1" \(from --config\): is not an AWS region/,
            /tickettoken:endpointPublicAccessCidrs = .* \(from --config\): the ranges together cover the whole address space/,
            /tickettoken:appNodeInstanceTypes = .* \(from --config\): item 0 \("m6i\.huge"\) is not an EC2 instance type/,
            /tickettoken:postgresEngineVersion = "17\.99" \(from --config\): is not a PostgreSQL version RDS offers/,
            /tickettoken:appQuotaRequestsCpu = "0" \(from --config\): must be more than zero/,
            /tickettoken:zoneName = "a{100}"\.\.\. \(5000 characters\) \(from --config\): must be the zone's domain/,
        ]) {
            assert.match(r.stderr, line);
        }
        assert.doesNotMatch(r.stderr, /kubernetesVersion|dnsRecords|Pulumi\.dev\.yaml|AAAAbase64/, "no follow-on errors, no blame on the stack file, no secret echoed");
        assert.ok(r.stderr.length < 5000, `${r.stderr.length} characters of output`);
    });

    it("exits 2 on a stack name that is a path, or a --config list that is not YAML, naming what is wrong", () => {
        const path = cli(["x/../../somewhere", "--no-diagram"]);
        assert.equal(path.status, 2);
        assert.match(path.stderr, /invalid stack "x\/\.\.\/\.\.\/somewhere": a stack reference has at most three parts, owner\/project\/stack/);
        const yaml = cli(["dev", "--no-diagram", "--config", "ipBlockList=[203.0.113.0/24"]);
        assert.equal(yaml.status, 2);
        assert.match(yaml.stderr, /--config tickettoken:ipBlockList: the value is not a valid YAML list or map/);
        for (const r of [path, yaml]) {
            assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
            assert.equal(r.stdout, "");
        }
    });

    it("exits 2 on an unknown stack or argument", () => {
        assert.equal(cli(["qa", "--no-diagram"]).status, 2);
        assert.match(cli(["--bogus"]).stderr, /unexpected argument "--bogus"/);
        assert.match(cli(["dev", "--no-diagram", "--base", "no-such-ref-anywhere"]).stderr, /--base no-such-ref-anywhere: no such commit/);
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

    describe("the stack's pack config (infra/policy-config/<stack>.json)", () => {
        const egress = (r: PlanReport) => r.policies.find((p) => p.policy === "egress-only-stripe")!;
        const exempted = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "infra/policy-config/dev.json"), "utf8"))["egress-only-stripe"].exemptions[0];

        it("turns exactly the exempted violation advisory, with its reason, and the plan passes", async () => {
            const report = await plan({ stack: "dev", config: {} });
            assert.equal(report.exitCode, 0);
            assert.equal(report.policyPackConfig, "infra/policy-config/dev.json");
            assert.deepEqual(report.policies.flatMap((p) => p.violations).map((v) => [v.urn, v.enforcementLevel, v.field, v.exemption]), [
                [exempted.urn, "advisory", "cidrIpv4", exempted.reason],
            ]);
        });

        it("without it, the same rule is a mandatory violation and the plan fails", async () => {
            const report = await plan({ stack: "dev", config: {}, policyPackConfig: false });
            assert.equal(report.exitCode, 1);
            assert.equal(report.policyPackConfig, undefined);
            assert.deepEqual(egress(report).violations.map((v) => [v.type, v.name, v.enforcementLevel, v.exemption]), [
                [RUNNER_RULE, "tickettoken-deploy-runner-to-internet-tcp443", "mandatory", undefined],
            ]);
        });

        it("an exemption of another URN exempts nothing: the match is exact", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-config-"));
            const file = path.join(dir, "near-miss.json");
            const otherStack = exempted.urn.replace(/^urn:pulumi:dev::/, "urn:pulumi:prod::");
            assert.notEqual(otherStack, exempted.urn);
            fs.writeFileSync(file, JSON.stringify({ "egress-only-stripe": { exemptions: [{ urn: otherStack, reason: "the same rule of another stack" }] } }));
            const report = await plan({ stack: "dev", config: {}, policyPackConfig: file });
            assert.equal(report.exitCode, 1);
            assert.deepEqual(egress(report).violations.map((v) => v.enforcementLevel), ["mandatory"]);
        });

        it("as a command: exit 0 with the exemption shown, exit 2 on a file the pack refuses", () => {
            const ok = cli(["dev", "--no-diagram"]);
            assert.equal(ok.status, 0, ok.stderr);
            assert.match(ok.stdout, /Policies \(tickettoken-network [^,]+, config infra\/policy-config\/dev\.json\)/);
            assert.match(ok.stdout, /✔ egress-only-stripe   mandatory pass, 1 advisory\n\s+\[advisory, exempted\] aws:vpc\/securityGroupEgressRule:SecurityGroupEgressRule tickettoken-deploy-runner-to-internet-tcp443/);
            assert.match(ok.stdout, /exempted by the pack config: issue 12, docs\/decisions\/0001-deploy-runner\.md/);
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-config-"));
            const typo = path.join(dir, "typo.json");
            fs.writeFileSync(typo, JSON.stringify({ "egress-only-strip": { exemptions: [] } }));
            const bad = cli(["dev", "--no-diagram", "--policy-pack-config", typo]);
            assert.equal(bad.status, 2);
            assert.match(bad.stderr, /refused its config \(.*typo\.json\): config names policy egress-only-strip, which the pack tickettoken-network does not have/);
        });
    });
});
