// Which pack judges a run of one of this repository's stacks
// (docs/decisions/0002-which-pack-judges-which-run.md).
//
// The Pulumi CLI always runs the packs the organisation enforces on a stack
// (its policy groups' packs, each with its group's config), and runs a local
// --policy-pack beside them, never instead: pkg/engine/update.go
// loadPolicyPlugins (CLI 3.248.0) loads the required packs and the local ones
// side by side, and no flag or setting skips a required pack. So:
//
//   up       judged by the enforced, published pack alone. The check fails
//            when the organisation enforces no such pack on the stack: an up
//            nothing judges is refused.
//   preview  (pull requests) judged by the local pack, this checkout's, with
//            the stack's checked-in config, so that a change to the pack or
//            its config is tried before release, and by the enforced pack.
//            When the enforced pack is this very version with this
//            checkout's group config, the local run would only repeat every
//            verdict, so it is left out and the enforced one judges alone.
//
//   npm run --silent which-pack -- preview --stack ORG/PROJECT/STACK --group GROUP --config FILE
//   npm run --silent which-pack -- up --stack ORG/PROJECT/STACK --group GROUP
//
// It reads the packs Pulumi Cloud requires of the stack (GET
// /api/stacks/{org}/{project}/{stack}/policypacks, what the CLI downloads
// before an update) with PULUMI_ACCESS_TOKEN, from PULUMI_BACKEND_URL or
// https://api.pulumi.com. In GitHub Actions it writes the step outputs
// `policy-packs` and `policy-pack-configs` (empty when the local pack is left
// out) and a line of the job summary.
import * as fs from "fs";
import * as path from "path";
import { openPack, parsePolicyPackConfig, POLICY_PACK_DIR, UserPolicyConfig } from "../analyzer";
import { REPO_ROOT } from "../harness/project";

/** One pack Pulumi Cloud requires of a stack (apitype.RequiredPolicy; the fields read here). */
export interface RequiredPolicy {
    readonly name: string;
    /** The version as published: the pack's package.json version. */
    readonly versionTag: string;
    /** The config its policy group enabled it with: per policy, its level and properties. */
    readonly config?: Readonly<Record<string, unknown>>;
}

/** The local pack, as its GetAnalyzerInfo names it. */
export interface LocalPack {
    readonly name: string;
    readonly version: string;
}

export type Mode = "preview" | "up";

/** JSON with object keys sorted, so that two configs compare by content, not by key order. */
export function canonical(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonical).join(",")}]`;
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

/** Whether the config a group enabled the pack with is the checkout's group file, as `pulumi policy enable --config` sends it. */
export function sameConfig(enforced: Readonly<Record<string, unknown>> | undefined, groupFile: UserPolicyConfig): boolean {
    return canonical(enforced ?? {}) === canonical(groupFile);
}

export interface PreviewDecision {
    /** Run the local pack with the stack's config beside the enforced one. */
    readonly runLocal: boolean;
    /** Why, in a sentence for the job summary. */
    readonly reason: string;
}

/** Whether a pull request's preview runs the local pack too. Never leaves it out unless the enforced run is the same judgement. */
export function previewDecision(required: readonly RequiredPolicy[], local: LocalPack, groupFile: UserPolicyConfig, group: string): PreviewDecision {
    const enforced = required.filter((p) => p.name === local.name);
    if (enforced.length === 0) {
        return { runLocal: true, reason: `the organisation enforces no ${local.name} on this stack: the local pack ${local.version} alone judges the preview (an up would run unjudged; add the stack to policy group ${group})` };
    }
    if (enforced.length > 1) {
        return { runLocal: true, reason: `the organisation enforces ${local.name} ${enforced.map((p) => p.versionTag).join(" and ")} on this stack (in more than one group): the local pack ${local.version} runs too, and each violation is reported by each` };
    }
    const [e] = enforced;
    if (e.versionTag !== local.version) {
        return { runLocal: true, reason: `the organisation enforces ${local.name} ${e.versionTag}; this change's pack is ${local.version}: both judge, so each violation is reported by each (the local pack's verdicts are the ones this change brings)` };
    }
    if (!sameConfig(e.config, groupFile)) {
        return { runLocal: true, reason: `the organisation enforces ${local.name} ${e.versionTag} with a config other than this change's policies/groups/${group}.json: the local pack runs too, with the stack's config, and each violation is reported by each` };
    }
    return { runLocal: false, reason: `the organisation enforces ${local.name} ${e.versionTag}, this very version, with this change's policies/groups/${group}.json: it alone judges (a local run would repeat every verdict)` };
}

