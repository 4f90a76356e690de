import { strict as assert } from "assert";
import {
    cidrListField, closestKey, configProblemMessage, ConfigProblem, defineConfig, exemptionsField, hostSetField, MAX_CIDRS, portListField, ruleFaultField,
    tlsPolicyNamesField,
} from "../../../policies/lib/config";

// The pack's own reading of a policy's config: the schema it declares, the
// typed config it reads, and — never by throwing — what it cannot read.
describe("policies/lib/config", () => {
    const URN = "urn:pulumi:prod::shop::aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::partner";
    const config = defineConfig("demo", {
        ranges: cidrListField("ranges", ["10.0.0.0/8"]),
        ports: portListField("ports", [5432], 1),
        names: tlsPolicyNamesField("names", ["ELBSecurityPolicy-TLS13-1-2-2021-06"]),
        hosts: hostSetField("hosts", ["api.stripe.com"]),
        exemptions: exemptionsField(),
        onRuleFault: ruleFaultField(),
    });
    /** "at | instead" of each problem, for comparison. */
    const problemsOf = (raw: Record<string, unknown>) => config.read(raw).problems.map((p) => `${p.at} | ${p.instead}`);

    it("declares each key once: the schema carries the type, the default and every bound", () => {
        const p = config.schema.properties;
        assert.deepEqual(Object.keys(p), ["ranges", "ports", "names", "hosts", "exemptions", "onRuleFault"]);
        assert.deepEqual(p.ranges.default, ["10.0.0.0/8"]);
        assert.deepEqual([p.ranges.type, p.ranges.maxItems, (p.ranges.items as { pattern?: string }).pattern?.startsWith("^")], ["array", MAX_CIDRS, true]);
        assert.deepEqual([p.ports.minItems, (p.ports.items as { minimum: number; maximum: number }).minimum, (p.ports.items as { maximum: number }).maximum], [1, 1, 65535]);
        assert.deepEqual((p.exemptions.items as { required: string[]; additionalProperties: boolean }).required, ["urn", "reason"]);
        assert.equal((p.exemptions.items as { additionalProperties: boolean }).additionalProperties, false);
        assert.deepEqual(p.onRuleFault.enum, ["mandatory", "advisory"]);
    });

    it("reads defaults when nothing is set, and overrides when set, with no problem", () => {
        const d = config.read({});
        assert.deepEqual(d.problems, []);
        assert.equal(d.config.ranges.cidrs.length, 1);
        assert.deepEqual(d.config.ports, [5432]);
        assert.ok(d.config.names.has("ELBSecurityPolicy-TLS13-1-2-2021-06"));
        assert.equal(d.config.exemptions.size, 0);
        assert.equal(d.config.onRuleFault, "mandatory");
        const o = config.read({
            ranges: ["192.168.0.0/16", "fc00::/7", "203.0.113.7"],
            ports: [1, 65535],
            names: ["ELBSecurityPolicy-TLS13-1-3-PQ-2025-09"],
            hosts: ["API.Stripe.com.", "*.example.org"],
            exemptions: [{ urn: URN, reason: "SEC-42, review 2027-01" }],
            onRuleFault: "advisory",
        });
        assert.deepEqual(o.problems, []);
        assert.equal(o.config.ranges.cidrs.length, 3);
        assert.deepEqual(o.config.ports, [1, 65535]);
        assert.deepEqual([...o.config.names], ["ELBSecurityPolicy-TLS13-1-3-PQ-2025-09"]);
        assert.deepEqual([...o.config.hosts], ["api.stripe.com", "*.example.org"], "hosts lower-case, without the trailing dot");
        assert.equal(o.config.exemptions.get(URN), "SEC-42, review 2027-01");
        assert.equal(o.config.onRuleFault, "advisory");
    });

    it("parses the same config once", () => {
        assert.equal(config.read({ ports: [2] }), config.read({ ports: [2] }));
        assert.notEqual(config.read({ ports: [2] }), config.read({ ports: [3] }));
    });

    it("reports an unknown key (a typo), suggesting the key it was probably meant to be, and ignores it", () => {
        const read = config.read({ range: ["172.16.0.0/12"], enforcementLevel: "advisory" });
        assert.deepEqual(read.problems, [{
            at: "range", value: ["172.16.0.0/12"], instead: "ignored",
            problem: "is not a key of demo (did you mean ranges?); its keys are ranges, ports, names, hosts, exemptions, onRuleFault and enforcementLevel",
        }]);
        assert.equal(read.config.ranges.cidrs.length, 1, "ranges keeps its default");
        assert.match(config.read({ zzz: 1 }).problems[0].problem, /^is not a key of demo; its keys/, "no suggestion when nothing is close");
    });

    it("leaves out a CIDR with host bits, saying which range it is and how to write one address", () => {
        const read = config.read({ ranges: ["10.0.0.1/8", "192.168.0.0/16", "2001:db8::1/32"] });
        assert.deepEqual(read.problems.map((p) => [p.at, p.value, p.problem, p.instead]), [
            ["ranges[0]", "10.0.0.1/8", "has host bits set: the range is 10.0.0.0/8 (write that, or 10.0.0.1/32 for the one address)", "left out"],
            ["ranges[2]", "2001:db8::1/32", "has host bits set: the range is 2001:db8::/32 (write that, or 2001:db8::1/128 for the one address)", "left out"],
        ]);
        assert.deepEqual(read.config.ranges.cidrs.length, 1, "only 192.168.0.0/16 is read: an allow-list without the entry is the stricter reading");
    });

    it("leaves out what the schema refuses, entry by entry, naming each", () => {
        assert.deepEqual(problemsOf({
            ranges: ["10.0.0.0/33", "256.1.1.1", "010.0.0.0/8", "1::2::3", "::ffff:10.0.0.1", " 10.0.0.0/8", 5],
            ports: [0, 70000, 5432.5, "5432", 443],
            names: ["TLSv1.2", "ELBSecurityPolicy-TLS13-1-2-2021-06 "],
            hosts: ["*", "10.0.0.1", "-bad.example.com", "a..b"],
            exemptions: [{ urn: "sg-0123", reason: "x" }, { urn: URN, reason: "  " }, { urn: URN }, { urn: URN, reason: "ok", until: "2027" }, { urn: URN.replace(/partner$/, "*"), reason: "a glob" }],
            onRuleFault: "warn",
        }), [
            ...[0, 1, 2, 3, 4, 5, 6].map((i) => `ranges[${i}] | left out`),
            ...[0, 1, 2, 3].map((i) => `ports[${i}] | left out`),
            "names[0] | left out", "names[1] | left out",
            ...[0, 1, 2, 3].map((i) => `hosts[${i}] | left out`),
            "exemptions[0].urn | left out", "exemptions[1].reason | left out", "exemptions[2] | left out", "exemptions[3] | left out", "exemptions[4].urn | left out",
            "onRuleFault | the default \"mandatory\" applies",
        ]);
        const read = config.read({ ports: [0, 443], onRuleFault: "warn" });
        assert.deepEqual(read.config.ports, [443]);
        assert.equal(read.config.onRuleFault, "mandatory", "an unknown level of rule faults is read as the stricter one");
    });

    it("says what is allowed in each problem", () => {
        const byAt = new Map(config.read({
            ranges: ["10.0.0.0/33"], ports: [70000], names: ["TLSv1.2"], hosts: ["10.0.0.1"], exemptions: [{ urn: "sg-0123", reason: "x" }, { urn: URN, reason: "ok", until: "2027" }], onRuleFault: "warn",
        }).problems.map((p) => [p.at, p.problem]));
        assert.match(byAt.get("ranges[0]")!, /^is not an IPv4 or IPv6 range in CIDR notation \("10\.0\.0\.0\/8", "fd00::\/8"\) or a single address/);
        assert.equal(byAt.get("ports[0]"), "is not a TCP port number from 1 to 65535");
        assert.match(byAt.get("names[0]")!, /^is not the name of a predefined ELB security policy \("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"\)/);
        assert.match(byAt.get("hosts[0]")!, /^is not a host name .*not an address \(addresses go in stripeApiCidrs\)/);
        assert.match(byAt.get("exemptions[0].urn")!, /^is not an exact resource URN \(urn:pulumi:<stack>::<project>::<qualified type>::<name>/);
        assert.equal(byAt.get("exemptions[1]"), 'has "until", which is not one of "urn", "reason"');
        assert.equal(byAt.get("onRuleFault"), 'is not one of "mandatory", "advisory"');
    });

    it("gives the default for a value that is not a list, or a list shorter than allowed; reads a list longer than allowed whole", () => {
        assert.deepEqual(problemsOf({ ranges: "10.0.0.0/8", ports: [] }), ["ranges | the default applies", "ports | the default applies"]);
        const read = config.read({ ranges: "10.0.0.0/8", ports: [] });
        assert.deepEqual([read.config.ranges.cidrs.length, read.config.ports], [1, [5432]]);
        assert.match(read.problems[0].problem, /^is a string, not an array$/);
        assert.match(read.problems[1].problem, /^has 0 entries, at least 1 are needed$/);
        const many = Array.from({ length: MAX_CIDRS + 1 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
        const long = config.read({ ranges: many });
        assert.deepEqual(long.problems.map((p) => [p.at, p.problem, p.instead]), [["ranges", `has ${MAX_CIDRS + 1} entries, at most ${MAX_CIDRS} are allowed`, "all are read"]]);
        assert.equal(long.config.ranges.cidrs.length, MAX_CIDRS + 1);
    });

    it("puts every problem of a policy in one message, naming the policy, the key, the value and what is allowed", () => {
        const one: ConfigProblem = { at: "ranges[0]", value: "10.0.0.1/8", problem: "has host bits set: the range is 10.0.0.0/8", instead: "left out" };
        assert.equal(
            configProblemMessage("demo", [one]),
            "demo's config has a value it cannot take. ranges[0] = \"10.0.0.1/8\" has host bits set: the range is 10.0.0.0/8; left out. " +
                "Until the config is fixed (the policy group's, or --policy-pack-config), the policy judges this stack without them.",
        );
        const seven = configProblemMessage("demo", Array.from({ length: 7 }, (_, i) => ({ ...one, at: `ranges[${i}]` })));
        assert.match(seven, /^demo's config has 7 values it cannot take\. 1\) ranges\[0\] = .* 5\) ranges\[4\] = .*; left out\. And 2 more\. Until/);
        assert.match(configProblemMessage("demo", [{ ...one, value: "x".repeat(500) }]), /= "x{76}\.\.\. has host bits/, "a long value is cut short");
    });

    it("suggests a key for case, a letter or two, a plural; nothing for what is far from every key", () => {
        const keys = ["privateCidrs", "storePorts", "extraStorePorts", "exemptions", "onRuleFault"];
        assert.equal(closestKey("privateCidr", keys), "privateCidrs");
        assert.equal(closestKey("PrivateCIDRs", keys), "privateCidrs");
        assert.equal(closestKey("exemption", keys), "exemptions");
        assert.equal(closestKey("extraStorePort", keys), "extraStorePorts");
        assert.equal(closestKey("onRuleFaults", keys), "onRuleFault");
        assert.equal(closestKey("allowedHosts", keys), undefined);
    });
});
