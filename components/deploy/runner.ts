// The deploy runner: an AWS CodeBuild project that serves as an ephemeral,
// self-hosted GitHub Actions runner inside the VPC's private subnets, so that
// `pulumi preview --refresh` and `pulumi up` reach the private EKS API. A
// queued workflow job whose `runs-on` names the project makes GitHub send a
// WORKFLOW_JOB_QUEUED webhook; CodeBuild starts a container that registers
// itself as a runner for that one job and ends with it.
// https://docs.aws.amazon.com/codebuild/latest/userguide/action-runner.html
//
// The runner has its own security group (used by nothing else), a service
// role that can only run the build (no cluster access, no AWS changes: jobs
// assume the deploy or preview role through GitHub's OIDC token), and logs
// with retention.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ec2DescriptionProblem } from "../naming";
import { connectionService, PROJECT_DESCRIPTION_MAX, projectNameProblem, repositoryProblem, repositoryUrl, runnerLabel } from "./naming";
import { runnerRolePolicy, runnerTrustPolicy } from "./policy";
import { checkRunnerRules, planRunnerRules, RunnerRule } from "./rules";
import { CODEBUILD_LIMITS, DEPLOY_RUNNER_DEFAULTS, RUNNER_COMPUTE_TYPES, RunnerComputeType, WebhookFilterType, WORKFLOW_JOB_QUEUED } from "./types";

