// What Pulumi Cloud shows about the pack beside its verdicts: a display name,
// the README, the repository, tags, and per policy a link to its section of
// the README. package.json is the one place the repository and homepage are
// written; the pack reads them (and README.md) from its own folder, where the
// published archive has them too.
import * as fs from "fs";
import * as path from "path";
import type { PolicyPackArgs } from "@pulumi/policy";
import { packRoot } from "../net/addressList";

interface PackageJson {
    readonly homepage?: string;
    readonly repository?: string | { readonly url?: string };
}

export const PACK_DISPLAY_NAME = "TicketToken network guardrails";
export const PACK_TAGS: readonly string[] = ["aws", "kubernetes", "cloudflare", "network", "security", "pci-dss"];

function packageJson(root: string): PackageJson {
    return JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as PackageJson;
}

/** The repository as a browsable URL ("git+https://host/x.git" gives "https://host/x"). */
export function repositoryUrl(root: string = packRoot()): string {
    const repo = packageJson(root).repository;
    const url = typeof repo === "string" ? repo : repo?.url;
    if (!url) {
        throw new Error(`${path.join(root, "package.json")} has no repository url`);
    }
    return url.replace(/^git\+/, "").replace(/\.git$/, "");
}

/** Where a policy is explained: its section of the pack's README on the homepage. */
export function policyUrl(policy: string, root: string = packRoot()): string {
    const homepage = packageJson(root).homepage;
    if (!homepage) {
        throw new Error(`${path.join(root, "package.json")} has no homepage`);
    }
    // GitHub's anchor for the heading "### `no-public-db`" is the name itself.
    return `${homepage.replace(/#.*$/, "")}#${policy}`;
}

/** The pack-level metadata PolicyPack takes besides its policies. */
export function packMetadata(root: string = packRoot()): Pick<PolicyPackArgs, "displayName" | "readme" | "repository" | "provider" | "tags"> {
    return {
        displayName: PACK_DISPLAY_NAME,
        readme: fs.readFileSync(path.join(root, "README.md"), "utf8"),
        repository: repositoryUrl(root),
        // One provider only is accepted; most rules judge AWS resources (tags name the others).
        provider: "aws",
        tags: [...PACK_TAGS],
    };
}
