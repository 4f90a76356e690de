// policies/groups/<group>.json: the pack's config in each Pulumi policy group,
// as the release workflow validates and enables it (pulumi policy
// validate-config / enable --policy-group <group> --config <file>). Not part
// of the archive (test/policies/archive.test.ts); a change here needs no new
// pack version.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { EnforcementLevel, parsePolicyPackConfig, strictConfigErrors, validateConfigError } from "../../tools/analyzer";
import { REPO_ROOT } from "../../tools/harness/project";
import { engineResource, judgeResources, summary, usePack } from "../support/pack";

const GROUPS_DIR = path.join(REPO_ROOT, "policies", "groups");
type GroupConfig = Record<string, { enforcementLevel: EnforcementLevel } & Record<string, unknown>>;
const groups: Record<string, GroupConfig> = Object.fromEntries(
    fs.readdirSync(GROUPS_DIR).filter((f) => f.endsWith(".json")).sort().map((f) => [f.replace(/\.json$/, ""), JSON.parse(fs.readFileSync(path.join(GROUPS_DIR, f), "utf8")) as GroupConfig]),
);
const release = yaml.load(fs.readFileSync(path.join(REPO_ROOT, ".github", "workflows", "policy-release.yml"), "utf8")) as { env: Record<string, string> };
const CANARY = release.env.CANARY_GROUP;
// Pulumi Cloud's organisation-wide group, every stack not in another group.
const DEFAULT_GROUP = "default-policy-group";

describe("policies/groups: the pack's config per policy group", () => {
    const pack = usePack();
    afterEach(() => pack().configure());

    it("has the default group and the canary the release workflow enables first, and nothing but .json configs", () => {
        assert.ok(DEFAULT_GROUP in groups);
        assert.ok(CANARY in groups);
        assert.deepEqual(fs.readdirSync(GROUPS_DIR).filter((f) => !f.endsWith(".json")), []);
        for (const name of Object.keys(groups)) {
            assert.match(name, /^[a-z0-9][a-z0-9-]*$/, `${name}: a group name usable in a shell loop and a file name`);
        }
    });

    it("sets an explicit level for every policy of the pack in every group, and names no other policy", () => {
        const policies = pack().info.policies.map((p) => p.name).sort();
        for (const [name, config] of Object.entries(groups)) {
            assert.deepEqual(Object.keys(config).sort(), policies, `${name}.json names exactly the pack's policies`);
            for (const [policy, c] of Object.entries(config)) {
                assert.ok(["advisory", "mandatory", "disabled"].includes(c.enforcementLevel), `${name}.json ${policy}.enforcementLevel = ${JSON.stringify(c.enforcementLevel)}`);
            }
        }
    });

    it("enforces every policy as mandatory in the default group", () => {
        for (const [policy, c] of Object.entries(groups[DEFAULT_GROUP])) {
            assert.equal(c.enforcementLevel, "mandatory", policy);
        }
    });

    it("tries in the canary exactly the default group's config, every policy advisory", () => {
        const expected = Object.fromEntries(Object.entries(groups[DEFAULT_GROUP]).map(([p, c]) => [p, { ...c, enforcementLevel: "advisory" }]));
        assert.deepEqual(groups[CANARY], expected);
    });

    it("each config is valid under this version's schema, as validate-config checks it before every enable, and names no key the pack does not have", () => {
        for (const name of Object.keys(groups)) {
            const file = path.join("policies", "groups", `${name}.json`);
            const config = parsePolicyPackConfig(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), file);
            assert.equal(validateConfigError(pack().info, config), undefined, file);
            assert.deepEqual(strictConfigErrors(pack().info, config), [], file);
        }
    });

    it("each config is one the pack takes: a violation is reported at the group's level, and no word about the config", async () => {
        const world = engineResource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-world", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0" });
        for (const [name, config] of Object.entries(groups)) {
            await pack().configure(config); // as the CLI does: refused if the schema refuses it
            const level = config["no-public-db"].enforcementLevel;
            const report = await judgeResources(pack(), [world]);
            assert.deepEqual(summary(report, "no-public-db"), level === "disabled" ? [] : [`no-public-db ${level} db-world cidrIpv4`], name);
            assert.deepEqual(summary(report).filter((line) => line.endsWith(" config")), [], `${name}: the pack reads the whole config`);
        }
    });
});
