import { strict as assert } from "assert";
import { IrsaRole, irsaTrustPolicy } from "../../../components/cluster";
import { runComponents } from "../../../tools/harness/run";
import { all, one } from "../../support/resources";

const ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/ABC";
const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC";

describe("components/cluster/irsa", () => {
    it("trusts exactly one service account, through the cluster's OIDC provider, for STS", () => {
        const p = irsaTrustPolicy(PROVIDER, ISSUER, "kube-system", "aws-load-balancer-controller") as any;
        assert.equal(p.Statement.length, 1);
        const s = p.Statement[0];
        assert.deepEqual(s.Principal, { Federated: PROVIDER });
        assert.equal(s.Action, "sts:AssumeRoleWithWebIdentity");
        assert.deepEqual(s.Condition, {
            StringEquals: {
                "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:kube-system:aws-load-balancer-controller",
                "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
            },
        });
        assert.throws(() => irsaTrustPolicy(PROVIDER, "oidc.eks/id/ABC", "a", "b"), /is not an https URL/);
    });

    it("builds the role with its policies, and refuses names Kubernetes would not accept", async () => {
        const run = await runComponents(() => {
            new IrsaRole("lbc", {
                oidcProviderArn: PROVIDER,
                oidcIssuerUrl: ISSUER,
                namespace: "kube-system",
                serviceAccount: "aws-load-balancer-controller",
                policyArns: { elb: "arn:aws:iam::123456789012:policy/lbc" },
                inlinePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
            });
            assert.throws(() => new IrsaRole("bad", { oidcProviderArn: PROVIDER, oidcIssuerUrl: ISSUER, namespace: "Kube_System", serviceAccount: "x" }),
                /namespace "Kube_System" is not a Kubernetes name/);
        });
        const role = one(run, "aws:iam/role:Role", "lbc-role");
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        assert.equal(trust.Statement[0].Condition.StringEquals["oidc.eks.us-east-1.amazonaws.com/id/ABC:sub"], "system:serviceaccount:kube-system:aws-load-balancer-controller");
        assert.deepEqual(all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn), ["arn:aws:iam::123456789012:policy/lbc"]);
        assert.equal(all(run, "aws:iam/rolePolicy:RolePolicy").length, 1);
        assert.equal(one(run, "tickettoken:cluster:IrsaRole", "lbc").type, "tickettoken:cluster:IrsaRole");
    });
});
