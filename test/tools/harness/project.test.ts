import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listStacks, readProjectFile, readStackSettings, REPO_ROOT, StackFileError } from "../../../tools/harness/project";
import { ConfigReader, PROJECT, readStackConfig } from "../../../infra/config";

/** A repository root holding this project's Pulumi.yaml and the given stack files. */
function fixtureRoot(stacks: Readonly<Record<string, string>>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const [name, text] of Object.entries(stacks)) {
        fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text);
    }
    return dir;
}

const REQUIRED = [
    "  tickettoken:size: small",
    "  tickettoken:zoneName: example.com",
    "  tickettoken:zoneId: 1d4c1f3e0f9a4b6c8e2d7a5b3c9f0e11",
    "  tickettoken:cloudflareAccountId: 7a1b2c3d4e5f60718293a4b5c6d7e8f9",
    "  tickettoken:jwtIssuerPublicKey: not-a-real-key",
    "  tickettoken:deployRunnerRepository: tickettoken/platform-network",
    "  tickettoken:deployRunnerConnectionArn: arn:aws:codeconnections:us-east-1:123456789012:connection/5e0c3a1d-8f2b-4c6e-9a7d-1b3f5d7e9c20",
].join("\n");

/** The StackFileError `fn` throws. */
function stackFileError(fn: () => unknown): StackFileError {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof StackFileError, `expected a StackFileError, got ${e}`);
        return e;
    }
    assert.fail("accepted");
}

