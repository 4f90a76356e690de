// The pack's config as an organisation writes it, through the real interface:
// what the CLI refuses with the schema the pack publishes (before a run, and
// `pulumi policy validate-config` against a published version — the same
// schema GetAnalyzerInfo gives), and what no schema the engine carries can
// say, which the pack reports itself: once per stack, on the stack, never as
// a failed call.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { engineConfig, parsePolicyPackConfig, runConfigError, strictConfigErrors, UserPolicyConfig, validateConfigError } from "../../tools/analyzer";
import { REPO_ROOT } from "../../tools/harness/project";
import { engineResource, judgeResources, summary, toFinding, usePack } from "../support/pack";

const PACK = "tickettoken-network";
const ingress = (name: string, cidrIpv4: string, port: number) =>
    engineResource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, { ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4 });
const egress = (name: string, cidrIpv4: string) =>
    engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", name, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4 });
const listener = (name: string, sslPolicy: string) => engineResource("aws:lb/listener:Listener", name, { protocol: "HTTPS", port: 443, sslPolicy });
const serviceEntry = (name: string, host: string) =>
    engineResource("kubernetes:networking.istio.io/v1:ServiceEntry", name, {
        spec: { hosts: [host], location: "MESH_EXTERNAL", resolution: "DNS", ports: [{ number: 443, name: "tls", protocol: "TLS" }] },
    });

const worldDb = ingress("world-db", "0.0.0.0/0", 5432);
const benchDb = ingress("bench-db", "198.18.0.1/32", 5432);
const partner = egress("partner", "198.51.100.7/32");
const RESOURCES = [worldDb, benchDb, partner];

/** The pack's README, whose examples of the pack's messages must be what it says. */
const README = fs.readFileSync(path.join(REPO_ROOT, "policies", "README.md"), "utf8");

/** A stack trace in a message: "    at fn (file:line:col)". */
const STACK_TRACE = /\n\s+at \S/;

