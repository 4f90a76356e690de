import { strict as assert } from "assert";
import { ConfigReader, loadStackConfig, PROJECT } from "../../../infra/config";
import { problemsOf, stackSource } from "../../support/config";

describe("infra/config", () => {
    it("loads every stack", () => {
        const dev = loadStackConfig(stackSource("dev"));
        const prod = loadStackConfig(stackSource("prod"));
        const staging = loadStackConfig(stackSource("staging"));
        assert.equal(dev.size, "small");
        assert.equal(dev.network.natGateways, "single");
        assert.equal(prod.size, "large");
        assert.equal(prod.network.natGateways, "perAz");
        assert.equal(prod.network.vpcCidr, "10.0.0.0/16");
        assert.equal(prod.network.azCount, 3);
        assert.equal(staging.network.natGateways, "perAz");
        assert.equal(prod.machines.postgresInstanceClass, "db.r7g.xlarge");
    });

    const cases: Array<[string, Record<string, string>, RegExp]> = [
        ["a malformed CIDR", { vpcCidr: "10.0.0/16" }, /tickettoken:vpcCidr = "10\.0\.0\/16": must be an IPv4 CIDR like 10\.0\.0\.0\/16 with a prefix from \/16 to \/20/],
        ["a CIDR with host bits", { vpcCidr: "10.0.3.0/16" }, /tickettoken:vpcCidr = "10\.0\.3\.0\/16": has host bits set; the network address is 10\.0\.0\.0\/16/],
        ["a public VPC range", { vpcCidr: "8.8.0.0/16" }, /tickettoken:vpcCidr = "8\.8\.0\.0\/16": must lie inside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16/],
        ["a VPC range too wide", { vpcCidr: "10.0.0.0/12" }, /vpcCidr = "10\.0\.0\.0\/12": must be .* from \/16 to \/20/],
        ["an overlapping CIDR", { serviceCidr: "10.0.128.0/17" }, /tickettoken:serviceCidr = "10\.0\.128\.0\/17": must not overlap the VPC range 10\.0\.0\.0\/16/],
        ["too many zones", { azCount: "7" }, /tickettoken:azCount = "7": must be an integer from 2 to 6/],
        ["too few zones", { azCount: "1" }, /tickettoken:azCount = "1": must be an integer from 2 to 6/],
        ["a zone count that is not a number", { azCount: "three" }, /tickettoken:azCount = "three": must be an integer from 2 to 6/],
        ["a fractional zone count", { azCount: "2.5" }, /tickettoken:azCount = "2\.5": must be an integer/],
        ["an unknown environment size", { size: "huge" }, /tickettoken:size = "huge": must be one of "small", "medium", "large"/],
        ["an unknown NAT mode", { natGateways: "many" }, /tickettoken:natGateways = "many": must be one of "single", "perAz"/],
        ["a retention CloudWatch does not offer", { flowLogRetentionDays: "45" }, /tickettoken:flowLogRetentionDays = "45": must be one of 1, 3, 5, 7, 14, 30/],
    ];
    for (const [what, patch, message] of cases) {
        it(`rejects ${what} with one error naming key, value and what is allowed`, () => {
            const text = problemsOf(patch);
            assert.match(text, message);
            assert.match(text, /^Invalid stack config: /, "a single problem reads as one line");
        });
    }

    it("reports every bad value at once", () => {
        const text = problemsOf({ azCount: "9", size: "huge", vpcCidr: "nonsense" });
        assert.match(text, /3 problems/);
        assert.match(text, /azCount/);
        assert.match(text, /size/);
        assert.match(text, /vpcCidr/);
    });

    it("reports a key the stack and Pulumi.yaml leave unset", () => {
        const r = new ConfigReader({ get: () => undefined }, PROJECT);
        r.integer("azCount", 2, 6);
        assert.throws(() => r.finish(), /tickettoken:azCount is not set: required; declare a default for it in Pulumi\.yaml/);
    });

    describe("ConfigReader lists", () => {
        const reader = (value: string) => new ConfigReader({ get: () => value }, PROJECT);

        it("accepts a list of canonical CIDRs", () => {
            const r = reader('["203.0.113.0/24", "198.51.100.7/32"]');
            assert.deepEqual(r.cidrList("adminCidrs"), ["203.0.113.0/24", "198.51.100.7/32"]);
            r.finish();
        });

        for (const [value, message] of [
            ['"203.0.113.0/24"', /must be a list/],
            ["[not json", /must be a list/],
            ['["203.0.113.0/24", "300.1.1.1/32"]', /item 1 \("300\.1\.1\.1\/32"\) must be an IPv4 CIDR/],
            ['["203.0.113.9/24"]', /item 0 \("203\.0\.113\.9\/24"\) has host bits set; the network address is 203\.0\.113\.0\/24/],
            ['["203.0.113.0/24", "203.0.113.128/25"]', /item 1 \(203\.0\.113\.128\/25\) overlaps 203\.0\.113\.0\/24/],
            ['["0.0.0.0/0"]', /must not be the whole address space/],
            ["[42]", /item 0 \("42"\) must be an IPv4 CIDR/],
        ] as Array<[string, RegExp]>) {
            it(`rejects the IP list ${value}`, () => {
                const r = reader(value);
                r.cidrList("adminCidrs", { forbidEverything: true });
                assert.throws(() => r.finish(), (e: Error) => {
                    assert.match(e.message, /tickettoken:adminCidrs/);
                    assert.match(e.message, message);
                    return true;
                });
            });
        }
    });
});
