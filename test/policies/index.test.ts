import { strict as assert } from "assert";
import { analyzeRun, mandatory, openPack, OpenPack } from "../../tools/analyzer";
import { runAllStacks } from "../support/stacks";
import { pinnedStripeApiAddresses } from "../../policies/net";
import { engineResource, judgeResources, stackPackConfig, summary, toFinding, usePack } from "../support/pack";

// The pack as a whole, as the engine sees it: its policies, their config,
// enforcement levels and exemptions — and this repository's own stacks,
// which must pass it.
describe("policies (the pack)", () => {
    const pack = usePack();

    it("serves the three policies, mandatory, with a config schema declaring every key and its default", () => {
        const info = pack().info;
        assert.equal(info.name, "tickettoken-network");
        assert.equal(info.version, require("../../policies/package.json").version);
        assert.ok(info.supportsConfig);
        assert.deepEqual(info.policies.map((p) => [p.name, p.enforcementLevel, p.type]), [
            ["no-public-db", "mandatory", "resource"],
            ["tls-everywhere", "mandatory", "resource"],
            ["egress-only-stripe", "mandatory", "resource"],
        ]);
        const schema = Object.fromEntries(info.policies.map((p) => [p.name, p.configSchema!]));
        assert.deepEqual(Object.keys(schema["no-public-db"]).sort(), ["exemptions", "extraStorePorts", "onRuleFault", "privateCidrs", "storePorts"]);
        assert.deepEqual(Object.keys(schema["tls-everywhere"]).sort(), ["allowedTlsPolicies", "exemptions", "forbiddenTlsPolicies", "onRuleFault"]);
        assert.deepEqual(Object.keys(schema["egress-only-stripe"]).sort(), ["allowedHosts", "exemptions", "onRuleFault", "privateCidrs", "stripeApiCidrs"]);
        assert.deepEqual(schema["egress-only-stripe"].stripeApiCidrs.default, pinnedStripeApiAddresses());
        assert.deepEqual(schema["egress-only-stripe"].allowedHosts.default, ["api.stripe.com"]);
        assert.deepEqual(schema["no-public-db"].privateCidrs.default, [
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8", "fc00::/7", "fe80::/10", "::1/128",
        ]);
        for (const p of info.policies) {
            assert.equal(p.configSchema!.onRuleFault.default, "mandatory", p.name);
            assert.deepEqual(p.configSchema!.onRuleFault.enum, ["mandatory", "advisory"], p.name);
        }
        assert.ok((schema["no-public-db"].storePorts.default as number[]).includes(5432));
    });

    describe("config", () => {
        const partner = engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "partner", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "198.51.100.7/32" });
        const stripe = engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "stripe", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "13.55.5.15/32" });
        const custom = engineResource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "custom-store", { ipProtocol: "tcp", fromPort: 7474, toPort: 7474, cidrIpv4: "0.0.0.0/0" });
        afterEach(() => pack().configure());

        it("takes a custom allow-list", async () => {
            assert.deepEqual(summary(await judgeResources(pack(), [partner, stripe]), "egress-only-stripe"), ["egress-only-stripe mandatory partner cidrIpv4"]);
            await pack().configure({ "egress-only-stripe": { stripeApiCidrs: ["198.51.100.0/24"] } });
            assert.deepEqual(summary(await judgeResources(pack(), [partner, stripe]), "egress-only-stripe"), ["egress-only-stripe mandatory stripe cidrIpv4"]);
        });

        it("takes extra store ports", async () => {
            assert.deepEqual(summary(await judgeResources(pack(), [custom]), "no-public-db"), []);
            await pack().configure({ "no-public-db": { extraStorePorts: [7474] } });
            assert.deepEqual(summary(await judgeResources(pack(), [custom]), "no-public-db"), ["no-public-db mandatory custom-store cidrIpv4"]);
        });

        it("takes an enforcement level per policy", async () => {
            await pack().configure({ "egress-only-stripe": { enforcementLevel: "advisory" } });
            assert.deepEqual(summary(await judgeResources(pack(), [partner]), "egress-only-stripe"), ["egress-only-stripe advisory partner cidrIpv4"]);
            await pack().configure({ "egress-only-stripe": { enforcementLevel: "disabled" } });
            assert.deepEqual(summary(await judgeResources(pack(), [partner]), "egress-only-stripe"), []);
        });

        it("downgrades an exempted resource to advisory with its reason, and only that resource", async () => {
            const other = engineResource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "other", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "198.51.100.8/32" });
            await pack().configure({ "egress-only-stripe": { exemptions: [{ urn: partner.urn, reason: "SEC-42: partner API until 2027-01" }] } });
            const report = await judgeResources(pack(), [partner, other]);
            assert.deepEqual(summary(report, "egress-only-stripe"), ["egress-only-stripe advisory partner cidrIpv4", "egress-only-stripe mandatory other cidrIpv4"]);
            assert.match(report.diagnostics.find((d) => d.urn === partner.urn)!.message, /exempted \(SEC-42: partner API until 2027-01\): cidrIpv4: "198\.51\.100\.7\/32"/);
        });

        // What a bad config gets (refused by the schema, or one diagnostic per stack): config.test.ts.
    });

    // The test that matters most: this repository's stacks pass their own pack.
    describe("this repository's stacks", () => {
        let shared: OpenPack;
        before(async function () {
            this.timeout(120000);
            shared = await openPack({ project: "tickettoken" });
        });
        after(() => shared?.close());

        for (const stack of ["dev", "staging", "prod"]) {
            for (const preview of [false, true]) {
                it(`${stack} passes with its own pack config: no mandatory violation, no rule fault, only the runner's exemption (${preview ? "preview" : "up"})`, async () => {
                    const run = (await runAllStacks({ preview }))[stack];
                    await shared.configure(stackPackConfig(stack));
                    const report = await shared.analyze(run.resources);
                    assert.equal(report.analyzed, run.resources.length);
                    assert.deepEqual(mandatory(report).map(toFinding), []);
                    assert.deepEqual(report.diagnostics.filter((d) => /could not evaluate/.test(d.message)).map(toFinding), []);
                    // The one advisory: the deploy runner's HTTPS rule out, exempted with its reason.
                    assert.deepEqual(summary(report), ["egress-only-stripe advisory tickettoken-deploy-runner-to-internet-tcp443 cidrIpv4"]);
                    assert.match(report.diagnostics[0].message, /exempted \(issue 12, docs\/decisions\/0001-deploy-runner\.md/);
                });
            }
        }

        it("without its pack config, a stack fails on exactly the runner's rule: the exemption is what lets it pass", async () => {
            const run = (await runAllStacks({ preview: true })).staging;
            await shared.configure();
            assert.deepEqual(summary(await shared.analyze(run.resources)), ["egress-only-stripe mandatory tickettoken-deploy-runner-to-internet-tcp443 cidrIpv4"]);
        });

        it("is judged: the prod stack with its data tier made public fails the pack, for every store in it", async () => {
            const run = (await runAllStacks({ preview: true })).prod;
            await shared.configure(stackPackConfig("prod"));
            // The stack's data subnets, re-pointed at the public route table as a careless edit would.
            const publicRt = run.resources.find((r) => r.type === "aws:ec2/routeTable:RouteTable" && r.name.endsWith("public-rt"))!;
            const tampered = run.resources.map((r) =>
                r.type === "aws:ec2/routeTableAssociation:RouteTableAssociation" && r.name.includes("-data-")
                    ? { ...r, propertyDependencies: { ...r.propertyDependencies, routeTableId: [publicRt.urn] } }
                    : r,
            );
            const store = { ...run.resources.find((r) => r.type === "aws:ec2/subnet:Subnet" && r.name.includes("-data-1"))! };
            const group = {
                ...store, type: "aws:rds/subnetGroup:SubnetGroup", name: "data-group", urn: store.urn.replace(/aws:ec2\/subnet:Subnet::.*$/, "aws:rds/subnetGroup:SubnetGroup::data-group"),
                wire: { subnetIds: ["04da6b54-80e4-46f7-96ec-b56ff0331ba9"] }, outputs: undefined, propertyDependencies: { subnetIds: [store.urn] },
            };
            const db = {
                ...group, type: "aws:rds/instance:Instance", name: "orders", urn: group.urn.replace(/subnetGroup:SubnetGroup::data-group$/, "instance:Instance::orders"),
                wire: { engine: "postgres", dbSubnetGroupName: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, propertyDependencies: { dbSubnetGroupName: [group.urn] },
            };
            const report = await shared.analyze([...tampered, group, db]);
            // The stack's own stores in the data tier are caught as well as the added one; the broker is in the messaging tier.
            assert.deepEqual(summary(report).filter((f) => !f.includes(" advisory ")), [
                "no-public-db mandatory orders dbSubnetGroupName",
                "no-public-db mandatory tickettoken-mongodb-cluster dbSubnetGroupName",
                "no-public-db mandatory tickettoken-postgresql-primary dbSubnetGroupName",
                "no-public-db mandatory tickettoken-postgresql-replica dbSubnetGroupName",
                "no-public-db mandatory tickettoken-redis-group subnetGroupName",
            ]);
        });

        it("analyzeRun launches, judges and stops in one call", async () => {
            const report = await analyzeRun((await runAllStacks()).dev, { config: stackPackConfig("dev") });
            assert.deepEqual(mandatory(report), []);
            assert.ok(report.analyzed > 50);
        });
    });
});
