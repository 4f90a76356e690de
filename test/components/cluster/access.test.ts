import { strict as assert } from "assert";
import { ACCESS_ROLES, accessPolicyName, planAccessEntries } from "../../../components/cluster";

const DEPLOY = "arn:aws:iam::123456789012:role/tickettoken-prod-deploy";
const PREVIEW = "arn:aws:iam::123456789012:role/tickettoken-prod-preview";

describe("components/cluster/access", () => {
    it("maps the deploy role to cluster admin and the preview role to the view policy that can read Secrets", () => {
        assert.deepEqual(ACCESS_ROLES.map(accessPolicyName), ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminViewPolicy"]);
    });

    it("plans one entry per named role, and an admin entry for the caller when no deploy role is named", () => {
        assert.deepEqual(planAccessEntries("c", { deployRoleArn: DEPLOY, previewRoleArn: PREVIEW }), [
            { role: "admin", principalArn: DEPLOY, policy: "AmazonEKSClusterAdminPolicy" },
            { role: "viewer", principalArn: PREVIEW, policy: "AmazonEKSAdminViewPolicy" },
        ]);
        assert.deepEqual(planAccessEntries("c", {}), [{ role: "admin", principalArn: undefined, policy: "AmazonEKSClusterAdminPolicy" }]);
        assert.deepEqual(planAccessEntries("c", { previewRoleArn: PREVIEW }).map((p) => [p.role, p.principalArn]), [["admin", undefined], ["viewer", PREVIEW]]);
    });

    it("accepts role ARNs with a path, in another account or partition", () => {
        for (const arn of ["arn:aws:iam::210987654321:role/ci/deploy", "arn:aws-us-gov:iam::123456789012:role/deploy", "arn:aws-cn:iam::123456789012:role/a+b=c,d.e@f-g_h"]) {
            assert.equal(planAccessEntries("c", { deployRoleArn: arn })[0].principalArn, arn);
        }
    });

    for (const [arn, why] of [
        ["arn:aws:sts::123456789012:assumed-role/deploy/ci", "an STS session"],
        ["arn:aws:iam::123456789012:user/alice", "an IAM user"],
        ["arn:aws:iam::12345678901:role/deploy", "an 11-digit account"],
        ["tickettoken-prod-deploy", "a bare name"],
    ]) {
        it(`refuses ${why} as a principal, naming the cluster, the role and the value`, () => {
            assert.throws(() => planAccessEntries("tt", { previewRoleArn: arn }), new RegExp(`cluster tt: viewer principal "${arn.replace(/[.+]/g, "\\$&")}" must be an IAM role ARN`));
        });
    }

    it("refuses one principal in both entries (EKS allows one access entry per principal)", () => {
        assert.throws(() => planAccessEntries("tt", { deployRoleArn: DEPLOY, previewRoleArn: DEPLOY }), /cluster tt: the deploy and preview roles are both ".*"; EKS allows one access entry per principal, so they must differ/);
    });
});
