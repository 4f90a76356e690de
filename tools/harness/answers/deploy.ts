// Offline answers for the deploy runner: the CodeBuild project's ARN (named
// by its fixed name, as CodeBuild does) and the webhook's URLs.
import { OutputSynth } from "./types";

export const DEPLOY_COMPUTED: Record<string, OutputSynth> = {
    "aws:codebuild/project:Project": (name, inputs, a) => ({
        arn: `arn:${a.partition}:codebuild:${a.region}:${a.accountId}:project/${inputs.name ?? name}`,
        name: inputs.name ?? name,
    }),
    "aws:codebuild/webhook:Webhook": (_name, inputs, a) => ({
        payloadUrl: `https://codebuild.${a.region}.amazonaws.com/webhooks?t=offline&v=1`,
        url: `https://api.github.com/repos/offline/offline/hooks/1`,
        projectName: inputs.projectName,
    }),
};
