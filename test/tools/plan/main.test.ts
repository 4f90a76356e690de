import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../../tools/harness/project";
import { plan } from "../../../tools/plan/main";
import { PlanReport } from "../../../tools/plan/report";

const RUNNER_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

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
        assert.match(r.stderr, /plan of dev failed: Invalid stack config: tickettoken:azCount = "9" \(from --config\): must be an integer from 2 to 6/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
        assert.equal(r.stdout, "");
    });

    it("exits 2 on bad config, reporting every bad value at once, each named, without follow-on errors", () => {
        // Independent bad values in one run: each spawn costs seconds.
        const r = cli("dev", "--no-diagram",
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
            "--config", `zoneName=${"a".repeat(5000)}`); // very long
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
        const path = cli("x/../../somewhere", "--no-diagram");
        assert.equal(path.status, 2);
        assert.match(path.stderr, /invalid stack "x\/\.\.\/\.\.\/somewhere": a stack reference has at most three parts, owner\/project\/stack/);
        const yaml = cli("dev", "--no-diagram", "--config", "ipBlockList=[203.0.113.0/24");
        assert.equal(yaml.status, 2);
        assert.match(yaml.stderr, /--config tickettoken:ipBlockList: the value is not a valid YAML list or map/);
        for (const r of [path, yaml]) {
            assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
            assert.equal(r.stdout, "");
        }
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
            const ok = cli("dev", "--no-diagram");
            assert.equal(ok.status, 0, ok.stderr);
            assert.match(ok.stdout, /Policies \(tickettoken-network [^,]+, config infra\/policy-config\/dev\.json\)/);
            assert.match(ok.stdout, /✔ egress-only-stripe   mandatory pass, 1 advisory\n\s+\[advisory, exempted\] aws:vpc\/securityGroupEgressRule:SecurityGroupEgressRule tickettoken-deploy-runner-to-internet-tcp443/);
            assert.match(ok.stdout, /exempted by the pack config: issue 12, docs\/decisions\/0001-deploy-runner\.md/);
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-config-"));
            const typo = path.join(dir, "typo.json");
            fs.writeFileSync(typo, JSON.stringify({ "egress-only-strip": { exemptions: [] } }));
            const bad = cli("dev", "--no-diagram", "--policy-pack-config", typo);
            assert.equal(bad.status, 2);
            assert.match(bad.stderr, /the policy pack refused its config \(.*typo\.json\): config names policy egress-only-strip, which the pack tickettoken-network does not have/);
        });
    });
});
