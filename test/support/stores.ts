// Helpers for the store tests: build a store on a real network and the
// catalog's security groups (so subnets carry their tier tags and groups
// their rules), follow references back to subnets, and search every input
// for secrets that are not marked secret.
import * as pulumi from "@pulumi/pulumi";
import { Network, SubnetTier } from "../../components/network";
import { TrafficSecurityGroups } from "../../components/security";
import { CatalogIndex } from "../../components/catalog";
import { TICKETTOKEN } from "../../infra/catalog";
import { RecordedResource } from "../../tools/harness/recorder";
import { runComponents, RunResult } from "../../tools/harness/run";
import { byId } from "./resources";

export const catalog = new CatalogIndex(TICKETTOKEN);

/** What a store component is built from. */
export interface StoreFixture {
    /** Subnet ids of a tier. */
    subnetIds(tier: SubnetTier): pulumi.Input<string>[];
    /** The catalog group of a store. */
    groupId(store: string): pulumi.Input<string>;
}

/** How to run a store test. */
export interface FixtureOptions {
    /** Computed values unknown, as in preview. @default false */
    readonly preview?: boolean;
    /** Fake ids instead of a real network, for tests that stop before anything is built. @default false */
    readonly bare?: boolean;
}

/** Runs `build` after a three-zone network and the catalog's groups exist (or against fake ids). */
export function withNetwork(build: (f: StoreFixture) => void, options: FixtureOptions = {}): Promise<RunResult> {
    const { preview = false, bare = false } = options;
    if (bare) {
        return runComponents(() => build({ subnetIds: (tier) => [1, 2, 3].map((i) => `subnet-${tier}-${i}`), groupId: (store) => `sg-${store}` }), { preview });
    }
    return runComponents(() => {
        const network = new Network("net", {
            azCount: 3,
            isolatedTierPorts: { data: catalog.storePorts("data"), messaging: catalog.storePorts("messaging") },
        });
        const security = new TrafficSecurityGroups("sg", {
            vpcId: network.vpcId,
            catalog,
            stripeCidrs: ["13.55.5.15/32"],
            endpointSecurityGroupId: network.endpointSecurityGroupId,
        });
        build({ subnetIds: (tier) => network.subnetIds[tier], groupId: (store) => security.groupId(store) });
    }, { preview });
}

/** Builds one store with `make` (see withNetwork) and returns the run and the component. */
export async function buildStore<C>(make: (f: StoreFixture) => C, options: FixtureOptions = {}): Promise<{ run: RunResult; store: C }> {
    let store: C | undefined;
    const run = await withNetwork((f) => {
        store = make(f);
    }, options);
    return { run, store: store! };
}

/** The tier tag of each subnet id. */
export function tiersOf(run: Pick<RunResult, "resources">, subnetIds: readonly string[]): string[] {
    return subnetIds.map((id) => byId(run, id).inputs.tags.tier);
}

// How the engine's wire form marks a secret value.
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

function isSecret(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE;
}

/** Paths in `value` where a string containing `needle` is not inside a secret. */
export function plainOccurrences(value: unknown, needle: string, path = ""): string[] {
    if (isSecret(value)) {
        return [];
    }
    if (typeof value === "string") {
        return value.includes(needle) ? [path || "(root)"] : [];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => plainOccurrences(v, needle, `${path}[${i}]`));
    }
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([k, v]) => plainOccurrences(v, needle, path ? `${path}.${k}` : k));
    }
    return [];
}

/** Input names that carry credentials in the AWS provider. */
export const CREDENTIAL_INPUTS = ["password", "passwords", "masterPassword", "authToken", "secretString", "passwordWo", "masterPasswordWo", "authTokenWo"];

/** Every credential-named input, anywhere in a resource's wire inputs, that is set and not a secret. */
export function plainCredentialInputs(r: RecordedResource): string[] {
    const found: string[] = [];
    const walk = (value: unknown, path: string) => {
        if (isSecret(value) || value === null || typeof value !== "object") {
            return;
        }
        for (const [k, v] of Object.entries(value)) {
            const here = path ? `${path}.${k}` : k;
            if (CREDENTIAL_INPUTS.includes(k) && v !== undefined && !isSecret(v)) {
                found.push(`${r.name}: ${here}`);
            }
            walk(v, here);
        }
    };
    walk(r.wire, "");
    return found;
}

/** The value of a known output (fails the test if it never resolves, e.g. when unknown). */
export function known<T>(o: { apply<U>(f: (t: T) => U): unknown }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("output never became known")), 2000);
        o.apply((v: T) => {
            clearTimeout(timer);
            resolve(v);
            return v;
        });
    });
}

/** The one custom resource of `type` in a run, failing when there are more or none. */
export function only(run: Pick<RunResult, "resources">, type: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}`);
    }
    return found[0];
}