export interface UpCheck {
    /** Why the up must not run; empty when it may. */
    readonly problems: readonly string[];
    /** What the reviewer should know (the enforced config is not the checkout's). */
    readonly warnings: readonly string[];
    readonly notes: readonly string[];
}

/** Whether an up of the stack is judged by the enforced pack, and with which config. */
export function upCheck(required: readonly RequiredPolicy[], packName: string, groupFile: UserPolicyConfig, group: string, stack: string): UpCheck {
    const enforced = required.filter((p) => p.name === packName);
    if (enforced.length === 0) {
        const others = required.map((p) => `${p.name} ${p.versionTag}`).join(", ") || "none";
        return {
            problems: [`the organisation enforces no ${packName} on ${stack} (its required packs: ${others}): an up nothing of ours judges is refused; add the stack to policy group ${group} and enable the pack there (policies/README.md)`],
            warnings: [],
            notes: [],
        };
    }
    const warnings = enforced
        .filter((p) => !sameConfig(p.config, groupFile))
        .map((p) => `${packName} ${p.versionTag} is enforced on ${stack} with a config other than policies/groups/${group}.json of this commit (an exemption merged but not yet applied?): the up is judged by the enforced config; apply the file with the policy-groups workflow`);
    return { problems: [], warnings, notes: enforced.map((p) => `${stack} is judged by ${packName} ${p.versionTag}, enforced by the organisation`) };
}

export interface FetchOptions {
    readonly backendUrl?: string;
    readonly token: string;
    readonly fetchImpl?: typeof fetch;
}

/** The packs Pulumi Cloud requires of `stack` ("org/project/stack"). */
export async function fetchRequiredPolicies(stack: string, o: FetchOptions): Promise<RequiredPolicy[]> {
    const parts = stack.split("/");
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_.-]+$/.test(p))) {
        throw new Error(`--stack ${JSON.stringify(stack)} must be fully qualified: <org>/<project>/<stack>`);
    }
    const base = (o.backendUrl ?? "https://api.pulumi.com").replace(/\/+$/, "");
    const url = `${base}/api/stacks/${parts.map(encodeURIComponent).join("/")}/policypacks`;
    const res = await (o.fetchImpl ?? fetch)(url, { headers: { Accept: "application/vnd.pulumi+8", Authorization: `token ${o.token}` } });
    const text = await res.text();
    if (!res.ok) {
        throw new Error(`GET ${url}: ${res.status} ${res.statusText}: ${text.slice(0, 300)}`);
    }
    let body: { requiredPolicies?: unknown };
    try {
        body = JSON.parse(text);
    } catch {
        throw new Error(`GET ${url}: the answer is not JSON: ${text.slice(0, 300)}`);
    }
    const list = body.requiredPolicies ?? [];
    if (!Array.isArray(list)) {
        throw new Error(`GET ${url}: requiredPolicies is not a list`);
    }
    return list.map((p: { name?: unknown; versionTag?: unknown; config?: unknown }, i) => {
        if (typeof p?.name !== "string" || typeof p.versionTag !== "string") {
            throw new Error(`GET ${url}: requiredPolicies[${i}] has no name or versionTag`);
        }
        const config = p.config !== null && typeof p.config === "object" && !Array.isArray(p.config) ? (p.config as Record<string, unknown>) : undefined;
        return { name: p.name, versionTag: p.versionTag, ...(config ? { config } : {}) };
    });
}

interface Args {
    readonly mode: Mode;
    readonly stack: string;
    readonly group: string;
    readonly config?: string;
}