export interface DeployRunnerArgs {
    /** CodeBuild project name; the workflows' `runs-on` label repeats it, so it is fixed, not generated. */
    readonly projectName: string;
    /** The GitHub repository whose workflow jobs it runs, "owner/name". */
    readonly repository: string;
    /** CodeConnections connection to GitHub (created and authorised once, in the console). */
    readonly connectionArn: string;
    /** Names of the workflows whose jobs may start a runner (a webhook filter); at least one. */
    readonly workflowNames: readonly string[];
    /** The VPC builds run in. */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC range (plain: the resolver's address derives from it). */
    readonly vpcCidr: string;
    /** Private subnets with a route to NAT (CodeBuild gives builds no public address). */
    readonly subnetIds: pulumi.Input<string>[];
    /** Our additional group on the EKS API server's ENIs; it gets the ingress side of the runner's API flow. */
    readonly controlPlaneSecurityGroupId: pulumi.Input<string>;
    /** Group of the VPC interface endpoints (they admit HTTPS from the whole VPC). */
    readonly endpointSecurityGroupId: pulumi.Input<string>;
    /** On-demand compute of each build. @default "BUILD_GENERAL1_MEDIUM" */
    readonly computeType?: RunnerComputeType;
    /** Build image. @default "aws/codebuild/amazonlinux-x86_64-standard:5.0" */
    readonly image?: string;
    /** Minutes a job may run (5..2160). @default 120 */
    readonly buildTimeoutMinutes?: number;
    /** Minutes a job may wait for a runner (5..480). @default 60 */
    readonly queuedTimeoutMinutes?: number;
    /** Builds of this project running at once. @default 2 */
    readonly concurrentBuilds?: number;
    /** Days CloudWatch keeps the build logs. @default 365 */
    readonly logRetentionDays?: number;
    /** Tags added to every resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** A regular expression that matches exactly these workflow names. */
export function workflowNamePattern(names: readonly string[]): string {
    if (names.length === 0 || names.some((n) => n.trim() === "")) {
        throw new Error(`deploy runner: workflow names ${JSON.stringify(names)} must be one or more non-empty names`);
    }
    return `^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`;
}

/** The webhook's one filter group: a queued job of one of the named workflows. */
export function webhookFilters(workflowNames: readonly string[]): Array<{ type: WebhookFilterType; pattern: string }> {
    return [
        { type: "EVENT", pattern: WORKFLOW_JOB_QUEUED },
        // Only the deployment workflows start a runner in the VPC; any other workflow of the repository stays on GitHub's runners.
        { type: "WORKFLOW_NAME", pattern: workflowNamePattern(workflowNames) },
    ];
}

/** The texts this component sends as descriptions, each checked against what the service accepts. */
export function runnerDescriptions(projectName: string, repository: string, rules: readonly RunnerRule[]) {
    return {
        group: `Deploy runner (CodeBuild ${projectName}): EKS API, AWS endpoints, DNS; HTTPS out through NAT`,
        project: `GitHub Actions runner in the VPC for ${repository}: preview and deploy jobs that reach the private EKS API`,
        rules: rules.map((r) => r.description),
    };
}

function checkDescriptions(where: string, d: ReturnType<typeof runnerDescriptions>): void {
    const problems = [ec2DescriptionProblem("group", d.group), ...d.rules.map((r) => ec2DescriptionProblem("rule", r))].filter((p) => p !== undefined);
    if (problems.length > 0) {
        throw new Error(`${where}: ${problems.join("; ")}`);
    }
    if (d.project.length > PROJECT_DESCRIPTION_MAX) {
        throw new Error(`${where}: CodeBuild project description is ${d.project.length} characters; at most ${PROJECT_DESCRIPTION_MAX}`);
    }
}

function inRange(what: string, value: number, limit: { readonly min: number; readonly max: number }): number {
    if (!Number.isInteger(value) || value < limit.min || value > limit.max) {
        throw new Error(`${what} = ${value}: must be an integer from ${limit.min} to ${limit.max}`);
    }
    return value;
}

/** Every check of the arguments, before anything is registered; throws naming the resource, the value and the limit. */
function checkArgs(name: string, args: DeployRunnerArgs): void {
    const where = `deploy runner ${name}`;
    for (const problem of [projectNameProblem(args.projectName), repositoryProblem(args.repository)]) {
        if (problem) {
            throw new Error(`${where}: ${problem}`);
        }
    }
    connectionService(args.connectionArn);
    workflowNamePattern(args.workflowNames);
    const computeType = args.computeType ?? DEPLOY_RUNNER_DEFAULTS.computeType;
    if (!RUNNER_COMPUTE_TYPES.includes(computeType)) {
        throw new Error(`${where}: compute type "${computeType}" must be one of ${RUNNER_COMPUTE_TYPES.join(", ")}`);
    }
    inRange(`${where}: build timeout (minutes)`, args.buildTimeoutMinutes ?? DEPLOY_RUNNER_DEFAULTS.buildTimeoutMinutes, CODEBUILD_LIMITS.buildTimeoutMinutes);
    inRange(`${where}: queued timeout (minutes)`, args.queuedTimeoutMinutes ?? DEPLOY_RUNNER_DEFAULTS.queuedTimeoutMinutes, CODEBUILD_LIMITS.queuedTimeoutMinutes);
    inRange(`${where}: concurrent builds`, args.concurrentBuilds ?? DEPLOY_RUNNER_DEFAULTS.concurrentBuilds, CODEBUILD_LIMITS.concurrentBuilds);
    inRange(`${where}: subnets`, args.subnetIds.length, CODEBUILD_LIMITS.vpcSubnets);
}

export class DeployRunner extends pulumi.ComponentResource {
    /** The CodeBuild project's name. */
    readonly projectName: string;
    /** The `runs-on` label of a job that runs here (with GitHub's expressions for the run id and attempt). */
    readonly runnerLabel: string;
    readonly project: aws.codebuild.Project;
    /** The runner's own group: nothing else carries it. */
    readonly securityGroupId: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    /** Every rule, as planned. */
    readonly rules: readonly RunnerRule[];

    constructor(name: string, args: DeployRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:deploy:DeployRunner", name, {}, opts);
        checkArgs(name, args);
        const rules = planRunnerRules(args.vpcCidr);
        checkRunnerRules(rules);
        const descriptions = runnerDescriptions(args.projectName, args.repository, rules);
        checkDescriptions(`deploy runner ${name}`, descriptions);
        this.rules = rules;
        const tags = args.tags ?? {};
        const child = { parent: this };
        const { projectName } = args;
        this.projectName = projectName;
        this.runnerLabel = runnerLabel(projectName);

        const group = new aws.ec2.SecurityGroup(`${name}-runner`, {
            vpcId: args.vpcId,
            description: descriptions.group,
            // No ingress: a runner only calls out (GitHub hands it the job over its own outbound connection).
            tags: { ...tags, Name: `${name}-runner`, "tickettoken/platform": "deploy-runner" },
        }, child);
        for (const r of rules) {
            const ruleArgs: aws.vpc.SecurityGroupIngressRuleArgs = {
                securityGroupId: r.group === "runner" ? group.id : args.controlPlaneSecurityGroupId,
                ipProtocol: r.protocol,
                fromPort: r.port,
                toPort: r.port,
                description: r.description,
                ...peerArgs(r, group, args),
            };
            if (r.direction === "ingress") {
                new aws.vpc.SecurityGroupIngressRule(`${name}-${r.key}`, ruleArgs, child);
            } else {
                new aws.vpc.SecurityGroupEgressRule(`${name}-${r.key}`, ruleArgs, child);
            }
        }

        // Named as CodeBuild names it, and created first, so the project writes here with retention instead of into a group kept forever.
        const logs = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: `/aws/codebuild/${projectName}`,
            retentionInDays: args.logRetentionDays ?? DEPLOY_RUNNER_DEFAULTS.logRetentionDays,
            tags,
        }, { parent: this, deleteBeforeReplace: true });

        const partition = aws.getPartitionOutput({}, child).partition;
        const region = aws.getRegionOutput({}, child).region;
        const accountId = aws.getCallerIdentityOutput({}, child).accountId;
        const role = new aws.iam.Role(`${name}-role`, {
            description: `Service role of the deploy runner ${projectName}: logs, build network interfaces, the GitHub connection; nothing else`,
            assumeRolePolicy: pulumi.all([partition, region, accountId]).apply(([p, r, a]) =>
                JSON.stringify(runnerTrustPolicy({ partition: p, region: r, accountId: a, projectName }))),
            tags,
        }, child);
        const permissions = new aws.iam.RolePolicy(`${name}-role-permissions`, {
            role: role.id,
            policy: pulumi.all([partition, region, accountId, logs.arn, pulumi.all(args.subnetIds)]).apply(([p, r, a, logGroupArn, subnetIds]) =>
                JSON.stringify(runnerRolePolicy({
                    partition: p, region: r, accountId: a, projectName,
                    logGroupArn: logGroupArn.replace(/:\*$/, ""), subnetIds, connectionArn: args.connectionArn,
                }))),
        }, child);

        // CodeBuild checks the role's EC2 permissions when a VPC project is created: wait for the policy.
        this.project = new aws.codebuild.Project(`${name}-project`, {
            name: projectName,
            description: descriptions.project,
            serviceRole: role.arn,
            source: {
                type: "GITHUB",
                location: repositoryUrl(args.repository),
                // Source-level credentials: this connection, not the account's default GitHub credential.
                auth: { type: "CODECONNECTIONS", resource: args.connectionArn },
                gitCloneDepth: 1,
            },
            artifacts: { type: "NO_ARTIFACTS" },
            environment: {
                type: "LINUX_CONTAINER",
                computeType: args.computeType ?? DEPLOY_RUNNER_DEFAULTS.computeType,
                image: args.image ?? DEPLOY_RUNNER_DEFAULTS.image,
                imagePullCredentialsType: "CODEBUILD",
                privilegedMode: false,
            },
            vpcConfig: { vpcId: args.vpcId, subnets: args.subnetIds, securityGroupIds: [group.id] },
            logsConfig: {
                cloudwatchLogs: { status: "ENABLED", groupName: logs.name },
                s3Logs: { status: "DISABLED" },
            },
            buildTimeout: args.buildTimeoutMinutes ?? DEPLOY_RUNNER_DEFAULTS.buildTimeoutMinutes,
            queuedTimeout: args.queuedTimeoutMinutes ?? DEPLOY_RUNNER_DEFAULTS.queuedTimeoutMinutes,
            concurrentBuildLimit: args.concurrentBuilds ?? DEPLOY_RUNNER_DEFAULTS.concurrentBuilds,
            projectVisibility: "PRIVATE",
            tags,
        }, { parent: this, dependsOn: [permissions, logs], deleteBeforeReplace: true });

        // CodeBuild creates (and on delete removes) the repository's webhook through the connection.
        new aws.codebuild.Webhook(`${name}-webhook`, {
            projectName: this.project.name,
            buildType: "BUILD",
            filterGroups: [{ filters: webhookFilters(args.workflowNames) }],
        }, { parent: this, deleteBeforeReplace: true });

        this.securityGroupId = group.id;
        this.roleArn = role.arn;
        this.logGroupName = logs.name;
        this.registerOutputs({
            projectName: this.project.name,
            securityGroupId: this.securityGroupId,
            roleArn: this.roleArn,
            logGroupName: this.logGroupName,
        });
    }
}

function peerArgs(
    r: RunnerRule,
    runner: aws.ec2.SecurityGroup,
    args: DeployRunnerArgs,
): Pick<aws.vpc.SecurityGroupIngressRuleArgs, "cidrIpv4" | "referencedSecurityGroupId"> {
    switch (r.peer.kind) {
        case "control-plane":
            return { referencedSecurityGroupId: args.controlPlaneSecurityGroupId };
        case "endpoints":
            return { referencedSecurityGroupId: args.endpointSecurityGroupId };
        case "runner":
            return { referencedSecurityGroupId: runner.id };
        case "resolver":
        case "internet":
            return { cidrIpv4: r.peer.cidr };
    }
}
