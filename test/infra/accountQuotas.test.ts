// Quotas the stacks share. One stack's plan sees only itself, but AWS counts
// per account and Region: the stack files' ARNs name the account each stack
// deploys to, and where several stacks share an account and Region, what they
// take together must fit AWS's defaults for a new account (or the README must
// say which increase to ask for first). The README's quota table gives the
// totals computed here.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ELASTIC_IPS_PER_REGION, VPC_QUOTAS } from "../../components/network";
import { loadStackConfig, StackConfig } from "../../infra/config";
import { readStackSettings, REPO_ROOT } from "../../tools/harness/project";
import { RunResult } from "../../tools/harness/run";
import { stackSource } from "../support/config";
import { all } from "../support/resources";
import { runAllStacks, STACKS } from "../support/stacks";

const ARN_ACCOUNT = /\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/g;

interface StackFacts {
    readonly stack: string;
    readonly account: string;
    readonly region: string;
    readonly config: StackConfig;
}

/** The account a stack file's ARNs name (they must agree), and its region. */
function factsOf(stack: string): StackFacts {
    const text = fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8");
    const accounts = [...new Set([...text.matchAll(ARN_ACCOUNT)].map((m) => m[1]))];
    assert.equal(accounts.length, 1, `Pulumi.${stack}.yaml names one account in its ARNs: ${accounts.join(", ")}`);
    const region = readStackSettings(stack).config["aws:region"];
    assert.ok(typeof region === "string", `Pulumi.${stack}.yaml sets aws:region`);
    return { stack, account: accounts[0], region, config: loadStackConfig(stackSource(stack)) };
}

const natGateways = (c: StackConfig) => (c.network.natGateways === "perAz" ? c.network.azCount : 1);

/** vCPUs of an m/c/r instance of generation 5 or later (the families nodes may use): medium 1, large 2, xlarge 4, Nxlarge 4N. */
function vcpus(instanceType: string): number {
    const size = instanceType.split(".")[1];
    const n = /^(\d+)xlarge$/.exec(size);
    const v = size === "medium" ? 1 : size === "large" ? 2 : size === "xlarge" ? 4 : n ? 4 * Number(n[1]) : NaN;
    assert.ok(Number.isFinite(v), `no vCPU count for ${instanceType}`);
    return v;
}

/** A stack's node vCPUs at its groups' desired and maximum sizes (a group's largest type, as the autoscaler may pick it). */
function nodeVcpus(c: StackConfig): { desired: number; max: number } {
    const groups = Object.values(c.cluster.nodeGroups);
    const per = (g: (typeof groups)[number]) => Math.max(...g.instanceTypes.map(vcpus));
    return {
        desired: groups.reduce((sum, g) => sum + per(g) * g.counts.desired, 0),
        max: groups.reduce((sum, g) => sum + per(g) * g.counts.max, 0),
    };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
    const out = new Map<string, T[]>();
    for (const i of items) {
        out.set(key(i), [...(out.get(key(i)) ?? []), i]);
    }
    return out;
}

describe("infra (the stack files together): quotas of the account and Region they share", () => {
    const facts = STACKS.map(factsOf);
    const shared = groupBy(facts, (f) => `${f.account} ${f.region}`);
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    it("reads one account and Region per stack file; here all three share one", () => {
        assert.deepEqual([...shared.keys()], ["123456789012 us-east-1"]);
    });

    it("takes no more Elastic IPs (one per NAT gateway) in an account and Region than its default of 5", () => {
        for (const [where, stacks] of shared) {
            const eips = stacks.reduce((sum, f) => sum + natGateways(f.config), 0);
            assert.ok(eips <= ELASTIC_IPS_PER_REGION,
                `${where}: ${stacks.map((f) => `${f.stack} ${natGateways(f.config)}`).join(" + ")} = ${eips} NAT gateways, each an Elastic IP, over the default of ${ELASTIC_IPS_PER_REGION} per Region`);
        }
    });

    it("fits the VPCs (with the default VPC) and the NAT gateways of one zone in the defaults", () => {
        for (const [where, stacks] of shared) {
            assert.ok(stacks.length + 1 <= VPC_QUOTAS.vpcsPerRegion, `${where}: ${stacks.length} VPCs and the default VPC`);
            // Every stack's first NAT gateway is in its first zone.
            assert.ok(stacks.length <= VPC_QUOTAS.natGatewaysPerZone, `${where}: ${stacks.length} NAT gateways in the first zone`);
        }
    });

    it("keeps each VPC's interface endpoints within the default of 50", () => {
        for (const stack of STACKS) {
            const interfaces = all(runs[stack], "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcEndpointType === "Interface");
            assert.ok(interfaces.length <= VPC_QUOTAS.interfaceEndpointsPerVpc, `${stack}: ${interfaces.length} interface endpoints`);
            assert.ok(readme.includes(`| ${interfaces.length} in ${stack}`) || readme.includes(`${interfaces.length} in ${stack}`), `the README's quota table gives ${stack}'s ${interfaces.length} interface endpoints`);
        }
    });

    it("gives in the README's quota table what the stacks take together: Elastic IPs, node vCPUs, CodeBuild builds", () => {
        const [stacks] = [...shared.values()];
        const eips = stacks.map((f) => `${f.stack} ${natGateways(f.config)}`).join(", ");
        const total = stacks.reduce((sum, f) => sum + natGateways(f.config), 0);
        assert.ok(readme.includes(`${total} (${eips})`), `the README gives ${total} (${eips}) Elastic IPs`);
        const cpu = stacks.map((f) => nodeVcpus(f.config));
        const desired = cpu.reduce((s, c) => s + c.desired, 0);
        const max = cpu.reduce((s, c) => s + c.max, 0);
        assert.ok(readme.includes(`${desired} at the node groups' desired sizes, ${max} at their maximums`), `the README gives ${desired} and ${max} node vCPUs`);
        const builds = groupBy(stacks, (f) => f.config.deploy.computeType);
        for (const [type, users] of builds) {
            const sum = users.reduce((s, f) => s + f.config.deploy.concurrentBuilds, 0);
            assert.ok(readme.includes(`\`${type}\`: ${sum}`), `the README gives ${sum} concurrent ${type} builds`);
        }
    });
});