export function parseArgs(argv: readonly string[]): Args {
    const [mode, ...rest] = argv;
    if (mode !== "preview" && mode !== "up") {
        throw new Error(`which-pack: the first argument is "preview" or "up", not ${JSON.stringify(mode ?? "")}`);
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < rest.length; i += 2) {
        const [flag, value] = [rest[i], rest[i + 1]];
        if (!["--stack", "--group", "--config"].includes(flag) || value === undefined || value.startsWith("--")) {
            throw new Error(`which-pack: unexpected ${JSON.stringify(flag)}${value === undefined ? " without a value" : ""} (takes --stack ORG/PROJECT/STACK --group GROUP${mode === "preview" ? " --config FILE" : ""})`);
        }
        values[flag.slice(2)] = value;
    }
    for (const need of mode === "preview" ? ["stack", "group", "config"] : ["stack", "group"]) {
        if (!values[need]) {
            throw new Error(`which-pack ${mode}: --${need} is required`);
        }
    }
    if (!/^[a-z0-9][a-z0-9-]*$/.test(values.group)) {
        throw new Error(`which-pack: --group ${JSON.stringify(values.group)} is not a policy group's file name under policies/groups/`);
    }
    return { mode, stack: values.stack, group: values.group, ...(values.config ? { config: values.config } : {}) };
}

function readGroupFile(group: string): UserPolicyConfig {
    const file = path.join("policies", "groups", `${group}.json`);
    return parsePolicyPackConfig(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), file);
}

function appendTo(envVar: string, text: string): void {
    const file = process.env[envVar];
    if (file) {
        fs.appendFileSync(file, text);
    }
}

async function localPack(): Promise<LocalPack> {
    const pack = await openPack({ project: "which-pack", stack: "which-pack" });
    try {
        return { name: pack.info.name, version: pack.info.version };
    } finally {
        await pack.close();
    }
}

async function main(argv: readonly string[]): Promise<number> {
    const args = parseArgs(argv);
    const groupFile = readGroupFile(args.group);
    const local = await localPack();
    const token = process.env.PULUMI_ACCESS_TOKEN;
    let required: RequiredPolicy[] | undefined;
    let fetchError: string | undefined;
    if (!token) {
        fetchError = "PULUMI_ACCESS_TOKEN is not set (the OIDC exchange step exports it)";
    } else {
        try {
            required = await fetchRequiredPolicies(args.stack, { token, backendUrl: process.env.PULUMI_BACKEND_URL || undefined });
        } catch (e) {
            fetchError = (e as Error).message;
        }
    }

    if (args.mode === "up") {
        if (required === undefined) {
            console.error(`which-pack up: cannot tell which packs judge ${args.stack}: ${fetchError}`);
            return 1;
        }
        const check = upCheck(required, local.name, groupFile, args.group, args.stack);
        check.notes.forEach((n) => console.log(n));
        check.warnings.forEach((w) => console.log(`::warning title=policy group config::${w}`));
        check.problems.forEach((p) => console.error(p));
        appendTo("GITHUB_STEP_SUMMARY", [...check.notes, ...check.warnings, ...check.problems].map((l) => `- ${l}\n`).join(""));
        return check.problems.length > 0 ? 1 : 0;
    }

    // A preview never goes unjudged by this change's pack for want of an answer: when the
    // enforced packs cannot be read, the local one runs.
    const decision: PreviewDecision = required === undefined
        ? { runLocal: true, reason: `the enforced packs could not be read (${fetchError}): the local pack runs, beside whatever the organisation enforces` }
        : previewDecision(required, local, groupFile, args.group);
    const packDir = path.relative(REPO_ROOT, POLICY_PACK_DIR);
    appendTo("GITHUB_OUTPUT", `policy-packs=${decision.runLocal ? packDir : ""}\npolicy-pack-configs=${decision.runLocal ? args.config : ""}\n`);
    const line = `${args.stack}: ${decision.runLocal ? `local pack ${packDir} with ${args.config}` : "the enforced pack alone"}: ${decision.reason}`;
    console.log(line);
    appendTo("GITHUB_STEP_SUMMARY", `- ${line}\n`);
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (e) => {
            console.error((e as Error).message);
            process.exitCode = 2;
        },
    );
}
