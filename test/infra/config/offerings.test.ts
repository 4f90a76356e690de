import { strict as assert } from "assert";
import {
    awsRegions,
    compareInstanceTypes,
    ec2InstanceTypeProblem,
    ec2InstanceTypes,
    postgresVersionOfferedProblem,
    postgresVersionsOffered,
    regionProblem,
} from "../../../infra/config/offerings";
import { SIZE_PROFILES } from "../../../infra/config/sizes";
import { CACHE_NODE_FAMILIES, DOCDB_INSTANCE_FAMILIES, POSTGRES_INSTANCE_FAMILIES, POSTGRES_MAJOR_VERSIONS } from "../../../components/data/types";
import { instanceTypes } from "../../../components/data/validation";
import { BROKER_INSTANCE_TYPES } from "../../../components/messaging/types";

describe("infra/config/offerings (what AWS offers, pinned)", () => {
    it("knows the regions of every partition", () => {
        const regions = awsRegions();
        assert.equal(regions.get("us-east-1"), "aws");
        assert.equal(regions.get("cn-north-1"), "aws-cn");
        assert.equal(regions.get("us-gov-west-1"), "aws-us-gov");
        assert.equal(regionProblem("mx-central-1"), undefined);
        assert.match(regionProblem("us-east-7")!, /is not an AWS region .*did you mean us-east-1\?/);
    });

    it("knows the EC2 instance types, and names a family's sizes in order", () => {
        assert.equal(ec2InstanceTypeProblem("m7g.2xlarge"), undefined);
        assert.match(ec2InstanceTypeProblem("r7g.3xlarge")!, /r7g comes in medium, large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, metal$/);
        assert.deepEqual(["m6i.metal", "m6i.2xlarge", "m6i.large", "m6i.12xlarge", "c7g.medium"].sort(compareInstanceTypes), ["c7g.medium", "m6i.large", "m6i.2xlarge", "m6i.12xlarge", "m6i.metal"]);
    });

    it("every machine class the project offers is a real EC2 type under its service's prefix", () => {
        // An RDS, ElastiCache, DocumentDB or Amazon MQ class is an EC2 type with a prefix
        // (db.r7g.large runs on r7g.large): the stores' own tables may not name one that does not exist.
        const ec2 = ec2InstanceTypes();
        const classes = [
            ...instanceTypes("db", POSTGRES_INSTANCE_FAMILIES),
            ...instanceTypes("cache", CACHE_NODE_FAMILIES),
            ...instanceTypes("db", DOCDB_INSTANCE_FAMILIES),
            ...Object.keys(BROKER_INSTANCE_TYPES),
        ];
        assert.deepEqual(classes.filter((c) => !ec2.has(c.slice(c.indexOf(".") + 1))), []);
        for (const profile of Object.values(SIZE_PROFILES)) {
            assert.deepEqual([...profile.systemNodeInstanceTypes, ...profile.nodeInstanceTypes].filter((t) => !ec2.has(t)), []);
        }
    });

    it("takes a PostgreSQL major alone, or a minor RDS offers", () => {
        assert.equal(postgresVersionOfferedProblem("17"), undefined);
        assert.equal(postgresVersionOfferedProblem("17.7"), undefined);
        assert.match(postgresVersionOfferedProblem("16.4")!, /is not a PostgreSQL version RDS offers for new instances .*for 16: 16\.9, 16\.10, 16\.11, or "16" for the latest/);
        // Every major the project allows has minors on the list.
        for (const major of POSTGRES_MAJOR_VERSIONS) {
            assert.ok(postgresVersionsOffered().some((v) => v.startsWith(`${major}.`)), `${major}`);
        }
    });
});
