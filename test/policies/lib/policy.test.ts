import { strict as assert } from "assert";
import type { ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { commonFields, defineConfig } from "../../../policies/lib/config";
import { buildPolicy, ruleTable } from "../../../policies/lib/policy";

// The adapter between rules and @pulumi/policy: the validateResource and
// validateStack the SDK calls (server.js), given the args and report function
// the SDK gives them. What must hold: a fault in a rule never passes a
// resource silently, and never stops the rest of the stack being judged.

type Reported = { message: string; urn?: string; enforcementLevel?: string };

function collector(): { report: ReportViolation; seen: Reported[] } {
    const seen: Reported[] = [];
    const report = ((m: string | Reported, urn?: string) => seen.push(typeof m === "string" ? { message: m, urn } : m)) as unknown as ReportViolation;
    return { report, seen };
}

const TYPE = "test:index/thing:Thing";
const urn = (name: string) => `urn:pulumi:s::p::${TYPE}::${name}`;

function policy() {
    const p = buildPolicy({
        name: "demo",
        description: "demo",
        severity: "high",
        displayName: "Demo policy",
        remediationSteps: "Do not set bad or boom.",
        tags: ["test"],
        framework: { name: "none", version: "0", reference: "0", specification: "a policy for tests" },
        config: defineConfig("demo", commonFields()),
        rules: ruleTable([[[TYPE], (props) => {
            if (props.boom) {
                throw new TypeError("cannot read properties of undefined");
            }
            return props.bad ? [{ field: "bad", message: "is bad" }] : [];
        }]]),
        stack: (resources, _cfg, guard) => resources.flatMap((r) => guard(r.urn, () => {
            if (r.props.boom) {
                throw new Error("stack rule fault");
            }
            return r.props.bad ? [{ urn: r.urn, field: "bad", message: "is bad" }] : [];
        })),
    });
    // One validation function per policy (policy.ts), as the SDK calls it.
    return { validateResource: p.validateResource as (args: ResourceValidationArgs, report: ReportViolation) => void, validateStack: p.validateStack };
}

const resourceArgs = (name: string, props: Record<string, unknown>, config: Record<string, unknown> = {}) =>
    ({ type: TYPE, urn: urn(name), name, props, getConfig: () => config }) as unknown as ResourceValidationArgs;
const stackArgs = (resources: [string, Record<string, unknown>][], config: Record<string, unknown> = {}) =>
    ({
        resources: resources.map(([name, props]) => ({ type: TYPE, urn: urn(name), name, props, dependencies: [], propertyDependencies: {} })),
        getConfig: () => config,
    }) as unknown as StackValidationArgs;

describe("policies/lib/policy", () => {
    it("reports a fault in a resource rule on the resource, at the policy's level, naming the rule and the resource", async () => {
        const { report, seen } = collector();
        await policy().validateResource(resourceArgs("broken", { boom: true }), report);
        assert.equal(seen.length, 1);
        assert.equal(seen[0].urn, urn("broken"));
        assert.equal(seen[0].enforcementLevel, undefined, "no level of its own: the policy's (mandatory by default) applies");
        assert.match(seen[0].message, /^could not evaluate demo on broken: cannot read properties of undefined; treated as a violation/);
    });

    it("lowers rule faults to advisory when onRuleFault says so", async () => {
        const { report, seen } = collector();
        await policy().validateResource(resourceArgs("broken", { boom: true }, { onRuleFault: "advisory" }), report);
        assert.equal(seen[0].enforcementLevel, "advisory");
    });

    it("reports a fault in a stack rule on the resource it was judging, and judges the rest of the stack", async () => {
        const { report, seen } = collector();
        await policy().validateStack(stackArgs([["first", { bad: true }], ["broken", { boom: true }], ["last", { bad: true }]]), report);
        assert.deepEqual(seen.map((s) => [s.urn, s.message.slice(0, 30)]), [
            [urn("broken"), "could not evaluate demo on bro"],
            [urn("first"), "bad: is bad"],
            [urn("last"), "bad: is bad"],
        ]);
    });

    it("never fails a call over its config: it judges each resource with what it can read, and says what it cannot once, from the stack", async () => {
        const bad = { onRuleFault: "ignore", exemption: [{ urn: urn("first"), reason: "typo'd key" }] };
        const resource = collector();
        await policy().validateResource(resourceArgs("broken", { boom: true }, bad), resource.report);
        await policy().validateResource(resourceArgs("first", { bad: true }, bad), resource.report);
        assert.deepEqual(resource.seen.map((s) => [s.urn, s.enforcementLevel, s.message.slice(0, 30)]), [
            [urn("broken"), undefined, "could not evaluate demo on bro"],
            [urn("first"), undefined, "bad: is bad"],
        ], "an unknown onRuleFault reads as mandatory, a misspelt key exempts nothing; no word of the config on a resource");
        const stack = collector();
        await policy().validateStack(stackArgs([["first", { bad: true }]], bad), stack.report);
        assert.deepEqual(stack.seen.map((s) => [s.urn, s.enforcementLevel]), [[undefined, undefined], [urn("first"), undefined]], "one diagnostic on the stack, at the policy's level");
        assert.equal(
            stack.seen[0].message,
            "config: demo's config has 2 values it cannot take. " +
                "1) exemption = [{\"urn\":\"urn:pulumi:s::p::test:index/thing:Thing::first\",\"reason\":\"typo'd key\"}] is not a key of demo (did you mean exemptions?); its keys are exemptions, onRuleFault and enforcementLevel; ignored. " +
                "2) onRuleFault = \"ignore\" is not one of \"mandatory\", \"advisory\"; the default \"mandatory\" applies. " +
                "Until the config is fixed (the policy group's, or --policy-pack-config), the policy judges this stack without them.",
        );
    });

    it("says nothing of a config it reads whole", async () => {
        const { report, seen } = collector();
        await policy().validateStack(stackArgs([["first", {}]], { onRuleFault: "advisory", exemptions: [] }), report);
        assert.deepEqual(seen, []);
    });
});
