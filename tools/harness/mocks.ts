// Pulumi mocks for offline runs: the answers a cloud would give to the
// data-source calls the program makes, and plausible computed outputs for the
// resources it registers. In preview mode computed outputs are left out, so
// they reach the program and the policy pack as unknowns, exactly as in
// `pulumi preview`.
import * as pulumi from "@pulumi/pulumi";

import { COMPUTED, INVOKES, MockAccount } from "./answers";

export { MockAccount } from "./answers";

export const DEFAULT_ACCOUNT: MockAccount = { accountId: "123456789012", region: "us-east-1", partition: "aws", zones: 6 };

function arnFor(type: string, name: string, a: MockAccount): string {
    const [, module, resource] = type.split(":");
    const service = module.split("/")[0].toLowerCase();
    return `arn:${a.partition}:${service}:${a.region}:${a.accountId}:${resource.toLowerCase()}/${name}`;
}

/** Mocks for one offline run. */
export class OfflineMocks implements pulumi.runtime.Mocks {
    constructor(
        private readonly preview: boolean,
        private readonly account: MockAccount = DEFAULT_ACCOUNT,
    ) {}

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const handler = INVOKES[args.token];
        if (!handler) {
            throw new Error(`no offline answer for data source '${args.token}'; add one under tools/harness/answers/`);
        }
        return handler(args.inputs, this.account);
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        if (this.preview) {
            // Inputs are known during preview; ids and computed outputs are not.
            return { id: undefined, state: args.inputs };
        }
        const synth = COMPUTED[args.type];
        const state: Record<string, unknown> = {
            arn: arnFor(args.type, args.name, this.account),
            ...args.inputs,
            ...(synth ? synth(args.name, args.inputs, this.account) : {}),
        };
        return { id: `${args.name}-id`, state };
    }
}
