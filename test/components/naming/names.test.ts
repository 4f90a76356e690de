import { strict as assert } from "assert";
import { AUTONAME_SUFFIX_LENGTH, autonameProblem, checkNames, ec2DescriptionProblem, NAME_LIMITS, nameProblem } from "../../../components/naming";

describe("components/naming", () => {
    it("holds the services' documented limits", () => {
        assert.deepEqual(
            [NAME_LIMITS.loadBalancer.max, NAME_LIMITS.targetGroup.max, NAME_LIMITS.replicationGroup.max, NAME_LIMITS.rdsInstance.max, NAME_LIMITS.iamRole.max, NAME_LIMITS.eksCluster.max, NAME_LIMITS.mqBroker.max, NAME_LIMITS.s3Bucket.max],
            [32, 32, 40, 63, 64, 100, 50, 63],
        );
        assert.equal(AUTONAME_SUFFIX_LENGTH, "-abcdef0".length);
    });

    it("accepts a name at the limit and refuses one over it, naming the name, its length, the limit and the source", () => {
        assert.equal(nameProblem("a".repeat(100), NAME_LIMITS.eksCluster), undefined);
        assert.equal(
            nameProblem("a".repeat(101), NAME_LIMITS.eksCluster),
            `EKS cluster name "${"a".repeat(101)}" is 101 characters; at most 100 are allowed (Amazon EKS API Reference, CreateCluster, name)`,
        );
        assert.match(nameProblem("-cluster", NAME_LIMITS.eksCluster)!, /must be letters, digits, '-' and '_', starting with a letter or digit/);
        assert.match(nameProblem("alias/aws/mine", NAME_LIMITS.kmsAlias)!, /not under alias\/aws\//);
    });

    it("counts the 8 characters Pulumi appends to a logical name", () => {
        assert.equal(autonameProblem("a".repeat(24), NAME_LIMITS.loadBalancer), undefined);
        assert.match(autonameProblem("a".repeat(25), NAME_LIMITS.loadBalancer)!,
            /the load balancer name Pulumi makes from "a{25}" \(its name, "-" and 7 random characters\) is 33 characters; at most 32 are allowed \(Elastic Load Balancing API Reference, CreateLoadBalancer, Name\)/);
        assert.match(autonameProblem("Edge_ALB", NAME_LIMITS.loadBalancer)!, /must be letters, digits and hyphens/);
    });

    it("throws every problem at once", () => {
        assert.throws(() => checkNames("edge x", [
            { name: "x".repeat(30), limit: NAME_LIMITS.targetGroup, autonamed: true },
            { name: "y".repeat(60), limit: NAME_LIMITS.iamRole, autonamed: true },
            { name: "ok", limit: NAME_LIMITS.iamRole },
        ]), /^Error: edge x: the target group name .* is 38 characters; .*; the IAM role name .* is 68 characters/);
    });

    it("holds security-group and rule descriptions to EC2's character set: no apostrophe anywhere, & in a group's only, 255 at most", () => {
        assert.equal(ec2DescriptionProblem("group", "venue-service pods (port 3004): only the flows the traffic catalog allows"), undefined);
        assert.match(ec2DescriptionProblem("group", "Store administrator's pods")!, /group description "Store administrator's pods" \(26 characters\) must be at most 255 of a-z.*CreateSecurityGroup GroupDescription/);
        assert.equal(ec2DescriptionProblem("group", "A & B"), undefined);
        assert.match(ec2DescriptionProblem("rule", "A & B")!, /rule description "A & B" .*IpRange Description/);
        assert.equal(ec2DescriptionProblem("rule", "x".repeat(255)), undefined);
        assert.ok(ec2DescriptionProblem("rule", "x".repeat(256)) !== undefined);
    });
});
