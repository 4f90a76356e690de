// Pulumi mocks for offline runs: the answers a cloud would give to the
// data-source calls the program makes, and plausible computed outputs for the
// resources it registers. In preview mode computed outputs are left out, so
// they reach the program and the policy pack as unknowns, exactly as in
// `pulumi preview`.
import * as pulumi from "@pulumi/pulumi";

/** Facts about the fake account the mocks answer for. */
export interface MockAccount {
    readonly accountId: string;
    readonly region: string;
    readonly partition: string;
    /** Availability zones the region offers (at most 6). */
    readonly zones: number;
}

export const DEFAULT_ACCOUNT: MockAccount = { accountId: "123456789012", region: "us-east-1", partition: "aws", zones: 6 };

type InvokeHandler = (inputs: Record<string, any>, account: MockAccount) => Record<string, unknown>;

const AZ_SUFFIXES = ["a", "b", "c", "d", "e", "f"];

/** Data-source answers, by invoke token. An invoke not listed here fails the run loudly. */
export const INVOKES: Record<string, InvokeHandler> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, a) => ({
        id: a.region,
        region: a.region,
        names: AZ_SUFFIXES.slice(0, a.zones).map((s) => `${a.region}${s}`),
        zoneIds: AZ_SUFFIXES.slice(0, a.zones).map((_, i) => `use1-az${i + 1}`),
        groupNames: [a.region],
        state: "available",
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": (_inputs, a) => ({
        id: a.accountId,
        accountId: a.accountId,
        arn: `arn:${a.partition}:iam::${a.accountId}:user/offline`,
        userId: "AIDAOFFLINE",
    }),
    "aws:index/getRegion:getRegion": (_inputs, a) => ({
        id: a.region,
        name: a.region,
        region: a.region,
        endpoint: `ec2.${a.region}.amazonaws.com`,
        description: "offline region",
    }),
    "aws:index/getPartition:getPartition": (_inputs, a) => ({
        id: a.partition,
        partition: a.partition,
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
    }),
};

type OutputSynth = (name: string, inputs: Record<string, any>, account: MockAccount) => Record<string, unknown>;

function arnFor(type: string, name: string, a: MockAccount): string {
    const [, module, resource] = type.split(":");
    const service = module.split("/")[0].toLowerCase();
    return `arn:${a.partition}:${service}:${a.region}:${a.accountId}:${resource.toLowerCase()}/${name}`;
}

/** Computed outputs beyond the generic id/arn, by resource type. */
export const COMPUTED: Record<string, OutputSynth> = {
    "aws:ec2/vpc:Vpc": (name) => ({
        defaultSecurityGroupId: `${name}-default-sg`,
        defaultNetworkAclId: `${name}-default-nacl`,
        mainRouteTableId: `${name}-main-rtb`,
        defaultRouteTableId: `${name}-main-rtb`,
    }),
    "aws:ec2/eip:Eip": (name) => ({ publicIp: "203.0.113.10", allocationId: `${name}-alloc` }),
    "aws:cloudwatch/logGroup:LogGroup": (name, inputs, a) => ({
        arn: `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:${inputs.name ?? name}`,
    }),
};

/** Mocks for one offline run. */
export class OfflineMocks implements pulumi.runtime.Mocks {
    constructor(
        private readonly preview: boolean,
        private readonly account: MockAccount = DEFAULT_ACCOUNT,
    ) {}

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const handler = INVOKES[args.token];
        if (!handler) {
            throw new Error(`no offline answer for data source '${args.token}'; add one to tools/harness/mocks.ts`);
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
