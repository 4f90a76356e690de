// Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI does before
// it starts a program: project-declared keys get their defaults, their types
// are checked by the CLI's own rules, and every value reaches the program as a
// string (JSON for arrays and objects). Offline runs and tests use this
// instead of the CLI. Unlike the CLI, which stops at the first bad value, it
// reports every problem together, each with where the value came from.
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ConfigDeclaration, ProjectFile, cliAccepts, emptyValueProblem, parseProjectFile, typeRule } from "../../infra/config/declarations";
import { ConfigProblem, describeProblem } from "../../infra/config/reader";
import { parseStackReference } from "./stackName";

export { ConfigDeclaration, ProjectFile } from "../../infra/config/declarations";

/** Root of the repository (where Pulumi.yaml lives). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The stack's program (its entry file). */
export const STACK_PROGRAM = path.join(REPO_ROOT, "infra", "index.ts");

/** What a program sees of its stack: project, stack and flat string config. */
export interface StackSettings {
    readonly project: string;
    /** The stack's name (the last part of a qualified "owner/project/stack"). */
    readonly stack: string;
    /** Fully qualified keys ("tickettoken:azCount", "aws:region") to string values. */
    readonly config: Readonly<Record<string, string>>;
}

/** Thrown when the project or stack files are not what the CLI would accept. */
export class StackFileError extends Error {
    constructor(
        message: string,
        /** Every bad value, when the files themselves could be read. */
        readonly problems: readonly ConfigProblem[] = [],
        /** The settings of the values that passed, to judge them too. */
        readonly partial?: StackSettings,
        /** What is wrong with the file as a whole, before the problems of its values. */
        readonly note: string = "",
    ) {
        super(message);
        this.name = "StackFileError";
    }
}

/** Where a value given to `readStackSettings` as an override came from, for messages. */
export const OVERRIDE_ORIGIN = "--config";

function readYaml(file: string): unknown {
    try {
        // The core schema: no timestamps or other types a config value never is.
        return yaml.load(fs.readFileSync(file, "utf8"), { schema: yaml.CORE_SCHEMA });
    } catch (e) {
        throw new StackFileError(`cannot read ${path.basename(file)}: ${(e as Error).message}`);
    }
}

/** Reads Pulumi.yaml from `root`. */
export function readProjectFile(root: string = REPO_ROOT): ProjectFile {
    const file = path.join(root, "Pulumi.yaml");
    try {
        return parseProjectFile(fs.readFileSync(file, "utf8"), "Pulumi.yaml");
    } catch (e) {
        throw new StackFileError((e as Error).message);
    }
}

/** Stacks that have a Pulumi.<stack>.yaml in `root`. */
export function listStacks(root: string = REPO_ROOT): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** The text the CLI hands the program: strings as they are, anything else as JSON. */
function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * What the CLI's type check sees of a value: a plain value as its text (the
 * CLI stores it as a string), a list or map as itself.
 */
function cliContent(value: unknown): unknown {
    return value !== null && typeof value === "object" ? value : asConfigString(value);
}

function isSecure(value: unknown): boolean {
    return value !== null && typeof value === "object" && !Array.isArray(value) && "secure" in value;
}

/**
 * The config a program of `stack` receives, with `overrides` (fully qualified
 * keys, raw YAML-like values, as `--config` gives them) applied on top of the
 * stack file. `stack` is a stack name as the CLI takes it, or "owner/project/stack".
 */
export function readStackSettings(
    stack: string,
    overrides: Readonly<Record<string, unknown>> = {},
    root: string = REPO_ROOT,
): StackSettings {
    const project = readProjectFile(root);
    let name: string;
    try {
        name = parseStackReference(stack, project.name).stack;
    } catch (e) {
        throw new StackFileError((e as Error).message);
    }
    const file = `Pulumi.${name}.yaml`;
    const stackPath = path.join(root, file);
    if (!fs.existsSync(stackPath)) {
        const known = listStacks(root).join(", ") || "none";
        throw new StackFileError(`no stack named '${name}': ${file} does not exist (stacks: ${known})`);
    }
    const doc = readYaml(stackPath) ?? {};
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new StackFileError(`${file} must be a mapping with a config: section`);
    }
    const section = (doc as { config?: unknown }).config;
    if (section !== undefined && section !== null && (typeof section !== "object" || Array.isArray(section))) {
        throw new StackFileError(`${file}: config: must map keys to values, like ${project.name}:size: small`);
    }
    const hasSection = section !== undefined && section !== null;

    const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);
    const given = new Map<string, { value: unknown; origin?: string }>();
    for (const [key, value] of Object.entries((section ?? {}) as Record<string, unknown>)) {
        given.set(qualify(key), { value });
    }
    for (const [key, value] of Object.entries(overrides)) {
        given.set(qualify(key), { value, origin: OVERRIDE_ORIGIN });
    }

    const own = `${project.name}:`;
    const problems: ConfigProblem[] = [];
    const config: Record<string, string> = {};
    for (const [key, { value, origin }] of given) {
        const short = key.slice(own.length);
        const decl: ConfigDeclaration | undefined = key.startsWith(own) && Object.hasOwn(project.config, short) ? project.config[short] : undefined;
        const shown = asConfigString(value);
        if (isSecure(value)) {
            // The ciphertext is not echoed: a secret written by hand may not be encrypted at all.
            problems.push({
                key, value: "{secure: ...}", origin: origin ?? file,
                allowed: "is an encrypted secret, which an offline run cannot decrypt; keep secrets out of config (the stack reads them from AWS Secrets Manager)",
            });
        } else if (decl && value === null) {
            problems.push({ key, value: null, origin, allowed: emptyValueProblem(decl, true)! });
        } else if (decl && !cliAccepts(cliContent(value), decl.type, decl.items)) {
            problems.push({ key, value: shown, origin, allowed: typeRule(decl) });
        } else {
            config[key] = shown;
        }
    }
    const missing: string[] = [];
    for (const [key, decl] of Object.entries(project.config)) {
        const qualified = qualify(key);
        if (key.includes(":") || given.has(qualified)) {
            continue; // provider settings declared at project level are not typed keys
        }
        if (decl.default === undefined) {
            missing.push(key);
            problems.push({ key: qualified, value: undefined, allowed: `required: Pulumi.yaml declares no default, so ${file} must set it` });
        } else {
            config[qualified] = asConfigString(decl.default);
        }
    }
    const settings: StackSettings = { project: project.name, stack: name, config };
    if (problems.length > 0) {
        const note = hasSection || missing.length === 0 ? "" : `${file} has no config: section, so it sets none of ${missing.join(", ")}. `;
        throw new StackFileError(
            `${note}Invalid stack config${problems.length === 1 ? ": " : ` (${problems.length} problems):\n  - `}${problems.map(describeProblem).join("\n  - ")}`,
            problems,
            settings,
            note,
        );
    }
    return settings;
}
