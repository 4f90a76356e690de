// What AWS offers, pinned as data (infra/data/aws/, each file naming its
// source and date; `npm run refresh-aws-data` rebuilds them from AWS's APIs):
// the regions, the EC2 instance types, and the RDS for PostgreSQL versions.
// Config naming something outside them would pass the mocks and fail at
// `pulumi up`, so it fails the plan instead.
import * as fs from "fs";
import * as path from "path";
import { ConfigReader } from "./reader";
import { closestKey } from "./declarations";

/** Folder of the pinned lists. */
export const AWS_DATA_DIR = path.join(__dirname, "..", "data", "aws");

/** The pinned lists, by file name. */
export const AWS_DATA_FILES = {
    regions: "regions.txt",
    ec2InstanceTypes: "ec2-instance-types.txt",
    postgresVersions: "rds-postgres-versions.txt",
} as const;

/** The entries of a pinned list: one a line, `#` comments and blank lines skipped; each line split on blanks. */
export function parsePinnedList(text: string): string[][] {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#"))
        .map((line) => line.split(/\s+/));
}

/** The date a pinned list was taken (its "# retrieved:" line). */
export function retrievedOn(text: string): string | undefined {
    return /^# retrieved: (\S+)/m.exec(text)?.[1];
}

interface PinnedList {
    readonly rows: readonly string[][];
    readonly retrieved: string;
    readonly file: string;
}

const lists = new Map<string, PinnedList>();

function pinned(file: string): PinnedList {
    let list = lists.get(file);
    if (!list) {
        const text = fs.readFileSync(path.join(AWS_DATA_DIR, file), "utf8");
        list = { rows: parsePinnedList(text), retrieved: retrievedOn(text) ?? "an unknown date", file: `infra/data/aws/${file}` };
        lists.set(file, list);
    }
    return list;
}

function provenance(list: PinnedList): string {
    return `${list.file}, as of ${list.retrieved}; if AWS has added it since, run npm run refresh-aws-data`;
}

/** Every region code, with its partition. */
export function awsRegions(): ReadonlyMap<string, string> {
    return new Map(pinned(AWS_DATA_FILES.regions).rows.map(([code, partition]) => [code, partition]));
}

/** Why `region` is not an AWS region, or undefined when it is one. */
export function regionProblem(region: string): string | undefined {
    const regions = awsRegions();
    if (regions.has(region)) {
        return undefined;
    }
    const list = pinned(AWS_DATA_FILES.regions);
    const near = closestKey(region, [...regions.keys()]);
    const commercial = [...regions].filter(([, p]) => p === "aws").map(([code]) => code);
    return `is not an AWS region (${provenance(list)}); ${near ? `did you mean ${near}?` : `regions of the aws partition: ${commercial.join(", ")}`}`;
}

/** Checks `aws:region` when the stack sets it (unset, the AWS provider takes AWS_REGION from the environment). */
export function readRegion(r: ConfigReader): string | undefined {
    const region = r.setting("aws:region");
    if (region !== undefined) {
        const problem = regionProblem(region);
        if (problem) {
            r.rejectQualified("aws:region", region, problem);
        }
    }
    return region;
}

const NAMED_SIZES = ["nano", "micro", "small", "medium", "large", "xlarge"];

/** Where a size sorts: nano .. xlarge, then 2xlarge, 3xlarge .., then metal-24xl .., then metal. */
export function sizeRank(size: string): number {
    const named = NAMED_SIZES.indexOf(size);
    if (named >= 0) {
        return named;
    }
    const n = /^(\d+)xlarge$/.exec(size);
    if (n) {
        return NAMED_SIZES.length + Number(n[1]);
    }
    const metal = /^metal(?:-(\d+)xl)?$/.exec(size);
    if (metal) {
        return 10_000 + (metal[1] ? Number(metal[1]) : 5_000);
    }
    return 20_000;
}

/** Orders instance types by family, then by size (m6i.large before m6i.2xlarge). */
export function compareInstanceTypes(a: string, b: string): number {
    const [fa, sa] = [a.slice(0, a.indexOf(".")), a.slice(a.indexOf(".") + 1)];
    const [fb, sb] = [b.slice(0, b.indexOf(".")), b.slice(b.indexOf(".") + 1)];
    return fa < fb ? -1 : fa > fb ? 1 : sizeRank(sa) - sizeRank(sb) || (sa < sb ? -1 : sa > sb ? 1 : 0);
}

/** Every EC2 instance type. */
export function ec2InstanceTypes(): ReadonlySet<string> {
    return new Set(pinned(AWS_DATA_FILES.ec2InstanceTypes).rows.map(([t]) => t));
}

/** Why `type` is not an EC2 instance type (naming the sizes its family comes in), or undefined when it is one. */
export function ec2InstanceTypeProblem(type: string): string | undefined {
    const types = ec2InstanceTypes();
    if (types.has(type)) {
        return undefined;
    }
    const family = type.split(".")[0];
    const sizes = [...types].filter((t) => t.startsWith(`${family}.`)).sort(compareInstanceTypes).map((t) => t.slice(family.length + 1));
    const hint = sizes.length > 0 ? `; ${family} comes in ${sizes.join(", ")}` : `; there is no family ${family}`;
    return `is not an EC2 instance type (${provenance(pinned(AWS_DATA_FILES.ec2InstanceTypes))})${hint}`;
}

/** The "major.minor" PostgreSQL versions RDS offers for new instances. */
export function postgresVersionsOffered(): readonly string[] {
    return pinned(AWS_DATA_FILES.postgresVersions).rows.map(([v]) => v);
}

/**
 * Why RDS would not create an instance of PostgreSQL `version`, or undefined.
 * A major alone is RDS's latest minor of it; "major.minor" must be offered.
 */
export function postgresVersionOfferedProblem(version: string): string | undefined {
    if (!version.includes(".")) {
        return undefined;
    }
    const offered = postgresVersionsOffered();
    if (offered.includes(version)) {
        return undefined;
    }
    const major = version.split(".")[0];
    const same = offered.filter((v) => v.split(".")[0] === major);
    return `is not a PostgreSQL version RDS offers for new instances (${provenance(pinned(AWS_DATA_FILES.postgresVersions))}); ` +
        `${same.length > 0 ? `for ${major}: ${same.join(", ")}, or "${major}" for the latest` : `offered: ${offered.join(", ")}`}`;
}
