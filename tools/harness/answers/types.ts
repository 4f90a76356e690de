// Shapes of the offline answers: data-source results by invoke token, and
// computed outputs by resource type.

/** Facts about the fake account the mocks answer for. */
export interface MockAccount {
    readonly accountId: string;
    readonly region: string;
    readonly partition: string;
    /** Availability zones the region offers (at most 6). */
    readonly zones: number;
}

export type InvokeHandler = (inputs: Record<string, any>, account: MockAccount) => Record<string, unknown>;

export type OutputSynth = (name: string, inputs: Record<string, any>, account: MockAccount) => Record<string, unknown>;
