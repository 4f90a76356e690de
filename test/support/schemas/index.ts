// The real schema of every Kubernetes object a run registers: built-in kinds
// against the Kubernetes OpenAPI schema (kubernetes-models), Istio's against
// its CRDs (@kubernetes-models/istio), the rest against the typed schemas of
// ./customResources. Unknown fields fail everywhere (./declaredFields).
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../../tools/harness/recorder";
import { checkCustomResource, CUSTOM_RESOURCES } from "./customResources";
import { Problem, validateDeclared } from "./declaredFields";

export type { Problem } from "./declaredFields";

/**
 * The Kubernetes version of the built-in schemas: kubernetes-models 4.5.1
 * (pinned in package.json) is generated from Kubernetes 1.33.0's OpenAPI
 * document (its changelog, 4.5.0: "Update schema version to v1.33.0"; 4.5.1
 * only updates a dependency). The cluster runs 1.34 by default. The next
 * release, 5.x, is generated from 1.36.0, is ESM-only and needs Node 22. 1.33
 * is the closest, and it is not newer than any stack's cluster: a field it
 * knows, the cluster knows too (GA fields are not removed); a field new in
 * 1.34 would be refused, on the safe side.
 */
export const SCHEMA_KUBERNETES_VERSION = "1.33";

/**
 * The Istio version of the Istio schemas: @kubernetes-models/istio 3.0.1
 * (pinned in package.json) is generated from Istio 1.29.2's crd-all.gen.yaml
 * (its changelog, 3.0.0: "Update CRDs to 1.29.2"; package.json crd-generate
 * input). The stack pins Istio 1.30.1; no release is generated from 1.30,
 * and the one before (2.3.0) is from 1.18, before the v1 APIs we use.
 * 3.x declares Node 22 (npm ci warns EBADENGINE for it and its three
 * @kubernetes-models dependencies); it is ES2022 modules that Node 20 loads
 * through import(), as the tests below it show.
 */
export const SCHEMA_ISTIO_VERSION = "1.29.2";

/** A type token's parts: `kubernetes:networking.k8s.io/v1:NetworkPolicy`. */
export interface KubernetesType {
    readonly group: string;
    readonly version: string;
    readonly kind: string;
    /** As objects spell it: `networking.k8s.io/v1`, or `v1` for the core group. */
    readonly apiVersion: string;
}

export function parseKubernetesType(type: string): KubernetesType | undefined {
    const m = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) {
        return undefined;
    }
    const [, group, version, kind] = m;
    return { group, version, kind, apiVersion: group === "core" ? version : `${group}/${version}` };
}

/** Every Kubernetes object a run registers (Helm releases are not objects: their values are checked elsewhere). */
export function kubernetesObjects(resources: readonly RecordedResource[]): RecordedResource[] {
    return resources.filter((r) => r.custom && parseKubernetesType(r.type) !== undefined && !r.type.startsWith("kubernetes:helm.sh/"));
}

/** A value as the API server receives it: secrets unwrapped. */
export function plainObject(value: unknown): any {
    if (Array.isArray(value)) {
        return value.map(plainObject);
    }
    if (typeof value === "object" && value !== null) {
        const v = value as Record<string, unknown>;
        if (v[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) {
            return plainObject(v.value);
        }
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainObject(x)]));
    }
    return value;
}

/** Holds one object against its kind's schema. */
export type ObjectValidator = (object: Record<string, unknown>) => Problem[];

/** Which schema a group's kinds are held against. */
export type SchemaSource = "kubernetes" | "istio" | "custom";

/** Built-in groups: core, the unqualified ones (apps, batch, policy, ...) and *.k8s.io. */
export function schemaSourceOf(t: KubernetesType): SchemaSource {
    if (t.group === "core" || !t.group.includes(".") || t.group.endsWith(".k8s.io")) {
        return "kubernetes";
    }
    return t.group.endsWith(".istio.io") ? "istio" : "custom";
}

// kubernetes-models is CommonJS as well; @kubernetes-models/istio 3.x is ESM
// only, and TypeScript compiles a plain import() here into require().
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<Record<string, unknown>>;

function modelValidator(model: unknown, what: string): (this: unknown) => void {
    const validate = (model as { prototype?: { validate?: (this: unknown) => void } } | undefined)?.prototype?.validate;
    if (typeof validate !== "function") {
        throw new Error(`${what} has no validating model`);
    }
    return validate;
}

/**
 * The validator of a Kubernetes type token; throws when no schema covers it,
 * so that a new kind is never waved through.
 */
export async function validatorOf(type: string): Promise<ObjectValidator> {
    const t = parseKubernetesType(type);
    if (t === undefined) {
        throw new Error(`${type} is not a Kubernetes type token`);
    }
    const sameType = (o: Record<string, unknown>): Problem[] =>
        o.apiVersion === t.apiVersion && o.kind === t.kind ? [] : [{ path: "", message: `is ${o.apiVersion} ${o.kind}, registered as ${type}` }];
    switch (schemaSourceOf(t)) {
        case "kubernetes": {
            // kubernetes-models merges every release's OpenAPI since 1.15, removed API versions included
            // (networking.k8s.io/v1beta1 Ingress, policy/v1beta1 ...); a beta API is either removed or,
            // since 1.24, off by default (KEP-3136), so only GA versions reach a cluster as shipped.
            if (!/^v\d+$/.test(t.version)) {
                return (o) => [...sameType(o), { path: "apiVersion", message: `${t.apiVersion} is not a GA API: removed or off by default in Kubernetes ${SCHEMA_KUBERNETES_VERSION}+` }];
            }
            let module: Record<string, unknown>;
            try {
                module = require(`kubernetes-models/${t.group === "core" ? "" : `${t.group}/`}${t.version}/${t.kind}`);
            } catch {
                throw new Error(`${type}: kubernetes-models (Kubernetes ${SCHEMA_KUBERNETES_VERSION}) has no ${t.apiVersion} ${t.kind}`);
            }
            const validate = modelValidator(module[t.kind], type);
            return (o) => [...sameType(o), ...validateDeclared(validate, o)];
        }
        case "istio": {
            let module: Record<string, unknown>;
            try {
                module = await importEsm(`@kubernetes-models/istio/${t.group}/${t.version}/${t.kind}`);
            } catch {
                throw new Error(`${type}: @kubernetes-models/istio (Istio ${SCHEMA_ISTIO_VERSION}) has no ${t.apiVersion} ${t.kind}`);
            }
            const validate = modelValidator(module[t.kind], type);
            return (o) => [...sameType(o), ...validateDeclared(validate, o)];
        }
        case "custom": {
            const schema = CUSTOM_RESOURCES.get(`${t.apiVersion}:${t.kind}`);
            if (schema === undefined) {
                throw new Error(`${type}: no schema for ${t.apiVersion} ${t.kind}; write one from its pinned CRD in test/support/schemas/customResources.ts`);
            }
            return (o) => [...sameType(o), ...checkCustomResource(schema, o)];
        }
    }
}

/** Each problem of `problems` as one line naming the object. */
export function describeProblems(r: Pick<RecordedResource, "type" | "name">, problems: readonly Problem[]): string[] {
    return problems.map((p) => `${r.type} ${r.name}: ${p.path === "" ? "" : `${p.path} `}${p.message}`);
}
