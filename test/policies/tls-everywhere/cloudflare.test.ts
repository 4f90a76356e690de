import { strict as assert } from "assert";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { settingOf, zoneSettingsOverrideViolations, zoneSettingViolations } from "../../../policies/tls-everywhere/cloudflare";

describe("tls-everywhere: Cloudflare", () => {
    it("reads setting ids in snake and camel case", () => {
        assert.equal(settingOf("min_tls_version"), "minTlsVersion");
        assert.equal(settingOf("minTlsVersion"), "minTlsVersion");
        assert.equal(settingOf("always_use_https"), "alwaysUseHttps");
        assert.equal(settingOf("tls_1_3"), undefined);
    });

    it("judges v6 ZoneSetting resources one setting at a time", () => {
        const bad = (settingId: string, value: unknown) => zoneSettingViolations({ zoneId: "z", settingId, value }).length;
        assert.equal(bad("ssl", "strict"), 0);
        assert.equal(bad("ssl", "full"), 1);
        assert.equal(bad("ssl", "flexible"), 1);
        assert.equal(bad("min_tls_version", "1.2"), 0);
        assert.equal(bad("min_tls_version", "1.3"), 0);
        assert.equal(bad("min_tls_version", "1.0"), 1);
        assert.equal(bad("always_use_https", "on"), 0);
        assert.equal(bad("always_use_https", "off"), 1);
        assert.equal(bad("browser_cache_ttl", 14400), 0);
        assert.equal(bad("ssl", U), 0);
        assert.match(zoneSettingViolations({ settingId: "min_tls_version", value: "1.1" })[0].message, /min_tls_version = "1\.1" accepts TLS older than 1\.2/);
    });

    it("judges the older ZoneSettingsOverride by the settings it sets", () => {
        assert.deepEqual(zoneSettingsOverrideViolations({ zoneId: "z", settings: { ssl: "flexible", minTlsVersion: "1.0", alwaysUseHttps: "off", tls13: "on" } }).map((v) => v.field), [
            "settings.ssl", "settings.minTlsVersion", "settings.alwaysUseHttps",
        ]);
        assert.deepEqual(zoneSettingsOverrideViolations({ settings: { ssl: "strict", min_tls_version: "1.2", always_use_https: "on" } }), []);
        assert.deepEqual(zoneSettingsOverrideViolations({ settings: { brotli: "on" } }), []);
        assert.deepEqual(zoneSettingsOverrideViolations({ settings: U }), []);
    });
});
