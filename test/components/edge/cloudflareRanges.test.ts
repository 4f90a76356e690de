import { strict as assert } from "assert";
import { describeDrift, rangeDrift } from "../../../components/edge";

const PINNED = { ipv4: ["173.245.48.0/20", "103.21.244.0/22"], ipv6: ["2400:cb00::/32"] };

describe("components/edge/cloudflareRanges", () => {
    it("finds no drift when the lists agree, whatever the order and spelling", () => {
        const drift = rangeDrift(PINNED, { ipv4: ["103.21.244.0/22", "173.245.48.0/20"], ipv6: ["2400:CB00:0::/32"] });
        assert.deepEqual(drift, { added: [], removed: [] });
        assert.equal(describeDrift(drift), undefined);
    });

    it("lists ranges Cloudflare added and removed, and the keys to update", () => {
        const drift = rangeDrift(PINNED, { ipv4: ["173.245.48.0/20", "198.41.128.0/17"], ipv6: ["2400:cb00::/32", "2606:4700::/32"] });
        assert.deepEqual(drift, { added: ["198.41.128.0/17", "2606:4700::/32"], removed: ["103.21.244.0/22"] });
        const message = describeDrift(drift)!;
        assert.match(message, /published but not pinned \(their traffic is refused at the ALB\): 198\.41\.128\.0\/17, 2606:4700::\/32/);
        assert.match(message, /pinned but no longer published \(the ALB still admits them\): 103\.21\.244\.0\/22/);
        assert.match(message, /cloudflareIpv4Cidrs\/cloudflareIpv6Cidrs/);
    });

    it("refuses a published entry that is not a range", () => {
        assert.throws(() => rangeDrift(PINNED, { ipv4: ["nonsense"], ipv6: [] }), /"nonsense" is not a CIDR/);
    });
});
