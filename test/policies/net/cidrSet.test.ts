import { strict as assert } from "assert";
import fc from "fast-check";
import { contains, formatCidr, parseCidr } from "../../../policies/net";
import { CidrSet } from "../../../policies/net";
import { PRIVATE_CIDRS } from "../../../policies/lib/defaults";

describe("policies/net/cidrSet", () => {
    const privateSet = CidrSet.parse(PRIVATE_CIDRS, "private");

    it("covers ranges inside a member, IPv4 and IPv6, and nothing wider", () => {
        assert.ok(privateSet.covers(parseCidr("10.1.2.0/24")!));
        assert.ok(privateSet.covers(parseCidr("fd00:1::/64")!));
        assert.ok(!privateSet.covers(parseCidr("10.0.0.0/7")!), "10.0.0.0/7 reaches 11.0.0.0/8");
        assert.ok(!privateSet.covers(parseCidr("0.0.0.0/0")!));
        assert.ok(!privateSet.covers(parseCidr("::/0")!));
        assert.ok(!privateSet.covers(parseCidr("::ffff:10.0.0.1/128")!), "an IPv4-mapped IPv6 address is IPv6");
    });

    it("agrees with containment in any member", () => {
        const cidr4 = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 0, max: 32 }))
            .map(([a, p]) => parseCidr(`${formatCidr({ version: 4, network: a, prefix: 32 }).split("/")[0]}/${p}`)!);
        fc.assert(fc.property(fc.array(cidr4, { maxLength: 6 }), cidr4, (members, c) => {
            const set = new CidrSet(members);
            assert.equal(set.covers(c), members.some((m) => contains(m, c)));
        }));
    });

    it("names the entry that is not a range", () => {
        assert.throws(() => CidrSet.parse(["10.0.0.0/8", "ten"], "privateCidrs"), /privateCidrs\[1\] = "ten" is not/);
    });

    it("summarises for messages", () => {
        assert.equal(privateSet.summary(2), "10.0.0.0/8, 172.16.0.0/12 and 2 more");
    });
});
