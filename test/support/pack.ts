// The policy pack under test, launched once per suite as the CLI launches
// it, and what it reports, read into plain findings for assertions.
import * as path from "path";
import { OpenPack, openPack, PackDiagnostic, PackReport, readPolicyPackConfig, StackInput, UserPolicyConfig } from "../../tools/analyzer";
import { REPO_ROOT } from "../../tools/harness/project";
import { stackPolicyConfig } from "../../tools/plan/args";
import { runComponents } from "../../tools/harness/run";

/** One diagnostic, taken apart. */
export interface Finding {
    readonly policy: string;
    readonly level: string;
    /** Name of the resource at fault (last URN segment), "" when none. */
    readonly resource: string;
    /** Field the pack named ("ingress[0].cidrBlocks[0]"). */
    readonly field: string;
    /** The rest of the message. */
    readonly text: string;
    readonly phase: PackDiagnostic["phase"];
}

export function toFinding(d: PackDiagnostic): Finding {
    // "<policy description>\n<field>: <message>", possibly "exempted (<reason>): <field>: ..."
    const body = d.message.slice(d.message.indexOf("\n") + 1).replace(/^exempted \([^)]*\): /, "");
    const colon = body.indexOf(": ");
    return {
        policy: d.policyName,
        level: d.enforcementLevel,
        resource: d.urn.split("::").pop() ?? "",
        field: colon < 0 ? "" : body.slice(0, colon),
        text: colon < 0 ? body : body.slice(colon + 2),
        phase: d.phase,
    };
}

export function findings(report: PackReport): Finding[] {
    return report.diagnostics.map(toFinding);
}

/** "policy level resource field" lines, sorted: what a bad resource gets, in one comparable value. */
export function summary(report: PackReport, policy?: string): string[] {
    return findings(report)
        .filter((f) => policy === undefined || f.policy === policy)
        .map((f) => `${f.policy} ${f.level} ${f.resource} ${f.field}`)
        .sort();
}

/** Registers hooks that launch the pack before the suite and stop it after. */
export function usePack(config?: UserPolicyConfig): () => OpenPack {
    let pack: OpenPack | undefined;
    before(async function () {
        this.timeout(120000);
        pack = await openPack({ project: "test", stack: "test", config });
    });
    after(async () => {
        await pack?.close();
    });
    return () => {
        if (!pack) {
            throw new Error("the pack is not running (usePack's before hook failed)");
        }
        return pack;
    };
}

/** Runs `build` (which creates resources with the real SDKs) under mocks and sends all of it through the pack. */
export async function judgeProgram(pack: OpenPack, build: () => void, preview = false): Promise<PackReport> {
    const run = await runComponents(build, { preview });
    return pack.analyze(run.resources);
}

const STACK_URN = "urn:pulumi:test::test::pulumi:pulumi:Stack::test-test";

/** A resource written by hand in the engine's form (for alias tokens and encodings no SDK produces). */
export function engineResource(
    type: string,
    name: string,
    properties: Record<string, unknown>,
    propertyDependencies: Record<string, string[]> = {},
): StackInput {
    return {
        urn: `urn:pulumi:test::test::${type}::${name}`,
        type,
        name,
        properties,
        parent: STACK_URN,
        options: { parent: STACK_URN },
        dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        propertyDependencies,
    };
}

// The engine's wire form of a secret (rpc.ts specialSigKey / specialSecretSig).
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value as the engine sends a secret: wrapped in its signature object. */
export function secret(value: unknown): Record<string, unknown> {
    return { [SIG]: SECRET_SIG, value };
}

/** Sends hand-written resources through Analyze and AnalyzeStack. */
export function judgeResources(pack: OpenPack, resources: StackInput[]): Promise<PackReport> {
    return pack.analyzeInputs(resources);
}

/** The pack config a stack's previews pass (--policy-pack-config infra/policy-config/<stack>.json). */
export function stackPackConfig(stack: string): UserPolicyConfig {
    const file = stackPolicyConfig(stack);
    if (file === undefined) {
        throw new Error(`stack ${stack} has no checked-in pack config`);
    }
    return readPolicyPackConfig(path.join(REPO_ROOT, file));
}
