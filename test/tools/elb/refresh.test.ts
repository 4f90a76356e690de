import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseTlsPolicyTable, pinnedTlsPolicies, tlsPolicyProblems } from "../../../policies/lib/tlsPolicies";
import { PINNED_FILE, refreshTable, tableFromCli } from "../../../tools/elb/refresh";

// The refresh of the pinned ELB security-policy table from describe-ssl-policies output (a local fixture).
const CLI = {
    SslPolicies: [
        {
            Name: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            SslProtocols: ["TLSv1.2", "TLSv1.3"],
            Ciphers: [{ Name: "TLS_AES_128_GCM_SHA256", Priority: 1 }, { Name: "ECDHE-RSA-AES128-GCM-SHA256", Priority: 4 }],
            SupportedLoadBalancerTypes: ["application", "network"],
        },
        { Name: "ELBSecurityPolicy-2016-08", SslProtocols: ["TLSv1", "TLSv1.1", "TLSv1.2"], Ciphers: [{ Name: "AES128-SHA", Priority: 1 }] },
    ],
};

describe("tools/elb/refresh", () => {
    let dir: string;
    let file: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-policies-"));
        file = path.join(dir, "elb-security-policies.json");
        fs.copyFileSync(PINNED_FILE, file);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("writes a table the pack reads, with its source and date, and reports what changed", () => {
        const input = path.join(dir, "ssl-policies.json");
        fs.writeFileSync(input, JSON.stringify(CLI));
        const r = refreshTable(input, file, "2027-01-15");
        assert.equal(r.total, 2);
        assert.deepEqual(r.added, []);
        assert.ok(r.removed.includes("ELBSecurityPolicy-TLS13-1-3-2021-06"));
        const table = parseTlsPolicyTable(fs.readFileSync(file, "utf8"), file);
        assert.equal(table.retrieved, "2027-01-15");
        assert.match(table.source, /aws elbv2 describe-ssl-policies \(ssl-policies\.json\)/);
        assert.deepEqual(table.policies.get("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")!.protocols, ["TLSv1.3", "TLSv1.2"]);
        assert.deepEqual(tlsPolicyProblems(table.policies.get("ELBSecurityPolicy-2016-08")!), ["accepts TLSv1.1, TLSv1"]);
    });

    it("leaves the pinned table untouched when the input is not describe-ssl-policies output", () => {
        const before = fs.readFileSync(file, "utf8");
        const input = path.join(dir, "bad.json");
        fs.writeFileSync(input, JSON.stringify({ SslPolicies: [{ Name: "x", SslProtocols: ["TLSv9"], Ciphers: [{ Name: "c" }] }] }));
        assert.throws(() => refreshTable(input, file), /protocols has "TLSv9"; known: SSLv2, SSLv3, TLSv1, TLSv1\.1, TLSv1\.2, TLSv1\.3/);
        assert.throws(() => tableFromCli("<html>", "page.html", "2027-01-15"), /page\.html: not JSON/);
        assert.throws(() => tableFromCli("{}", "empty.json", "2027-01-15"), /no SslPolicies list/);
        assert.equal(fs.readFileSync(file, "utf8"), before);
        assert.deepEqual(fs.readdirSync(dir).sort(), ["bad.json", "elb-security-policies.json"]);
    });

    it("ships a table that judges AWS's recommended policies fine and the API default not", () => {
        const table = pinnedTlsPolicies();
        for (const name of ["ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-2021-06"]) {
            assert.deepEqual(tlsPolicyProblems(table.policies.get(name)!), [], name);
        }
        assert.deepEqual(tlsPolicyProblems(table.policies.get("ELBSecurityPolicy-2016-08")!), ["accepts TLSv1.1, TLSv1"]);
        assert.match(table.retrieved, /^\d{4}-\d{2}-\d{2}$/);
    });
});
