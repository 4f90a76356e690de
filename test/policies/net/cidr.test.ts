import { strict as assert } from "assert";
import fc from "fast-check";
import {
    addressCount, contains, formatCidr, lastAddress, overlaps, parseCidr, parseIp, rangeToCidrs, readCidr, subnetAt,
} from "../../../policies/net";

const v4 = fc.bigInt({ min: 0n, max: (1n << 32n) - 1n });
const v6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const cidr4 = fc.tuple(v4, fc.integer({ min: 0, max: 32 })).map(([a, p]) => parseCidr(`${formatV4(a)}/${p}`)!);
const cidr6 = fc.tuple(v6, fc.integer({ min: 0, max: 128 })).map(([a, p]) => readCidr(`${formatV6(a)}/${p}`)!.cidr);

function formatV4(a: bigint): string {
    return formatCidr({ version: 4, network: a, prefix: 32 }).split("/")[0];
}
function formatV6(a: bigint): string {
    return formatCidr({ version: 6, network: a, prefix: 128 }).split("/")[0];
}

describe("policies/net/cidr", () => {
    describe("parsing", () => {
        it("reads IPv4 and IPv6 ranges and bare addresses", () => {
            assert.equal(formatCidr(parseCidr("10.0.0.0/16")!), "10.0.0.0/16");
            assert.equal(formatCidr(parseCidr("0.0.0.0/0")!), "0.0.0.0/0");
            assert.equal(formatCidr(parseCidr("::/0")!), "::/0");
            assert.equal(formatCidr(parseCidr("2001:DB8::/32")!), "2001:db8::/32");
            assert.equal(formatCidr(parseCidr("13.55.5.15")!), "13.55.5.15/32");
            assert.equal(formatCidr(parseCidr("fe80::1")!), "fe80::1/128");
            assert.equal(formatCidr(parseCidr("::ffff:10.0.0.1/128")!), "::ffff:a00:1/128");
            assert.equal(formatCidr(parseCidr("1:2:3:4:5:6:7:8")!), "1:2:3:4:5:6:7:8/128");
        });

        it("clears host bits and says so", () => {
            const r = readCidr("10.1.2.3/8")!;
            assert.equal(formatCidr(r.cidr), "10.0.0.0/8");
            assert.equal(r.canonical, false);
            assert.equal(readCidr("10.0.0.0/8")!.canonical, true);
        });

        for (const bad of ["", "10.0.0", "10.0.0.0.0", "256.0.0.0/8", "10.0.0.0/33", "010.0.0.0/8", "10.0.0.0/-1", "10.0.0.0/", "1::2::3",
            "1:2:3:4:5:6:7:8:9", "12345::", "::/129", "10.0.0.0/8/8", "g::", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", " ", "10.0.0.0 /8"]) {
            it(`rejects ${JSON.stringify(bad)}`, () => {
                assert.equal(parseCidr(bad), undefined);
            });
        }

        it("round-trips any IPv4 and IPv6 range through its canonical text", () => {
            fc.assert(fc.property(fc.oneof(cidr4, cidr6), (c) => {
                const again = readCidr(formatCidr(c))!;
                assert.deepEqual(again.cidr, c);
                assert.equal(again.canonical, true);
            }));
        });

        it("keeps IPv4 and IPv6 apart", () => {
            assert.equal(parseIp("10.0.0.1")!.version, 4);
            assert.equal(parseIp("::a00:1")!.version, 6);
            assert.equal(overlaps(parseCidr("0.0.0.0/0")!, parseCidr("::/0")!), false);
            assert.equal(contains(parseCidr("::/0")!, parseCidr("10.0.0.0/8")!), false);
        });
    });

    describe("containment and overlap", () => {
        it("answers the obvious cases", () => {
            assert.ok(contains(parseCidr("10.0.0.0/8")!, parseCidr("10.1.0.0/16")!));
            assert.ok(!contains(parseCidr("10.1.0.0/16")!, parseCidr("10.0.0.0/8")!));
            assert.ok(contains(parseCidr("0.0.0.0/0")!, parseCidr("13.55.5.15/32")!));
            assert.ok(overlaps(parseCidr("10.0.0.0/8")!, parseCidr("0.0.0.0/0")!));
            assert.ok(!overlaps(parseCidr("10.0.0.0/16")!, parseCidr("10.1.0.0/16")!));
            assert.ok(overlaps(parseCidr("2001:db8::/32")!, parseCidr("2001:db8:1::/48")!));
        });

        it("containment agrees with comparing first and last addresses", () => {
            fc.assert(fc.property(fc.oneof(fc.tuple(cidr4, cidr4), fc.tuple(cidr6, cidr6)), ([a, b]) => {
                const byBounds = a.network <= b.network && lastAddress(b) <= lastAddress(a);
                assert.equal(contains(a, b), byBounds);
                assert.equal(overlaps(a, b), a.network <= lastAddress(b) && b.network <= lastAddress(a));
                assert.equal(overlaps(a, b), overlaps(b, a));
                if (contains(a, b)) {
                    assert.ok(overlaps(a, b));
                }
            }));
        });
    });

    describe("subnetAt", () => {
        it("splits a range in address order", () => {
            const vpc = parseCidr("10.0.0.0/16")!;
            assert.equal(formatCidr(subnetAt(vpc, 20, 0)), "10.0.0.0/20");
            assert.equal(formatCidr(subnetAt(vpc, 20, 15)), "10.0.240.0/20");
            assert.throws(() => subnetAt(vpc, 20, 16), /holds 16 ranges of \/20; index 16/);
            assert.throws(() => subnetAt(vpc, 15, 0), /does not fit/);
        });
    });

    describe("rangeToCidrs", () => {
        it("covers exactly the range with aligned blocks", () => {
            assert.deepEqual(rangeToCidrs(4, parseIp("10.0.192.0")!.value, parseIp("10.0.215.255")!.value).map(formatCidr), [
                "10.0.192.0/20", "10.0.208.0/21",
            ]);
            fc.assert(fc.property(v4, v4, (x, y) => {
                const [first, last] = x <= y ? [x, y] : [y, x];
                const blocks = rangeToCidrs(4, first, last);
                let next = first;
                for (const b of blocks) {
                    assert.equal(b.network, next, "blocks are contiguous");
                    assert.equal(b.network % addressCount(b), 0n, "blocks are aligned");
                    next = lastAddress(b) + 1n;
                }
                assert.equal(next, last + 1n);
                assert.ok(blocks.length <= 62);
            }));
        });
    });
});
