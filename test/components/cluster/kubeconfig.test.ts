import { strict as assert } from "assert";
import { buildKubeconfig } from "../../../components/cluster";

describe("components/cluster/kubeconfig", () => {
    const input = { clusterName: "tt", endpoint: "https://ABC.gr7.us-east-1.eks.amazonaws.com", certificateAuthorityData: "Q0E=", region: "us-east-1" };

    it("points at the cluster and fetches a token with aws eks get-token, holding no credential", () => {
        const k = buildKubeconfig(input);
        assert.equal(k["current-context"], "tt");
        assert.deepEqual(k.clusters, [{ name: "tt", cluster: { server: input.endpoint, "certificate-authority-data": "Q0E=" } }]);
        const exec = k.users[0].user.exec;
        assert.equal(exec.command, "aws");
        assert.deepEqual(exec.args, ["eks", "get-token", "--cluster-name", "tt", "--region", "us-east-1", "--output", "json"]);
        assert.equal(exec.apiVersion, "client.authentication.k8s.io/v1beta1");
        assert.equal(exec.interactiveMode, "Never");
        assert.deepEqual(Object.keys(k.users[0].user), ["exec"], "no token, password or client key");
    });

    it("assumes the admin role when one is given", () => {
        const args = buildKubeconfig({ ...input, roleArn: "arn:aws:iam::123456789012:role/admin" }).users[0].user.exec.args;
        assert.deepEqual(args.slice(-2), ["--role-arn", "arn:aws:iam::123456789012:role/admin"]);
    });

    it("refuses an endpoint that is not https", () => {
        assert.throws(() => buildKubeconfig({ ...input, endpoint: "http://x" }), /cluster tt: API endpoint "http:\/\/x" is not an https URL/);
    });
});
