import { strict as assert } from "assert";
import { dnsRecordSetProblems, DnsRecordSpec, parseDnsRecord, recordKey, txtContent } from "../../../components/edge";

function parsed(line: string): DnsRecordSpec {
    const p = parseDnsRecord(line);
    assert.ok(p.ok, `${line}: ${p.ok ? "" : p.problem}`);
    return p.record;
}

function problem(line: unknown): string {
    const p = parseDnsRecord(line);
    assert.ok(!p.ok, `${JSON.stringify(line)} was accepted`);
    return p.problem;
}

describe("components/edge/dnsRecords", () => {
    it("parses the record shapes of seed 003", () => {
        assert.deepEqual(parsed("@ 3600 MX 10 mx1.smtp.example.com"), { name: "@", ttl: 3600, proxied: false, type: "MX", content: "mx1.smtp.example.com", priority: 10 });
        assert.deepEqual(parsed("_dmarc 3600 TXT v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"),
            { name: "_dmarc", ttl: 3600, proxied: false, type: "TXT", content: "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com" });
        assert.deepEqual(parsed("@ 3600 TXT v=spf1 include:_spf.smtp.example -all").content, "v=spf1 include:_spf.smtp.example -all");
        assert.deepEqual(parsed("stripe._domainkey 3600 TXT k=rsa; p=MIGfMA0GCSqGSIb3").name, "stripe._domainkey");
        assert.deepEqual(parsed('@ 3600 CAA 0 issue "amazon.com"'), { name: "@", ttl: 3600, proxied: false, type: "CAA", content: "amazon.com", caa: { flags: 0, tag: "issue" } });
        assert.deepEqual(parsed("@ 3600 CAA 128 iodef mailto:security@example.com").caa, { flags: 128, tag: "iodef" });
    });

    it("canonicalises addresses and host names, and reads auto and proxied", () => {
        assert.equal(parsed("@ 300 AAAA 2001:DB8:0:0::10").content, "2001:db8::10");
        assert.equal(parsed("blog 300 CNAME host.example.net.").content, "host.example.net");
        const proxied = parsed("shop auto proxied A 192.0.2.10");
        assert.deepEqual([proxied.ttl, proxied.proxied, proxied.content], [1, true, "192.0.2.10"]);
    });

    const rejects: Array<[string, unknown, RegExp]> = [
        ["a non-string", 42, /must be a string "<name> <ttl> \[proxied\] <TYPE> <content>"/],
        ["a line without content", "@ 3600 MX", /must read "<name> <ttl> \[proxied\] <TYPE> <content>"/],
        ["an upper-case name", "WWW 3600 TXT x", /name "WWW" must be "@" \(the apex\) or lowercase labels/],
        ["a fully qualified name", "www.example.com. 3600 TXT x", /name "www\.example\.com\." must be/],
        ["a TTL under a minute", "@ 59 TXT x", /TTL "59" must be "auto" or seconds from 60 to 86400/],
        ["a TTL over a day", "@ 86401 TXT x", /TTL "86401"/],
        ["a TTL that is not a number", "@ soon TXT x", /TTL "soon"/],
        ["a type outside the set", "@ 3600 SRV 1 1 1 x.example.com", /type "SRV" must be one of A, AAAA, CNAME, MX, TXT, CAA/],
        ["a lower-case type", "@ 3600 mx 10 mx.example.com", /type "mx" must be one of/],
        ["a proxied MX", "@ auto proxied MX 10 mx.example.com", /only A, AAAA and CNAME records can be proxied, not MX/],
        ["a proxied record with a TTL", "shop 3600 proxied A 192.0.2.1", /a proxied record's TTL is set by Cloudflare; write "auto", not 3600/],
        ["an IPv6 address in an A record", "x 300 A 2001:db8::1", /A content "2001:db8::1" must be one IPv4 address/],
        ["an IPv4 address in an AAAA record", "x 300 AAAA 192.0.2.1", /AAAA content "192\.0\.2\.1" must be one IPv6 address/],
        ["a range in an A record", "x 300 A 192.0.2.0/24", /must be one IPv4 address/],
        ["a CNAME to a bare label", "x 300 CNAME localhost", /CNAME content "localhost" must be a lowercase host name/],
        ["an MX without a priority", "@ 300 MX mx.example.com", /MX content "mx\.example\.com" must be "<priority 0-65535> <host>"/],
        ["an MX priority out of range", "@ 300 MX 70000 mx.example.com", /MX content "70000 mx\.example\.com"/],
        ["quotes in TXT text", '@ 300 TXT "v=spf1 -all"', /TXT content must be printable ASCII without quotes or backslashes/],
        ["TXT text over 2048 characters", `@ 300 TXT ${"a".repeat(2049)}`, /at most 2048 characters/],
        ["a CAA flag other than 0 or 128", "@ 300 CAA 1 issue amazon.com", /CAA content "1 issue amazon\.com" must be "<flags 0\|128> <issue\|issuewild\|iodef> <value>"/],
        ["an unknown CAA tag", "@ 300 CAA 0 issuevmc amazon.com", /must be "<flags 0\|128> <issue\|issuewild\|iodef> <value>"/],
        ["a CAA issuer that is not a domain", "@ 300 CAA 0 issue amazon", /CAA issue value "amazon" must be a CA's domain like amazon\.com, or ";"/],
        ["a CAA iodef that is not a URL", "@ 300 CAA 0 iodef security@example.com", /CAA iodef value "security@example\.com" must be a mailto: or https: URL/],
    ];
    for (const [what, line, message] of rejects) {
        it(`rejects ${what}, saying what is allowed`, () => {
            assert.match(problem(line), message);
        });
    }

    it("quotes TXT text in strings of at most 255 characters", () => {
        assert.equal(txtContent("v=spf1 -all"), '"v=spf1 -all"');
        const long = "k".repeat(300);
        assert.equal(txtContent(long), `"${"k".repeat(255)}" "${"k".repeat(45)}"`);
        assert.equal(txtContent('a"b\\c'), '"a\\"b\\\\c"');
    });

    it("keys a CNAME by name and other records by name and content", () => {
        assert.equal(recordKey(parsed("blog 300 CNAME a.example.net")), recordKey(parsed("blog 600 CNAME b.example.net")));
        assert.notEqual(recordKey(parsed("@ 300 MX 10 mx1.example.com")), recordKey(parsed("@ 300 MX 20 mx2.example.com")));
        assert.notEqual(recordKey(parsed("@ 300 MX 10 mx1.example.com")), recordKey(parsed("@ 300 MX 20 mx1.example.com")));
        assert.equal(recordKey(parsed("@ 300 MX 10 mx1.example.com")), recordKey(parsed("@ 3600 MX 10 mx1.example.com")), "a TTL change is an update");
        assert.match(recordKey(parsed("_dmarc 300 TXT v=DMARC1; p=reject")), /^txt-dmarc-[0-9a-f]{8}$/);
        assert.match(recordKey(parsed("@ 300 CAA 0 issue amazon.com")), /^caa-apex-[0-9a-f]{8}$/);
    });

    describe("between records", () => {
        const set = (...lines: string[]) => dnsRecordSetProblems(lines.map(parsed), "example.com", ["www", "api"]);

        it("accepts the seed's set", () => {
            assert.deepEqual(set("@ 3600 MX 10 mx1.example.net", "@ 3600 MX 20 mx2.example.net", "@ 3600 TXT v=spf1 -all", "_dmarc 3600 TXT v=DMARC1; p=reject", "@ 3600 CAA 0 issue amazon.com"), []);
        });

        it("rejects a repeated record", () => {
            assert.deepEqual(set("@ 3600 TXT v=spf1 -all", "@ 300 TXT v=spf1 -all"), [{ item: 1, problem: "repeats item 0" }]);
        });

        it("rejects records at names routed to the load balancer, and address records at the apex", () => {
            assert.match(set("www 300 TXT hello")[0].problem, /www is routed to the load balancer \(edgeHostNames\)/);
            assert.match(set("@ 300 A 192.0.2.1")[0].problem, /the apex is routed to the load balancer; it takes MX, TXT and CAA records only/);
        });

        it("rejects a CNAME beside another record", () => {
            const problems = set("blog 300 CNAME a.example.net", "blog 300 TXT x");
            assert.deepEqual(problems, [{ item: 0, problem: "a CNAME at blog allows no other record at that name" }]);
        });

        it("rejects CAA at the apex that leaves ACM out", () => {
            const problems = set("@ 300 CAA 0 issue letsencrypt.org");
            assert.equal(problems.length, 1);
            assert.match(problems[0].problem, /leave out Amazon, so ACM could not issue the load balancer's certificate/);
            assert.deepEqual(set("@ 300 CAA 0 issue letsencrypt.org", "@ 300 CAA 0 issue amazontrust.com"), []);
            assert.equal(set("@ 300 CAA 0 issue ;").length, 1, "a CAA that allows no CA blocks ACM too");
        });
    });
});
