// The offline plan: runs a stack's program against Pulumi's mocks in preview
// mode, with its own Pulumi.<stack>.yaml, and prints what it would build. No
// cloud credentials, no Pulumi CLI.
//
//   npm run plan -- [stack]     (default: prod)
import { RunError, runStack } from "./harness/run";
import { RecordedResource } from "./harness/recorder";

function componentOf(r: RecordedResource, byUrn: Map<string, RecordedResource>): string {
    let parent = r.parent ? byUrn.get(r.parent) : undefined;
    while (parent && parent.parent && byUrn.get(parent.parent)?.type !== "pulumi:pulumi:Stack") {
        parent = byUrn.get(parent.parent);
    }
    return parent && parent.type !== "pulumi:pulumi:Stack" ? `${parent.type} ${parent.name}` : "(stack)";
}

async function main(): Promise<number> {
    const stack = process.argv[2] ?? "prod";
    let run;
    try {
        run = await runStack(stack, {}, { preview: true });
    } catch (e) {
        const cause = e instanceof RunError ? e.cause : e;
        console.error(`plan for ${stack} failed: ${(cause as Error).message ?? cause}`);
        return 2;
    }
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const groups = new Map<string, Map<string, number>>();
    for (const r of run.resources.filter((x) => x.custom)) {
        const component = componentOf(r, byUrn);
        const types = groups.get(component) ?? new Map<string, number>();
        types.set(r.type, (types.get(r.type) ?? 0) + 1);
        groups.set(component, types);
    }
    console.log(`Plan for stack ${stack} (offline, preview mode)\n`);
    let total = 0;
    for (const [component, types] of [...groups].sort()) {
        console.log(`  ${component}`);
        for (const [type, count] of [...types].sort()) {
            console.log(`    + ${String(count).padStart(3)}  ${type}`);
            total += count;
        }
    }
    console.log(`\n  ${total} resources to create in ${groups.size} components`);
    return 0;
}

main().then((code) => process.exit(code));
