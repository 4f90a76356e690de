// The pack relies on two behaviours of @pulumi/policy that its typings and
// README do not document, and 1.21.0 offers no public API for either:
//
// 1. The unknown-checking proxy hands back its target for the key
//    "__getSpecialProxyTarget" (proxy.js). policies/lib/read.ts plain() unwraps
//    props with it, so an unknown in one field never skips a whole rule (and
//    the violation another field already shows).
// 2. reportViolation also takes an object whose enforcementLevel sets the level
//    of that one diagnostic (server.js makeReportViolationFun; the typings say
//    (message: string, urn?: string)). policies/lib/policy.ts reports exempted
//    violations, and faults of a rule, as advisory this way.
//
// The version is pinned exactly; these tests are what an upgrade must pass.
// They fail if either behaviour changes: directly against the SDK's own proxy,
// and through the pack's real gRPC interface, where the behaviours show.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { REPO_ROOT } from "../../../tools/harness/project";
import { plain, UNKNOWN_SENTINEL } from "../../../policies/lib/read";
import { engineResource, judgeResources, summary, usePack } from "../../support/pack";

const PINNED = "1.21.0";

describe("policies/lib: @pulumi/policy internals the pack relies on", () => {
    it(`keeps @pulumi/policy pinned at exactly ${PINNED}, and runs against that version`, () => {
        const pack = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policies", "package.json"), "utf8")) as { dependencies: Record<string, string> };
        assert.equal(pack.dependencies["@pulumi/policy"], PINNED, "an upgrade is a deliberate change: bump the pin here after these tests pass");
        const installed = (require("@pulumi/policy/package.json") as { version: string }).version.replace(/^v/, "");
        assert.equal(installed, PINNED);
    });

    describe("the unknown-checking proxy's target key (plain)", () => {
        const raw = {
            engine: "postgres",
            port: UNKNOWN_SENTINEL,
            ingress: [{ cidrBlocks: UNKNOWN_SENTINEL }, { cidrBlocks: ["0.0.0.0/0"], fromPort: 5432 }],
        };

        it("the SDK's proxy throws on the first unknown it meets (what plain() protects the rules from)", () => {
            const props = unknownCheckingProxy(raw) as typeof raw;
            assert.equal(props.engine, "postgres");
            assert.throws(() => props.port, (e: unknown) => e instanceof UnknownValueError);
            assert.throws(() => props.ingress[0].cidrBlocks, (e: unknown) => e instanceof UnknownValueError);
        });

        it("plain() gets the proxy's own target back: every field readable, unknowns as the sentinel, nested values unproxied", () => {
            const props = unknownCheckingProxy(raw);
            const unwrapped = plain(props);
            assert.equal(unwrapped, raw, "the very object the SDK wrapped");
            assert.equal(unwrapped.port, UNKNOWN_SENTINEL);
            const ingress = unwrapped.ingress as { cidrBlocks: unknown }[];
            assert.equal(ingress[0].cidrBlocks, UNKNOWN_SENTINEL, "nested values are the target's, not proxies that throw");
            assert.deepEqual(ingress[1].cidrBlocks, ["0.0.0.0/0"]);
        });

        it("plain() of an unproxied object is the object, and of anything else an empty object", () => {
            assert.equal(plain(raw), raw);
            assert.deepEqual([plain(undefined), plain("x"), plain(null)], [{}, {}, {}]);
        });
    });

    describe("through the pack's gRPC interface", () => {
        const pack = usePack();
        afterEach(() => pack().configure());

        it("an unknown sibling does not hide a known violation, and brings no 'cannot run during preview' note", async () => {
            const sg = engineResource("aws:ec2/securityGroup:SecurityGroup", "db", {
                vpcId: UNKNOWN_SENTINEL,
                ingress: [
                    { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: UNKNOWN_SENTINEL },
                    { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] },
                ],
            });
            const report = await judgeResources(pack(), [sg]);
            assert.deepEqual(summary(report, "no-public-db"), ["no-public-db mandatory db ingress[1].cidrBlocks[0]"]);
            assert.deepEqual(report.diagnostics.filter((d) => /during preview/.test(d.message)).map((d) => d.message), []);
        });

        it("the same holds in AnalyzeStack (stack rules read unwrapped props too)", async () => {
            const sg = engineResource("aws:ec2/securityGroup:SecurityGroup", "app", {
                vpcId: UNKNOWN_SENTINEL,
                egress: [
                    { protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: UNKNOWN_SENTINEL },
                    { protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-0123456789abcdef0"] },
                ],
            });
            const report = await judgeResources(pack(), [sg]);
            const found = report.diagnostics.filter((d) => d.policyName === "egress-only-stripe");
            assert.deepEqual(found.map((d) => [d.phase, d.enforcementLevel]), [["analyzeStack", "mandatory"]]);
            assert.deepEqual(summary(report, "egress-only-stripe"), ["egress-only-stripe mandatory app egress[1].prefixListIds[0]"]);
        });

        it("an exempted violation arrives as advisory while the policy stays mandatory, with the policy's name and description", async () => {
            const partner = engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "partner", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "198.51.100.7/32" });
            const other = engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "other", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "198.51.100.8/32" });
            await pack().configure({ "egress-only-stripe": { enforcementLevel: "mandatory", exemptions: [{ urn: partner.urn, reason: "SEC-42" }] } });
            const report = await judgeResources(pack(), [partner, other]);
            const byUrn = new Map(report.diagnostics.filter((d) => d.policyName === "egress-only-stripe").map((d) => [d.urn, d]));
            assert.equal(byUrn.get(other.urn)?.enforcementLevel, "mandatory", "the policy's level is mandatory");
            const exempted = byUrn.get(partner.urn);
            assert.equal(exempted?.enforcementLevel, "advisory", "the object form's enforcementLevel set this one diagnostic's level");
            assert.match(exempted.message, /^exempted \(SEC-42\): cidrIpv4: "198\.51\.100\.7\/32"/);
            const description = pack().info.policies.find((p) => p.name === "egress-only-stripe")!.description;
            assert.equal(exempted.description, description);
            assert.equal(exempted.policyPackName, "tickettoken-network");
            assert.equal(exempted.policyPackVersion, pack().info.version);
        });

        it("exempts a stack-wide violation the same way (AnalyzeStack reports with the object form too)", async () => {
            const rule = engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "to-list", { ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-0123456789abcdef0" });
            await pack().configure({ "egress-only-stripe": { exemptions: [{ urn: rule.urn, reason: "SEC-43" }] } });
            const report = await judgeResources(pack(), [rule]);
            const d = report.diagnostics.filter((x) => x.policyName === "egress-only-stripe");
            assert.deepEqual(d.map((x) => [x.phase, x.enforcementLevel, x.urn]), [["analyzeStack", "advisory", rule.urn]]);
            assert.match(d[0].message, /^exempted \(SEC-43\): prefixListId/);
        });
    });
});
