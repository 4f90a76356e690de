import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { parsePolicyPackConfig } from "../../../tools/analyzer";
import { REPO_ROOT } from "../../../tools/harness/project";
import { canonical, fetchRequiredPolicies, parseArgs, previewDecision, RequiredPolicy, sameConfig, upCheck } from "../../../tools/pack/whichPack";

const GROUP = "tickettoken";
const groupText = fs.readFileSync(path.join(REPO_ROOT, "policies", "groups", `${GROUP}.json`), "utf8");
const groupFile = parsePolicyPackConfig(groupText, `${GROUP}.json`);
const packVersion = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policies", "package.json"), "utf8")) as { version: string }).version;
const local = { name: "tickettoken-network", version: packVersion };

/** The group file as `pulumi policy enable --config` sends it and Pulumi Cloud hands it back: per policy, properties then the level (keys in another order). */
function asEnabled(text: string): Record<string, unknown> {
    return Object.fromEntries(Object.entries(JSON.parse(text) as Record<string, Record<string, unknown>>).map(([policy, { enforcementLevel, ...properties }]) => [policy, { ...properties, enforcementLevel }]));
}

const enforced = (versionTag: string, config: Record<string, unknown> | undefined = asEnabled(groupText)): RequiredPolicy => ({ name: "tickettoken-network", versionTag, ...(config ? { config } : {}) });

