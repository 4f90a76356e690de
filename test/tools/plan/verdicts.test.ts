import { strict as assert } from "assert";
import { resourceOf, splitExemption, verdicts } from "../../../tools/plan/verdicts";
import { PackDiagnostic } from "../../../tools/analyzer";

const diag = (policyName: string, message: string, urn: string, enforcementLevel: "mandatory" | "advisory" = "mandatory"): PackDiagnostic => ({
    policyName, message: `Policy text.\n${message}`, description: "Policy text.", urn, enforcementLevel,
    policyPackName: "p", policyPackVersion: "1", phase: "analyze",
});

describe("tools/plan/verdicts", () => {
    it("reads type and name from a URN, through parent types", () => {
        assert.deepEqual(resourceOf("urn:pulumi:prod::tickettoken::pulumi:pulumi:Stack$tickettoken:network:Network$aws:ec2/subnet:Subnet::tickettoken-data-1"),
            { type: "aws:ec2/subnet:Subnet", name: "tickettoken-data-1" });
        assert.deepEqual(resourceOf(""), { type: "", name: "" });
    });

    it("gives each policy a verdict: fail only on a mandatory violation, with the field split from the message", () => {
        const urn = "urn:pulumi:prod::p::aws:rds/instance:Instance::orders";
        const v = verdicts(
            [{ name: "no-public-db", enforcementLevel: "mandatory" }, { name: "tls-everywhere", enforcementLevel: "mandatory" }, { name: "egress-only-stripe", enforcementLevel: "mandatory" }],
            [
                diag("no-public-db", "publiclyAccessible: true makes it public", urn),
                diag("tls-everywhere", "can't run policy during preview", urn, "advisory"),
                diag("no-public-db", "ingress[0].cidrBlocks[1]: \"0.0.0.0/0\" reaches 5432", urn),
            ],
        );
        assert.deepEqual(v.map((p) => [p.policy, p.verdict, p.violations.length]), [["no-public-db", "fail", 2], ["tls-everywhere", "pass", 1], ["egress-only-stripe", "pass", 0]]);
        assert.deepEqual(v[0].violations.map((x) => [x.type, x.name, x.field, x.message]), [
            ["aws:rds/instance:Instance", "orders", "ingress[0].cidrBlocks[1]", "\"0.0.0.0/0\" reaches 5432"],
            ["aws:rds/instance:Instance", "orders", "publiclyAccessible", "true makes it public"],
        ]);
        assert.equal(v[1].violations[0].field, "", "a message without a field keeps all its text");
    });

    it("splits an exemption's reason, which may hold parentheses and colons, from the field and message", () => {
        assert.deepEqual(splitExemption('exempted (SEC-42 (runner): review by 2027-01): cidrIpv4: "0.0.0.0/0" is public'),
            { exemption: "SEC-42 (runner): review by 2027-01", rest: 'cidrIpv4: "0.0.0.0/0" is public' });
        assert.deepEqual(splitExemption("cidrIpv4: plain"), { rest: "cidrIpv4: plain" });
        const urn = "urn:pulumi:prod::p::aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::out";
        const [egress] = verdicts([{ name: "egress-only-stripe", enforcementLevel: "mandatory" }], [diag("egress-only-stripe", 'exempted (issue 12): cidrIpv4: "0.0.0.0/0" is public', urn, "advisory")]);
        assert.equal(egress.verdict, "pass");
        assert.deepEqual(egress.violations.map((v) => [v.field, v.message, v.exemption, v.enforcementLevel]), [["cidrIpv4", '"0.0.0.0/0" is public', "issue 12", "advisory"]]);
    });
});
