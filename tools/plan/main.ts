// The offline plan: runs a stack's program against Pulumi's mocks in preview
// mode, with its own Pulumi.<stack>.yaml and no credentials, feeds every
// registered resource through the policy pack over its gRPC interface
// (started as the Pulumi CLI starts it), prints what would be built and the
// pack's verdicts, and writes the network diagram.
//
//   npm run plan -- [stack] [--json FILE|-] [--diagram DIR | --no-diagram] [--program FILE] [--config K=V]
//                   [--policy-pack-config FILE | --no-policy-pack-config]
//
// The pack is configured as the stack's previews and deployments configure
// it: from infra/policy-config/<stack>.json (its exemptions) unless told
// otherwise.
//
// Exit status: 0 no mandatory violation, 1 a mandatory violation, 2 the
// program or its config failed (the message names the key or resource).
import * as fs from "fs";
import * as path from "path";
import { openPack, readPolicyPackConfig, UserPolicyConfig } from "../analyzer";
import { OVERRIDE_ORIGIN, REPO_ROOT, StackFileError } from "../harness/project";
import { ConfigError, ConfigProblem, stackConfigProblems } from "../../infra/config";
import { RunError, RunResult, runStack, STACK_PROGRAM } from "../harness/run";
import { writeDiagram } from "../diagram";
import { parsePlanArgs, PlanArgs, stackPolicyConfig } from "./args";
import { PlanReport, renderText } from "./report";
import { step } from "./progress";
import { summarize } from "./summary";
import { verdicts } from "./verdicts";

/** Runs the plan and returns its report; throws PlanFailure when the program cannot run. */
export async function plan(args: PlanArgs): Promise<PlanReport> {
    const timingsMs: Record<string, number> = {};
    const program = path.resolve(REPO_ROOT, args.program ?? STACK_PROGRAM);
    let s = step(`running the ${args.stack} stack program under mocks (preview)`);
    let run: RunResult;
    try {
        run = await runStack(args.stack, args.config, { preview: true, program });
    } catch (e) {
        s.fail();
        throw new PlanFailure(describeFailure(e, args.config));
    }
    timingsMs.program = s.done(`${run.resources.length} registrations`);

    const configFile = args.policyPackConfig === false ? undefined : (args.policyPackConfig ?? stackPolicyConfig(args.stack));
    let packConfig: UserPolicyConfig = {};
    if (configFile !== undefined) {
        try {
            packConfig = readPolicyPackConfig(path.resolve(REPO_ROOT, configFile));
        } catch (e) {
            throw new PlanFailure((e as Error).message);
        }
    }
    s = step("starting the policy pack as the Pulumi CLI does");
    let pack;
    try {
        pack = await openPack({ project: run.settings.project, stack: run.settings.stack, dryRun: true, config: packConfig });
    } catch (e) {
        s.fail();
        throw new PlanFailure(`the policy pack refused its config${configFile ? ` (${configFile})` : ""}: ${(e as Error).message}`);
    }
    timingsMs.packStart = s.done(`${pack.info.name} ${pack.info.version}`);
    let report;
    try {
        s = step(`Analyze ${run.resources.length} resources, then AnalyzeStack`);
        report = await pack.analyze(run.resources);
        timingsMs.analyze = s.done(`${report.diagnostics.length} diagnostics`);
    } finally {
        await pack.close();
    }

    const files: string[] = [];
    if (args.diagramDir) {
        s = step("writing the network diagram");
        files.push(...(await writeDiagram(run, path.resolve(REPO_ROOT, args.diagramDir), run.settings.stack)).map((f) => path.relative(REPO_ROOT, f)));
        timingsMs.diagram = s.done();
    }

    const policies = verdicts(pack.info.policies, report.diagnostics);
    const mandatoryViolations = policies.reduce((n, p) => n + p.violations.filter((v) => v.enforcementLevel === "mandatory").length, 0);
    return {
        stack: args.stack,
        program: path.relative(REPO_ROOT, program),
        preview: true,
        resources: summarize(run.resources),
        pack: { name: pack.info.name, version: pack.info.version },
        policyPackConfig: configFile === undefined ? undefined : path.relative(REPO_ROOT, path.resolve(REPO_ROOT, configFile)),
        policies,
        mandatoryViolations,
        files,
        timingsMs,
        exitCode: mandatoryViolations > 0 ? 1 : 0,
    };
}

/** The program or its config could not run; the message says what is at fault. */
export class PlanFailure extends Error {}

/** The problems again, each value given with --config saying so. */
function withOrigins(problems: readonly ConfigProblem[], overrides: Readonly<Record<string, unknown>>): ConfigError {
    return new ConfigError(problems.map((p) => (p.origin === undefined && p.key in overrides ? { ...p, origin: OVERRIDE_ORIGIN } : p)));
}

function describeFailure(e: unknown, overrides: Readonly<Record<string, unknown>>): string {
    // The CLI's own checks failed (types, missing keys, secrets): judge the
    // values that passed them too, so that every problem is reported at once.
    if (e instanceof StackFileError && e.partial && e.problems.length > 0) {
        const all = stackConfigProblems(e.partial.config, e.problems);
        return all ? `${e.note}${withOrigins(all.problems, overrides).message}` : e.message;
    }
    const cause = e instanceof RunError ? e.cause : e;
    if (cause instanceof Error && cause.name === "ConfigError") {
        return withOrigins((cause as ConfigError).problems, overrides).message;
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    if (e instanceof RunError && !(cause instanceof Error && cause.name === "ConfigError")) {
        const last = [...e.resources].reverse().find((r) => r.custom);
        if (last) {
            return `${message}\n  (the last resource registered before the failure: ${last.type} ${last.name})`;
        }
    }
    return message;
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
        const json = `${JSON.stringify(report, null, 2)}\n`;
        if (args.json === "-") {
            process.stdout.write(json);
            console.error(renderText(report));
        } else {
            console.log(renderText(report));
            if (args.json) {
                fs.writeFileSync(path.resolve(process.cwd(), args.json), json);
                console.log(`wrote ${args.json}`);
            }
        }
        return report.exitCode;
    } catch (e) {
        console.error(`\nplan of ${args.stack} failed: ${(e as Error).message}`);
        return 2;
    }
}

if (require.main === module) {
    main().then((code) => process.exit(code));
}
