// Pinned certificates the stack trusts. The CA that signs Cloudflare's
// origin-pull client certificates (global authenticated origin pulls) is
// published by Cloudflare at
//   https://developers.cloudflare.com/ssl/static/authenticated_origin_pull_ca.pem
// (source: github.com/cloudflare/cloudflare-docs, public/ssl/static/). It is
// pinned by SHA-256 fingerprint so that an edited file is refused, and it
// expires on 2029-11-01: Cloudflare will publish its successor before then.
import { X509Certificate } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const CLOUDFLARE_ORIGIN_PULL_CA = path.join(__dirname, "data", "cloudflare-origin-pull-ca.pem");

/** SHA-256 fingerprint of CN=origin-pull.cloudflare.net, valid 2019-10-10 to 2029-11-01. */
export const CLOUDFLARE_ORIGIN_PULL_CA_SHA256 =
    "9A:1A:C2:B4:BE:15:F9:F2:7E:EE:20:A7:34:CB:A4:E9:89:8F:61:00:1B:3B:D7:C8:4B:69:B5:6A:3E:25:A2:B9";

/**
 * Reads a PEM file holding one CA certificate and checks it: a CA, not
 * expired, with the expected fingerprint. Throws naming the file and what is
 * wrong.
 */
export function readPinnedCa(file: string, sha256: string, now: Date = new Date()): string {
    const pem = fs.readFileSync(file, "utf8");
    const name = path.basename(file);
    let cert: X509Certificate;
    try {
        cert = new X509Certificate(pem);
    } catch (e) {
        throw new Error(`${name} is not a PEM certificate: ${(e as Error).message}`);
    }
    if (cert.fingerprint256 !== sha256) {
        throw new Error(`${name} has fingerprint ${cert.fingerprint256}, not the pinned ${sha256}; check where it came from before pinning it`);
    }
    if (!cert.ca) {
        throw new Error(`${name} is not a CA certificate`);
    }
    if (new Date(cert.validTo) <= now) {
        throw new Error(`${name} expired on ${cert.validTo}; pin its successor`);
    }
    return pem;
}

/** PEM of the CA of Cloudflare's origin-pull certificates. */
export function cloudflareOriginPullCa(): string {
    return readPinnedCa(CLOUDFLARE_ORIGIN_PULL_CA, CLOUDFLARE_ORIGIN_PULL_CA_SHA256);
}