describe("tools/harness/project", () => {
    it("finds the three stacks", () => {
        assert.deepEqual(listStacks(), ["dev", "prod", "staging"]);
    });

    it("applies Pulumi.yaml defaults and passes every value as a string, as the CLI does", () => {
        const s = readStackSettings("prod");
        assert.equal(s.project, PROJECT);
        assert.equal(s.config["tickettoken:azCount"], "3");
        assert.equal(s.config["aws:region"], "us-east-1");
        assert.equal(JSON.parse(s.config["aws:defaultTags"]).tags.environment, "prod");
    });

    it("fails like the CLI on a value of the wrong type or a missing required key", () => {
        assert.throws(() => readStackSettings("prod", { "tickettoken:azCount": "three" }),
            /tickettoken:azCount = "three" \(from --config\): must be of type integer/);
        assert.throws(() => readStackSettings("nope"), /no stack named 'nope'/);
    });

    it("types values by the CLI's rules: any plain value is a string, integers and booleans may be text", () => {
        // pkg/workspace/config.go: a plain stack value reaches the type check as its text.
        const s = readStackSettings("prod", {
            "tickettoken:kubernetesVersion": 1.35, // YAML 1.35: a number, which a string key takes as "1.35"
            "tickettoken:appQuotaPods": "300", // text that strconv.Atoi reads
            "tickettoken:azCount": 2.0, // a whole float
            "tickettoken:albAccessLogs": "false",
            "tickettoken:ipBlockList": ["203.0.113.0/24"],
        });
        assert.equal(s.config["tickettoken:kubernetesVersion"], "1.35");
        assert.equal(s.config["tickettoken:appQuotaPods"], "300");
        assert.equal(s.config["tickettoken:azCount"], "2");
        assert.equal(s.config["tickettoken:albAccessLogs"], "false");
        assert.equal(s.config["tickettoken:ipBlockList"], '["203.0.113.0/24"]');
        // A number inside a list is no string item: lists are typed strictly.
        assert.throws(() => readStackSettings("prod", { "tickettoken:edgeHostNames": ["api", 7] }), /tickettoken:edgeHostNames = "\[\\"api\\",7\]" \(from --config\): must be of type array<string>/);
    });

    it("takes a version written as a number in the stack file as the CLI does", () => {
        const root = fixtureRoot({ num: `config:\n${REQUIRED}\n  tickettoken:kubernetesVersion: 1.34\n  tickettoken:cacheEngineVersion: 8.1\n` });
        const s = readStackSettings("num", {}, root);
        assert.equal(s.config["tickettoken:kubernetesVersion"], "1.34");
        assert.equal(s.config["tickettoken:cacheEngineVersion"], "8.1");
    });

    it("reports every problem together, each naming the key, the value and where it came from", () => {
        const root = fixtureRoot({
            many: `config:\n${REQUIRED}\n  tickettoken:azCount: three\n  tickettoken:vpcCidr:\n  tickettoken:hstsPreload: yes\n  tickettoken:dockerHubCredentialArn:\n    secure: AAAAbase64\n`,
        });
        const e = stackFileError(() => readStackSettings("many", { "tickettoken:cloudflareAccountId": { secure: "BBBB" }, "tickettoken:appNodeInstanceTypes": "m6i.large" }, root));
        assert.match(e.message, /^Invalid stack config \(6 problems\):/);
        assert.match(e.message, /tickettoken:azCount = "three": must be of type integer/);
        assert.match(e.message, /tickettoken:vpcCidr is null: remove the key to use the default "10\.0\.0\.0\/16"/);
        assert.match(e.message, /tickettoken:hstsPreload = "yes": must be of type boolean \(true or false\)/);
        assert.match(e.message, /tickettoken:dockerHubCredentialArn = "\{secure: \.\.\.\}" \(from Pulumi\.many\.yaml\): is an encrypted secret/);
        assert.doesNotMatch(e.message, /AAAAbase64|BBBB/, "no secret, encrypted or not, is echoed");
        assert.match(e.message, /tickettoken:cloudflareAccountId = .* \(from --config\): is an encrypted secret/, "a --config secret is not blamed on the stack file");
        assert.match(e.message, /tickettoken:appNodeInstanceTypes = "m6i\.large" \(from --config\): must be of type array<string>/);
        assert.deepEqual(e.problems.map((p) => p.key).sort(), [
            "tickettoken:appNodeInstanceTypes", "tickettoken:azCount", "tickettoken:cloudflareAccountId", "tickettoken:dockerHubCredentialArn", "tickettoken:hstsPreload", "tickettoken:vpcCidr",
        ]);
        assert.equal(e.partial?.config["tickettoken:size"], "small", "the values that passed are kept to be judged too");
        assert.equal(e.partial?.config["tickettoken:azCount"], undefined);
    });

    it("refuses null for every declared key, even one whose default is empty", () => {
        const root = fixtureRoot({ nul: `config:\n${REQUIRED}\n  tickettoken:ipBlockList: ~\n  tickettoken:previewRoleArn: null\n` });
        const e = stackFileError(() => readStackSettings("nul", {}, root));
        assert.match(e.message, /tickettoken:ipBlockList is null: write \[\] for the empty value, or remove the key/);
        assert.match(e.message, /tickettoken:previewRoleArn is null: write "" for the empty value, or remove the key/);
    });

    it("says that a stack file has no config: section instead of blaming one key", () => {
        const root = fixtureRoot({ bare: "# nothing here\n", listy: "config:\n  - a\n" });
        const e = stackFileError(() => readStackSettings("bare", {}, root));
        assert.match(e.message, /^Pulumi\.bare\.yaml has no config: section, so it sets none of size, zoneName, zoneId, cloudflareAccountId, jwtIssuerPublicKey, deployRunnerRepository, deployRunnerConnectionArn\. Invalid stack config \(7 problems\)/);
        assert.match(e.message, /tickettoken:zoneId is not set: required: Pulumi\.yaml declares no default, so Pulumi\.bare\.yaml must set it/);
        assert.throws(() => readStackSettings("listy", {}, root), /Pulumi\.listy\.yaml: config: must map keys to values/);
    });

    it("accepts only what Pulumi accepts as a stack name, so a name is never a path", () => {
        for (const [name, why] of [
            ["x/../../somewhere", /invalid stack "x\/\.\.\/\.\.\/somewhere": a stack reference has at most three parts/],
            ["../prod", /owner "\.\." must be 3 to 40 letters/],
            ["org/other/prod", /project "other" is not this project \(tickettoken\)/],
            ["pr od", /may only contain alphanumerics, hyphens, underscores, or periods: invalid character " " at position 2/],
            ["dev\\..\\x", /invalid character "\\\\" at position 3/],
            ["", /a stack name may not be empty/],
            ["a".repeat(101), /a stack name cannot exceed 100 characters/],
        ] as Array<[string, RegExp]>) {
            assert.throws(() => readStackSettings(name), (e: Error) => e instanceof StackFileError && why.test(e.message), name);
        }
        // The qualified form names the same stack file.
        assert.equal(readStackSettings("acme-corp/tickettoken/prod").stack, "prod");
        assert.equal(readStackSettings("acme-corp/prod").config["tickettoken:size"], "large");
    });

    it("Pulumi.yaml declares exactly the keys the program reads, with the same types", () => {
        const declared = readProjectFile().config;
        const reader = new ConfigReader({ get: (k) => readStackSettings("prod").config[`${PROJECT}:${k}`] }, PROJECT);
        readStackConfig(reader);
        const read = Object.fromEntries(reader.keysRead());
        const declaredTypes = Object.fromEntries(Object.entries(declared).map(([k, d]) => [k, d.type]));
        assert.deepEqual(read, declaredTypes);
        for (const [key, decl] of Object.entries(declared)) {
            assert.ok(decl.description, `${key} has a description`);
        }
    });
});
