// What a plan ran with, carried in its JSON so that a report read later (a
// saved --base-json, an artifact of an old CI run) says which Node, which
// Pulumi SDK and which providers judged and built it, and in which format it
// is written.
import * as fs from "fs";
import { REPO_ROOT } from "../harness/project";

/**
 * The JSON report's format. Raised when a field is removed or renamed, or its
 * meaning or shape changes, so that a reader can refuse what it does not
 * understand; adding a field keeps it. A report without the field predates it
 * and has the shape of format 1.
 */
export const PLAN_FORMAT_VERSION = 1;

/** The provider SDKs the program imports; a real `pulumi up` runs each provider's plugin at its SDK's version. */
export const PROVIDER_PACKAGES = ["@pulumi/aws", "@pulumi/cloudflare", "@pulumi/kubernetes", "@pulumi/random", "@pulumi/tls"] as const;
export type ProviderPackage = (typeof PROVIDER_PACKAGES)[number];

/** Versions of what ran the program (the pack's own name and version are the report's `pack`). */
export interface PlanVersions {
    /** Node.js running the plan (`process.versions.node`, no "v"). */
    readonly node: string;
    /** The Pulumi SDK the program ran against (`@pulumi/pulumi`). */
    readonly pulumiSdk: string;
    /** Each provider SDK, by package name. */
    readonly providers: Readonly<Record<ProviderPackage, string>>;
}

/** The version in the package.json of `pkg` as Node resolves it from `root` (what the program loads). */
export function installedVersion(pkg: string, root: string = REPO_ROOT): string {
    let file: string;
    try {
        file = require.resolve(`${pkg}/package.json`, { paths: [root] });
    } catch (e) {
        throw new Error(`${pkg} is not installed under ${root} (npm ci): ${(e as Error).message}`);
    }
    const version = (JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown }).version;
    if (typeof version !== "string" || version === "") {
        throw new Error(`${file} has no version`);
    }
    return version;
}

/** The versions this process runs the program with. */
export function planVersions(root: string = REPO_ROOT): PlanVersions {
    const providers = {} as Record<ProviderPackage, string>;
    for (const pkg of PROVIDER_PACKAGES) {
        providers[pkg] = installedVersion(pkg, root);
    }
    return { node: process.versions.node, pulumiSdk: installedVersion("@pulumi/pulumi", root), providers };
}
