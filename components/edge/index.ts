export * from "./types";
export { AlbRule, AlbRulePeer, HTTPS_PORT, planAlbRules, RULES_PER_GROUP } from "./albRules";
export { CloudflareRanges, describeDrift, RangeDrift, rangeDrift } from "./cloudflareRanges";
export * from "./dnsRecords";
export { and, cloudflareIpText, ipSet, listRef, not, pathStartsWith, quote, sourceIn } from "./expressions";
export { blockListName, FirewallInputs, MANAGED_RULESETS, OWASP_ANOMALY_RULE, PER_CLIENT, PlannedRule, planRulesets, RULESET_PHASES, RulesetPhase, RulesetPlan } from "./rulesets";
export { hstsProblems, planZoneSettings, PlannedZoneSetting, ZoneSettingId } from "./zoneSettings";
