// Cloudflare edge TLS: SSL mode "strict" (Full, with a valid origin
// certificate), minimum TLS 1.2, and HTTP always redirected to HTTPS. The
// v6 provider sets one setting per ZoneSetting (settingId + value); the older
// ZoneSettingsOverride sets many under `settings`. Settings a resource does
// not mention keep the zone's value and are not judged here.
import { field, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";

export const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
export const ZONE_SETTINGS_OVERRIDE = "cloudflare:index/zoneSettingsOverride:ZoneSettingsOverride";

type Setting = "ssl" | "minTlsVersion" | "alwaysUseHttps";

/** "min_tls_version", "minTlsVersion" → "minTlsVersion"; settings not judged → undefined. */
export function settingOf(id: string): Setting | undefined {
    switch (id.replace(/_/g, "").toLowerCase()) {
        case "ssl":
            return "ssl";
        case "mintlsversion":
            return "minTlsVersion";
        case "alwaysusehttps":
            return "alwaysUseHttps";
        default:
            return undefined;
    }
}

/** Why `value` breaks the setting, or undefined when it is fine. */
export function settingProblem(setting: Setting, value: string): string | undefined {
    switch (setting) {
        case "ssl":
            return value === "strict" ? undefined : `${show(value)} does not verify the origin's certificate (or does not encrypt to the origin); set ssl to "strict"`;
        case "minTlsVersion":
            return value === "1.2" || value === "1.3" ? undefined : `${show(value)} accepts TLS older than 1.2; set min_tls_version to "1.2" or "1.3"`;
        case "alwaysUseHttps":
            return value === "on" ? undefined : `${show(value)} serves plain HTTP to visitors; set always_use_https to "on"`;
    }
}

export function zoneSettingViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const id = readString(props.settingId);
    const setting = typeof id === "string" ? settingOf(id) : undefined;
    const value = readString(props.value);
    if (!setting || typeof value !== "string") {
        return [];
    }
    const problem = settingProblem(setting, value);
    return problem ? [{ field: "value", message: `${String(id)} = ${problem}` }] : [];
}

export function zoneSettingsOverrideViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const settings = readObject(props.settings);
    if (settings === UNKNOWN || settings === undefined) {
        return [];
    }
    const out: Violation[] = [];
    for (const key of Object.keys(settings)) {
        const setting = settingOf(key);
        const value = readString(field(settings, key));
        const problem = setting && typeof value === "string" ? settingProblem(setting, value) : undefined;
        if (problem) {
            out.push({ field: `settings.${key}`, message: problem });
        }
    }
    return out;
}
