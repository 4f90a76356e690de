import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../../tools/harness/project";
import { plan } from "../../../tools/plan/main";
import { PlanReport } from "../../../tools/plan/report";
import { toSarif } from "../../../tools/plan/sarif";
import { validate } from "../../support/jsonSchema";

// The SARIF 2.1.0 schema (OASIS, final "rtm.5" text), pinned as test data: taken from the npm package
// @microsoft/jest-sarif@1.0.0-beta.0 (lib/schemas/sarif-2.1.0-rtm.5.json, sha256 2d99159a…de4f8).
const SCHEMA = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test", "fixtures", "sarif-schema-2.1.0.json"), "utf8"));
const FIXTURE = "test/fixtures/public-db.ts";

/** The 1-based line of the first line of `file` that contains `text`. */
export function lineOf(file: string, text: string): number {
    const i = fs.readFileSync(path.join(REPO_ROOT, file), "utf8").split("\n").findIndex((l) => l.includes(text));
    assert.ok(i >= 0, `${file} contains ${text}`);
    return i + 1;
}

describe("tools/plan/sarif", () => {
    let report: PlanReport;
    before(async () => {
        report = await plan({ stack: "prod", program: FIXTURE, config: {} });
    });

    it("is valid SARIF 2.1.0 by the published schema", () => {
        assert.deepEqual(validate(toSarif(report), SCHEMA), []);
    });

    it("the schema check fails a log that breaks the schema (so a pass means something)", () => {
        const log = toSarif(report) as any;
        delete log.runs[0].tool.driver.name;
        log.runs[0].results[0].level = "fatal";
        const problems = validate(log, SCHEMA);
        assert.ok(problems.some((p) => /driver: missing required property "name"/.test(p)), problems.join("\n"));
        assert.ok(problems.some((p) => /results\[0\]\.level: "fatal" is not one of/.test(p)), problems.join("\n"));
    });

    it("has one result per violation, at the line of the statement that created the resource", () => {
        const run = toSarif(report).runs[0];
        const where = run.results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]);
        assert.deepEqual(where, [
            ["no-public-db", "error", FIXTURE, lineOf(FIXTURE, 'new aws.rds.Instance("orders"')],
            ["no-public-db", "error", FIXTURE, lineOf(FIXTURE, 'new aws.vpc.SecurityGroupIngressRule("orders-db-world"')],
        ]);
        assert.equal(run.results.length, report.policies.reduce((n, p) => n + p.violations.length, 0));
        assert.match(run.results[0].message.text, /aws:rds\/instance:Instance orders: publiclyAccessible: true/);
        assert.equal(run.automationDetails.id, "offline-plan/prod/");
    });

    it("makes each policy a rule: its description, its remediation (or description) as help, its level", () => {
        const rules = toSarif(report).runs[0].tool.driver.rules;
        assert.deepEqual(rules.map((r) => r.id), ["no-public-db", "tls-everywhere", "egress-only-stripe"]);
        for (const [i, r] of rules.entries()) {
            const p = report.policies[i];
            assert.equal(r.fullDescription.text, p.description);
            assert.equal(r.help.text, p.remediation ?? p.description);
            assert.equal(r.defaultConfiguration.level, "error");
            assert.ok(r.shortDescription.text.length > 0 && r.shortDescription.text.length <= p.description!.length);
        }
    });
});
