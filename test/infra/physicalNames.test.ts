import { strict as assert } from "assert";
import { RunResult } from "../../tools/harness/run";
import { fixedNames, whyFixedNameIsSafe } from "../support/physicalNames";
import { runAllStacks, STACKS } from "../support/stacks";
import { checkStackNames } from "../../infra/stack";

// A change that replaces a resource creates the new one before deleting the old, unless told otherwise: a
// fixed physical name then collides with itself. Every fixed name must be deleteBeforeReplace, or change
// whenever the resource is replaced (the reasons are in test/support/physicalNames.ts).
describe("infra (whole stack): fixed physical names survive a replacement", () => {
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    for (const stack of STACKS) {
        it(`${stack}: every resource with a fixed name is deleteBeforeReplace or has a reason not to be`, () => {
            const named = runs[stack].resources.filter((r) => r.custom && Object.keys(fixedNames(r)).length > 0);
            assert.ok(named.length > 30, "the stack's fixed names were found");
            const unsafe = named.filter((r) => whyFixedNameIsSafe(r) === undefined).map((r) => `${r.type} ${r.name} ${JSON.stringify(fixedNames(r))}`);
            assert.deepEqual(unsafe, []);
        });
    }

    it("deletes before replacing what must keep its exact name: the EKS cluster, its log group, the cache rules, cache users, WAF entry points", () => {
        const run = runs.prod;
        const dbr = new Set(run.resources.filter((r) => r.deleteBeforeReplace === true).map((r) => r.type));
        for (const type of [
            "aws:eks/cluster:Cluster",
            "aws:cloudwatch/logGroup:LogGroup",
            "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
            "aws:elasticache/user:User",
            "cloudflare:index/ruleset:Ruleset",
        ]) {
            assert.ok(dbr.has(type), type);
        }
        // Named by AWS or Pulumi where nothing needs the exact name.
        for (const r of run.resources.filter((x) => ["aws:kms/alias:Alias", "aws:rds/instance:Instance", "aws:mq/broker:Broker", "aws:lb/loadBalancer:LoadBalancer", "aws:s3/bucket:Bucket", "aws:iam/role:Role", "aws:secretsmanager/secret:Secret"].includes(x.type))) {
            const names = fixedNames(r);
            delete (names as Record<string, unknown>).finalSnapshotIdentifier;
            assert.deepEqual(names, {}, `${r.type} ${r.name} is autonamed`);
        }
    });

    it("flags a fixed name with no deleteBeforeReplace and no reason (the check can fail)", () => {
        const cluster = runs.prod.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
        assert.equal(whyFixedNameIsSafe({ ...cluster, deleteBeforeReplace: undefined }), undefined);
        const role = runs.prod.resources.find((r) => r.type === "aws:iam/role:Role")!;
        const named = { ...role, wire: { ...role.wire, name: "fixed-role" }, inputs: { ...role.inputs, name: "fixed-role" } };
        assert.deepEqual(fixedNames(named), { name: "fixed-role" });
        assert.equal(whyFixedNameIsSafe(named), undefined);
    });

    it("refuses, before anything is registered, a stack name whose derived names AWS would refuse", () => {
        for (const stack of STACKS) {
            assert.doesNotThrow(() => checkStackNames(`tickettoken-${stack}`));
        }
        assert.throws(() => checkStackNames("tickettoken-production"), (e: unknown) => {
            const message = String((e as Error).message);
            assert.match(message, /^the names derived from "tickettoken-production" .* shorten the stack name/);
            // ECR takes 2 to 30 characters for a pull-through cache prefix.
            assert.match(message, /pull-through cache prefix "tickettoken-production-docker-hub" .* must be 2 to 30/);
            return true;
        });
        assert.throws(() => checkStackNames(`tickettoken-${"x".repeat(90)}`), /EKS cluster name "tickettoken-x+" is 102 characters; at most 100/);
    });
});
