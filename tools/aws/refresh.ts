// Rebuilds the pinned lists of what AWS offers (infra/data/aws/) from AWS's
// own APIs, through the AWS CLI and the credentials of whoever runs it
// (read-only calls: sts get-caller-identity, ec2 describe-regions,
// ec2 describe-instance-types, rds describe-db-engine-versions). Every answer
// is validated before anything is written, and each file is replaced
// atomically, so a bad answer never reaches the stack's checks.
//
//   npm run refresh-aws-data [-- --region us-east-1]
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { AWS_DATA_DIR, AWS_DATA_FILES, compareInstanceTypes, parsePinnedList } from "../../infra/config/offerings";

/** Runs `aws <args> --output json` and returns its parsed answer. */
export type AwsCli = (args: readonly string[]) => Promise<unknown>;

/** The AWS CLI on this machine. */
export const awsCli: AwsCli = (args) =>
    new Promise((resolve, reject) => {
        execFile("aws", [...args, "--output", "json"], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
            if (error) {
                reject(new Error(`aws ${args.join(" ")}: ${stderr.trim() || error.message}`));
                return;
            }
            try {
                resolve(JSON.parse(stdout) as unknown);
            } catch {
                reject(new Error(`aws ${args.join(" ")}: the answer is not JSON`));
            }
        });
    });

/** A list of strings each matching `shape`, or an error naming the first that does not. */
function stringsOf(answer: unknown, shape: RegExp, what: string): string[] {
    if (!Array.isArray(answer) || answer.length === 0) {
        throw new Error(`${what}: expected a non-empty list, got ${JSON.stringify(answer)?.slice(0, 80)}`);
    }
    const bad = answer.find((x) => typeof x !== "string" || !shape.test(x));
    if (bad !== undefined) {
        throw new Error(`${what}: ${JSON.stringify(bad)} is not one`);
    }
    return [...new Set(answer as string[])];
}

/** Region codes from `ec2 describe-regions --all-regions --query Regions[].RegionName`. */
export function parseRegions(answer: unknown): string[] {
    return stringsOf(answer, /^[a-z]{2,4}(-[a-z]+)+-\d$/, "region codes").sort();
}

/** The partition of an ARN (`sts get-caller-identity --query Arn`). */
export function parsePartition(answer: unknown): string {
    const m = typeof answer === "string" ? /^arn:(aws[a-z-]*):/.exec(answer) : null;
    if (!m) {
        throw new Error(`caller identity: ${JSON.stringify(answer)} is not an ARN`);
    }
    return m[1];
}

/** Instance types from `ec2 describe-instance-types --query InstanceTypes[].InstanceType`, by family and size. */
export function parseInstanceTypes(answer: unknown): string[] {
    return stringsOf(answer, /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, "instance types").sort(compareInstanceTypes);
}

/** "major.minor" versions from `rds describe-db-engine-versions --engine postgres`, in version order. */
export function parsePostgresVersions(answer: unknown): string[] {
    // RDS also lists builds like "11.22-rds.20240418"; only plain versions are what config takes.
    const plain = (Array.isArray(answer) ? answer : []).filter((v) => typeof v === "string" && /^\d+\.\d+$/.test(v));
    return stringsOf(plain, /^\d+\.\d+$/, "PostgreSQL versions").sort((a, b) => {
        const [am, an] = a.split(".").map(Number);
        const [bm, bn] = b.split(".").map(Number);
        return am - bm || an - bn;
    });
}

/** A pinned list: its header (title, source, date, how to refresh) and one entry a line. */
export function renderPinnedList(title: string, source: string, retrieved: string, rows: readonly string[], notes: readonly string[] = []): string {
    return [`# ${title}`, `# source: ${source}`, `# retrieved: ${retrieved}`, "# refresh: npm run refresh-aws-data", ...notes.map((n) => `# ${n}`), ...rows, ""].join("\n");
}

function writeAtomically(file: string, text: string): void {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
}

