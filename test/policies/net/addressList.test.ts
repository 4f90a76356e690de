import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { packRoot, parseAddressList, pinnedStripeApiAddresses } from "../../../policies/net";
import { REPO_ROOT } from "../../../tools/harness/project";

describe("policies/net/addressList", () => {
    it("parses one address per line, skipping blanks and comments", () => {
        assert.deepEqual(parseAddressList("# Stripe\n13.55.5.15\r\n\n2001:db8::1\n", "t"), ["13.55.5.15", "2001:db8::1"]);
    });

    it("rejects a list with a line that is not an address, naming it", () => {
        assert.throws(() => parseAddressList("13.55.5.15\n<html>\n", "ips_api.txt"), /ips_api.txt: not an IP address on 1 line\(s\): line 2: "<html>"/);
        assert.throws(() => parseAddressList("\n# nothing\n", "empty"), /empty: no addresses/);
    });

    it("loads the pinned list, which is the published copy in shared data", () => {
        const pinned = pinnedStripeApiAddresses();
        assert.equal(pinned.length, 162);
        const shared = path.join(REPO_ROOT, "..", "shared", "data", "stripe-api-ips.txt");
        if (fs.existsSync(shared)) {
            assert.deepEqual(pinned, parseAddressList(fs.readFileSync(shared, "utf8"), "shared"));
        }
    });

    it("finds the pack folder from source and from the compiled bin/", () => {
        const root = path.join(REPO_ROOT, "policies");
        assert.equal(packRoot(path.join(root, "lib")), root);
        assert.equal(packRoot(path.join(root, "bin", "lib")), root);
    });
});
