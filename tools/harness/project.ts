// Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI does before
// it starts a program: project-declared keys get their defaults, their types
// are checked, and every value reaches the program as a string (JSON for
// arrays and objects). Offline runs and tests use this instead of the CLI.
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/** Root of the repository (where Pulumi.yaml lives). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

type DeclaredType = "string" | "integer" | "boolean" | "array";

/** One `config:` entry of Pulumi.yaml. */
export interface ConfigDeclaration {
    readonly type: DeclaredType;
    readonly description?: string;
    readonly default?: unknown;
    readonly items?: { readonly type: DeclaredType };
}

/** The parts of Pulumi.yaml that shape a run. */
export interface ProjectFile {
    readonly name: string;
    readonly main?: string;
    readonly config: Readonly<Record<string, ConfigDeclaration>>;
}

/** What a program sees of its stack: project, stack and flat string config. */
export interface StackSettings {
    readonly project: string;
    readonly stack: string;
    /** Fully qualified keys ("tickettoken:azCount", "aws:region") to string values. */
    readonly config: Readonly<Record<string, string>>;
}

/** Thrown when the project or stack files are not what the CLI would accept. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

function readYaml(file: string): unknown {
    try {
        return yaml.load(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new StackFileError(`cannot read ${path.relative(REPO_ROOT, file)}: ${(e as Error).message}`);
    }
}

/** Reads Pulumi.yaml from `root`. */
export function readProjectFile(root: string = REPO_ROOT): ProjectFile {
    const doc = readYaml(path.join(root, "Pulumi.yaml")) as Partial<ProjectFile> | undefined;
    if (!doc || typeof doc.name !== "string") {
        throw new StackFileError("Pulumi.yaml has no project name");
    }
    return { name: doc.name, main: doc.main, config: doc.config ?? {} };
}

/** Stacks that have a Pulumi.<stack>.yaml in `root`. */
export function listStacks(root: string = REPO_ROOT): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

function matchesType(value: unknown, decl: ConfigDeclaration): boolean {
    switch (decl.type) {
        case "string":
            return typeof value === "string";
        case "integer":
            return typeof value === "number" && Number.isInteger(value);
        case "boolean":
            return typeof value === "boolean";
        case "array":
            return (
                Array.isArray(value) &&
                (decl.items === undefined || value.every((v) => matchesType(v, { type: decl.items!.type })))
            );
    }
}

function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The config a program of `stack` receives, with `overrides` (fully qualified
 * keys, raw YAML-like values) applied on top of the stack file.
 */
export function readStackSettings(
    stack: string,
    overrides: Readonly<Record<string, unknown>> = {},
    root: string = REPO_ROOT,
): StackSettings {
    const project = readProjectFile(root);
    const stackPath = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackPath)) {
        const known = listStacks(root).join(", ") || "none";
        throw new StackFileError(`no stack named '${stack}': Pulumi.${stack}.yaml does not exist (stacks: ${known})`);
    }
    const stackDoc = (readYaml(stackPath) ?? {}) as { config?: Record<string, unknown> };
    const raw: Record<string, unknown> = { ...(stackDoc.config ?? {}), ...overrides };
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (value !== null && typeof value === "object" && "secure" in (value as object)) {
            throw new StackFileError(
                `Pulumi.${stack}.yaml: '${key}' is an encrypted secret, which an offline run cannot decrypt; ` +
                    "keep secrets out of stack files (the stack reads them from AWS Secrets Manager)",
            );
        }
        const qualified = key.includes(":") ? key : `${project.name}:${key}`;
        config[qualified] = asConfigString(value);
    }
    for (const [key, decl] of Object.entries(project.config)) {
        if (key.includes(":")) {
            continue; // provider settings declared at project level, not typed keys
        }
        const qualified = `${project.name}:${key}`;
        const given = raw[qualified] ?? raw[key];
        if (given === undefined) {
            if (decl.default === undefined) {
                throw new StackFileError(`Stack '${stack}' is missing configuration value '${key}'`);
            }
            config[qualified] = asConfigString(decl.default);
        } else if (!matchesType(given, decl)) {
            const itemType = decl.type === "array" && decl.items ? ` of ${decl.items.type}` : "";
            throw new StackFileError(
                `Stack '${stack}' with configuration key '${key}' must be of type '${decl.type}${itemType}'`,
            );
        }
    }
    return { project: project.name, stack, config };
}
