import { strict as assert } from "assert";
import { planAlbRules } from "../../../components/edge";

const RANGES = { ipv4: ["173.245.48.0/20", "103.21.244.0/22"], ipv6: ["2400:cb00::/32"] };
const GATEWAY = { name: "api-gateway", port: 8000 };

describe("components/edge/albRules", () => {
    it("admits 443 from each Cloudflare range, and nothing else into the load balancer", () => {
        const ingress = planAlbRules(RANGES, GATEWAY).filter((r) => r.on === "alb" && r.direction === "ingress");
        assert.deepEqual(ingress.map((r) => [r.port, r.peer]), [
            [443, { kind: "cidr", cidr: "173.245.48.0/20" }],
            [443, { kind: "cidr", cidr: "103.21.244.0/22" }],
            [443, { kind: "cidr", cidr: "2400:cb00::/32" }],
        ]);
        assert.deepEqual(ingress.map((r) => r.key), ["https-from-173-245-48-0-20", "https-from-103-21-244-0-22", "https-from-2400-cb00-32"]);
    });

    it("opens the load balancer only to the gateway's group, on its port, on both sides", () => {
        const rest = planAlbRules(RANGES, GATEWAY).filter((r) => r.peer.kind !== "cidr");
        assert.deepEqual(rest.map((r) => [r.on, r.direction, r.port, r.peer.kind]), [
            ["alb", "egress", 8000, "target"],
            ["target", "ingress", 8000, "alb"],
        ]);
    });

    it("refuses ranges a security group cannot hold or that are not Cloudflare-shaped", () => {
        const many = Array.from({ length: 61 }, (_, i) => `10.${i}.0.0/16`);
        assert.throws(() => planAlbRules({ ipv4: many, ipv6: [] }, GATEWAY), /61 IPv4 Cloudflare ranges need more rules than a security group holds \(60\)/);
        assert.throws(() => planAlbRules({ ipv4: ["2400:cb00::/32"], ipv6: [] }, GATEWAY), /is not an IPv4 CIDR/);
        assert.throws(() => planAlbRules({ ipv4: ["0.0.0.0/0"], ipv6: [] }, GATEWAY), /narrower than the whole address space/);
        assert.throws(() => planAlbRules({ ipv4: [], ipv6: [] }, GATEWAY), /would admit nobody/);
    });
});
