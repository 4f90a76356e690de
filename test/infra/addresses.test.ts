import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readAddressList, stripeApiCidrs, stripeWebhookCidrs } from "../../infra/addresses";

describe("infra/addresses", () => {
    it("reads the pinned Stripe lists as canonical single-address CIDRs", () => {
        const api = stripeApiCidrs();
        assert.equal(api.length, 162);
        assert.ok(api.every((c) => c.endsWith("/32")));
        assert.ok(api.includes("13.55.5.15/32"));
        const hooks = stripeWebhookCidrs();
        assert.equal(hooks.length, 15);
        assert.ok(hooks.includes("3.18.12.63/32") && hooks.includes("3.130.192.231/32"), "seed 000's allow-listed senders");
    });

    it("names the file and line of an entry that is not an address", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "addr-")), "list.txt");
        fs.writeFileSync(file, "# comment\n1.2.3.4\n\n1.2.3.999\n");
        assert.throws(() => readAddressList(file), /list\.txt: not an IP address on 1 line\(s\): line 4: "1\.2\.3\.999"/);
        fs.writeFileSync(file, "# nothing\n");
        assert.throws(() => readAddressList(file), /list\.txt: no addresses/);
        fs.writeFileSync(file, "3.18.12.63\n3.18.12.63\n2001:db8::1\n");
        assert.deepEqual(readAddressList(file), ["3.18.12.63/32", "2001:db8::1/128"]);
    });
});
