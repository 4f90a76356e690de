export * from "./types";
export { DeployRunner, DeployRunnerArgs, runnerDescriptions, webhookFilters, workflowNamePattern } from "./runner";
export { CONNECTION_ARN, PROJECT_DESCRIPTION_MAX, connectionService, ConnectionService, PROJECT_NAME, projectNameProblem, repositoryProblem, repositoryUrl, runnerLabel } from "./naming";
export { checkRunnerRules, HTTPS, INTERNET_CIDR, INTERNET_RULE_KEY, planRunnerRules, RunnerPeer, RunnerRule } from "./rules";
export { PolicyDocument, projectArn, runnerRolePolicy, runnerTrustPolicy, TrustPolicy } from "./policy";
