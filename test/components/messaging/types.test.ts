import { strict as assert } from "assert";
import { BROKER_INSTANCE_TYPES, brokerInstanceTypeProblem, brokerSubnets, brokerVersionProblem, endpointHost, RABBITMQ_VERSIONS } from "../../../components/messaging";
import { SIZE_PROFILES } from "../../../infra/config/sizes";

describe("components/messaging/types", () => {
    it("takes RabbitMQ versions as major.minor, only those Amazon MQ offers", () => {
        for (const v of RABBITMQ_VERSIONS) {
            assert.equal(brokerVersionProblem(v), undefined);
        }
        assert.match(brokerVersionProblem("3.13.7")!, /must be a RabbitMQ version "major\.minor"/);
        assert.match(brokerVersionProblem("latest")!, /must be a RabbitMQ version "major\.minor"/);
        assert.equal(brokerVersionProblem("3.11"), "must be one of 3.13, 4.2 (the versions Amazon MQ offers for RabbitMQ)");
    });

    it("refuses single-instance-only types for a cluster and names those that fit", () => {
        for (const micro of ["mq.t3.micro", "mq.m7g.medium"]) {
            assert.equal(brokerInstanceTypeProblem(micro, "SINGLE_INSTANCE", "3.13"), undefined);
            const problem = brokerInstanceTypeProblem(micro, "CLUSTER_MULTI_AZ", "3.13")!;
            assert.match(problem, /^runs single-instance brokers only; a CLUSTER_MULTI_AZ broker needs one of mq\.m5\.large/);
            assert.ok(!problem.includes("mq.t3.micro") && !problem.includes("mq.m7g.medium"));
        }
        assert.equal(brokerInstanceTypeProblem("mq.m7g.large", "CLUSTER_MULTI_AZ", "3.13"), undefined);
    });

    it("refuses types that do not run the version, and types that do not exist", () => {
        assert.equal(brokerInstanceTypeProblem("mq.m5.large", "CLUSTER_MULTI_AZ", "4.2"), "does not run RabbitMQ 4.2; RabbitMQ 4 needs an mq.m7g type");
        assert.equal(brokerInstanceTypeProblem("mq.m7g.large", "CLUSTER_MULTI_AZ", "4.2"), undefined);
        assert.match(brokerInstanceTypeProblem("mq.m6g.large", "SINGLE_INSTANCE", "3.13")!, /^must be one of the RabbitMQ broker types mq\.t3\.micro/);
    });

    it("gives each size a broker type that runs the deployment its stacks use", () => {
        // small is dev (one instance); medium and large are staging and prod (clusters).
        assert.equal(brokerInstanceTypeProblem(SIZE_PROFILES.small.brokerInstanceType, "SINGLE_INSTANCE", "3.13"), undefined);
        for (const size of ["medium", "large"] as const) {
            assert.equal(brokerInstanceTypeProblem(SIZE_PROFILES[size].brokerInstanceType, "CLUSTER_MULTI_AZ", "3.13"), undefined, size);
        }
        assert.ok(Object.keys(BROKER_INSTANCE_TYPES).every((t) => t.startsWith("mq.")));
    });

    it("places a single instance in one subnet and a cluster across all", () => {
        assert.deepEqual(brokerSubnets("SINGLE_INSTANCE", ["a", "b", "c"]), ["a"]);
        assert.deepEqual(brokerSubnets("CLUSTER_MULTI_AZ", ["a", "b", "c"]), ["a", "b", "c"]);
    });

    it("reads the host of a broker endpoint", () => {
        assert.equal(endpointHost("amqps://b-1234.mq.us-east-1.on.aws:5671"), "b-1234.mq.us-east-1.on.aws");
        assert.throws(() => endpointHost("b-1234:5671"), /is not a URL like amqps:\/\/host:5671/);
    });
});
