// The offline plan: runs a stack's program against Pulumi's mocks in preview
// mode, with its own Pulumi.<stack>.yaml and no credentials, feeds every
// registered resource through the policy pack over its gRPC interface
// (started as the Pulumi CLI starts it), prints what would be built and the
// pack's verdicts, and writes the network diagram. With a base (another git
// revision, or a saved report) it also reports what the change does.
//
//   npm run plan -- [stack] [--json FILE|-] [--diagram DIR | --no-diagram] [--program FILE] [--config K=V]
//                   [--policy-pack-config FILE | --no-policy-pack-config]
//                   [--base REF | --base-json FILE] [--markdown FILE] [--sarif FILE] [--annotations]
//
// The pack is configured as the stack's previews configure it (and its
// policy group, for deployments, with the same exemptions): from
// infra/policy-config/<stack>.json unless told otherwise. It starts while the program runs, and each resource goes to
// Analyze as it registers, as the engine does; the base revision is planned
// at the same time in a child process.
//
// Exit status: 0 no mandatory violation, 1 a mandatory violation, 2 the
// program, its config or the base failed (the message names the key or resource).
import * as fs from "fs";
import * as path from "path";
import type { RunResult } from "../harness/run";
import type { PreparedDiagram } from "../diagram";
import type { PackDiagnostic } from "../analyzer";
import { startPackInBackground } from "../analyzer/background";
import { POLICY_PACK_DIR } from "../analyzer/launch";
import { readPolicyPackConfig, UserPolicyConfig } from "../analyzer/packConfig";
import { Locator } from "../harness/location";
import { readProjectFile, REPO_ROOT, STACK_PROGRAM } from "../harness/project";
import { annotations } from "./annotations";
import { parsePlanArgs, PlanArgs, stackPolicyConfig } from "./args";
import { Base, BaseError, planRevision, readBaseReport } from "./base";
import { diffInventories } from "./changes";
import { inventory, InventoryEntry } from "./inventory";
import { renderMarkdown } from "./markdown";
import { ensurePackBuilt } from "./packBuild";
import { PlanReport, renderText } from "./report";
import { step } from "./progress";
import { toSarif } from "./sarif";
import { summarize } from "./summary";
import { verdicts } from "./verdicts";
import { PLAN_FORMAT_VERSION, planVersions } from "./versions";

/** V8's code cache, preloaded in the pack's process: the same runner, started faster (tools/compile/codeCache.js). */
const CODE_CACHE = path.join(REPO_ROOT, "tools", "compile", "codeCache.js");

/** Node options for the pack's process beyond the code cache, to measure it (`PLAN_PACK_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p"`). */
function packNodeArgs(): string[] {
    const extra = process.env.PLAN_PACK_NODE_ARGS?.trim();
    return ["-r", CODE_CACHE, ...(extra ? extra.split(/\s+/) : [])];
}

/** The program or its config (or the base) could not run; the message says what is at fault. */
export class PlanFailure extends Error {}

function startBase(args: PlanArgs, program: string): Promise<Base> | undefined {
    if (args.baseJson !== undefined) {
        return Promise.resolve().then(() => readBaseReport(args.baseJson!));
    }
    if (args.base !== undefined) {
        return planRevision(args.base, args.stack, args.program === undefined ? undefined : path.relative(REPO_ROOT, program));
    }
    return undefined;
}