describe("policies: config, as the CLI checks it and the pack reads it", () => {
    const pack = usePack();
    afterEach(() => pack().configure());

    describe("refused by the schema: before the run, and by validate-config", () => {
        const cases: readonly [string, UserPolicyConfig, RegExp][] = [
            ["a malformed CIDR", { "no-public-db": { privateCidrs: ["10.0.0.0/33"] } }, /no-public-db: privateCidrs\.0: must match pattern/],
            ["an octet over 255", { "egress-only-stripe": { stripeApiCidrs: ["13.55.5.256"] } }, /egress-only-stripe: stripeApiCidrs\.0: must match pattern/],
            ["IPv6 text with a zone", { "egress-only-stripe": { privateCidrs: ["fe80::1%eth0"] } }, /egress-only-stripe: privateCidrs\.0: must match pattern/],
            ["a port out of range", { "no-public-db": { extraStorePorts: [70000] } }, /no-public-db: extraStorePorts\.0: must be <= 65535/],
            ["a port written as text", { "no-public-db": { storePorts: ["5432"] } }, /no-public-db: storePorts\.0: must be integer/],
            ["no store port at all", { "no-public-db": { storePorts: [] } }, /no-public-db: storePorts: must NOT have fewer than 1 items/],
            ["an unknown level of rule faults", { "tls-everywhere": { onRuleFault: "warn" } }, /tls-everywhere: onRuleFault: must be equal to one of the allowed values/],
            ["a bad URN in an exemption", { "egress-only-stripe": { exemptions: [{ urn: "sg-0123456789abcdef0", reason: "SEC-1" }] } }, /egress-only-stripe: exemptions\.0\.urn: must match pattern/],
            ["a glob for a URN", { "egress-only-stripe": { exemptions: [{ urn: partner.urn.replace(/partner$/, "*"), reason: "SEC-1" }] } }, /exemptions\.0\.urn: must match pattern/],
            ["an exemption without a reason", { "no-public-db": { exemptions: [{ urn: worldDb.urn, reason: " " }] } }, /no-public-db: exemptions\.0\.reason: must match pattern/],
            ["an exemption with a key it does not have", { "no-public-db": { exemptions: [{ urn: worldDb.urn, reason: "SEC-1", expires: "2027-01-01" }] } }, /no-public-db: exemptions\.0: must NOT have additional properties \("expires"\)/],
            ["a wildcard alone as a host", { "egress-only-stripe": { allowedHosts: ["*"] } }, /egress-only-stripe: allowedHosts\.0: must match pattern/],
            ["an address as a host", { "egress-only-stripe": { allowedHosts: ["198.51.100.7"] } }, /egress-only-stripe: allowedHosts\.0: must match pattern/],
            ["a protocol for an ELB policy name", { "tls-everywhere": { forbiddenTlsPolicies: ["TLSv1.1"] } }, /tls-everywhere: forbiddenTlsPolicies\.0: must match pattern/],
            ["a list where a list is not", { "egress-only-stripe": { stripeApiCidrs: "198.51.100.0/24" } }, /egress-only-stripe: stripeApiCidrs: must be array/],
        ];
        for (const [what, config, error] of cases) {
            it(what, async () => {
                await assert.rejects(pack().configure(config), (e: Error) => e.message.startsWith(`validating policy config for "${PACK}": `) && error.test(e.message));
                const invalid = validateConfigError(pack().info, config);
                assert.ok(invalid?.startsWith("policy pack configuration is invalid: ") && error.test(invalid), invalid);
            });
        }

        it("an unknown enforcement level, as the CLI reads the file", () => {
            assert.throws(() => parsePolicyPackConfig('{ "no-public-db": { "enforcementLevel": "strict" } }', "g.json"), /g\.json: no-public-db\.enforcementLevel: "strict" is not an enforcement level/);
            assert.throws(() => parsePolicyPackConfig('{ "tls-everywhere": "warn" }', "g.json"), /g\.json: tls-everywhere: "warn" is not an enforcement level/);
        });
    });

    describe("what no schema the engine receives can say: one diagnostic per stack, on the stack", () => {
        it("a misspelt key: the CLI lets it through, the pack names it and the key it was meant to be, and judges by the rest", async () => {
            const config: UserPolicyConfig = { "no-public-db": { privateCidr: ["10.0.0.0/8", "198.18.0.0/15"] } };
            assert.equal(runConfigError(pack().info, engineConfig(pack().info, config)), undefined, "the CLI's validation cannot see it");
            assert.equal(validateConfigError(pack().info, config), undefined, "nor can validate-config");
            assert.deepEqual(strictConfigErrors(pack().info, config), ["no-public-db: privateCidr is not a config key of the policy (it has exemptions, extraStorePorts, onRuleFault, privateCidrs, storePorts, enforcementLevel)"]);
            await pack().configure(config);
            const report = await judgeResources(pack(), RESOURCES);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db mandatory  config",
                "no-public-db mandatory bench-db cidrIpv4", // 198.18.0.0/15 is not private: privateCidrs kept its default
                "no-public-db mandatory world-db cidrIpv4",
            ]);
            const [diag] = report.diagnostics.filter((d) => toFinding(d).field === "config");
            assert.equal(diag.phase, "analyzeStack");
            assert.equal(diag.urn, "", "on the stack, not on a resource");
            assert.equal(
                toFinding(diag).text,
                "no-public-db's config has a value it cannot take. privateCidr = [\"10.0.0.0/8\",\"198.18.0.0/15\"] is not a key of no-public-db (did you mean privateCidrs?); " +
                    "its keys are privateCidrs, storePorts, extraStorePorts, exemptions, onRuleFault and enforcementLevel; ignored. " +
                    "Until the config is fixed (the policy group's, or --policy-pack-config), the policy judges this stack without them.",
            );
            assert.ok(README.includes(`\n${toFinding(diag).field}: ${toFinding(diag).text}\n`), "the README shows this message as it is");
        });

        it("a CIDR with host bits: the pack names the range it is and the one address, and leaves it out of the allow-list", async () => {
            await pack().configure({ "egress-only-stripe": { stripeApiCidrs: ["198.51.100.7/24"] } });
            const report = await judgeResources(pack(), RESOURCES);
            assert.deepEqual(summary(report, "egress-only-stripe"), ["egress-only-stripe mandatory  config", "egress-only-stripe mandatory partner cidrIpv4"]);
            const diag = toFinding(report.diagnostics.find((d) => d.urn === "")!);
            assert.ok(README.includes(`\n${diag.field}: ${diag.text}\n`), "the README shows this message as it is");
            assert.match(
                diag.text,
                /^egress-only-stripe's config has a value it cannot take\. stripeApiCidrs\[0\] = "198\.51\.100\.7\/24" has host bits set: the range is 198\.51\.100\.0\/24 \(write that, or 198\.51\.100\.7\/32 for the one address\); left out\. Until/,
            );
        });

        it("at the level the policy runs at, and not at all when it is disabled", async () => {
            const typo = { exemption: [{ urn: partner.urn, reason: "SEC-42" }] };
            await pack().configure({ "egress-only-stripe": { enforcementLevel: "advisory", ...typo } });
            assert.deepEqual(summary(await judgeResources(pack(), [partner]), "egress-only-stripe"), ["egress-only-stripe advisory  config", "egress-only-stripe advisory partner cidrIpv4"]);
            await pack().configure({ "egress-only-stripe": { enforcementLevel: "disabled", ...typo } });
            assert.deepEqual(summary(await judgeResources(pack(), [partner]), "egress-only-stripe"), []);
        });

        it("once in every run, however many resources the policy judges", async () => {
            await pack().configure({ "tls-everywhere": { allowedTlsPolicy: ["ELBSecurityPolicy-TLS13-1-3-PQ-2031-01"] } });
            const listeners = Array.from({ length: 20 }, (_, i) => listener(`l${i}`, "ELBSecurityPolicy-TLS13-1-2-2021-06"));
            for (let run = 0; run < 2; run++) {
                assert.deepEqual(summary(await judgeResources(pack(), listeners), "tls-everywhere"), ["tls-everywhere mandatory  config"], `run ${run + 1}`);
            }
        });

        it("a config the CLI would refuse, sent anyway by another client: never a failed call or a stack trace, one diagnostic per policy", async () => {
            const info = pack().info;
            await pack().client.configure(engineConfig(info, {
                "no-public-db": { privateCidrs: "10.0.0.0/8", extraStorePorts: [70000, 7474] },
                "tls-everywhere": { onRuleFault: "ignore", forbiddenTlsPolicies: [42] },
                "egress-only-stripe": { stripeApiCidrs: ["198.51.100.0/24", "not-a-cidr", "1::2::3"], exemptions: [{ urn: partner.urn }] },
            }));
            const report = await judgeResources(pack(), [...RESOURCES, ingress("graph-db", "0.0.0.0/0", 7474), listener("web", "ELBSecurityPolicy-TLS13-1-2-2021-06")]);
            assert.deepEqual(report.diagnostics.filter((d) => STACK_TRACE.test(d.message)).map(toFinding), []);
            assert.deepEqual(summary(report), [
                "egress-only-stripe mandatory  config",
                "no-public-db mandatory  config",
                "no-public-db mandatory bench-db cidrIpv4",
                "no-public-db mandatory graph-db cidrIpv4", // the good entry of extraStorePorts is read
                "no-public-db mandatory world-db cidrIpv4",
                "tls-everywhere mandatory  config",
            ]);
            const text = (policy: string) => toFinding(report.diagnostics.find((d) => d.policyName === policy && d.urn === "")!).text;
            assert.match(text("no-public-db"), /has 2 values it cannot take\. 1\) privateCidrs = "10\.0\.0\.0\/8" is a string, not an array; the default applies\. 2\) extraStorePorts\[0\] = 70000 is not a TCP port number from 1 to 65535; left out\./);
            assert.match(text("tls-everywhere"), /1\) forbiddenTlsPolicies\[0\] = 42 is an integer, not a string; left out\. 2\) onRuleFault = "ignore" is not one of "mandatory", "advisory"; the default "mandatory" applies\./);
            assert.match(text("egress-only-stripe"), /1\) stripeApiCidrs\[1\] = "not-a-cidr" is not an IPv4 or IPv6 range .*; left out\. 2\) stripeApiCidrs\[2\] = "1::2::3" is not an IPv4 or IPv6 range .*; left out\. 3\) exemptions\[0\] = \{"urn":"urn:pulumi:test::test::aws:vpc\/securityGroupEgressRule.*\.\.\. has no "reason"; left out\./);
        });
    });

    it("takes a correct config with every key of every policy at a value other than its default, and each takes effect", async () => {
        const exempt = ingress("exempt-db", "0.0.0.0/0", 5432);
        const config: UserPolicyConfig = {
            "no-public-db": {
                enforcementLevel: "advisory",
                privateCidrs: ["10.0.0.0/8", "198.18.0.0/15", "fd00::/8"],
                storePorts: [5432],
                extraStorePorts: [7474],
                exemptions: [{ urn: exempt.urn, reason: "SEC-7: migration window, review 2027-03-31" }],
                onRuleFault: "advisory",
            },
            "tls-everywhere": {
                enforcementLevel: "mandatory",
                allowedTlsPolicies: ["ELBSecurityPolicy-TLS13-1-3-PQ-2031-01"],
                forbiddenTlsPolicies: ["ELBSecurityPolicy-TLS13-1-2-2021-06"],
                exemptions: [{ urn: "urn:pulumi:prod::shop::tickettoken:edge:Edge$aws:lb/listener:Listener::legacy", reason: "SEC-8, review 2027-06-30" }],
                onRuleFault: "advisory",
            },
            "egress-only-stripe": {
                stripeApiCidrs: ["198.51.100.0/24", "2001:db8:1::/48"],
                allowedHosts: ["api.partner.example", "*.hooks.partner.example"],
                privateCidrs: ["10.0.0.0/8", "fd00::/8"],
                exemptions: [{ urn: "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::legacy", reason: "SEC-9, review 2027-06-30" }],
                onRuleFault: "advisory",
            },
        };
        const info = pack().info;
        for (const p of info.policies) {
            for (const [key, schema] of Object.entries(p.configSchema ?? {})) {
                assert.ok(key in config[p.name], `${p.name}.${key} is set`);
                assert.notDeepEqual(config[p.name][key], schema.default, `${p.name}.${key} differs from its default`);
            }
        }
        assert.equal(runConfigError(info, engineConfig(info, config)), undefined);
        assert.equal(validateConfigError(info, config), undefined);
        assert.deepEqual(strictConfigErrors(info, config), []);
        const resources = [
            worldDb, benchDb, exempt, ingress("mysql", "0.0.0.0/0", 3306), ingress("graph-db", "0.0.0.0/0", 7474),
            listener("future", "ELBSecurityPolicy-TLS13-1-3-PQ-2031-01"), listener("forbidden", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
            partner, egress("stripe", "13.55.5.15/32"), serviceEntry("partner-api", "api.partner.example"), serviceEntry("stripe-api", "api.stripe.com"),
        ];
        const before = summary(await judgeResources(pack(), resources));
        await pack().configure(config);
        const after = summary(await judgeResources(pack(), resources));
        assert.deepEqual(before, [
            "egress-only-stripe mandatory partner cidrIpv4",
            "egress-only-stripe mandatory partner-api spec.hosts[0]",
            "no-public-db mandatory bench-db cidrIpv4",
            "no-public-db mandatory exempt-db cidrIpv4",
            "no-public-db mandatory mysql cidrIpv4",
            "no-public-db mandatory world-db cidrIpv4",
            "tls-everywhere advisory future sslPolicy",
        ]);
        assert.deepEqual(after, [
            "egress-only-stripe mandatory stripe cidrIpv4",
            "egress-only-stripe mandatory stripe-api spec.hosts[0]",
            "no-public-db advisory exempt-db cidrIpv4",
            "no-public-db advisory graph-db cidrIpv4",
            "no-public-db advisory world-db cidrIpv4",
            "tls-everywhere mandatory forbidden sslPolicy",
        ]);
    });
});
