import { strict as assert } from "assert";
import { EC2_DESCRIPTIONS } from "../../../components/naming";
import { DeployRunner, DeployRunnerArgs, planRunnerRules, runnerDescriptions, webhookFilters, workflowNamePattern } from "../../../components/deploy";
import { runComponents, RunResult } from "../../../tools/harness/run";
import { all, idOf, one } from "../../support/resources";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const PROJECT = "aws:codebuild/project:Project";
const CONNECTION = "arn:aws:codeconnections:us-east-1:123456789012:connection/5e0c3a1d-8f2b-4c6e-9a7d-1b3f5d7e9c20";
const SUBNETS = ["subnet-p1", "subnet-p2", "subnet-p3"];

function args(overrides: Partial<DeployRunnerArgs> = {}): DeployRunnerArgs {
    return {
        projectName: "tt-test-deploy",
        repository: "tickettoken/platform-network",
        connectionArn: CONNECTION,
        workflowNames: ["pull-request", "deploy"],
        vpcId: "vpc-1",
        vpcCidr: "10.0.0.0/16",
        subnetIds: SUBNETS,
        controlPlaneSecurityGroupId: "sg-control-plane",
        endpointSecurityGroupId: "sg-endpoints",
        ...overrides,
    };
}

describe("components/deploy/DeployRunner", () => {
    let run: RunResult;
    let preview: RunResult;
    before(async () => {
        run = await runComponents(() => {
            new DeployRunner("d", args());
        });
        preview = await runComponents(() => {
            new DeployRunner("d", args({ computeType: "BUILD_GENERAL1_LARGE", concurrentBuilds: 1, logRetentionDays: 30 }));
        }, { preview: true });
    });

    it("is a CodeBuild project in the private subnets, behind its own group, that runs GitHub Actions jobs of the repository through the connection", () => {
        const project = one(run, PROJECT, "d-project").inputs;
        assert.equal(project.name, "tt-test-deploy");
        assert.deepEqual(project.source, {
            type: "GITHUB",
            location: "https://github.com/tickettoken/platform-network.git",
            auth: { type: "CODECONNECTIONS", resource: CONNECTION },
            gitCloneDepth: 1,
        });
        assert.deepEqual(project.artifacts, { type: "NO_ARTIFACTS" });
        assert.deepEqual(project.vpcConfig, { vpcId: "vpc-1", subnets: SUBNETS, securityGroupIds: [idOf(one(run, SG, "d-runner"))] });
        assert.deepEqual(project.environment, {
            type: "LINUX_CONTAINER",
            computeType: "BUILD_GENERAL1_MEDIUM",
            image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
            imagePullCredentialsType: "CODEBUILD",
            privilegedMode: false,
        });
        assert.deepEqual([project.buildTimeout, project.queuedTimeout, project.concurrentBuildLimit, project.projectVisibility], [120, 60, 2, "PRIVATE"]);
        const sized = one(preview, PROJECT, "d-project").inputs;
        assert.deepEqual([sized.environment.computeType, sized.concurrentBuildLimit], ["BUILD_GENERAL1_LARGE", 1]);
    });

    it("starts a runner only for queued jobs of the named workflows", () => {
        const hook = one(run, "aws:codebuild/webhook:Webhook", "d-webhook");
        assert.equal(hook.inputs.projectName, "tt-test-deploy");
        assert.equal(hook.inputs.buildType, "BUILD");
        assert.deepEqual(hook.inputs.filterGroups, [{ filters: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }, { type: "WORKFLOW_NAME", pattern: "^(pull-request|deploy)$" }] }]);
        assert.ok(hook.dependencies.includes(one(run, PROJECT, "d-project").urn));
        assert.ok(new RegExp(workflowNamePattern(["pull-request", "deploy"])).test("deploy"));
        assert.ok(!new RegExp(workflowNamePattern(["pull-request", "deploy"])).test("deploy-preview"), "anchored: no prefix match");
        assert.equal(workflowNamePattern(["a.b (c)"]), "^(a\\.b \\(c\\))$");
        assert.throws(() => webhookFilters([]), /workflow names \[\] must be one or more non-empty names/);
    });

    it("writes logs to the group CodeBuild would name, with retention, created first", () => {
        const logs = one(run, "aws:cloudwatch/logGroup:LogGroup", "d-logs");
        assert.equal(logs.inputs.name, "/aws/codebuild/tt-test-deploy");
        assert.equal(logs.inputs.retentionInDays, 365);
        assert.equal(one(preview, "aws:cloudwatch/logGroup:LogGroup", "d-logs").inputs.retentionInDays, 30);
        const project = one(run, PROJECT, "d-project");
        assert.deepEqual(project.inputs.logsConfig, { cloudwatchLogs: { status: "ENABLED", groupName: "/aws/codebuild/tt-test-deploy" }, s3Logs: { status: "DISABLED" } });
        assert.ok(project.dependencies.includes(logs.urn));
    });

    it("replaces its fixed-name resources by deleting first, so a replacement never collides with the old name", () => {
        for (const [type, name] of [[PROJECT, "d-project"], ["aws:codebuild/webhook:Webhook", "d-webhook"], ["aws:cloudwatch/logGroup:LogGroup", "d-logs"]]) {
            assert.equal(one(run, type, name).deleteBeforeReplace, true, name);
        }
    });

    it("runs as a role CodeBuild assumes for this project only, and creates the project after the role's permissions", () => {
        const role = one(run, "aws:iam/role:Role", "d-role");
        const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
        assert.deepEqual(trust.Condition.ArnLike, { "aws:SourceArn": "arn:aws:codebuild:us-east-1:123456789012:project/tt-test-deploy" });
        const permissions = one(run, "aws:iam/rolePolicy:RolePolicy", "d-role-permissions");
        const policy = JSON.parse(permissions.inputs.policy);
        assert.deepEqual(policy.Statement.map((s: any) => s.Sid), ["ProjectLogs", "BuildNetworkInterfaces", "BuildNetworkInterfacePermission", "GitHubConnection"]);
        assert.deepEqual(policy.Statement[2].Condition.StringEquals["ec2:Subnet"], SUBNETS.map((s) => `arn:aws:ec2:us-east-1:123456789012:subnet/${s}`));
        const project = one(run, PROJECT, "d-project");
        assert.equal(project.inputs.serviceRole, "arn:aws:iam:us-east-1:123456789012:role/d-role");
        assert.ok(project.dependencies.includes(permissions.urn), "CodeBuild checks the role's EC2 rights when a VPC project is created");
        // The role has no access entry and no managed policy: it only runs the build.
        assert.equal(run.resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
        assert.equal(run.resources.filter((r) => r.type.startsWith("aws:eks/")).length, 0);
    });

    it("has one group of its own with no inline rules and no ingress, and exactly one rule out of the VPC: TCP 443", () => {
        const group = one(run, SG, "d-runner");
        assert.equal(group.inputs.ingress, undefined);
        assert.equal(group.inputs.egress, undefined);
        assert.equal(group.inputs.tags["tickettoken/platform"], "deploy-runner");
        const runner = idOf(group);
        const egress = all(run, EGRESS).map((r) => [r.inputs.securityGroupId, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4]);
        assert.deepEqual(egress, [
            [runner, "tcp", 443, 443, "sg-control-plane"],
            [runner, "tcp", 443, 443, "sg-endpoints"],
            [runner, "udp", 53, 53, "10.0.0.2/32"],
            [runner, "tcp", 53, 53, "10.0.0.2/32"],
            [runner, "tcp", 443, 443, "0.0.0.0/0"],
        ]);
        assert.equal(all(run, EGRESS).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0").length, 1);
        // The API server's side of the flow: its group admits the runner on 443, and nothing admits the runner itself.
        const ingress = all(run, INGRESS).map((r) => [r.inputs.securityGroupId, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.referencedSecurityGroupId]);
        assert.deepEqual(ingress, [["sg-control-plane", "tcp", 443, runner]]);
    });

    it("refuses, before registering anything, what CodeBuild or GitHub would refuse", async () => {
        const refused = await runComponents(() => {
            const cases: Array<[Partial<DeployRunnerArgs>, RegExp]> = [
                [{ projectName: "x" }, /deploy runner a: CodeBuild project name "x" \(1 characters\) must be 2 to 150/],
                [{ projectName: `p${"x".repeat(150)}` }, /\(151 characters\) must be 2 to 150/],
                [{ repository: "platform-network" }, /deploy runner a: GitHub repository "platform-network" must be "<owner>\/<name>"/],
                [{ connectionArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:github" }, /is not a CodeConnections connection ARN/],
                [{ workflowNames: [] }, /workflow names \[\] must be one or more non-empty names/],
                [{ computeType: "BUILD_GENERAL1_2XLARGE" as any }, /compute type "BUILD_GENERAL1_2XLARGE" must be one of BUILD_GENERAL1_SMALL, BUILD_GENERAL1_MEDIUM, BUILD_GENERAL1_LARGE/],
                [{ buildTimeoutMinutes: 3000 }, /deploy runner a: build timeout \(minutes\) = 3000: must be an integer from 5 to 2160/],
                [{ queuedTimeoutMinutes: 4 }, /queued timeout \(minutes\) = 4: must be an integer from 5 to 480/],
                [{ concurrentBuilds: 0 }, /concurrent builds = 0: must be an integer from 1 to 100/],
                [{ subnetIds: [] }, /subnets = 0: must be an integer from 1 to 16/],
                [{ subnetIds: Array.from({ length: 17 }, (_, i) => `subnet-${i}`) }, /subnets = 17: must be an integer from 1 to 16/],
            ];
            for (const [patch, message] of cases) {
                assert.throws(() => new DeployRunner("a", args(patch)), message);
            }
        });
        assert.deepEqual(refused.resources.filter((r) => r.custom).map((r) => r.name), []);
    });

    it("sends only descriptions EC2 and CodeBuild accept, even for the longest names allowed", () => {
        for (const r of [...all(run, SG), ...all(run, INGRESS), ...all(run, EGRESS)]) {
            assert.match(r.inputs.description, EC2_DESCRIPTIONS.rule, r.name);
        }
        const longest = runnerDescriptions("p".repeat(150), `${"o".repeat(39)}/${"r".repeat(100)}`, planRunnerRules("10.0.0.0/16"));
        assert.ok(EC2_DESCRIPTIONS.group.test(longest.group) && longest.rules.every((t) => EC2_DESCRIPTIONS.rule.test(t)));
        assert.ok(longest.project.length <= 255, `${longest.project.length} characters`);
        assert.ok(!EC2_DESCRIPTIONS.rule.test("deploy runner to GitHub's API"), "the check refuses an apostrophe, as EC2 does");
    });

    it("parents every resource to the component", () => {
        const component = one(run, "tickettoken:deploy:DeployRunner", "d");
        for (const r of run.resources.filter((x) => x !== component)) {
            assert.equal(r.parent, component.urn, r.name);
        }
    });
});
