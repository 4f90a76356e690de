import { strict as assert } from "assert";
import { CatalogIndex } from "../../../components/catalog";
import { GrantTargets, IRSA_ANNOTATIONS, planIdentity, policyText, WorkloadIdentities } from "../../../components/identity";
import { TICKETTOKEN } from "../../../infra/catalog";
import { RunError, runComponents, RunResult } from "../../../tools/harness/run";
import { all, one } from "../../support/resources";
import { allows, wildcardResources } from "../../support/iam";

const catalog = new CatalogIndex(TICKETTOKEN);
const ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/ABC";
const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC";
const SA = "kubernetes:core/v1:ServiceAccount";
const targets: GrantTargets = {
    partition: "aws",
    region: "us-east-1",
    accountId: "123456789012",
    dnsSuffix: "amazonaws.com",
    databaseResourceIds: ["db-PRIMARY"],
    cache: { replicationGroupArn: "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:c", userArns: Object.fromEntries(catalog.clientsOf("redis").map((c) => [c, `arn:aws:elasticache:us-east-1:123456789012:user:${c}`])) },
    logins: Object.fromEntries(["mongodb", "rabbitmq"].map((s) => [s, Object.fromEntries(catalog.clientsOf(s).map((c) => [c, { secretArn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${s}-${c}`, keyArn: `arn:aws:kms:us-east-1:123456789012:key/${s}` }]))])),
};

function build(name = "id"): Promise<RunResult> {
    return runComponents(() => {
        new WorkloadIdentities(name, { catalog, namespace: "tickettoken", oidcProviderArn: PROVIDER, oidcIssuerUrl: ISSUER, targetsOf: () => targets });
    });
}

describe("components/identity/WorkloadIdentities", () => {
    let run: RunResult;
    before(async () => {
        run = await build();
    });

    it("gives every service a ServiceAccount of its own that asks for its role and regional STS, and mounts no Kubernetes token", () => {
        const accounts = all(run, SA);
        assert.deepEqual(accounts.map((a) => a.inputs.metadata.name), TICKETTOKEN.services.map((s) => s.name));
        for (const a of accounts) {
            const service = a.inputs.metadata.name;
            assert.equal(a.inputs.metadata.namespace, "tickettoken");
            assert.equal(a.inputs.automountServiceAccountToken, false);
            const role = one(run, "aws:iam/role:Role", `id-${service}-role`);
            assert.equal(a.inputs.metadata.annotations[IRSA_ANNOTATIONS.roleArn], role.inputs.arn ?? `arn:aws:iam:us-east-1:123456789012:role/id-${service}-role`);
            assert.equal(a.inputs.metadata.annotations["eks.amazonaws.com/sts-regional-endpoints"], "true");
        }
    });

    it("gives every service a role only its own ServiceAccount can assume", () => {
        const roles = all(run, "aws:iam/role:Role");
        assert.equal(roles.length, TICKETTOKEN.services.length);
        for (const s of TICKETTOKEN.services) {
            const trust = JSON.parse(one(run, "aws:iam/role:Role", `id-${s.name}-role`).inputs.assumeRolePolicy);
            assert.equal(trust.Statement.length, 1);
            assert.equal(trust.Statement[0].Condition.StringEquals["oidc.eks.us-east-1.amazonaws.com/id/ABC:sub"], `system:serviceaccount:tickettoken:${s.name}`);
        }
    });

    it("attaches each role's catalog policy, none to a role that grants nothing, and nothing with a wildcard", () => {
        const inline = all(run, "aws:iam/rolePolicy:RolePolicy");
        for (const s of TICKETTOKEN.services) {
            const policy = inline.find((p) => p.name === `id-${s.name}-inline`);
            assert.equal(policy !== undefined, planIdentity(catalog, s.name).awsApis.length > 0, s.name);
            if (policy) {
                const doc = JSON.parse(policy.inputs.policy);
                assert.deepEqual(wildcardResources(doc), [], s.name);
                assert.ok(allows(doc, { action: "rds-db:connect", resource: `arn:aws:rds-db:us-east-1:123456789012:dbuser:db-PRIMARY/${s.name.replace(/-/g, "_")}` }) === catalog.clientsOf("postgresql").includes(s.name), s.name);
            }
        }
        assert.equal(all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", { allowNone: true }).length, 0, "no managed policy");
    });

    it("refuses a policy larger than IAM keeps for a role", () => {
        const big = { Version: "2012-10-17", Statement: Array.from({ length: 200 }, (_, i) => ({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [`arn:aws:secretsmanager:us-east-1:123456789012:secret:s${i}`] })) };
        assert.throws(() => policyText("r", big), /role r: its policy is \d+ characters, over IAM's 10240/);
        assert.doesNotThrow(() => policyText("r", { Version: "2012-10-17", Statement: big.Statement.slice(0, 10) }));
    });

    it("refuses a role name IAM would refuse", async () => {
        await assert.rejects(build("a-component-name-long-enough-to-overflow"), (e: unknown) => e instanceof RunError &&
            /the role of service "api-gateway" would be named .* characters; IAM allows 64/.test(e.message));
    });
});
