// Cloudflare edge TLS: SSL mode "strict" (Full, with a valid origin
// certificate), minimum TLS 1.2, and HTTP always redirected to HTTPS — on the
// zone, and on everything that overrides the zone for some hosts or paths:
// configuration rules (a ruleset's set_config action), page rules,
// per-hostname TLS settings, custom hostnames, redirect rules that send
// visitors to plain http://, and tunnels told not to verify the origin's
// certificate. The v6 provider sets one zone setting per ZoneSetting
// (settingId + value); the older ZoneSettingsOverride sets many under
// `settings`. Settings a resource does not mention keep the zone's value and
// are not judged here.
import { elements, field, INVALID, readFlag, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";

export const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
export const ZONE_SETTINGS_OVERRIDE = "cloudflare:index/zoneSettingsOverride:ZoneSettingsOverride";
export const RULESET = "cloudflare:index/ruleset:Ruleset";
export const PAGE_RULE = "cloudflare:index/pageRule:PageRule";
export const HOSTNAME_TLS_SETTING = "cloudflare:index/hostnameTlsSetting:HostnameTlsSetting";
export const CUSTOM_HOSTNAME = "cloudflare:index/customHostname:CustomHostname";
export const TUNNEL_CONFIG_TYPES: readonly string[] = [
    "cloudflare:index/zeroTrustTunnelCloudflaredConfig:ZeroTrustTunnelCloudflaredConfig",
    "cloudflare:index/tunnelConfig:TunnelConfig",
];

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

/** Why an SSL mode does not verify or encrypt the hop to the origin, or undefined when it is "strict". */
function sslModeProblem(value: string, key: string): string | undefined {
    return value === "strict"
        ? undefined
        : `${show(value)} does not verify the origin's certificate (or does not encrypt to the origin); set ${key} to "strict"`;
}

/** Why a minimum TLS version lets clients in below TLS 1.2. */
function minTlsProblem(value: string, key: string): string | undefined {
    return value === "1.2" || value === "1.3" ? undefined : `${show(value)} accepts TLS older than 1.2; set ${key} to "1.2" or "1.3"`;
}

/** Why `value` breaks the setting, or undefined when it is fine. */
export function settingProblem(setting: Setting, value: string): string | undefined {
    switch (setting) {
        case "ssl":
            return sslModeProblem(value, "ssl");
        case "minTlsVersion":
            return minTlsProblem(value, "min_tls_version");
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

/** True when a URL (or an expression building one) leads to plain http://. */
function plainHttpUrl(text: string): boolean {
    return /^\s*http:\/\//i.test(text) || /"http:\/\//i.test(text);
}

/**
 * Rulesets: a configuration rule (phase http_config_settings, action
 * set_config) that sets `ssl` lowers the zone's SSL mode for what its
 * expression matches; a redirect rule (dynamic or bulk redirects) whose
 * target is http:// sends visitors to plain HTTP. Disabled rules do nothing.
 */
export function rulesetViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const rules = elements(props.rules);
    if (rules === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    rules.forEach((r, i) => {
        const rule = readObject(r);
        if (rule === UNKNOWN || rule === undefined || readFlag(rule.enabled) === false) {
            return;
        }
        const action = readString(rule.action);
        const params = readObject(rule.actionParameters);
        const at = `rules[${i}].actionParameters`;
        if (action === "set_config") {
            const ssl = readString(field(params, "ssl"));
            const problem = typeof ssl === "string" ? sslModeProblem(ssl, "actionParameters.ssl") : undefined;
            if (problem) {
                out.push({ field: `${at}.ssl`, message: `${problem} (this configuration rule overrides the zone's SSL mode for requests matching ${show(rule.expression)})` });
            }
        }
        if (action === "redirect") {
            const target = readObject(field(readObject(field(params, "fromValue")), "targetUrl"));
            for (const key of ["value", "expression"] as const) {
                const url = readString(field(target, key));
                if (typeof url === "string" && plainHttpUrl(url)) {
                    out.push({ field: `${at}.fromValue.targetUrl.${key}`, message: `${show(url)} redirects visitors to plain HTTP; redirect to https://` });
                }
            }
        }
    });
    return out;
}

/** Page rules: `actions.ssl` below strict, and forwarding to an http:// URL. */
export function pageRuleViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    if (readString(props.status) === "disabled") {
        return [];
    }
    const actions = readObject(props.actions);
    const out: Violation[] = [];
    const ssl = readString(field(actions, "ssl"));
    const problem = typeof ssl === "string" ? sslModeProblem(ssl, "actions.ssl") : undefined;
    if (problem) {
        out.push({ field: "actions.ssl", message: `${problem} (this page rule overrides the zone's SSL mode for ${show(props.target)})` });
    }
    const url = readString(field(readObject(field(actions, "forwardingUrl")), "url"));
    if (typeof url === "string" && plainHttpUrl(url)) {
        out.push({ field: "actions.forwardingUrl.url", message: `${show(url)} forwards visitors to plain HTTP; forward to https://` });
    }
    return out;
}

/** A per-hostname TLS setting: min_tls_version below 1.2 for that host. */
export function hostnameTlsSettingViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const id = readString(props.settingId);
    const value = readString(props.value);
    if (typeof id !== "string" || settingOf(id) !== "minTlsVersion" || typeof value !== "string") {
        return [];
    }
    const problem = minTlsProblem(value, "value");
    return problem ? [{ field: "value", message: `${problem} (for host ${show(props.hostname)}, overriding the zone)` }] : [];
}

/** A custom hostname's own minimum TLS version. */
export function customHostnameViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const value = readString(field(readObject(field(readObject(props.ssl), "settings")), "minTlsVersion"));
    const problem = typeof value === "string" ? minTlsProblem(value, "ssl.settings.minTlsVersion") : undefined;
    return problem ? [{ field: "ssl.settings.minTlsVersion", message: `${problem} (for custom hostname ${show(props.hostname)})` }] : [];
}

/** A tunnel told not to verify its origins' certificates, for all of them or one ingress rule. */
export function tunnelConfigViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const config = readObject(props.config);
    const out: Violation[] = [];
    const check = (origin: unknown, at: string) => {
        const v = readFlag(field(readObject(origin), "noTlsVerify"));
        if (v === true || v === INVALID) {
            out.push({ field: `${at}.noTlsVerify`, message: `${show(field(readObject(origin), "noTlsVerify"))} accepts any certificate from the origin, so the hop is not authenticated; remove it and give the origin a certificate the tunnel trusts (originServerName, caPool)` });
        }
    };
    check(field(config, "originRequest"), "config.originRequest");
    const ingresses = elements(field(config, "ingresses"));
    if (ingresses !== UNKNOWN) {
        ingresses.forEach((ing, i) => check(field(readObject(ing), "originRequest"), `config.ingresses[${i}].originRequest`));
    }
    return out;
}
