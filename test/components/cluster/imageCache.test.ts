import { strict as assert } from "assert";
import { CACHE_CREDENTIAL_ARN, cachePrefix, UPSTREAMS } from "../../../components/cluster";

describe("components/cluster/imageCache", () => {
    it("prefixes each cluster's caches with its name, within ECR's 30 characters", () => {
        assert.equal(cachePrefix("tickettoken-prod", "ecr-public"), "tickettoken-prod-ecr-public");
        assert.equal(cachePrefix("tickettoken-staging", "docker-hub"), "tickettoken-staging-docker-hub");
        assert.throws(() => cachePrefix("tickettoken-preproduction", "docker-hub"), /must be 2 to 30 .* use a shorter cluster name/);
    });

    it("asks credentials only for Docker Hub and ghcr.io, which ECR will not mirror anonymously", () => {
        assert.deepEqual(Object.entries(UPSTREAMS).filter(([, u]) => u.needsCredentials).map(([k]) => k), ["docker-hub", "ghcr"]);
        assert.deepEqual(Object.values(UPSTREAMS).map((u) => u.registryUrl), ["public.ecr.aws", "registry-1.docker.io", "quay.io", "registry.k8s.io", "ghcr.io"]);
        assert.equal(UPSTREAMS["docker-hub"].registryUrl, "registry-1.docker.io");
        assert.equal(UPSTREAMS["ecr-public"].registryUrl, "public.ecr.aws");
    });

    it("accepts only secrets named as ECR requires", () => {
        assert.ok(CACHE_CREDENTIAL_ARN.test("arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"));
        assert.ok(!CACHE_CREDENTIAL_ARN.test("arn:aws:secretsmanager:us-east-1:123456789012:secret:docker-hub-AbCdEf"));
        assert.ok(!CACHE_CREDENTIAL_ARN.test("arn:aws:iam::123456789012:role/x"));
    });
});
