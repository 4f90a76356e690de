import { strict as assert } from "assert";
import { connectionService, projectNameProblem, repositoryProblem, repositoryUrl, runnerLabel } from "../../../components/deploy";

describe("components/deploy/naming", () => {
    it("accepts CodeBuild project names of 2 to 150 letters, digits, hyphens and underscores", () => {
        for (const ok of ["tickettoken-prod-deploy", "a1", "A_b-c", "x".repeat(150)]) {
            assert.equal(projectNameProblem(ok), undefined, ok);
        }
    });

    for (const [bad, why] of [["a", "too short"], ["x".repeat(151), "too long"], ["-deploy", "a hyphen first"], ["tickettoken.prod", "a dot"], ["tickettoken prod", "a space"]]) {
        it(`refuses the project name "${bad.length > 20 ? `${bad.slice(0, 8)}…(${bad.length})` : bad}" (${why}), naming it, its length and the rule`, () => {
            assert.match(projectNameProblem(bad) ?? "", new RegExp(`^CodeBuild project name "${bad.replace(/\./g, "\\.")}" \\(${bad.length} characters\\) must be 2 to 150 letters, digits, hyphens or underscores`));
        });
    }

    it("builds the runs-on label CodeBuild matches: codebuild-<project>-<run id>-<run attempt>", () => {
        assert.equal(runnerLabel("tickettoken-prod-deploy"), "codebuild-tickettoken-prod-deploy-${{ github.run_id }}-${{ github.run_attempt }}");
    });

    it("accepts GitHub owner/name repositories and gives CodeBuild their clone URL", () => {
        for (const ok of ["tickettoken/platform-network", "a/b", "my-org/repo.name_1", `${"o".repeat(39)}/${"r".repeat(100)}`]) {
            assert.equal(repositoryProblem(ok), undefined, ok);
        }
        assert.equal(repositoryUrl("tickettoken/platform-network"), "https://github.com/tickettoken/platform-network.git");
    });

    for (const bad of ["platform-network", "tickettoken/platform/extra", "-org/repo", "org-/repo", "my--org/repo", `${"o".repeat(40)}/repo`, "org/..", "org/", "org/re po", "https://github.com/org/repo"]) {
        it(`refuses the repository "${bad}"`, () => {
            assert.match(repositoryProblem(bad) ?? "", /must be "<owner>\/<name>"/);
        });
    }

    it("reads the IAM service of a connection ARN, old prefix included, and refuses anything else", () => {
        assert.equal(connectionService("arn:aws:codeconnections:us-east-1:123456789012:connection/5e0c3a1d-8f2b-4c6e-9a7d-1b3f5d7e9c20"), "codeconnections");
        assert.equal(connectionService("arn:aws:codestar-connections:eu-west-1:123456789012:connection/5e0c3a1d-8f2b-4c6e-9a7d-1b3f5d7e9c20"), "codestar-connections");
        assert.throws(() => connectionService("arn:aws:codeconnections:us-east-1:123456789012:host/5e0c3a1d-8f2b-4c6e-9a7d-1b3f5d7e9c20"), /is not a CodeConnections connection ARN/);
        assert.throws(() => connectionService("arn:aws:secretsmanager:us-east-1:123456789012:secret:github"), /is not a CodeConnections connection ARN/);
    });
});