describe("tools/pack/whichPack (which pack judges a preview and an up)", () => {
    describe("a pull request's preview", () => {
        it("leaves the local pack out only when the enforced one is this version with this checkout's group config (any key order)", () => {
            assert.notEqual(JSON.stringify(asEnabled(groupText)), JSON.stringify(JSON.parse(groupText)), "the test's copy differs in key order");
            const d = previewDecision([enforced(packVersion)], local, groupFile, GROUP);
            assert.equal(d.runLocal, false);
            assert.match(d.reason, new RegExp(`enforces tickettoken-network ${packVersion.replace(/\./g, "\\.")}, this very version, with this change's policies/groups/tickettoken\\.json: it alone judges`));
        });

        it("runs the local pack when the enforced version differs (a change to the pack, tried before release)", () => {
            const d = previewDecision([enforced("0.0.1")], local, groupFile, GROUP);
            assert.equal(d.runLocal, true);
            assert.match(d.reason, /enforces tickettoken-network 0\.0\.1; this change's pack is .*: both judge, so each violation is reported by each/);
        });

        it("runs the local pack when the enforced config is not this checkout's group file (an exemption granted in this change)", () => {
            const granted = JSON.parse(groupText);
            granted["egress-only-stripe"].exemptions.push({ urn: "urn:pulumi:prod::tickettoken::aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::partner", reason: "SEC-1" });
            const file = parsePolicyPackConfig(JSON.stringify(granted), "granted.json");
            const d = previewDecision([enforced(packVersion)], local, file, GROUP);
            assert.equal(d.runLocal, true);
            assert.match(d.reason, /with a config other than this change's policies\/groups\/tickettoken\.json: the local pack runs too/);
            assert.equal(previewDecision([{ name: "tickettoken-network", versionTag: packVersion }], local, groupFile, GROUP).runLocal, true, "enabled with no config at all");
        });

        it("runs the local pack when nothing enforces the pack, or two groups do", () => {
            const none = previewDecision([{ name: "aws-guard", versionTag: "1.0.0" }], local, groupFile, GROUP);
            assert.equal(none.runLocal, true);
            assert.match(none.reason, /enforces no tickettoken-network on this stack: the local pack .* alone judges the preview .*add the stack to policy group tickettoken/);
            assert.equal(previewDecision([enforced(packVersion), enforced(packVersion)], local, groupFile, GROUP).runLocal, true);
        });
    });

    describe("an up", () => {
        it("is refused when the organisation enforces no tickettoken-network on the stack, naming what it enforces", () => {
            const c = upCheck([{ name: "aws-guard", versionTag: "2" }], "tickettoken-network", groupFile, GROUP, "acme/tickettoken/prod");
            assert.deepEqual(c.problems, ["the organisation enforces no tickettoken-network on acme/tickettoken/prod (its required packs: aws-guard 2): an up nothing of ours judges is refused; add the stack to policy group tickettoken and enable the pack there (policies/README.md)"]);
        });

        it("runs under any enforced version, with a warning when the enforced config is not this commit's group file", () => {
            const ok = upCheck([enforced("0.1.0")], "tickettoken-network", groupFile, GROUP, "acme/tickettoken/prod");
            assert.deepEqual([ok.problems, ok.warnings, ok.notes], [[], [], ["acme/tickettoken/prod is judged by tickettoken-network 0.1.0, enforced by the organisation"]]);
            const stale = upCheck([enforced("0.1.0", { "no-public-db": { enforcementLevel: "mandatory" } })], "tickettoken-network", groupFile, GROUP, "acme/tickettoken/prod");
            assert.deepEqual(stale.problems, []);
            assert.match(stale.warnings[0], /with a config other than policies\/groups\/tickettoken\.json of this commit .*apply the file with the policy-groups workflow/);
        });
    });

    it("compares configs by content: key order does not matter, values and list order do", () => {
        assert.equal(canonical({ b: 1, a: [{ y: 2, x: 1 }] }), canonical({ a: [{ x: 1, y: 2 }], b: 1 }));
        assert.equal(sameConfig({ p: { enforcementLevel: "mandatory" } }, { p: { enforcementLevel: "mandatory" } }), true);
        assert.equal(sameConfig({ p: { enforcementLevel: "advisory" } }, { p: { enforcementLevel: "mandatory" } }), false);
        assert.equal(sameConfig({ p: { l: [1, 2] } }, { p: { l: [2, 1] } }), false);
    });

    it("takes its mode and flags, refusing anything else with what it takes", () => {
        assert.deepEqual(parseArgs(["preview", "--stack", "a/b/c", "--group", GROUP, "--config", "infra/policy-config/prod.json"]), { mode: "preview", stack: "a/b/c", group: GROUP, config: "infra/policy-config/prod.json" });
        assert.deepEqual(parseArgs(["up", "--stack", "a/b/c", "--group", GROUP]), { mode: "up", stack: "a/b/c", group: GROUP });
        assert.throws(() => parseArgs(["destroy"]), /the first argument is "preview" or "up", not "destroy"/);
        assert.throws(() => parseArgs(["preview", "--stack", "a/b/c", "--group", GROUP]), /--config is required/);
        assert.throws(() => parseArgs(["up", "--stack", "a/b/c", "--group", "../x"]), /is not a policy group's file name/);
        assert.throws(() => parseArgs(["up", "--stack"]), /unexpected "--stack" without a value/);
    });

    describe("against a Pulumi Cloud stand-in", () => {
        let server: http.Server;
        let url = "";
        const seen: http.IncomingMessage[] = [];
        let answer: { status: number; body: unknown } = { status: 200, body: {} };
        before(async () => {
            server = http.createServer((req, res) => {
                seen.push(req);
                res.writeHead(answer.status, { "Content-Type": "application/json" });
                res.end(JSON.stringify(answer.body));
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        });
        after(() => new Promise<void>((resolve) => server.close(() => resolve())));
        beforeEach(() => (seen.length = 0));

        it("asks for the stack's required packs as the CLI does, with the token", async () => {
            answer = { status: 200, body: { requiredPolicies: [{ name: "tickettoken-network", version: 3, versionTag: "0.2.0", displayName: "x", packLocation: "https://x", config: { "no-public-db": { enforcementLevel: "mandatory" } } }] } };
            const got = await fetchRequiredPolicies("acme/tickettoken/prod", { backendUrl: `${url}/`, token: "pul-test" });
            assert.deepEqual(got, [{ name: "tickettoken-network", versionTag: "0.2.0", config: { "no-public-db": { enforcementLevel: "mandatory" } } }]);
            assert.equal(seen[0].url, "/api/stacks/acme/tickettoken/prod/policypacks");
            assert.equal(seen[0].method, "GET");
            assert.equal(seen[0].headers.authorization, "token pul-test");
            assert.equal(seen[0].headers.accept, "application/vnd.pulumi+8");
            answer = { status: 200, body: {} };
            assert.deepEqual(await fetchRequiredPolicies("acme/tickettoken/prod", { backendUrl: url, token: "t" }), [], "no requiredPolicies: none");
        });

        it("says what the service answered when it refuses, and refuses a stack that is not fully qualified", async () => {
            answer = { status: 403, body: { message: "forbidden" } };
            await assert.rejects(fetchRequiredPolicies("acme/tickettoken/prod", { backendUrl: url, token: "t" }), /policypacks: 403 Forbidden: \{"message":"forbidden"\}/);
            await assert.rejects(fetchRequiredPolicies("prod", { backendUrl: url, token: "t" }), /--stack "prod" must be fully qualified: <org>\/<project>\/<stack>/);
            assert.equal(seen.length, 1, "no request for a bad stack");
        });

        /** The command as the workflows run it, with its GitHub outputs file. */
        function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string; outputs: string }> {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "which-pack-"));
            const outputs = path.join(dir, "out");
            fs.writeFileSync(outputs, "");
            return new Promise((resolve) => {
                execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/pack/whichPack.ts", ...argv], {
                    cwd: REPO_ROOT, env: { ...process.env, PULUMI_BACKEND_URL: url, GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: path.join(dir, "summary"), ...env }, timeout: 120000,
                }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, outputs: fs.readFileSync(outputs, "utf8") }));
            });
        }
        const preview = ["preview", "--stack", "acme/tickettoken/prod", "--group", GROUP, "--config", "infra/policy-config/prod.json"];

        it("as a command: the step outputs that pass the local pack and the stack's config to the preview, or nothing", async function () {
            this.timeout(240000);
            answer = { status: 200, body: { requiredPolicies: [enforced("0.0.1")] } };
            const older = await run(preview, { PULUMI_ACCESS_TOKEN: "t" });
            assert.equal(older.code, 0, older.stderr);
            assert.equal(older.outputs, "policy-packs=policies\npolicy-pack-configs=infra/policy-config/prod.json\n");
            assert.match(older.stdout, /acme\/tickettoken\/prod: local pack policies with infra\/policy-config\/prod\.json: the organisation enforces tickettoken-network 0\.0\.1/);

            answer = { status: 200, body: { requiredPolicies: [enforced(packVersion)] } };
            const same = await run(preview, { PULUMI_ACCESS_TOKEN: "t" });
            assert.equal(same.code, 0, same.stderr);
            assert.equal(same.outputs, "policy-packs=\npolicy-pack-configs=\n");

            const noToken = await run(preview, { PULUMI_ACCESS_TOKEN: "" });
            assert.equal(noToken.code, 0, noToken.stderr);
            assert.equal(noToken.outputs, "policy-packs=policies\npolicy-pack-configs=infra/policy-config/prod.json\n", "no answer: the local pack runs");
            assert.match(noToken.stdout, /PULUMI_ACCESS_TOKEN is not set/);

            answer = { status: 200, body: { requiredPolicies: [] } };
            const unjudged = await run(["up", "--stack", "acme/tickettoken/prod", "--group", GROUP], { PULUMI_ACCESS_TOKEN: "t" });
            assert.equal(unjudged.code, 1);
            assert.match(unjudged.stderr, /enforces no tickettoken-network on acme\/tickettoken\/prod \(its required packs: none\)/);
            assert.doesNotMatch(unjudged.stderr, /\n\s+at /, "no stack trace");
        });
    });
});
