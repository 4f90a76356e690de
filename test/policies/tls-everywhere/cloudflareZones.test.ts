import { strict as assert } from "assert";
import * as cloudflare from "@pulumi/cloudflare";
import { findings, judgeProgram, summary, usePack } from "../../support/pack";

// A zone the stack creates keeps Cloudflare's defaults for what the stack
// does not set: TLS 1.0, Flexible/Automatic SSL, plain HTTP to visitors.
describe("tls-everywhere: Cloudflare zones the stack creates (through the gRPC interface)", () => {
    const pack = usePack();

    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "after apply";

        it(`a zone with no settings is judged by Cloudflare's defaults; a zone with all three set passes (${mode})`, async () => {
            const report = await judgeProgram(pack(), () => {
                const zone = new cloudflare.Zone("zone", { account: { id: "acc" }, name: "example.com" });
                new cloudflare.ZoneSetting("ssl", { zoneId: zone.id, settingId: "ssl", value: "strict" });
                new cloudflare.ZoneSetting("tls", { zoneId: zone.id, settingId: "min_tls_version", value: "1.2" });
                new cloudflare.ZoneSetting("https", { zoneId: zone.id, settingId: "always_use_https", value: "on" });
                const bare = new cloudflare.Zone("bare", { account: { id: "acc" }, name: "example.org" });
                new cloudflare.DnsRecord("www", { zoneId: bare.id, name: "www", type: "A", content: "203.0.113.10", proxied: true, ttl: 1 });
                const partly = new cloudflare.Zone("partly", { account: { id: "acc" }, name: "example.net" });
                new cloudflare.ZoneSetting("partly-ssl", { zoneId: partly.id, settingId: "ssl", value: "strict" });
            }, preview);
            assert.deepEqual(summary(report, "tls-everywhere"), [
                "tls-everywhere mandatory bare always_use_https",
                "tls-everywhere mandatory bare min_tls_version",
                "tls-everywhere mandatory bare ssl",
                "tls-everywhere mandatory partly always_use_https",
                "tls-everywhere mandatory partly min_tls_version",
            ]);
            assert.match(findings(report).find((f) => f.resource === "bare" && f.field === "min_tls_version")!.text,
                /^\(not set by a ZoneSetting or ZoneSettingsOverride of this stack for zone "example\.org"\): Cloudflare's default, 1\.0, accepts TLS 1\.0 and 1\.1; add a cloudflare\.ZoneSetting with zoneId this zone's id, settingId "min_tls_version" and value "1\.2"/);
        });
    }
});
