// The base revision's side of `npm run plan -- --base REF`, run in a child
// process of the plan (its own module cache: the base's program files are
// other files than the head's, and must not meet the head's loaded modules).
// It runs the program of the tree at --root under the mocks, as the head's
// plan does, and writes the inventory the head's plan compares with.
//
//   node -r ./tools/compile/register.js tools/plan/baseRun.ts --root DIR --stack S --out FILE [--program REL]
import * as fs from "fs";
import * as path from "path";
import { Locator } from "../harness/location";
import { runStack } from "../harness/run";
import { inventory, InventoryEntry } from "./inventory";
import { describeFailure } from "./failure";

/** What the child writes. */
export interface BaseRunOutput {
    readonly stack: string;
    readonly program: string;
    readonly inventory: readonly InventoryEntry[];
}

function arg(name: string): string | undefined {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
    const root = path.resolve(arg("root") ?? ".");
    const stack = arg("stack") ?? "prod";
    const out = arg("out");
    const program = arg("program");
    if (!out) {
        console.error("baseRun: --out FILE is required");
        return 2;
    }
    try {
        const run = await runStack(stack, {}, { preview: true, root, ...(program ? { program: path.join(root, program) } : {}) });
        const result: BaseRunOutput = { stack, program: program ?? "infra/index.ts", inventory: inventory(run.resources, new Locator(root)) };
        fs.writeFileSync(out, JSON.stringify(result));
        return 0;
    } catch (e) {
        console.error(describeFailure(e));
        return 2;
    }
}

if (require.main === module) {
    main().then((code) => process.exit(code));
}
