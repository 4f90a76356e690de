// The pack config each stack's previews and deployments pass with
// --policy-pack-config: it exempts exactly the deploy runner's one public
// rule, by the URN the engine gives it (not only the one the mocks give it).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parsePolicyPackConfig } from "../../tools/analyzer";
import { REPO_ROOT } from "../../tools/harness/project";
import { RecordedResource } from "../../tools/harness/recorder";
import { RunResult } from "../../tools/harness/run";
import { runAllStacks, STACKS } from "../support/stacks";

const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/**
 * A resource's URN as the Pulumi engine builds it (resource.NewURN): the
 * qualified type is every ancestor's type but the root stack's, joined by "$".
 * The mocks prefix only the parent's type, which agrees for the depths used
 * here; this recomputes it independently.
 */
function engineUrn(run: RunResult, r: RecordedResource): string {
    const byUrn = new Map(run.resources.map((x) => [x.urn, x]));
    const types: string[] = [r.type];
    for (let p = r.parent ? byUrn.get(r.parent) : undefined; p && p.type !== "pulumi:pulumi:Stack"; p = p.parent ? byUrn.get(p.parent) : undefined) {
        types.unshift(p.type);
    }
    return `urn:pulumi:${run.settings.stack}::${run.settings.project}::${types.join("$")}::${r.name}`;
}

function packConfigOf(stack: string) {
    const file = path.join("infra", "policy-config", `${stack}.json`);
    return parsePolicyPackConfig(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), file);
}

describe("infra/policy-config (the pack config of each stack)", () => {
    for (const preview of [false, true]) {
        for (const stack of STACKS) {
            it(`${stack} (${preview ? "preview" : "up"}): exempts exactly the runner's HTTPS rule to the internet, by its engine URN, with a reason`, async () => {
                const run = (await runAllStacks({ preview }))[stack];
                const outside = run.resources.filter((r) => r.type === EGRESS && r.inputs.cidrIpv4 === "0.0.0.0/0");
                assert.deepEqual(outside.map((r) => [r.name, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]), [["tickettoken-deploy-runner-to-internet-tcp443", "tcp", 443, 443]]);
                const urn = engineUrn(run, outside[0]);
                assert.equal(urn, outside[0].urn, "the mocks' URN is the engine's");
                const config = packConfigOf(stack);
                assert.deepEqual(Object.keys(config), ["egress-only-stripe"], "it exempts from one policy and changes nothing else (no level, no list)");
                const exemptions = config["egress-only-stripe"].exemptions as Array<{ urn: string; reason: string }>;
                assert.deepEqual(Object.keys(config["egress-only-stripe"]), ["exemptions"]);
                assert.deepEqual(exemptions.map((e) => e.urn), [urn]);
                assert.match(exemptions[0].reason, /docs\/decisions\/0001-deploy-runner\.md/);
                assert.match(exemptions[0].reason, /Review by \d{4}-\d{2}-\d{2}/);
            });
        }
    }

    it("points at a decision record that exists", () => {
        assert.ok(fs.existsSync(path.join(REPO_ROOT, "docs", "decisions", "0001-deploy-runner.md")));
    });
});
