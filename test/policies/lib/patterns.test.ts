import { strict as assert } from "assert";
import * as fc from "fast-check";
import * as patterns from "../../../policies/lib/patterns";
import { CIDR_PATTERN, ELB_POLICY_PATTERN, HOST_PATTERN, URN_PATTERN } from "../../../policies/lib/patterns";
import { cidrListField } from "../../../policies/lib/config";
import { readCidr } from "../../../policies/net/cidr";
import { pinnedTlsPolicies } from "../../../policies/lib/tlsPolicies";

// The patterns of the pack's config schema. The CLI reads them with Go's RE2,
// the pack and ajv with JavaScript's engine: they must mean the same in both,
// and say what the pack's own readers say.
const re = (p: string) => new RegExp(p, "u");
const cidr = re(CIDR_PATTERN);

describe("policies/lib/patterns", () => {
    const all = Object.entries(patterns).filter(([, v]) => typeof v === "string") as [string, string][];

    it("uses only what RE2 and JavaScript read alike: no lookaround, no backreference, no \\d \\w \\s \\b classes", () => {
        assert.ok(all.length >= 5);
        for (const [name, p] of all) {
            assert.doesNotMatch(p, /\(\?[=!<]/, `${name}: lookaround`);
            assert.doesNotMatch(p, /\\[1-9]/, `${name}: backreference`);
            assert.doesNotMatch(p, /\\[dDwWsSbB]/, `${name}: a class RE2 reads as ASCII and JavaScript's u flag as Unicode`);
            assert.doesNotThrow(() => re(p), name);
        }
    });

    it("anchors every shape at both ends (a JSON-schema pattern matches anywhere in the text otherwise)", () => {
        for (const [name, p] of all.filter(([n]) => n.endsWith("_PATTERN") && n !== "NOT_BLANK_PATTERN")) {
            assert.ok(p.startsWith("^") && p.endsWith("$"), name);
        }
        assert.ok(re(patterns.NOT_BLANK_PATTERN).test(" x ") && !re(patterns.NOT_BLANK_PATTERN).test(" \t "), "NOT_BLANK finds one character anywhere, on purpose");
    });

    it("CIDR: exactly the IPv4 ranges and addresses the pack's strict reader takes", () => {
        const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.integer({ min: 0, max: 99 }).map((n) => `0${n}`));
        const prefix = fc.oneof(fc.constant(""), fc.integer({ min: 0, max: 40 }).map((n) => `/${n}`), fc.constant("/032"), fc.constant("/"));
        const v4 = fc.tuple(fc.array(octet, { minLength: 3, maxLength: 5 }), prefix).map(([o, p]) => `${o.join(".")}${p}`);
        fc.assert(fc.property(v4, (t) => cidr.test(t) === (readCidr(t) !== undefined)), { numRuns: 3000 });
    });

    it("CIDR: every IPv6 range the reader takes, written without an IPv4 tail; what the shape admits beyond them the pack's reader refuses", () => {
        const group = fc.stringMatching(/^[0-9a-fA-F]{1,4}$/);
        const v6 = fc.tuple(fc.array(group, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 130 }))
            .map(([g, from, len, p]) => {
                // Some groups compressed to "::" (or none), then maybe a prefix.
                const cut = Math.min(len, 8 - from);
                const text = cut === 0 ? g.join(":") : `${g.slice(0, from).join(":")}::${g.slice(from + cut).join(":")}`;
                return p > 128 ? text : `${text}/${p}`;
            });
        fc.assert(fc.property(v6, (t) => !readCidr(t) || cidr.test(t)), { numRuns: 3000 });
        // Text of the shape that is not one address: the schema admits it, and the pack's own check refuses it.
        const field = cidrListField("demo", []);
        const junk = fc.stringMatching(/^[0-9a-f:]{2,20}(\/[0-9]{1,3})?$/);
        fc.assert(fc.property(fc.oneof(junk, v6), (t) => {
            const problems: string[] = [];
            field.read([t], (p) => problems.push(p.problem));
            return (problems.length === 0) === (readCidr(t)?.canonical === true);
        }), { numRuns: 3000 });
        for (const t of ["1::2::3", ":::", "1:2:3:4:5:6:7:8:", "1:2:3:4:5:6:7:8:9", "2001:db8:::/48"]) {
            assert.ok(cidr.test(t) && readCidr(t) === undefined, t);
        }
        for (const t of ["::ffff:10.0.0.1", "::ffff:10.0.0.0/104", "2001:db8::/129", "2001:db8::/032", "1:2:3:4:5:6:7:8:9:0", "fe80::1%eth0"]) {
            assert.ok(!cidr.test(t), t);
        }
        for (const t of ["::/0", "::1/128", "fc00::/7", "fe80::/10", "64:ff9b::/96", "2001:DB8::/32", "1:2:3:4:5:6:7:8", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7::"]) {
            assert.ok(cidr.test(t), t);
        }
    });

    it("URN: the engine's URNs of resources, with their parents' types; nothing that names no single resource", () => {
        const urn = re(URN_PATTERN);
        for (const t of [
            "urn:pulumi:prod::tickettoken::tickettoken:deploy:DeployRunner$aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::tickettoken-deploy-runner-to-internet-tcp443",
            "urn:pulumi:dev::shop::kubernetes:networking.k8s.io/v1:NetworkPolicy::payments/allow-stripe",
            "urn:pulumi:org.stack_1::my-project::pulumi:providers:aws::default_7_48_0",
            "urn:pulumi:prod::p::my:Component$aws:ec2/securityGroup:SecurityGroup::name with spaces and :: inside",
        ]) {
            assert.ok(urn.test(t), t);
        }
        for (const t of [
            "sg-0123456789abcdef0",
            "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1",
            "urn:pulumi:prod::p::aws:ec2/securityGroup:SecurityGroup::*",
            "urn:pulumi:prod::p::*::db",
            "urn:pulumi:prod::p::SecurityGroup::db",
            "urn:pulumi:prod::p::aws:ec2/securityGroup:SecurityGroup::db ",
            "urn:pulumi:prod::p::aws:ec2/securityGroup:SecurityGroup::",
            "urn:pulumi:prod::aws:ec2/securityGroup:SecurityGroup::db",
            "urn:pulumi:my stack::p::aws:ec2/securityGroup:SecurityGroup::db",
        ]) {
            assert.ok(!urn.test(t), t);
        }
    });

    it("host: names and one leading wildcard; never \"*\" alone, an address, or a malformed label", () => {
        const host = re(HOST_PATTERN);
        for (const t of ["api.stripe.com", "API.Stripe.COM.", "*.stripe.com", "localhost", "xn--bcher-kva.example", `${"a".repeat(63)}.com`]) {
            assert.ok(host.test(t), t);
        }
        for (const t of ["*", "*.", "10.0.0.1", "api.stripe.com:443", "https://api.stripe.com", "-a.com", "a-.com", "a..com", "a.*.com", `${"a".repeat(64)}.com`, " api.stripe.com"]) {
            assert.ok(!host.test(t), t);
        }
    });

    it("ELB policy: every name of the pinned table, and nothing that is not an ELB policy name", () => {
        const elb = re(ELB_POLICY_PATTERN);
        for (const name of pinnedTlsPolicies().policies.keys()) {
            assert.ok(elb.test(name), name);
        }
        for (const t of ["TLSv1.2", "TLS_1_2", "TLSv1.2_2021", "ELBSecurityPolicy-", "ELBSecurityPolicy-TLS13-1-2-2021-06 ", "elbsecuritypolicy-2016-08", "ELBSecurityPolicy--2016"]) {
            assert.ok(!elb.test(t), t);
        }
    });
});
