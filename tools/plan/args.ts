// Command-line arguments of the offline plan.
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { PROJECT } from "../../infra/config/project";
import { parseStackReference } from "../harness/stackName";
import { REPO_ROOT } from "../harness/project";

export interface PlanArgs {
    /** Stack whose Pulumi.<stack>.yaml is used (a name the Pulumi CLI accepts; never a path). */
    readonly stack: string;
    /** Where to write the machine-readable report ("-" for stdout), if anywhere. */
    readonly json?: string;
    /** Folder the diagram is written to; undefined to skip it. */
    readonly diagramDir?: string;
    /** Program to run instead of the stack (a fixture, for instance). */
    readonly program?: string;
    /** Config values to use instead of the stack file's, by fully qualified key (see parseConfigValue). */
    readonly config: Readonly<Record<string, unknown>>;
    /** Policy pack config file (`--policy-pack-config`); undefined: the stack's own, if it has one; false: none. */
    readonly policyPackConfig?: string | false;
    /** A git revision to plan too and compare against (the head's --config does not apply to it). */
    readonly base?: string;
    /** A saved --json report to compare against, instead of planning a revision. */
    readonly baseJson?: string;
    /** Where to write the report as Markdown (job summary, pull request comment). */
    readonly markdown?: string;
    /** Where to write the violations as SARIF 2.1.0 (code scanning). */
    readonly sarif?: string;
    /** Print GitHub workflow commands that annotate the lines at fault. @default true when GITHUB_ACTIONS=true */
    readonly annotations?: boolean;
}

/** Where each stack's pack config is checked in: what its previews pass as --policy-pack-config (its policy group carries the same exemptions for deployments). */
export const POLICY_CONFIG_DIR = path.join("infra", "policy-config");

/** The stack's checked-in pack config (repository-relative), if it has one. */
export function stackPolicyConfig(stack: string): string | undefined {
    const file = path.join(POLICY_CONFIG_DIR, `${stack}.json`);
    return fs.existsSync(path.join(REPO_ROOT, file)) ? file : undefined;
}

export const PLAN_USAGE = `usage: npm run plan -- [stack] [--json FILE|-] [--diagram DIR | --no-diagram] [--program FILE]
                     [--policy-pack-config FILE | --no-policy-pack-config]
                     [--base REF | --base-json FILE] [--markdown FILE] [--sarif FILE] [--annotations]

  stack          dev | staging | prod (default prod), or <owner>/${PROJECT}/<stack>
  --json FILE    also write the report as JSON to FILE ("-" for stdout)
  --diagram DIR  where the network diagram goes (default docs/)
  --no-diagram   do not write the diagram
  --program FILE run this Pulumi program instead of infra/index.ts
  --config K=V   use V for config key K, as \`pulumi config set K V\` stores it (text), or a YAML
                 list or map when V starts with [ or {; e.g. azCount=2, 'ipBlockList=[203.0.113.0/24]'
  --policy-pack-config FILE
                 configure the pack from FILE, as pulumi preview --policy-pack-config does
                 (default: infra/policy-config/<stack>.json, the stack's own, when it exists)
  --no-policy-pack-config
                 run the pack with its defaults only (no exemptions)
  --base REF     also plan git revision REF and report what changes (added, removed, changed)
  --base-json F  compare against a report saved with --json instead
  --markdown F   also write the report as Markdown (job summary, pull request comment)
  --sarif F      also write the violations as SARIF 2.1.0 (code scanning)
  --annotations  print GitHub annotations on the lines at fault (default in GitHub Actions;
                 --no-annotations to turn them off)`;

/** Defaults of PlanArgs. */
export const PLAN_DEFAULTS = { stack: "prod", diagramDir: "docs" } as const;

/**
 * A `--config` value as the CLI would store it: text, as `pulumi config set`
 * stores every plain value (so "1.30" stays "1.30", never the number 1.3), or
 * a list or map written in YAML flow style ("[a, b]", "{k: v}"); throws naming
 * the key when that YAML does not parse.
 */
export function parseConfigValue(key: string, text: string): unknown {
    if (!/^\s*[[{]/.test(text)) {
        return text;
    }
    try {
        return yaml.load(text, { schema: yaml.CORE_SCHEMA });
    } catch (e) {
        const reason = (e as yaml.YAMLException).reason ?? (e as Error).message.split("\n")[0];
        throw new Error(`--config ${key}: the value is not a valid YAML list or map (${reason}): ${text.length > 100 ? `${text.slice(0, 100)}... (${text.length} characters)` : text}`);
    }
}

/** Parses argv (without node and script); throws with the usage on anything unknown. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
    let stack: string | undefined;
    let json: string | undefined;
    let diagramDir: string | undefined = PLAN_DEFAULTS.diagramDir;
    let program: string | undefined;
    let policyPackConfig: string | false | undefined;
    const config: Record<string, unknown> = {};
    const review: { -readonly [K in "base" | "baseJson" | "markdown" | "sarif" | "annotations"]?: PlanArgs[K] } = {};
    const value = (i: number, flag: string): string => {
        const v = argv[i + 1];
        if (v === undefined || (v.startsWith("--") && v !== "-")) {
            throw new Error(`${flag} needs a value\n${PLAN_USAGE}`);
        }
        return v;
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        switch (a) {
            case "--json":
                json = value(i++, a);
                break;
            case "--diagram":
                diagramDir = value(i++, a);
                break;
            case "--no-diagram":
                diagramDir = undefined;
                break;
            case "--program":
                program = value(i++, a);
                break;
            case "--policy-pack-config":
                policyPackConfig = value(i++, a);
                break;
            case "--no-policy-pack-config":
                policyPackConfig = false;
                break;
            case "--config": {
                const pair = value(i++, a);
                const eq = pair.indexOf("=");
                if (eq <= 0) {
                    throw new Error(`--config takes KEY=VALUE, got "${pair}"\n${PLAN_USAGE}`);
                }
                const key = pair.slice(0, eq);
                const qualified = key.includes(":") ? key : `${PROJECT}:${key}`;
                config[qualified] = parseConfigValue(qualified, pair.slice(eq + 1));
                break;
            }
            case "--base":
                review.base = value(i++, a);
                break;
            case "--base-json":
                review.baseJson = value(i++, a);
                break;
            case "--markdown":
                review.markdown = value(i++, a);
                break;
            case "--sarif":
                review.sarif = value(i++, a);
                break;
            case "--annotations":
                review.annotations = true;
                break;
            case "--no-annotations":
                review.annotations = false;
                break;
            case "-h":
            case "--help":
                throw new Error(PLAN_USAGE);
            default:
                if (a.startsWith("-") || stack !== undefined) {
                    throw new Error(`unexpected argument "${a}"\n${PLAN_USAGE}`);
                }
                stack = parseStackReference(a, PROJECT).stack;
        }
    }
    if (review.base !== undefined && review.baseJson !== undefined) {
        throw new Error(`--base and --base-json are two ways to name the base: give one\n${PLAN_USAGE}`);
    }
    return { stack: stack ?? PLAN_DEFAULTS.stack, json, diagramDir, program, config, ...(policyPackConfig === undefined ? {} : { policyPackConfig }), ...review };
}