/** What one list gained and lost. */
export interface ListChange {
    readonly file: string;
    readonly total: number;
    readonly added: readonly string[];
    readonly removed: readonly string[];
}

function change(file: string, before: readonly string[], after: readonly string[]): ListChange {
    const old = new Set(before);
    const fresh = new Set(after);
    return { file, total: after.length, added: after.filter((x) => !old.has(x)), removed: before.filter((x) => !fresh.has(x)) };
}

/**
 * Asks AWS for every list, validates all answers, then replaces the files in
 * `dir`. Regions of partitions other than the caller's are kept as they were.
 */
export async function refreshAwsData(cli: AwsCli = awsCli, dir: string = AWS_DATA_DIR, region = "us-east-1", today = new Date()): Promise<ListChange[]> {
    const at = ["--region", region];
    const partition = parsePartition(await cli(["sts", "get-caller-identity", "--query", "Arn", ...at]));
    const regions = parseRegions(await cli(["ec2", "describe-regions", "--all-regions", "--query", "Regions[].RegionName", ...at]));
    const types = parseInstanceTypes(await cli(["ec2", "describe-instance-types", "--query", "InstanceTypes[].InstanceType", ...at]));
    const versions = parsePostgresVersions(await cli(["rds", "describe-db-engine-versions", "--engine", "postgres", "--query", "DBEngineVersions[?Status=='available'].EngineVersion", ...at]));

    const date = today.toISOString().slice(0, 10);
    const read = (name: string) => (fs.existsSync(path.join(dir, name)) ? parsePinnedList(fs.readFileSync(path.join(dir, name), "utf8")) : []);
    const oldRegions = read(AWS_DATA_FILES.regions);
    const regionRows = [...oldRegions.filter(([, p]) => p !== partition), ...regions.map((r) => [r, partition])]
        .sort((a, b) => (a[1] === b[1] ? (a[0] < b[0] ? -1 : 1) : a[1] === "aws" ? -1 : b[1] === "aws" ? 1 : a[1] < b[1] ? -1 : 1))
        .map((row) => row.join(" "));
    const files: Array<[string, string, readonly string[]]> = [
        [AWS_DATA_FILES.regions, renderPinnedList("AWS Regions: code and partition, one a line.",
            `aws ec2 describe-regions --all-regions (partition ${partition}; other partitions kept from the previous list)`, date, regionRows), regionRows],
        [AWS_DATA_FILES.ec2InstanceTypes, renderPinnedList("EC2 instance types, one a line.", `aws ec2 describe-instance-types --region ${region}`, date, types), types],
        [AWS_DATA_FILES.postgresVersions, renderPinnedList("RDS for PostgreSQL engine versions RDS offers for new instances (\"major.minor\"), one a line.",
            `aws rds describe-db-engine-versions --engine postgres --region ${region} (Status available)`, date, versions,
            ['A major alone ("17") is always accepted for the majors of components/data/types.ts: RDS then picks its latest minor.']), versions],
    ];
    const changes = files.map(([name, , rows]) => change(name, read(name).map((r) => r.join(" ")), rows));
    for (const [name, text] of files) {
        writeAtomically(path.join(dir, name), text);
    }
    return changes;
}

if (require.main === module) {
    const i = process.argv.indexOf("--region");
    const region = i > 0 ? process.argv[i + 1] : undefined;
    refreshAwsData(awsCli, AWS_DATA_DIR, region).then(
        (changes) => {
            for (const c of changes) {
                console.log(`infra/data/aws/${c.file}: ${c.total} entries (+${c.added.length} -${c.removed.length})`);
                c.added.slice(0, 50).forEach((x) => console.log(`  + ${x}`));
                c.removed.slice(0, 50).forEach((x) => console.log(`  - ${x}`));
            }
            console.log("Review the diff, run the tests, and commit the lists.");
        },
        (e: Error) => {
            console.error(`refresh failed, pinned lists unchanged: ${e.message}`);
            process.exit(1);
        },
    );
}
