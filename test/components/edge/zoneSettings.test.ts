import { strict as assert } from "assert";
import { EDGE_DEFAULTS, hstsProblems, planZoneSettings } from "../../../components/edge";
import { STRICT_ZONE_SETTINGS } from "../../support/edge";

describe("components/edge/zoneSettings", () => {
    it("sets TLS strict end to end, HTTPS only, HSTS and origin pulls", () => {
        const values = Object.fromEntries(planZoneSettings("1.2", EDGE_DEFAULTS.hsts).map((s) => [s.id, s.value]));
        assert.deepEqual(values, STRICT_ZONE_SETTINGS);
        assert.equal(planZoneSettings("1.3", EDGE_DEFAULTS.hsts).find((s) => s.id === "min_tls_version")?.value, "1.3");
    });

    it("refuses HSTS the preload list would refuse, or too short to protect", () => {
        assert.deepEqual(hstsProblems(EDGE_DEFAULTS.hsts), []);
        assert.match(hstsProblems({ ...EDGE_DEFAULTS.hsts, includeSubdomains: false }).join(), /preload needs includeSubdomains and a max-age of 31536000/);
        assert.match(hstsProblems({ ...EDGE_DEFAULTS.hsts, preload: false, maxAgeSeconds: 60 }).join(), /max-age 60 must be whole seconds from 300 to 31536000/);
        assert.throws(() => planZoneSettings("1.2", { ...EDGE_DEFAULTS.hsts, maxAgeSeconds: 86400 }), /preload needs/);
    });
});
