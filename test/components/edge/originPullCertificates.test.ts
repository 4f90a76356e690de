import { strict as assert } from "assert";
import { generationProblems, ORIGIN_PULL_DEFAULTS, OriginPullCertificates } from "../../../components/edge";
import { offlineCertificateNames, offlinePrivateKey } from "../../../tools/harness/answers/edge";
import { RunError, runComponents, RunResult } from "../../../tools/harness/run";
import { all, one } from "../../support/resources";
import { plainOccurrences } from "../../support/stores";

const KEY = "tls:index/privateKey:PrivateKey";
const CA = "tls:index/selfSignedCert:SelfSignedCert";
const LEAF = "tls:index/locallySignedCert:LocallySignedCert";

async function build(generations: readonly string[], preview = false): Promise<{ run: RunResult; pki: OriginPullCertificates }> {
    let pki: OriginPullCertificates | undefined;
    const run = await runComponents(() => {
        pki = new OriginPullCertificates("aop", { zoneName: "example.com", generations });
    }, { preview });
    return { run, pki: pki! };
}

async function known<T>(o: { apply<U>(f: (t: T) => U): unknown }): Promise<T> {
    return new Promise((resolve) => o.apply((v: T) => resolve(v)));
}

describe("components/edge/OriginPullCertificates", () => {
    let run: RunResult;
    let pki: OriginPullCertificates;
    before(async () => {
        ({ run, pki } = await build(["1"]));
    });

    it("generates a CA that may sign leaves only, valid ten years, and a client certificate it issues, valid a year and renewed 60 days ahead", () => {
        const ca = one(run, CA, "aop-ca-1").inputs;
        assert.deepEqual([ca.isCaCertificate, ca.maxPathLength, ca.allowedUses], [true, 0, ["cert_signing", "crl_signing"]]);
        assert.equal(ca.validityPeriodHours, 87600);
        assert.equal(ca.earlyRenewalHours, undefined, "a CA is never replaced by itself");
        const leaf = one(run, LEAF, "aop-client").inputs;
        assert.deepEqual(leaf.allowedUses, ["digital_signature", "key_encipherment", "client_auth"]);
        assert.deepEqual([leaf.validityPeriodHours, leaf.earlyRenewalHours], [8760, 1440]);
        assert.equal(leaf.isCaCertificate, undefined);
        assert.deepEqual(all(run, KEY).map((k) => [k.name, k.inputs.algorithm, k.inputs.rsaBits]).sort(), [["aop-ca-1", "RSA", 4096], ["aop-client", "RSA", 2048]]);
        assert.ok(ORIGIN_PULL_DEFAULTS.clientEarlyRenewalHours > 30 * 24, "renewed before Cloudflare's first expiry warning");
    });

    it("issues the client certificate from the CA the bundle holds, and holds nothing else", async () => {
        const leafPem = await known<string>(pki.clientCertPem);
        const bundle = await known<string>(pki.caBundlePem);
        assert.deepEqual(offlineCertificateNames(leafPem), { subject: "aop-client", issuer: "aop-ca-1" });
        assert.equal(bundle.match(/BEGIN CERTIFICATE/g)!.length, 1);
        assert.deepEqual(offlineCertificateNames(bundle), { subject: "aop-ca-1", issuer: "aop-ca-1" });
    });

    it("keeps every private key a secret: in the inputs the engine sees, and out of every output", () => {
        for (const name of ["aop-ca-1", "aop-client"]) {
            const key = offlinePrivateKey(name);
            for (const r of run.resources) {
                assert.deepEqual(plainOccurrences(r.wire, key), [], `${r.name} carries ${name}'s key in plain text`);
            }
            for (const [urn, outputs] of run.componentOutputs) {
                assert.deepEqual(plainOccurrences(outputs, key), [], `${urn} outputs`);
            }
        }
        assert.equal((one(run, LEAF, "aop-client").wire.caPrivateKeyPem as Record<string, unknown>).value, offlinePrivateKey("aop-ca-1"), "the CA key reaches the signer, as a secret");
    });

    it("trusts both CAs while one replaces the other, and issues from the newer", async () => {
        const { run: rotating, pki: next } = await build(["1", "2"]);
        assert.deepEqual(all(rotating, CA).map((c) => c.name), ["aop-ca-1", "aop-ca-2"]);
        const bundle = await known<string>(next.caBundlePem);
        assert.deepEqual(bundle.split(/(?<=-----END CERTIFICATE-----\n)/).filter(Boolean).map((p) => offlineCertificateNames(p).subject), ["aop-ca-1", "aop-ca-2"]);
        assert.equal(offlineCertificateNames(await known<string>(next.clientCertPem)).issuer, "aop-ca-2");
    });

    it("registers in preview with the certificates unknown", async () => {
        const { run: preview } = await build(["1"], true);
        assert.equal(one(preview, LEAF, "aop-client").wire.caCertPem, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    });

    it("refuses no generation, three at once, repeats and names that cannot name resources", async () => {
        assert.deepEqual(generationProblems(["1"]), []);
        assert.match(generationProblems([]).join(), /must list 1 to 2 CA generations/);
        assert.match(generationProblems(["1", "2", "3"]).join(), /not 3/);
        assert.match(generationProblems(["1", "1"]).join(), /item 1 "1" repeats item 0/);
        assert.match(generationProblems(["CA 1"]).join(), /item 0 "CA 1" must be 1-16 lower-case letters/);
        await assert.rejects(build(["a", "b", "c"]), (e: unknown) => e instanceof RunError && /origin-pull certificates aop: CA generations \["a","b","c"\]/.test(e.message));
    });
});
