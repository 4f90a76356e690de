// Stack-wide: a Cloudflare zone the stack creates keeps Cloudflare's defaults
// for every setting no resource of the stack sets, and those defaults do not
// hold visitors to TLS 1.2: min_tls_version "1.0", always_use_https "off"
// (Cloudflare API, zone settings: the schemas' defaults), and an SSL mode
// that is not "strict" (a new zone gets "Automatic SSL/TLS", which picks
// Flexible or Full for an origin it cannot verify). So each of the three must
// be set, by a ZoneSetting (v5/v6 provider: settingId + value) or a
// ZoneSettingsOverride (older providers: settings.*) of the stack that names
// the zone. A setting with a bad value is reported on the setting itself
// (cloudflare.ts); here, only what is missing. Zones the stack only refers
// to (a zone id in config) are not the stack's to set and are not judged.
import { readObject, readString, show, UNKNOWN } from "../lib/read";
import { StackGraph, StackResource } from "../lib/stack";
import { Guard, StackViolation } from "../lib/violation";
import { settingOf, ZONE_SETTING, ZONE_SETTINGS_OVERRIDE } from "./cloudflare";

export const ZONE = "cloudflare:index/zone:Zone";
const ZONES = new Set([ZONE]);

type Setting = "ssl" | "minTlsVersion" | "alwaysUseHttps";

/** What each setting needs, and what Cloudflare leaves when it is not set. */
const REQUIRED: readonly { readonly setting: Setting; readonly id: string; readonly value: string; readonly byDefault: string }[] = [
    { setting: "minTlsVersion", id: "min_tls_version", value: "1.2", byDefault: "Cloudflare's default, 1.0, accepts TLS 1.0 and 1.1" },
    { setting: "ssl", id: "ssl", value: "strict", byDefault: "Cloudflare's default SSL mode (Automatic SSL/TLS, else Flexible or Full) does not verify the origin's certificate" },
    { setting: "alwaysUseHttps", id: "always_use_https", value: "on", byDefault: "Cloudflare's default, off, serves plain HTTP to visitors" },
];

export function zoneDefaultViolations(graph: StackGraph, guard: Guard): StackViolation[] {
    const zones = graph.ofTypes(ZONES);
    if (zones.length === 0) {
        return [];
    }
    // Settings by zone URN; a setting whose zone is not known yet counts for every zone it may be (nothing is said).
    const set = new Map<string, Set<Setting>>();
    let unresolved = false;
    const mark = (from: StackResource, settings: readonly Setting[]) => {
        const followed = graph.follow(from, "zoneId", ZONES, ["id"]);
        unresolved ||= followed.unresolved;
        for (const z of followed.targets) {
            const s = set.get(z.urn) ?? new Set<Setting>();
            settings.forEach((x) => s.add(x));
            set.set(z.urn, s);
        }
    };
    for (const r of graph.ofTypes([ZONE_SETTING])) {
        const id = readString(r.props.settingId);
        const setting = typeof id === "string" ? settingOf(id) : undefined;
        if (id === UNKNOWN) {
            unresolved = true;
        } else if (setting) {
            mark(r, [setting]);
        }
    }
    for (const r of graph.ofTypes([ZONE_SETTINGS_OVERRIDE])) {
        const settings = readObject(r.props.settings);
        if (settings === UNKNOWN) {
            unresolved = true;
        } else if (settings) {
            mark(r, Object.keys(settings).map(settingOf).filter((s): s is Setting => s !== undefined));
        }
    }
    if (unresolved) {
        return [];
    }
    const out: StackViolation[] = [];
    for (const zone of zones) {
        out.push(...guard(zone.urn, () => {
            if (readString(zone.props.type) === "internal") {
                return [];
            }
            const has = set.get(zone.urn) ?? new Set<Setting>();
            return REQUIRED.filter((r) => !has.has(r.setting)).map((r) => ({
                urn: zone.urn,
                field: r.id,
                message:
                    `(not set by a ZoneSetting or ZoneSettingsOverride of this stack for zone ${show(zone.props.name)}): ${r.byDefault}; ` +
                    `add a cloudflare.ZoneSetting with zoneId this zone's id, settingId "${r.id}" and value "${r.value}"`,
            }));
        }));
    }
    return out;
}
