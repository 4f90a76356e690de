import { strict as assert } from "assert";
import { ConfigError } from "../../infra/config";
import { countByType, RunError, runStack, RunResult } from "../../tools/harness/run";
import { all } from "../support/resources";

// Whole-stack runs: infra/index.ts end to end under mocks, with each stack's
// own config file, as `pulumi up -s <stack>` would run it.
describe("infra (whole stack)", () => {
    const runs: Record<string, RunResult> = {};
    before(async () => {
        for (const stack of ["dev", "staging", "prod"]) {
            runs[stack] = await runStack(stack);
        }
    });

    for (const stack of ["dev", "staging", "prod"]) {
        describe(stack, () => {
            it("registers everything under the stack root, through components", () => {
                const run = runs[stack];
                const root = run.resources.filter((r) => r.type === "pulumi:pulumi:Stack");
                assert.equal(root.length, 1);
                const urns = new Set(run.resources.map((r) => r.urn));
                for (const r of run.resources.filter((x) => x.type !== "pulumi:pulumi:Stack")) {
                    assert.ok(r.parent && urns.has(r.parent), `${r.urn} has a registered parent`);
                    if (r.custom) {
                        assert.notEqual(r.parent, root[0].urn, `${r.name} belongs to a component, not the stack root`);
                    }
                }
                assert.equal(new Set(run.resources.map((r) => r.urn)).size, run.resources.length, "URNs are unique");
            });

            it("builds the network from the stack's config", () => {
                const counts = countByType(runs[stack]);
                assert.equal(counts["tickettoken:network:Network"], 1);
                assert.equal(counts["aws:ec2/vpc:Vpc"], 1);
                assert.equal(counts["aws:ec2/subnet:Subnet"], 12);
                assert.equal(counts["aws:ec2/flowLog:FlowLog"], 1);
            });

            it("exports what later stacks and tools need", () => {
                const out = runs[stack].outputs;
                for (const key of ["vpcId", "vpcCidr", "privateSubnetIds", "dataSubnetIds", "publicSubnetIds", "messagingSubnetIds", "routeTableIds", "endpointSecurityGroupId"]) {
                    assert.ok(out[key] !== undefined, `exports ${key}`);
                }
                assert.equal((out.privateSubnetIds as string[]).length, 3);
            });
        });
    }

    it("is small in dev and highly available in prod", () => {
        assert.equal(all(runs.dev, "aws:ec2/natGateway:NatGateway").length, 1);
        assert.equal(all(runs.staging, "aws:ec2/natGateway:NatGateway").length, 3);
        assert.equal(all(runs.prod, "aws:ec2/natGateway:NatGateway").length, 3);
        assert.equal(runs.dev.outputs.vpcCidr, "10.20.0.0/16");
        assert.equal(runs.prod.outputs.vpcCidr, "10.0.0.0/16");
        assert.equal(all(runs.dev, "aws:cloudwatch/logGroup:LogGroup")[0].inputs.retentionInDays, 30);
        assert.equal(all(runs.prod, "aws:cloudwatch/logGroup:LogGroup")[0].inputs.retentionInDays, 365);
    });

    it("stops on bad config before registering a single cloud resource", async () => {
        await assert.rejects(runStack("prod", { "tickettoken:azCount": 9, "tickettoken:vpcCidr": "10.0.0.0/8" }), (e: unknown) => {
            assert.ok(e instanceof RunError);
            assert.ok(e.cause instanceof ConfigError);
            assert.match(e.message, /tickettoken:azCount = "9": must be an integer from 2 to 6/);
            assert.match(e.message, /tickettoken:vpcCidr = "10\.0\.0\.0\/8"/);
            assert.equal(e.resources.filter((r) => r.custom).length, 0);
            return true;
        });
    });

    it("runs in preview mode with computed values unknown, as pulumi preview does", async () => {
        const preview = await runStack("prod", {}, { preview: true });
        assert.equal(preview.resources.length, runs.prod.resources.length);
        const subnet = all(preview, "aws:ec2/subnet:Subnet").find((s) => s.name === "tickettoken-private-1")!;
        assert.equal(subnet.wire.vpcId, "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "the VPC id is the engine's unknown sentinel");
        assert.equal(subnet.wire.cidrBlock, "10.0.0.0/19", "planned values stay known");
        assert.ok(subnet.propertyDependencies.vpcId.some((u) => u.endsWith("::tickettoken-vpc")));
    });
});
