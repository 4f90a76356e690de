import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AwsCli, parseInstanceTypes, parsePartition, parsePostgresVersions, parseRegions, refreshAwsData } from "../../../tools/aws/refresh";
import { AWS_DATA_DIR, AWS_DATA_FILES, parsePinnedList, retrievedOn } from "../../../infra/config/offerings";

// Recorded answers of the AWS CLI (the queries refreshAwsData sends), so the
// refresh runs here without AWS.
const ANSWERS = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "aws", "answers.json"), "utf8")) as Record<string, unknown>;

function fakeCli(answers: Record<string, unknown> = ANSWERS): { cli: AwsCli; calls: string[][] } {
    const calls: string[][] = [];
    const cli: AwsCli = async (args) => {
        calls.push([...args]);
        const key = args.slice(0, 2).join(" ");
        if (!(key in answers)) {
            throw new Error(`aws ${key}: no recorded answer`);
        }
        return answers[key];
    };
    return { cli, calls };
}

describe("tools/aws/refresh", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-data-"));
        for (const file of Object.values(AWS_DATA_FILES)) {
            fs.copyFileSync(path.join(AWS_DATA_DIR, file), path.join(dir, file));
        }
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("parses the CLI's answers, refusing anything that is not what it asked for", () => {
        assert.equal(parsePartition("arn:aws-us-gov:iam::123456789012:user/x"), "aws-us-gov");
        assert.deepEqual(parseRegions(["us-west-2", "eu-west-1"]), ["eu-west-1", "us-west-2"]);
        assert.deepEqual(parseInstanceTypes(["m6i.2xlarge", "m6i.large", "m6i.metal", "m6i.xlarge", "c7g.medium"]), ["c7g.medium", "m6i.large", "m6i.xlarge", "m6i.2xlarge", "m6i.metal"]);
        assert.deepEqual(parsePostgresVersions(["17.10", "11.22-rds.20240418", "17.7", "9.6"]), ["9.6", "17.7", "17.10"]);
        assert.throws(() => parseRegions([]), /region codes: expected a non-empty list/);
        assert.throws(() => parseRegions(["us-east-1", "<html>"]), /region codes: "<html>" is not one/);
        assert.throws(() => parseInstanceTypes({ InstanceTypes: [] }), /instance types: expected a non-empty list/);
        assert.throws(() => parsePartition("nope"), /is not an ARN/);
    });

    it("rewrites every list with its date and source, keeping other partitions' regions", async () => {
        const { cli, calls } = fakeCli();
        const changes = await refreshAwsData(cli, dir, "us-east-1", new Date("2027-03-04T10:00:00Z"));
        assert.deepEqual(calls.map((c) => c.slice(0, 2).join(" ")), ["sts get-caller-identity", "ec2 describe-regions", "ec2 describe-instance-types", "rds describe-db-engine-versions"]);
        assert.ok(calls.every((c) => c.includes("--region") && c.includes("us-east-1")));

        const regions = fs.readFileSync(path.join(dir, AWS_DATA_FILES.regions), "utf8");
        assert.equal(retrievedOn(regions), "2027-03-04");
        const rows = parsePinnedList(regions);
        assert.deepEqual(rows.filter(([, p]) => p === "aws").map(([r]) => r), ["ap-southeast-7", "eu-west-1", "mx-central-1", "us-east-1", "us-west-2"]);
        assert.ok(rows.some(([r, p]) => r === "cn-north-1" && p === "aws-cn"), "other partitions kept");

        const types = parsePinnedList(fs.readFileSync(path.join(dir, AWS_DATA_FILES.ec2InstanceTypes), "utf8")).map(([t]) => t);
        assert.deepEqual(types, ["c7g.medium", "m6i.large", "m6i.xlarge", "m6i.2xlarge", "m6i.metal", "m7i-flex.large", "u7i-12tb.224xlarge"]);
        const pg = fs.readFileSync(path.join(dir, AWS_DATA_FILES.postgresVersions), "utf8");
        assert.deepEqual(parsePinnedList(pg).map(([v]) => v), ["14.20", "16.11", "17.7", "17.8", "17.10", "18.1"]);
        assert.match(pg, /^# source: aws rds describe-db-engine-versions --engine postgres --region us-east-1/m);

        const pgChange = changes.find((c) => c.file === AWS_DATA_FILES.postgresVersions)!;
        assert.deepEqual(pgChange.added, ["17.8", "17.10"]);
        assert.ok(pgChange.removed.includes("17.5"));
    });

    it("writes nothing when any answer is bad", async () => {
        const before = Object.values(AWS_DATA_FILES).map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
        const { cli } = fakeCli({ ...ANSWERS, "rds describe-db-engine-versions": ["11.22-rds.20240418"] });
        await assert.rejects(refreshAwsData(cli, dir), /PostgreSQL versions: expected a non-empty list/);
        assert.deepEqual(Object.values(AWS_DATA_FILES).map((f) => fs.readFileSync(path.join(dir, f), "utf8")), before);
    });

    it("pins lists that carry their source and date", () => {
        for (const file of Object.values(AWS_DATA_FILES)) {
            const text = fs.readFileSync(path.join(AWS_DATA_DIR, file), "utf8");
            assert.match(text, /^# source: /m, file);
            assert.match(retrievedOn(text) ?? "", /^\d{4}-\d{2}-\d{2}$/, file);
            assert.ok(parsePinnedList(text).length > 0, file);
        }
    });
});
