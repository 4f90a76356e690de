import { strict as assert } from "assert";
import { projectArn, runnerRolePolicy, runnerTrustPolicy } from "../../../components/deploy";

const facts = {
    partition: "aws",
    region: "us-east-1",
    accountId: "123456789012",
    projectName: "tickettoken-prod-deploy",
    logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/tickettoken-prod-deploy",
    subnetIds: ["subnet-a", "subnet-b"],
    connectionArn: "arn:aws:codeconnections:us-east-1:123456789012:connection/5e0c3a1d-8f2b-4c6e-9a7d-1b3f5d7e9c20",
};

describe("components/deploy/policy", () => {
    it("lets CodeBuild assume the role for this project of this account only", () => {
        const trust = runnerTrustPolicy(facts).Statement;
        assert.equal(trust.length, 1);
        assert.deepEqual(trust[0].Principal, { Service: "codebuild.amazonaws.com" });
        assert.equal(trust[0].Action, "sts:AssumeRole");
        assert.deepEqual(trust[0].Condition, {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:codebuild:us-east-1:123456789012:project/tickettoken-prod-deploy" },
        });
        assert.equal(projectArn({ ...facts, partition: "aws-us-gov", region: "us-gov-west-1" }), "arn:aws-us-gov:codebuild:us-gov-west-1:123456789012:project/tickettoken-prod-deploy");
    });

    it("grants the build its logs, its network interfaces in its subnets, and the connection's tokens: nothing else", () => {
        const statements = Object.fromEntries(runnerRolePolicy(facts).Statement.map((s) => [s.Sid, s]));
        assert.deepEqual(Object.keys(statements), ["ProjectLogs", "BuildNetworkInterfaces", "BuildNetworkInterfacePermission", "GitHubConnection"]);
        assert.deepEqual(statements.ProjectLogs.Resource, [`${facts.logGroupArn}:log-stream:*`]);
        assert.ok((statements.BuildNetworkInterfaces.Action as string[]).every((a) => /^ec2:(Describe|CreateNetworkInterface$|DeleteNetworkInterface$)/.test(a)));
        assert.deepEqual(statements.BuildNetworkInterfacePermission.Condition, {
            StringEquals: {
                "ec2:Subnet": ["arn:aws:ec2:us-east-1:123456789012:subnet/subnet-a", "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-b"],
                "ec2:AuthorizedService": "codebuild.amazonaws.com",
            },
        });
        assert.deepEqual(statements.GitHubConnection.Action, ["codeconnections:GetConnectionToken", "codeconnections:GetConnection"]);
        assert.equal(statements.GitHubConnection.Resource, facts.connectionArn);
        // No wildcard action, no EKS, IAM or write access to anything but its own logs and ENIs.
        const actions = runnerRolePolicy(facts).Statement.flatMap((s) => [s.Action].flat());
        assert.ok(actions.every((a) => !a.includes("*") && !/^(eks|iam|sts|s3|ssm|secretsmanager):/.test(a)), actions.join(", "));
    });

    it("names a connection made before the rename under its own IAM prefix", () => {
        const legacy = runnerRolePolicy({ ...facts, connectionArn: facts.connectionArn.replace("codeconnections", "codestar-connections") });
        assert.deepEqual(legacy.Statement.find((s) => s.Sid === "GitHubConnection")!.Action, ["codestar-connections:GetConnectionToken", "codestar-connections:GetConnection"]);
    });

    it("refuses a runner without subnets or with a credential that is not a connection", () => {
        assert.throws(() => runnerRolePolicy({ ...facts, subnetIds: [] }), /deploy runner tickettoken-prod-deploy: no subnets to run builds in/);
        assert.throws(() => runnerRolePolicy({ ...facts, connectionArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gh" }), /is not a CodeConnections connection ARN/);
    });
});
