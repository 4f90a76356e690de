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
        assert.ok(privateSet.covers(parseCidr("::ffff:10.0.0.1/128")!), "an IPv4-mapped IPv6 address is judged as the IPv4 address it stands for");
        assert.ok(!privateSet.covers(parseCidr("::ffff:0.0.0.0/96")!), "all of IPv4, mapped, is the IPv4 internet");
        assert.ok(privateSet.covers(parseCidr("64:ff9b::a00:1/128")!), "a NAT64 address is judged as its IPv4 address (10.0.0.1)");
    });

    it("covers whatever one member contains", () => {
        const cidr4 = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 0, max: 32 }))
            .map(([a, p]) => parseCidr(`${formatCidr({ version: 4, network: a, prefix: 32 }).split("/")[0]}/${p}`)!);
        fc.assert(fc.property(fc.array(cidr4, { maxLength: 6 }), cidr4, (members, c) => {
            const set = new CidrSet(members);
            if (members.some((m) => contains(m, c))) {
                assert.ok(set.covers(c));
            }
        }));
    });

    it("is a set of addresses: adjacent and overlapping members cover what they make up together", () => {
        const halves = new CidrSet([parseCidr("0.0.0.0/1")!, parseCidr("128.0.0.0/1")!]);
        assert.ok(halves.covers(parseCidr("0.0.0.0/0")!), "two halves are the whole IPv4 space");
        const pair = new CidrSet([parseCidr("13.55.5.14/32")!, parseCidr("13.55.5.15/32")!]);
        assert.ok(pair.covers(parseCidr("13.55.5.14/31")!), "two adjacent /32s cover the /31");
        assert.ok(!pair.covers(parseCidr("13.55.5.14/30")!));
        assert.ok(new CidrSet([parseCidr("10.0.0.0/9")!, parseCidr("10.64.0.0/10")!, parseCidr("10.128.0.0/9")!]).covers(parseCidr("10.0.0.0/8")!));
        assert.ok(halves.intersects(parseCidr("8.8.8.8/32")!));
        assert.ok(!pair.intersects(parseCidr("13.55.5.16/30")!));
        assert.ok(halves.union(pair).coversSet(pair));
        assert.ok(!pair.coversSet(halves));
    });

    it("agrees with a brute-force union on random sets", () => {
        const small = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 })).map(([a, p]) => parseCidr(`10.0.0.${a}/${p}`)!);
        fc.assert(fc.property(fc.array(small, { maxLength: 8 }), small, (members, c) => {
            const addresses = new Set<bigint>();
            for (const m of members) {
                for (let x = m.network; x <= lastAddress(m); x++) {
                    addresses.add(x);
                }
            }
            let all = true;
            for (let x = c.network; x <= lastAddress(c); x++) {
                all = all && addresses.has(x);
            }
            assert.equal(new CidrSet(members).covers(c), all);
        }));
    });

    it("judges the union of its members: two halves are the whole space", () => {
        const halves = CidrSet.parse(["0.0.0.0/1", "128.0.0.0/1"], "halves");
        assert.ok(halves.covers(parseCidr("0.0.0.0/0")!));
        assert.equal(halves.size(4), 1n << 32n);
        assert.equal(halves.size(6), 0n);
        const gap = CidrSet.parse(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2", "203.0.113.0/24"], "gap");
        assert.ok(gap.covers(parseCidr("0.0.0.0/0")!), "adjacent and overlapping members merge");
        assert.equal(gap.size(4), 1n << 32n, "overlaps are counted once");
        const holed = CidrSet.parse(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5"], "holed");
        assert.ok(!holed.covers(parseCidr("0.0.0.0/0")!), "248.0.0.0/5 is missing");
        assert.ok(holed.covers(parseCidr("100.0.0.0/6")!));
        assert.ok(!holed.covers(parseCidr("::/0")!), "IPv4 members cover no IPv6");
        assert.ok(CidrSet.parse(["::/1", "8000::/1"], "v6").covers(parseCidr("::/0")!));
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
            assert.equal(set.covers(c), all);
            let size = 0n;
            for (let n = 0x0a000000n; n <= 0x0a0000ffn; n++) {
                size += covered(n) ? 1n : 0n;
            }
            assert.equal(set.size(4), size);
        }));
    });

    it("names the entry that is not a range", () => {
        assert.throws(() => CidrSet.parse(["10.0.0.0/8", "ten"], "privateCidrs"), /privateCidrs\[1\] = "ten" is not/);
    });

    it("summarises for messages", () => {
        assert.equal(privateSet.summary(2), "10.0.0.0/8, 172.16.0.0/12 and 7 more");
    });
});
