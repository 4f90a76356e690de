import { strict as assert } from "assert";
import { CONTROLLER_TARGET_ACTIONS, loadBalancerControllerPolicy } from "../../../components/kubernetes";
import { RunResult } from "../../../tools/harness/run";
import { one } from "../../support/resources";
import { buildLayer, MIRRORS, TARGET_GROUP_ARN } from "../../support/kubernetes";

describe("components/kubernetes/LoadBalancerController", () => {
    let run: RunResult;
    before(async () => {
        run = await buildLayer();
    });

    it("installs the chart with the cluster, region and VPC named, two replicas on the system nodes, the image through the ECR Public mirror", () => {
        const r = one(run, "kubernetes:helm.sh/v3:Release", "lbc-release").inputs;
        assert.equal(r.chart, "aws-load-balancer-controller");
        assert.deepEqual(r.repositoryOpts, { repo: "https://aws.github.io/eks-charts" });
        assert.equal(r.namespace, "aws-load-balancer-controller");
        const v = r.values;
        assert.deepEqual([v.clusterName, v.region, v.vpcId], ["tt-test", "us-east-1", "vpc-1"]);
        assert.equal(v.replicaCount, 2);
        assert.deepEqual(v.nodeSelector, { "tickettoken/node-group": "system" });
        assert.equal(v.image.repository, `${MIRRORS.ecrPublic}/eks/aws-load-balancer-controller`);
        assert.equal(v.enableServiceMutatorWebhook, false, "Services of type LoadBalancer are not taken over");
        assert.equal(v.enableBackendSecurityGroup, false);
        assert.equal(v.createIngressClassResource, false);
        assert.match(v.serviceAccount.annotations["eks.amazonaws.com/role-arn"], /lbc-irsa-role$/);
    });

    it("may only describe, and register targets in the bound target group", () => {
        const policy = JSON.parse(one(run, "aws:iam/rolePolicy:RolePolicy", "lbc-irsa-inline").inputs.policy);
        const writes = policy.Statement.filter((s: { Action: string[] }) => s.Action.some((a) => !/:(Describe|Get|List)/.test(a)));
        assert.deepEqual(writes, [{ Sid: "BoundTargetGroups", Effect: "Allow", Action: [...CONTROLLER_TARGET_ACTIONS], Resource: [TARGET_GROUP_ARN] }]);
        const trust = JSON.parse(one(run, "aws:iam/role:Role", "lbc-irsa-role").inputs.assumeRolePolicy);
        assert.equal(Object.values(trust.Statement[0].Condition.StringEquals)[0], "system:serviceaccount:aws-load-balancer-controller:aws-load-balancer-controller");
    });

    it("grants no write at all without a target group", () => {
        const policy = loadBalancerControllerPolicy([]) as { Statement: Array<{ Action: string[] }> };
        assert.ok(policy.Statement.every((s) => s.Action.every((a) => a.includes(":Describe"))));
    });
});
