// Helm releases installed by the Kubernetes provider itself (helm.v3.Release):
// one resource per chart whose values are plain inputs, with the chart's
// repository pinned here and its version from config. A release waits for
// its workloads to become ready and rolls back if they do not, unless its
// pods can only become ready after something that itself waits for them.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHART_SOURCES, ChartName } from "./types";

/** A chart version: exact semver, never a range (a range would upgrade silently). */
export const CHART_VERSION = /^\d+\.\d+\.\d+$/;

/** What one release installs. */
export interface ReleaseSpec {
    readonly chart: ChartName;
    /** Exact chart version. */
    readonly version: string;
    /** Helm's release name. */
    readonly releaseName: string;
    /** The namespace (created elsewhere). */
    readonly namespace: pulumi.Input<string>;
    readonly values: pulumi.Input<Record<string, unknown>>;
    /** Leave the chart's CRDs out (another release of the same chart installs them). @default false */
    readonly skipCrds?: boolean;
    /** What the release waits for before it counts as installed. @default "ready" */
    readonly await?: ReleaseAwait;
}

/**
 * What a release waits for. "ready": every workload ready, or the release is
 * rolled back (atomic). "created": the objects accepted by the API server,
 * nothing awaited and nothing rolled back - for workloads whose readiness
 * depends on a release that must itself come after them (the provider's
 * docs: `skipAwait` "will be disabled automatically if atomic is used", so
 * such a release cannot be atomic either).
 */
export type ReleaseAwait = "ready" | "created";

const AWAITING: Readonly<Record<ReleaseAwait, { readonly atomic: boolean; readonly skipAwait: boolean }>> = {
    ready: { atomic: true, skipAwait: false },
    created: { atomic: false, skipAwait: true },
};

/** Minutes a release may take to become ready before it is rolled back. */
const RELEASE_TIMEOUT_SECONDS = 600;

export function helmRelease(name: string, spec: ReleaseSpec, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
    if (!CHART_VERSION.test(spec.version)) {
        throw new Error(`helm release ${name}: chart ${spec.chart} version "${spec.version}" must be an exact version like 1.2.3`);
    }
    const source = CHART_SOURCES[spec.chart];
    const waiting = AWAITING[spec.await ?? "ready"];
    return new k8s.helm.v3.Release(name, {
        name: spec.releaseName,
        chart: source.chart,
        version: spec.version,
        repositoryOpts: { repo: source.repository },
        namespace: spec.namespace,
        createNamespace: false,
        values: spec.values,
        skipCrds: spec.skipCrds ?? false,
        // Awaited, a failed install or upgrade is rolled back, and what it created is removed.
        ...waiting,
        cleanupOnFail: true,
        timeout: RELEASE_TIMEOUT_SECONDS,
        maxHistory: 10,
    }, opts);
}

/** An image repository under an ECR pull-through cache prefix. */
export function mirrored(prefix: pulumi.Input<string>, repository: string): pulumi.Output<string> {
    return pulumi.interpolate`${prefix}/${repository}`;
}

/** The container security settings Pod Security `restricted` requires. */
export const RESTRICTED_CONTAINER = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
} as const;
