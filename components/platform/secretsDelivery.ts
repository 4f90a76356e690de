// Secrets delivery (seed 002 "Secrets Management"): the External Secrets
// Operator in its own namespace, and per catalog service with secrets of its
// own a SecretStore that reads Secrets Manager as that service and an
// ExternalSecret per login (secretsPlan.ts says why no service can obtain
// another's secret this way).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../catalog";
import { helmRelease } from "../kubernetes/helm";
import { DeliveredSecret, deliveredSecrets, loginExternalSecret, serviceSecretStore } from "./secretsPlan";
import { externalSecretsValues } from "./secretsValues";

/** The catalog's secrets workloads, by role. */
export const SECRETS_WORKLOADS = { controller: "external-secrets", webhook: "external-secrets-webhook" } as const;

/** The operator's ServiceAccount: no IAM role. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";

export interface SecretsDeliveryArgs {
    /** The validated catalog. */
    readonly catalog: CatalogIndex;
    readonly chartVersion: string;
    /** ECR prefix mirroring ghcr.io. */
    readonly ghcrMirror: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    /** The catalog services' namespace, where the stores and secrets live. */
    readonly appNamespace: string;
    /** Each service's ServiceAccount (its identity's). */
    readonly serviceAccountOf: (service: string) => string;
    /** The Secrets Manager secret of a service's login to a store. */
    readonly secretArnOf: (service: string, store: string) => pulumi.Input<string>;
    /** What the release waits for: its namespace and NetworkPolicies, the nodes, cluster DNS. @default [] */
    readonly after?: pulumi.Resource[];
    /** What a service's store waits for besides the operator: the service's ServiceAccount. @default () => [] */
    readonly storeAfter?: (service: string) => pulumi.Resource[];
}

export class SecretsDelivery extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    /** What is delivered, as planned. */
    readonly secrets: readonly DeliveredSecret[];

    constructor(name: string, args: SecretsDeliveryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:platform:SecretsDelivery", name, {}, opts);
        const controller = args.catalog.workload(SECRETS_WORKLOADS.controller);
        const webhook = args.catalog.workload(SECRETS_WORKLOADS.webhook);
        const webhookPort = (webhook.apiServerCalls ?? []).map((n) => webhook.ports.find((p) => p.name === n)!.port)[0];
        if (webhookPort === undefined || webhook.namespace !== controller.namespace) {
            throw new Error(`secrets delivery ${name}: the catalog's ${webhook.name} must be in ${controller.namespace} with a port the API server calls`);
        }
        this.release = helmRelease(`${name}-operator`, {
            chart: "external-secrets",
            version: args.chartVersion,
            releaseName: "external-secrets",
            namespace: controller.namespace,
            values: externalSecretsValues({ ghcrMirror: args.ghcrMirror, webhookPort, serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT }),
        }, { parent: this, dependsOn: args.after ?? [] });
        this.secrets = deliveredSecrets(args.catalog);
        // Custom resources of the operator's CRDs, validated by its webhook: after the release.
        for (const service of [...new Set(this.secrets.map((s) => s.service))]) {
            const store = serviceSecretStore(service, args.serviceAccountOf(service), args.appNamespace, args.region);
            const created = new k8s.apiextensions.CustomResource(`${name}-store-${service}`, { ...store, metadata: { ...store.metadata } }, {
                parent: this, dependsOn: [this.release, ...(args.storeAfter?.(service) ?? [])],
            });
            for (const d of this.secrets.filter((s) => s.service === service)) {
                const es = loginExternalSecret(d, args.secretArnOf(d.service, d.store), args.appNamespace);
                new k8s.apiextensions.CustomResource(`${name}-${d.secretName}`, { ...es, metadata: { ...es.metadata } }, { parent: this, dependsOn: [created] });
            }
        }
        this.registerOutputs({ secrets: this.secrets.map((s) => s.secretName) });
    }
}
