import { strict as assert } from "assert";
import fc from "fast-check";
import { ALL_PORTS, describeTraffic, normaliseProtocol, portsIn, rangeIncludes, rangesOverlap, tcpPorts } from "../../../policies/lib/ports";
import { UNKNOWN } from "../../../policies/lib/read";

describe("policies/lib/ports", () => {
    describe("normaliseProtocol", () => {
        const cases: [string | number, string | undefined][] = [
            ["tcp", "tcp"], ["TCP", "tcp"], ["6", "tcp"], [6, "tcp"], [" Tcp ", "tcp"],
            ["udp", "udp"], ["17", "udp"], [17, "udp"],
            ["icmp", "icmp"], ["1", "icmp"], ["icmpv6", "icmpv6"], ["58", "icmpv6"],
            ["-1", "all"], [-1, "all"], ["all", "all"], ["ALL", "all"],
            ["50", "other"], ["esp", "other"], ["255", "other"],
            ["256", undefined], ["", undefined], ["t c p", undefined],
        ];
        for (const [input, expected] of cases) {
            it(`reads ${JSON.stringify(input)} as ${expected}`, () => {
                assert.equal(normaliseProtocol(input), expected);
            });
        }
        it("keeps absent and unknown apart", () => {
            assert.equal(normaliseProtocol(undefined), undefined);
            assert.equal(normaliseProtocol(UNKNOWN), UNKNOWN);
        });
    });

    describe("tcpPorts", () => {
        it("gives every port for all traffic whatever the port fields say", () => {
            assert.deepEqual(tcpPorts("all", 0, 0), ALL_PORTS);
            assert.deepEqual(tcpPorts("all", undefined, undefined), ALL_PORTS);
            assert.deepEqual(tcpPorts("all", UNKNOWN, UNKNOWN), ALL_PORTS);
        });
        it("gives no TCP port for other protocols", () => {
            for (const p of ["udp", "icmp", "icmpv6", "other"] as const) {
                assert.equal(tcpPorts(p, 5432, 5432), "none");
            }
        });
        it("reads TCP ranges, reversed ranges, -1 and missing ports", () => {
            assert.deepEqual(tcpPorts("tcp", 5432, 5432), { from: 5432, to: 5432 });
            assert.deepEqual(tcpPorts("tcp", 6000, 5000), { from: 5000, to: 6000 });
            assert.deepEqual(tcpPorts("tcp", -1, -1), ALL_PORTS);
            assert.deepEqual(tcpPorts("tcp", undefined, undefined), ALL_PORTS);
            assert.deepEqual(tcpPorts("tcp", 443, undefined), { from: 443, to: 443 });
        });
        it("is unknown when the protocol or a TCP port is unknown", () => {
            assert.equal(tcpPorts(UNKNOWN, 1, 2), UNKNOWN);
            assert.equal(tcpPorts("tcp", UNKNOWN, 2), UNKNOWN);
        });
    });

    describe("ranges", () => {
        const port = fc.integer({ min: 0, max: 65535 });
        const range = fc.tuple(port, port).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
        it("overlap agrees with having a port in common", () => {
            fc.assert(fc.property(range, range, fc.array(port, { maxLength: 20 }), (a, b, probes) => {
                assert.equal(rangesOverlap(a, b), rangesOverlap(b, a));
                for (const p of probes) {
                    if (rangeIncludes(a, p) && rangeIncludes(b, p)) {
                        assert.ok(rangesOverlap(a, b));
                    }
                }
                assert.equal(rangesOverlap(a, b), rangeIncludes(a, Math.max(a.from, b.from)) && rangeIncludes(b, Math.max(a.from, b.from)));
            }));
        });
        it("portsIn keeps exactly the ports inside", () => {
            fc.assert(fc.property(range, fc.array(port, { maxLength: 30 }), (r, ports) => {
                assert.deepEqual(portsIn(r, ports), ports.filter((p) => p >= r.from && p <= r.to));
            }));
        });
    });

    it("describes traffic for messages", () => {
        assert.equal(describeTraffic("all", ALL_PORTS), "all traffic");
        assert.equal(describeTraffic("tcp", ALL_PORTS), "every TCP port");
        assert.equal(describeTraffic("tcp", { from: 443, to: 443 }), "TCP 443");
        assert.equal(describeTraffic("tcp", { from: 5000, to: 6000 }), "TCP 5000-6000");
        assert.equal(describeTraffic("udp", "none"), "UDP");
    });
});
