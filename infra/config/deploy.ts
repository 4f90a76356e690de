// Config of the deploy runner: the GitHub repository whose deployment jobs it
// runs, the connection through which CodeBuild reaches GitHub, and the size,
// concurrency and log retention of its builds.
import { ConfigReader } from "./reader";
import { LOG_RETENTION_DAYS } from "./network";
import { CONNECTION_ARN, repositoryProblem } from "../../components/deploy/naming";
import { RUNNER_COMPUTE_TYPES, RunnerComputeType } from "../../components/deploy/types";

export interface DeployConfig {
    /** "owner/name" of the repository whose workflows run on the runner. */
    readonly repository: string;
    /** CodeConnections connection to GitHub. */
    readonly connectionArn: string;
    readonly computeType: RunnerComputeType;
    /** Builds of the runner's project running at once. */
    readonly concurrentBuilds: number;
    readonly logRetentionDays: number;
}

/** Concurrent builds a project may take; AWS also caps it below the account's limit (default 20 per compute type), which only AWS knows. */
export const RUNNER_CONCURRENCY = { min: 1, max: 10 } as const;

export function readDeployConfig(r: ConfigReader): DeployConfig {
    const repository = r.string("deployRunnerRepository", /^.*$/, "");
    const problem = repositoryProblem(repository);
    if (problem) {
        r.reject("deployRunnerRepository", repository, problem);
    }
    return {
        repository,
        connectionArn: r.string(
            "deployRunnerConnectionArn",
            CONNECTION_ARN,
            "must be the ARN of a CodeConnections connection to GitHub, arn:aws:codeconnections:<region>:<account>:connection/<uuid> (or the older codestar-connections form)",
        ),
        computeType: r.oneOf("deployRunnerComputeType", RUNNER_COMPUTE_TYPES),
        concurrentBuilds: r.integer("deployRunnerConcurrency", RUNNER_CONCURRENCY.min, RUNNER_CONCURRENCY.max),
        logRetentionDays: r.integerIn("deployRunnerLogRetentionDays", LOG_RETENTION_DAYS),
    };
}
