// Pulumi.yaml's config declarations: which keys exist, their types and their
// defaults. The rules every key obeys - a key the project does not declare, an
// empty value, a value of the wrong type as the Pulumi CLI types it - are
// driven by these declarations, so a key added to Pulumi.yaml gets them
// without a line of code here. The program reads Pulumi.yaml itself (it sits
// beside the program in every deployment), since the CLI hands the program
// values only.
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/** The types Pulumi.yaml can declare for a key. */
export type DeclaredType = "string" | "integer" | "boolean" | "array";

export const DECLARED_TYPES: readonly DeclaredType[] = ["string", "integer", "boolean", "array"];

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
    /** Keys without a namespace: the project's own; keys with one ("aws:region") are provider settings. */
    readonly config: Readonly<Record<string, ConfigDeclaration>>;
}

/** Pulumi.yaml of this repository. */
export const PROJECT_FILE = path.join(__dirname, "..", "..", "Pulumi.yaml");

/** Reads and checks the shape of a Pulumi.yaml; throws naming the file and the entry at fault. */
export function parseProjectFile(text: string, source: string): ProjectFile {
    let doc: unknown;
    try {
        doc = yaml.load(text);
    } catch (e) {
        throw new Error(`cannot read ${source}: ${(e as Error).message}`);
    }
    const project = (doc ?? {}) as { name?: unknown; main?: unknown; config?: unknown };
    if (typeof project.name !== "string") {
        throw new Error(`${source} has no project name`);
    }
    const config = project.config ?? {};
    if (typeof config !== "object" || Array.isArray(config)) {
        throw new Error(`${source}: config: must map keys to declarations`);
    }
    for (const [key, decl] of Object.entries(config as Record<string, unknown>)) {
        const d = (decl ?? {}) as { type?: unknown; items?: { type?: unknown } };
        if (key.includes(":")) {
            continue; // provider settings: the CLI does not type them
        }
        if (!DECLARED_TYPES.includes(d.type as DeclaredType) || (d.type === "array" && !DECLARED_TYPES.includes(d.items?.type as DeclaredType))) {
            throw new Error(`${source}: config key '${key}' must declare type ${DECLARED_TYPES.join(" | ")} (arrays with items.type)`);
        }
    }
    return { name: project.name, main: typeof project.main === "string" ? project.main : undefined, config: config as Record<string, ConfigDeclaration> };
}

let cached: ProjectFile | undefined;

/** This repository's Pulumi.yaml (read once). */
export function projectDeclarations(): ProjectFile {
    cached ??= parseProjectFile(fs.readFileSync(PROJECT_FILE, "utf8"), "Pulumi.yaml");
    return cached;
}

/** The declarations of the project's own keys (those without a namespace). */
export function ownKeys(project: ProjectFile): Readonly<Record<string, ConfigDeclaration>> {
    return Object.fromEntries(Object.entries(project.config).filter(([k]) => !k.includes(":")));
}

/** The full name of a declared type, as the CLI writes it ("array<string>"). */
export function typeName(decl: ConfigDeclaration): string {
    return decl.type === "array" && decl.items ? `array<${decl.items.type}>` : decl.type;
}

/** A default whose own value is empty ("" or []) says that empty is a meaningful value of the key. */
export function emptyIsMeaningful(decl: ConfigDeclaration): boolean {
    return decl.default === "" || (Array.isArray(decl.default) && decl.default.length === 0);
}

/** How a default reads in a message. */
export function formatDefault(value: unknown): string {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * What to do instead of an empty value of a declared key (null, a blank
 * string, an empty list), or undefined when empty is one of the key's
 * meanings (its own default is empty). Null is never a value.
 */
export function emptyValueProblem(decl: ConfigDeclaration, wasNull: boolean): string | undefined {
    if (!wasNull && emptyIsMeaningful(decl)) {
        return undefined;
    }
    if (decl.default === undefined) {
        return `the key has no default, so a value is required${decl.description ? ` (${decl.description})` : ""}`;
    }
    if (emptyIsMeaningful(decl)) {
        return `write ${formatDefault(decl.default)} for the empty value, or remove the key`;
    }
    return `remove the key to use the default ${formatDefault(decl.default)}, or give a value (an empty value never falls back to the default)`;
}

/** True for null, a blank string, and an empty list. */
export function isEmptyContent(content: unknown): boolean {
    return content === null || (typeof content === "string" && content.trim() === "") || (Array.isArray(content) && content.length === 0);
}

const GO_ATOI = /^[+-]?[0-9]+$/;

/**
 * Whether `content` is of the declared type as the Pulumi CLI judges it
 * (pkg/workspace/config.go validateStackConfigValue and
 * sdk/go/common/workspace/project.go ValidateConfigValue): a plain stack
 * value reaches the check as its text, so any scalar is a `string`, an
 * `integer` is text strconv.Atoi reads, a `boolean` is "true" or "false";
 * lists and maps reach it as parsed JSON, so their items are typed strictly
 * (a number is no string item).
 */
export function cliAccepts(content: unknown, type: DeclaredType, items?: { readonly type: DeclaredType }): boolean {
    switch (type) {
        case "string":
            return typeof content === "string";
        case "integer":
            return (typeof content === "number" && Number.isInteger(content)) || (typeof content === "string" && GO_ATOI.test(content));
        case "boolean":
            return typeof content === "boolean" || content === "true" || content === "false";
        case "array":
            return Array.isArray(content) && items !== undefined && content.every((item) => cliAccepts(item, items.type));
    }
}

/** What the CLI allows for a declared type, for messages. */
export function typeRule(decl: ConfigDeclaration): string {
    switch (decl.type) {
        case "string":
            return "must be of type string (any plain value; a list or map is not one)";
        case "integer":
            return "must be of type integer (a whole number such as 3, or text that is one)";
        case "boolean":
            return "must be of type boolean (true or false)";
        case "array":
            return `must be of type ${typeName(decl)} (a list whose every item is a ${decl.items?.type ?? "value"}, e.g. [a, b])`;
    }
}

/**
 * The content the CLI's type check sees for a value the program received as
 * text: lists (and maps) arrive as JSON, everything else as the text itself.
 */
export function contentOfText(text: string, decl: ConfigDeclaration): unknown {
    if (decl.type === "array") {
        try {
            return JSON.parse(text) as unknown;
        } catch {
            return text;
        }
    }
    return text;
}

/** Levenshtein distance, for suggestions. */
export function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = row;
    }
    return prev[b.length];
}

/** The declared key closest to `key` when it is close enough to be a typo, else undefined. */
export function closestKey(key: string, declared: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of declared) {
        const d = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** Why a key of the project's namespace is not one, with the nearest declared key when there is one. */
export function unknownKeyProblem(key: string, declared: readonly string[]): string {
    const near = closestKey(key, declared);
    const hint = near ? `; did you mean ${near}?` : "; the keys are declared in Pulumi.yaml and listed in the README's config table";
    return `is not a key this project declares (a misspelt key would leave the default in force)${hint}`;
}
