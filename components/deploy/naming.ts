// Pure naming of the deploy runner: the CodeBuild project's name (which the
// workflows' `runs-on` label must repeat exactly), the GitHub repository it
// serves, and the connection that lets CodeBuild reach GitHub.

/**
 * CodeBuild project names: 2 to 150 characters, a letter or digit first, then
 * letters, digits, hyphens and underscores.
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_Project.html (name)
 */
export const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,149}$/;

/** Problems with a CodeBuild project name; empty when it is valid. */
export function projectNameProblem(name: string): string | undefined {
    if (!PROJECT_NAME.test(name)) {
        return `CodeBuild project name "${name}" (${name.length} characters) must be 2 to 150 letters, digits, hyphens or underscores, starting with a letter or digit`;
    }
    return undefined;
}

/**
 * The `runs-on` label of a job that runs on this project's runner. CodeBuild
 * starts a runner for a queued job only when a label is
 * `codebuild-<project-name>-<run id>-<run attempt>`; the run id and attempt
 * make each label unique to one workflow run.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/sample-github-action-runners-update-labels.html
 */
export function runnerLabel(projectName: string): string {
    return `codebuild-${projectName}-\${{ github.run_id }}-\${{ github.run_attempt }}`;
}

/**
 * A GitHub repository as "owner/name". Owners (users and organisations): up
 * to 39 letters, digits and single hyphens, no hyphen at either end.
 * Repository names: up to 100 letters, digits, '.', '-' and '_', not "." or
 * "..".
 */
const OWNER = /^(?=.{1,39}$)[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;

export function repositoryProblem(repository: string): string | undefined {
    const [owner, name, ...rest] = repository.split("/");
    if (rest.length > 0 || name === undefined || !OWNER.test(owner) || !REPOSITORY.test(name) || name === "." || name === "..") {
        return `GitHub repository "${repository}" must be "<owner>/<name>": an owner of up to 39 letters, digits and single hyphens, a name of up to 100 letters, digits, '.', '-' and '_'`;
    }
    return undefined;
}

/** The clone URL CodeBuild's GITHUB source type takes as its location. */
export function repositoryUrl(repository: string): string {
    return `https://github.com/${repository}.git`;
}

/**
 * A CodeConnections connection. The service was renamed from CodeStar
 * Connections; connections made before the rename keep the old prefix, and
 * IAM actions must use the prefix of the ARN they name ("Actions, resources,
 * and condition keys for AWS CodeConnections", Service Authorization
 * Reference).
 */
export const CONNECTION_ARN = /^arn:aws(-cn|-us-gov)?:(codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/;

export type ConnectionService = "codeconnections" | "codestar-connections";

/** The IAM service prefix of a connection ARN; throws when it is not one. */
export function connectionService(arn: string): ConnectionService {
    const m = CONNECTION_ARN.exec(arn);
    if (!m) {
        throw new Error(`"${arn}" is not a CodeConnections connection ARN (arn:aws:codeconnections:<region>:<account>:connection/<uuid>)`);
    }
    return m[2] as ConnectionService;
}

/** CodeBuild project descriptions: at most 255 characters (API_CreateProject.html, description). */
export const PROJECT_DESCRIPTION_MAX = 255;
