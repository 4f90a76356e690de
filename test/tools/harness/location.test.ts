import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { Locator } from "../../../tools/harness/location";
import { REPO_ROOT } from "../../../tools/harness/project";
import { runComponents, runStack } from "../../../tools/harness/run";
import { decodeMappings, originalPosition, SourceMaps } from "../../../tools/harness/sourceMap";

const THIS = "test/tools/harness/location.test.ts";
const lineOf = (file: string, text: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;

function buildInLoop(): void {
    // Types and blank lines above shift the compiled lines: the location must still be this file's line.
    type Port = { readonly port: number };
    const ports: Port[] = [{ port: 1 }, { port: 2 }];

    ports.forEach((p) => new aws.vpc.SecurityGroupIngressRule(`in-loop-${p.port}`, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: p.port, toPort: p.port, cidrIpv4: "10.0.0.0/8" }));
}

describe("tools/harness/location (where in the code a resource was created)", () => {
    it("decodes source-map mappings and finds the original line of a generated position", () => {
        // Line 1: [col 0 -> 0:0]; line 2: [col 4 -> 2:2, col 10 -> 3:0].
        const lines = decodeMappings("AAAA;IAEE,MACF");
        assert.deepEqual(lines, [[[0, 0, 0]], [[4, 2, 2], [10, 3, 0]]]);
        assert.deepEqual(originalPosition(lines, { line: 2, column: 12 }), { line: 4, column: 1 });
        assert.deepEqual(originalPosition(lines, { line: 2, column: 6 }), { line: 3, column: 3 });
        assert.equal(originalPosition(lines, { line: 9, column: 1 }), undefined);
        assert.deepEqual(new SourceMaps(() => undefined).original("/x.js", { line: 5, column: 2 }), { line: 5, column: 2 }, "plain JavaScript maps to itself");
    });

    it("gives a resource the .ts line of its `new X(...)`, also from an anonymous callback", async () => {
        const run = await runComponents(buildInLoop, { preview: true });
        const locator = new Locator(REPO_ROOT);
        const origins = run.resources.map((r) => locator.origin(r));
        const line = lineOf(THIS, "ports.forEach((p) => new aws.vpc.SecurityGroupIngressRule");
        assert.deepEqual(origins.map((o) => o.location && [o.location.file, o.location.line]), [[THIS, line], [THIS, line]]);
        assert.deepEqual(origins[0].chain.slice(0, 2).map((l) => [l.file, l.line]), [[THIS, line], [THIS, lineOf(THIS, "runComponents(buildInLoop")]], "then the call above it");
    });

    it("points a resource a component creates at the component's line, with the chain up to the program's top level", async () => {
        const run = await runStack("dev", {}, { preview: true });
        const locator = new Locator(REPO_ROOT);
        const db = run.resources.find((r) => r.type === "aws:rds/instance:Instance")!;
        const origin = locator.origin(db);
        assert.equal(origin.location?.file, "components/data/postgres.ts");
        assert.match(fs.readFileSync(path.join(REPO_ROOT, origin.location!.file), "utf8").split("\n")[origin.location!.line - 1], /new aws\.rds\.Instance\(/);
        const files = origin.chain.map((l) => l.file);
        assert.equal(files[files.length - 1], "infra/index.ts", "the chain ends at the program's top-level statement");
        assert.ok(files.includes("infra/stack.ts"));
        assert.ok(!files.some((f) => f.startsWith("tools/harness/") || f.includes("node_modules")), files.join(", "));
        const component = run.resources.find((r) => r.type === "tickettoken:data:Postgres")!;
        const at = locator.origin(component).location!;
        assert.equal(at.file, "infra/stack.ts", "a component is located at the statement that created it, not inside its class");
        assert.match(fs.readFileSync(path.join(REPO_ROOT, at.file), "utf8").split("\n")[at.line - 1], /new Postgres\(/);
        const missing = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && !locator.origin(r).location).map((r) => `${r.type} ${r.name}`);
        assert.deepEqual(missing, [], "every resource of the stack has a location");
    });
});
