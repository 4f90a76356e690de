// Pure plan of secrets delivery with the External Secrets Operator.
//
// One operator, but no single identity that can read every secret: the
// operator's own ServiceAccount has no IAM role at all. Each catalog service
// with secrets of its own gets a SecretStore of its own in the app namespace
// that authenticates with that service's own ServiceAccount (the AWS
// provider's auth.jwt.serviceAccountRef: the operator requests a token for
// that ServiceAccount and assumes the role it is annotated with), so IAM
// decides with the service's own role, which allows only its own secrets
// (components/identity). An ExternalSecret per login copies the secret into
// a Kubernetes Secret of the service. A store can name only a ServiceAccount
// of its own namespace (a namespaced SecretStore ignores any other
// namespace), so another namespace cannot borrow a service's identity, and a
// store of one service cannot read another's secret: its role is refused.
import type * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../catalog";
import { planIdentity } from "../identity/plan";
import { APP_LABEL } from "../kubernetes/types";
import { ObjectSpec } from "../kubernetes/meshValues";

/** The ESO API version the pinned chart serves and stores (external-secrets.io v1; v1beta1 is no longer served). */
export const ESO_API_VERSION = "external-secrets.io/v1";

/** One secret to deliver: a service's login to a store, from its Secrets Manager secret. */
export interface DeliveredSecret {
    readonly service: string;
    readonly store: string;
    /** The Kubernetes Secret it becomes, in the app namespace. */
    readonly secretName: string;
}

/** How often the operator reads a secret again (a password changed in Secrets Manager reaches the pods' Secret within this). */
export const REFRESH_INTERVAL = "1h";

/** The services' secrets to deliver, from the catalog: every password login (DocumentDB, RabbitMQ). */
export function deliveredSecrets(catalog: CatalogIndex): DeliveredSecret[] {
    return catalog.catalog.services.flatMap((s) => Object.entries(planIdentity(catalog, s.name).logins)
        .filter(([, login]) => login.kind === "password-login")
        .map(([store]) => ({ service: s.name, store, secretName: `${s.name}-${store}-login` })));
}

/** The SecretStore of `service`: Secrets Manager in `region`, as the service's own ServiceAccount. */
export function serviceSecretStore(service: string, serviceAccount: string, namespace: string, region: pulumi.Input<string>): ObjectSpec {
    return {
        apiVersion: ESO_API_VERSION,
        kind: "SecretStore",
        metadata: { name: service, namespace },
        spec: {
            provider: {
                aws: {
                    service: "SecretsManager",
                    region,
                    auth: { jwt: { serviceAccountRef: { name: serviceAccount } } },
                },
            },
        },
    };
}

/** The ExternalSecret that copies one login (JSON username and password) into a Secret of the service, owned by it. */
export function loginExternalSecret(d: DeliveredSecret, secretArn: pulumi.Input<string>, namespace: string): ObjectSpec & { metadata: { labels: Record<string, string> } } {
    return {
        apiVersion: ESO_API_VERSION,
        kind: "ExternalSecret",
        metadata: { name: d.secretName, namespace, labels: { [APP_LABEL]: d.service } },
        spec: {
            refreshInterval: REFRESH_INTERVAL,
            secretStoreRef: { kind: "SecretStore", name: d.service },
            target: { name: d.secretName, creationPolicy: "Owner" },
            dataFrom: [{ extract: { key: secretArn } }],
        },
    };
}
