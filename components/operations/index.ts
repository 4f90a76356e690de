export * from "./types";
export { AlertTopic, AlertTopicArgs, alertKeyPolicy, alertTopicPolicy, emailKey, PUBLISHING_SERVICES } from "./alertTopic";
export { StackAlarms, StackAlarmsArgs, alarmArgs, alarmTiming, REJECTED_FLOWS_METRIC } from "./alarms";
export * from "./alarmPlan";
export { ThreatDetection, ThreatDetectionArgs, GUARDDUTY_AGENT_ADDON, guardDutyEndpointPolicy } from "./threatDetection";
export * from "./findings";
export { Backups, BackupsArgs } from "./backups";
export * from "./backupPlan";
export { eventRuleToTopic } from "./eventRules";
