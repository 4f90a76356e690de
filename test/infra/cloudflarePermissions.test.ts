// The README's Cloudflare token table against what the stacks register: every
// Cloudflare resource type a stack creates is in the table, under the
// permission Cloudflare's API reference accepts for the calls it makes, and the
// table lists nothing else. A resource added without its permission would pass
// the mocks and fail `pulumi up` with a 403.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../tools/harness/project";
import { RunResult } from "../../tools/harness/run";
import { runAllStacks, STACKS } from "../support/stacks";

/**
 * The permission each resource's calls need (developers.cloudflare.com/api, "Accepted Permissions"):
 * zone settings PATCH /zones/{zone_id}/settings/{setting_id}; DNS records /zones/{zone_id}/dns_records;
 * zone rulesets /zones/{zone_id}/rulesets (the WAF phases); lists /accounts/{account_id}/rules/lists;
 * zone-level authenticated origin pulls POST /zones/{zone_id}/origin_tls_client_auth and
 * PUT /zones/{zone_id}/origin_tls_client_auth/settings ("SSL and Certificates Write").
 */
const ACCEPTED: Readonly<Record<string, string>> = {
    ZoneSetting: "Zone Settings Write",
    DnsRecord: "DNS Write",
    Ruleset: "Zone WAF Write",
    List: "Account Filter Lists Edit",
    AuthenticatedOriginPullsCertificate: "SSL and Certificates Write",
    AuthenticatedOriginPullsSettings: "SSL and Certificates Write",
};

/** The README's permission table: the API permission name of each row, and the `cloudflare.X` resources it lists. */
function permissionTable(markdown: string): Map<string, string> {
    const lines = markdown.split("\n");
    const header = lines.findIndex((l) => l.startsWith("| permission | resources (`components/edge`) |"));
    assert.ok(header >= 0, "the README has the Cloudflare permission table");
    const byResource = new Map<string, string>();
    for (const line of lines.slice(header + 2)) {
        if (!line.startsWith("|")) {
            break;
        }
        const [permission, resources] = line.split("|").slice(1, 3);
        const name = /\(`([^`]+)`\)/.exec(permission)?.[1];
        assert.ok(name, `a row names its API permission: ${line}`);
        for (const m of resources.matchAll(/`cloudflare\.([A-Za-z]+)`/g)) {
            assert.ok(!byResource.has(m[1]), `${m[1]} is in one row`);
            byResource.set(m[1], name);
        }
    }
    return byResource;
}

describe("README: the Cloudflare token's permissions", () => {
    const table = permissionTable(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"));
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });

    it("lists every Cloudflare resource the stacks create, under the permission its calls need, and no other", () => {
        const registered = new Set(STACKS.flatMap((s) => runs[s].resources.filter((r) => r.custom && r.type.startsWith("cloudflare:")).map((r) => r.type.split(":").pop()!)));
        assert.ok(registered.size >= 5);
        for (const type of registered) {
            assert.ok(ACCEPTED[type] !== undefined, `the test knows which permission ${type} needs`);
            assert.equal(table.get(type), ACCEPTED[type], `the README's token has ${ACCEPTED[type]} for cloudflare.${type}`);
        }
        assert.deepEqual([...table.keys()].filter((t) => !registered.has(t)), [], "the table names only resources the stacks create");
    });
});
