import { strict as assert } from "assert";
import { X509Certificate } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLOUDFLARE_ORIGIN_PULL_CA, CLOUDFLARE_ORIGIN_PULL_CA_SHA256, cloudflareOriginPullCa, readPinnedCa } from "../../infra/certificates";

describe("infra/certificates", () => {
    it("pins Cloudflare's origin-pull CA: self-signed, a CA, valid until November 2029", () => {
        const cert = new X509Certificate(cloudflareOriginPullCa());
        assert.match(cert.subject, /CN=origin-pull\.cloudflare\.net/);
        assert.equal(cert.subject, cert.issuer);
        assert.ok(cert.verify(cert.publicKey), "self-signed");
        assert.ok(cert.ca);
        assert.equal(new Date(cert.validTo).toISOString(), "2029-11-01T17:00:00.000Z");
        assert.equal(cert.fingerprint256, CLOUDFLARE_ORIGIN_PULL_CA_SHA256);
    });

    it("refuses a bundle whose fingerprint is not the pinned one, that is not PEM, or that has expired", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ca-"));
        const other = path.join(dir, "other.pem");
        fs.writeFileSync(other, "not a certificate\n");
        assert.throws(() => readPinnedCa(other, CLOUDFLARE_ORIGIN_PULL_CA_SHA256), /other\.pem is not a PEM certificate/);
        assert.throws(() => readPinnedCa(CLOUDFLARE_ORIGIN_PULL_CA, "00:11"), /has fingerprint 9A:1A:.*, not the pinned 00:11; check where it came from/);
        assert.throws(() => readPinnedCa(CLOUDFLARE_ORIGIN_PULL_CA, CLOUDFLARE_ORIGIN_PULL_CA_SHA256, new Date("2030-01-01")), /expired on Nov  1 17:00:00 2029 GMT; pin its successor/);
    });
});
