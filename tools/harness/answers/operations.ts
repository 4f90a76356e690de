// Offline answers for the operations layer: names and ARNs that later
// resources refer to (rule names for targets, vault names for plans and
// locks), in the forms AWS gives them, with the region of a resource made in
// another one (the backup copy's vault).
import { MockAccount, OutputSynth } from "./types";

function regionOf(inputs: Record<string, any>, a: MockAccount): string {
    return inputs.region ?? a.region;
}

export const OPERATIONS_COMPUTED: Record<string, OutputSynth> = {
    "aws:sns/topic:Topic": (name, inputs, a) => ({ name: inputs.name ?? name, arn: `arn:${a.partition}:sns:${a.region}:${a.accountId}:${inputs.name ?? name}` }),
    "aws:cloudwatch/eventRule:EventRule": (name, inputs, a) => ({
        name: inputs.name ?? name,
        arn: `arn:${a.partition}:events:${a.region}:${a.accountId}:rule/${inputs.name ?? name}`,
    }),
    "aws:backup/vault:Vault": (name, inputs, a) => ({
        name: inputs.name ?? name,
        arn: `arn:${a.partition}:backup:${regionOf(inputs, a)}:${a.accountId}:backup-vault:${inputs.name ?? name}`,
    }),
    "aws:guardduty/detector:Detector": (name, _inputs, a) => ({ accountId: a.accountId, arn: `arn:${a.partition}:guardduty:${a.region}:${a.accountId}:detector/${name}` }),
};