/** Runs the plan and returns its report; throws PlanFailure when the program cannot run. */
export async function plan(args: PlanArgs): Promise<PlanReport> {
    const timingsMs: Record<string, number> = {};
    const program = path.resolve(REPO_ROOT, args.program ?? STACK_PROGRAM);

    let s = step("the policy pack's build");
    let built: boolean;
    try {
        built = ensurePackBuilt(POLICY_PACK_DIR);
    } catch (e) {
        s.fail();
        throw new PlanFailure((e as Error).message);
    }
    timingsMs.packBuild = s.done(built ? "compiled" : "up to date");

    const configFile = args.policyPackConfig === false ? undefined : (args.policyPackConfig ?? stackPolicyConfig(args.stack));
    let packConfig: UserPolicyConfig = {};
    if (configFile !== undefined) {
        try {
            packConfig = readPolicyPackConfig(path.resolve(REPO_ROOT, configFile));
        } catch (e) {
            throw new PlanFailure((e as Error).message);
        }
    }

    // The pack starts first, in a worker thread (background.ts): its process's start, the handshake and its
    // config overlap the loading of the SDK and the program, which this thread does next.
    const pack = startPackInBackground({
        project: readProjectFile(REPO_ROOT).name,
        stack: args.stack,
        dryRun: true,
        config: packConfig,
        nodeArgs: packNodeArgs(),
    });
    const base = startBase(args, program);
    base?.catch(() => undefined); // awaited below; a failure must not surface as unhandled meanwhile

    s = step(`running the ${args.stack} stack program under mocks (preview), each resource to Analyze as it registers`);
    let run: RunResult;
    try {
        const { runStack } = await import("../harness/run");
        run = await runStack(args.stack, args.config, { preview: true, program, onRegister: (r) => pack.add(r), onAnswer: (r) => pack.answered(r) });
    } catch (e) {
        s.fail();
        // The pack was starting alongside: stop it. A failed program leaves promises that reject
        // later with the same error; while waiting for the pack they are not news.
        const late = () => undefined;
        process.on("unhandledRejection", late);
        try {
            await pack.close();
        } finally {
            process.off("unhandledRejection", late);
        }
        const { describeFailure } = await import("./failure");
        throw new PlanFailure(describeFailure(e, args.config));
    }
    timingsMs.program = s.done(`${run.resources.length} registrations`);

    let started;
    try {
        started = await pack.started;
    } catch (e) {
        await pack.close();
        throw new PlanFailure(`the policy pack did not start${configFile ? ` or refused its config (${configFile})` : ""}: ${(e as Error).message}`);
    }
    timingsMs.packStart = started.readyMs;
    console.error(`  ✔ starting the policy pack as the Pulumi CLI does (${(started.readyMs / 1000).toFixed(1)} s, alongside the program, ${started.info.name} ${started.info.version})`);
    s = step(`Analyze ${run.resources.length} resources, then AnalyzeStack`);
    const analyzing = pack.finish();
    analyzing.catch(() => undefined); // awaited below, after the work that does not need the pack's answer
    let resources: InventoryEntry[];
    let diagram: PreparedDiagram | undefined;
    let diagnostics: readonly PackDiagnostic[];
    try {
        // While the pack judges the stack this thread would wait: build what does not need its verdicts.
        resources = inventory(run.resources, new Locator(REPO_ROOT));
        diagram = args.diagramDir ? (await import("../diagram")).prepareDiagram(run, args.stack) : undefined;
        diagnostics = (await analyzing).diagnostics;
        timingsMs.analyze = s.done(`${diagnostics.length} diagnostics`);
    } finally {
        await pack.close();
    }

    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const policies = verdicts(started.info.policies, diagnostics, (urn) => byUrn.get(urn)?.location);

    let compared: Base | undefined;
    if (base) {
        s = step(args.base !== undefined ? `planning the base ${args.base} (a child process, alongside)` : `reading the base ${args.baseJson}`);
        try {
            compared = await base;
        } catch (e) {
            s.fail();
            throw new PlanFailure(e instanceof BaseError ? e.message : `the base could not be planned: ${(e as Error).message}`);
        }
        timingsMs.base = s.done(`${compared.inventory.length} resources`);
    }

    const files: string[] = [];
    if (args.diagramDir && diagram) {
        s = step("writing the network diagram");
        const written = await diagram.write(path.resolve(REPO_ROOT, args.diagramDir));
        files.push(...written.files.map((f) => path.relative(REPO_ROOT, f)));
        timingsMs.diagram = s.done(written.rendered ? "rendered" : "unchanged, not rendered again");
    }

    const mandatoryViolations = policies.reduce((n, p) => n + p.violations.filter((v) => v.enforcementLevel === "mandatory").length, 0);
    return {
        formatVersion: PLAN_FORMAT_VERSION,
        stack: args.stack,
        program: path.relative(REPO_ROOT, program),
        preview: true,
        resources: summarize(run.resources),
        versions: planVersions(),
        pack: { name: started.info.name, version: started.info.version },
        policyPackConfig: configFile === undefined ? undefined : path.relative(REPO_ROOT, path.resolve(REPO_ROOT, configFile)),
        policies,
        mandatoryViolations,
        base: compared ? compared.info : null,
        changes: compared ? diffInventories(compared.inventory, resources) : null,
        files,
        timingsMs,
        exitCode: mandatoryViolations > 0 ? 1 : 0,
        inventory: resources,
    };
}

function write(file: string, text: string): void {
    fs.writeFileSync(path.resolve(process.cwd(), file), text);
}

async function main(): Promise<number> {
    let args: PlanArgs;
    try {
        args = parsePlanArgs(process.argv.slice(2));
    } catch (e) {
        console.error((e as Error).message);
        return 2;
    }
    try {
        const report = await plan(args);
        const toStdout = args.json === "-";
        const say = toStdout ? console.error : console.log;
        if (toStdout) {
            process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        }
        say(renderText(report));
        for (const [file, text] of [
            [toStdout ? undefined : args.json, () => `${JSON.stringify(report, null, 2)}\n`],
            [args.markdown, () => renderMarkdown(report, { links: githubLinks() })],
            [args.sarif, () => `${JSON.stringify(toSarif(report), null, 2)}\n`],
        ] as const) {
            if (file) {
                write(file, text());
                say(`wrote ${file}`);
            }
        }
        if (args.annotations ?? process.env.GITHUB_ACTIONS === "true") {
            // Workflow commands are read from standard output; with the JSON there, they go to stderr.
            const lines = annotations(report);
            if (lines.length > 0) {
                (toStdout ? process.stderr : process.stdout).write(`${lines.join("\n")}\n`);
            }
        }
        return report.exitCode;
    } catch (e) {
        console.error(`\nplan of ${args.stack} failed: ${(e as Error).message}`);
        return 2;
    }
}

/** Links to the lines at fault when running in GitHub Actions (PLAN_SOURCE_SHA names the commit; else GITHUB_SHA). */
function githubLinks(): ((file: string, line: number) => string) | undefined {
    const server = process.env.GITHUB_SERVER_URL;
    const repo = process.env.GITHUB_REPOSITORY;
    const sha = process.env.PLAN_SOURCE_SHA || process.env.GITHUB_SHA;
    if (!server || !repo || !sha) {
        return undefined;
    }
    return (file, line) => `${server}/${repo}/blob/${sha}/${file}#L${line}`;
}

if (require.main === module) {
    // Exit once standard output is flushed: a large --json - on a pipe is written asynchronously.
    main().then((code) => process.stdout.write("", () => process.exit(code)));
}
