// Pure IAM documents of the deploy runner's service role. The role runs the
// build container and nothing else: it may write the project's logs, manage
// the build's network interfaces in the runner's subnets, and fetch GitHub
// tokens from the one connection. It has no access entry on the cluster and no
// right to change AWS resources; jobs assume the deploy or preview role
// through GitHub's OIDC token for that.
import { connectionService } from "./naming";

export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: string | string[];
    readonly Resource: string | string[];
    readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: PolicyStatement[];
}

export interface TrustPolicy {
    readonly Version: "2012-10-17";
    readonly Statement: Array<{
        readonly Sid: string;
        readonly Effect: "Allow";
        readonly Principal: { readonly Service: string };
        readonly Action: string;
        readonly Condition: Record<string, Record<string, string>>;
    }>;
}

export interface RunnerRoleFacts {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly projectName: string;
    /** The project's log group (its ARN without the ":*" suffix). */
    readonly logGroupArn: string;
    /** Subnets builds run in. */
    readonly subnetIds: readonly string[];
    readonly connectionArn: string;
}

/** The project's ARN, known before the project exists (the trust policy names it). */
export function projectArn(f: Pick<RunnerRoleFacts, "partition" | "region" | "accountId" | "projectName">): string {
    return `arn:${f.partition}:codebuild:${f.region}:${f.accountId}:project/${f.projectName}`;
}

/**
 * CodeBuild may assume the role only for this project of this account
 * ("Cross-service confused deputy prevention", AWS CodeBuild User Guide).
 */
export function runnerTrustPolicy(f: Pick<RunnerRoleFacts, "partition" | "region" | "accountId" | "projectName">): TrustPolicy {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "CodeBuildForThisProject",
            Effect: "Allow",
            Principal: { Service: "codebuild.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": f.accountId },
                ArnLike: { "aws:SourceArn": projectArn(f) },
            },
        }],
    };
}

/**
 * What the build needs:
 * - logs of this project's group only;
 * - the network-interface calls CodeBuild makes for a build in a VPC, with
 *   CreateNetworkInterfacePermission limited to the runner's subnets and to
 *   CodeBuild ("Allow CodeBuild access to AWS services required to create a
 *   VPC network interface", AWS CodeBuild User Guide); the Describe and
 *   Create/DeleteNetworkInterface actions take no resource-level condition
 *   CodeBuild documents, hence "*";
 * - GitHub tokens from the connection, to register the runner with GitHub
 *   ("GitHub App connections", AWS CodeBuild User Guide: GetConnectionToken
 *   and GetConnection on the connection), under the prefix of its ARN.
 */
export function runnerRolePolicy(f: RunnerRoleFacts): PolicyDocument {
    if (f.subnetIds.length === 0) {
        throw new Error(`deploy runner ${f.projectName}: no subnets to run builds in`);
    }
    const service = connectionService(f.connectionArn);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ProjectLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: [`${f.logGroupArn}:log-stream:*`],
            },
            {
                Sid: "BuildNetworkInterfaces",
                Effect: "Allow",
                Action: [
                    "ec2:CreateNetworkInterface",
                    "ec2:DeleteNetworkInterface",
                    "ec2:DescribeDhcpOptions",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeVpcs",
                ],
                Resource: "*",
            },
            {
                Sid: "BuildNetworkInterfacePermission",
                Effect: "Allow",
                Action: "ec2:CreateNetworkInterfacePermission",
                Resource: `arn:${f.partition}:ec2:${f.region}:${f.accountId}:network-interface/*`,
                Condition: {
                    StringEquals: {
                        "ec2:Subnet": f.subnetIds.map((id) => `arn:${f.partition}:ec2:${f.region}:${f.accountId}:subnet/${id}`),
                        "ec2:AuthorizedService": "codebuild.amazonaws.com",
                    },
                },
            },
            {
                Sid: "GitHubConnection",
                Effect: "Allow",
                Action: [`${service}:GetConnectionToken`, `${service}:GetConnection`],
                Resource: f.connectionArn,
            },
        ],
    };
}
