// The pack config each stack's pull-request previews pass with
// --policy-pack-config (and the offline plan reads): it exempts exactly the
// deploy runner's one public rule, by the URN the engine gives it (not only
// the one the mocks give it). The organisation-enforced pack that judges every
// `up` gets its config from the stacks' policy group instead
// (policies/groups/tickettoken.json): it must judge each stack exactly as the
// stack's own file does (docs/decisions/0002-which-pack-judges-which-run.md).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parsePolicyPackConfig, strictConfigErrors, validateConfigError } from "../../tools/analyzer";
import { REPO_ROOT } from "../../tools/harness/project";
import { RecordedResource } from "../../tools/harness/recorder";
import { RunResult } from "../../tools/harness/run";
import { runAllStacks, STACKS, STACKS_POLICY_GROUP } from "../support/stacks";
import { summary, usePack } from "../support/pack";

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

function groupConfigOf(group: string) {
    const file = path.join("policies", "groups", `${group}.json`);
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

    describe(`the stacks' policy group (policies/groups/${STACKS_POLICY_GROUP}.json), whose config the enforced pack judges every up with`, () => {
        const pack = usePack(); // its own process, stopped after these tests: the config each sets goes with it

        it("carries every stack file's exemptions, in stack order, and otherwise exactly the default group's config", () => {
            const group = groupConfigOf(STACKS_POLICY_GROUP);
            const defaults = groupConfigOf("default-policy-group");
            assert.deepEqual(Object.keys(group).sort(), Object.keys(defaults).sort(), "every policy of the pack, no other");
            for (const [policy, config] of Object.entries(group)) {
                const { exemptions, ...rest } = config as { exemptions?: unknown };
                assert.deepEqual(rest, defaults[policy], `${policy}: the default group's level and settings`);
                const fromStacks = STACKS.flatMap((stack) => (packConfigOf(stack)[policy]?.exemptions as unknown[] | undefined) ?? []);
                assert.deepEqual(exemptions ?? [], fromStacks, `${policy}: the exemptions of infra/policy-config/{${STACKS.join(",")}}.json`);
            }
            for (const stack of STACKS) {
                for (const policy of Object.keys(packConfigOf(stack))) {
                    assert.ok(policy in group, `${stack}.json configures ${policy}, which the group must carry too`);
                }
            }
        });

        it("every stack's file, and the group's, is valid under the pack's schema and names no key the pack does not have", () => {
            for (const [file, config] of [...STACKS.map((stack) => [`${stack}.json`, packConfigOf(stack)] as const), [`${STACKS_POLICY_GROUP}.json`, groupConfigOf(STACKS_POLICY_GROUP)] as const]) {
                assert.equal(validateConfigError(pack().info, config), undefined, file);
                assert.deepEqual(strictConfigErrors(pack().info, config), [], file);
            }
        });

        for (const stack of STACKS) {
            it(`${stack}: judged by the group's config exactly as by its own file: the same findings at the same levels, with the same reasons`, async () => {
                const run = (await runAllStacks())[stack];
                const judge = async (config: ReturnType<typeof packConfigOf>) => {
                    await pack().configure(config);
                    const report = await pack().analyze(run.resources);
                    return { findings: summary(report), messages: report.diagnostics.map((d) => `${d.urn} ${d.enforcementLevel} ${d.message}`).sort() };
                };
                const own = await judge(packConfigOf(stack));
                assert.deepEqual(own.findings, ["egress-only-stripe advisory tickettoken-deploy-runner-to-internet-tcp443 cidrIpv4"], "the one exempted rule, advisory");
                assert.deepEqual(await judge(groupConfigOf(STACKS_POLICY_GROUP)), own);
                const unexempted = await judge({});
                assert.deepEqual(unexempted.findings, ["egress-only-stripe mandatory tickettoken-deploy-runner-to-internet-tcp443 cidrIpv4"], "without either, the rule fails the stack (so equality above means something)");
            });
        }
    });
});
