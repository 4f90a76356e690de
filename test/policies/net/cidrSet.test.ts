import { strict as assert } from "assert";
import fc from "fast-check";
import { contains, formatCidr, lastAddress, parseCidr } from "../../../policies/net";
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

    it("judges the union of its members: two halves are the whole space", () => {
        const halves = CidrSet.parse(["0.0.0.0/1", "128.0.0.0/1"], "halves");
        assert.ok(halves.unionCovers(parseCidr("0.0.0.0/0")!));
        assert.ok(!halves.covers(parseCidr("0.0.0.0/0")!), "no single member holds it");
        assert.equal(halves.unionSize(4), 1n << 32n);
        assert.equal(halves.unionSize(6), 0n);
        const gap = CidrSet.parse(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2", "203.0.113.0/24"], "gap");
        assert.ok(gap.unionCovers(parseCidr("0.0.0.0/0")!), "adjacent and overlapping members merge");
        assert.equal(gap.unionSize(4), 1n << 32n, "overlaps are counted once");
        const holed = CidrSet.parse(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5"], "holed");
        assert.ok(!holed.unionCovers(parseCidr("0.0.0.0/0")!), "248.0.0.0/5 is missing");
        assert.ok(holed.unionCovers(parseCidr("100.0.0.0/6")!));
        assert.ok(!holed.unionCovers(parseCidr("::/0")!), "IPv4 members cover no IPv6");
        assert.ok(CidrSet.parse(["::/1", "8000::/1"], "v6").unionCovers(parseCidr("::/0")!));
    });

    it("agrees with address-by-address coverage of the union", () => {
        // Small ranges inside 10.0.0.0/24, so that every address can be enumerated.
        const inside = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 }))
            .map(([a, p]) => parseCidr(`10.0.0.${a}/${p}`)!);
        fc.assert(fc.property(fc.array(inside, { maxLength: 8 }), inside, (members, c) => {
            const set = new CidrSet(members);
            const covered = (n: bigint) => members.some((m) => contains(m, { version: 4, network: n, prefix: 32 }));
            let all = true;
            for (let n = c.network; n <= lastAddress(c); n++) {
                all &&= covered(n);
            }
            assert.equal(set.unionCovers(c), all);
            let size = 0n;
            for (let n = 0x0a000000n; n <= 0x0a0000ffn; n++) {
                size += covered(n) ? 1n : 0n;
            }
            assert.equal(set.unionSize(4), size);
        }));
    });

    it("names the entry that is not a range", () => {
        assert.throws(() => CidrSet.parse(["10.0.0.0/8", "ten"], "privateCidrs"), /privateCidrs\[1\] = "ten" is not/);
    });

    it("summarises for messages", () => {
        assert.equal(privateSet.summary(2), "10.0.0.0/8, 172.16.0.0/12 and 2 more");
    });
});
