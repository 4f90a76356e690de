// The custom resources the stack creates that no npm package models, written
// down from the CRDs of the pinned versions: every field each version's
// structural schema declares (status excepted: the program never sets it),
// with its type and whether it is required, and the CEL rules that concern
// fields we set. Not a copy of the CRDs: only what a client may set.
import { checkField, enumOf, FieldSchema, object, ObjectSchema, STRING, STRING_LIST, STRING_MAP } from "./fieldSchema";
import type { Problem } from "./declaredFields";

/** A custom resource kind at one API version. */
export interface CustomResourceSchema {
    readonly apiVersion: string;
    readonly kind: string;
    readonly scope: "Namespaced" | "Cluster";
    /** Which CRD, at which version, this was read from. */
    readonly source: string;
    /** The top-level fields besides apiVersion, kind and metadata. */
    readonly fields: ObjectSchema;
    /** The CRD's x-kubernetes-validations (CEL) on fields we set, as checks. */
    readonly rules?: ReadonlyArray<(o: Record<string, unknown>) => string | undefined>;
}

/**
 * The ObjectMeta fields a client sets (meta/v1 ObjectMeta, Kubernetes API
 * reference). The API server validates a custom resource's metadata as any
 * object's, whatever its CRD says (`metadata: {type: object}`).
 */
const OBJECT_META = object({
    name: STRING,
    generateName: STRING,
    namespace: STRING,
    labels: STRING_MAP,
    annotations: STRING_MAP,
    finalizers: STRING_LIST,
});

/** meta/v1 LabelSelector, as controller-gen writes it into a CRD. */
const LABEL_SELECTOR = object({
    matchExpressions: { type: "array", items: object({ key: STRING, operator: STRING, values: STRING_LIST }, ["key", "operator"]) },
    matchLabels: STRING_MAP,
});

const INT_OR_STRING: FieldSchema = { type: "int-or-string" };

// AWS Load Balancer Controller v3.5.0, CRD targetgroupbindings.elbv2.k8s.aws
// (config/crd of kubernetes-sigs/aws-load-balancer-controller v3.5.0, also in
// the eks-charts chart aws-load-balancer-controller 3.5.0), version v1beta1
// (served, storage; v1alpha1 is served too but lacks fields).
const TARGET_GROUP_BINDING: CustomResourceSchema = {
    apiVersion: "elbv2.k8s.aws/v1beta1",
    kind: "TargetGroupBinding",
    scope: "Namespaced",
    source: "aws-load-balancer-controller v3.5.0, targetgroupbindings.elbv2.k8s.aws v1beta1",
    fields: object({
        spec: object({
            assumeRoleExternalId: STRING,
            iamRoleArnToAssume: STRING,
            ipAddressType: enumOf("ipv4", "ipv6"),
            multiClusterTargetGroup: { type: "boolean" },
            networking: object({
                ingress: {
                    type: "array",
                    items: object({
                        from: {
                            type: "array",
                            items: object({
                                ipBlock: object({ cidr: STRING }, ["cidr"]),
                                securityGroup: object({ groupID: STRING }, ["groupID"]),
                            }),
                        },
                        ports: { type: "array", items: object({ port: INT_OR_STRING, protocol: enumOf("TCP", "UDP") }) },
                    }, ["from", "ports"]),
                },
            }),
            nodeSelector: LABEL_SELECTOR,
            serviceRef: object({ name: STRING, port: INT_OR_STRING }, ["name", "port"]),
            targetGroupARN: STRING,
            targetGroupName: STRING,
            targetGroupProtocol: enumOf("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "QUIC", "TCP_QUIC"),
            targetType: enumOf("instance", "ip"),
            vpcID: STRING,
        }, ["serviceRef"]),
    }),
};

/** A key of a Secret; KongClusterPlugin's name the Secret's namespace, KongPlugin's are in the plugin's own. */
function secretKeyRef(withNamespace: boolean): ObjectSchema {
    return withNamespace
        ? object({ key: STRING, name: STRING, namespace: STRING }, ["key", "name", "namespace"])
        : object({ key: STRING, name: STRING }, ["key", "name"]);
}

/** The fields KongPlugin and KongClusterPlugin share (configuration.konghq.com/v1). */
function kongPluginFields(clusterScoped: boolean): ObjectSchema {
    const ref = secretKeyRef(clusterScoped);
    const phases: FieldSchema = { type: "map", values: STRING_LIST };
    return object({
        plugin: STRING,
        // The plugin's own configuration: the CRD keeps it as given; Kong's admission webhook checks it against the plugin.
        config: { type: "free-form" },
        configFrom: object({ secretKeyRef: ref }, ["secretKeyRef"]),
        configPatches: { type: "array", items: object({ path: STRING, valueFrom: object({ secretKeyRef: ref }, ["secretKeyRef"]) }, ["path", "valueFrom"]) },
        consumerRef: STRING,
        disabled: { type: "boolean" },
        instance_name: STRING,
        ordering: object({ after: phases, before: phases }),
        protocols: { type: "array", items: enumOf("http", "https", "grpc", "grpcs", "tcp", "tls", "udp") },
        run_on: enumOf("first", "second", "all"),
    }, ["plugin"]);
}

/** KongPlugin's and KongClusterPlugin's x-kubernetes-validations on the fields we set. */
const KONG_PLUGIN_RULES: CustomResourceSchema["rules"] = [
    (o) => (o.config !== undefined && o.configFrom !== undefined ? "Using both config and configFrom fields is not allowed." : undefined),
    (o) => (o.configFrom !== undefined && o.configPatches !== undefined ? "Using both configFrom and configPatches fields is not allowed." : undefined),
];

// kong chart 3.4.1 (Kong/charts charts/kong/crds/custom-resource-definitions.yaml at
// tag kong-3.4.1, kubernetes-configuration v1.5.2).
const KONG = "kong chart 3.4.1 (kubernetes-configuration v1.5.2)";

const KONG_PLUGIN: CustomResourceSchema = {
    apiVersion: "configuration.konghq.com/v1",
    kind: "KongPlugin",
    scope: "Namespaced",
    source: `${KONG}, kongplugins.configuration.konghq.com v1`,
    fields: kongPluginFields(false),
    rules: KONG_PLUGIN_RULES,
};

const KONG_CLUSTER_PLUGIN: CustomResourceSchema = {
    apiVersion: "configuration.konghq.com/v1",
    kind: "KongClusterPlugin",
    scope: "Cluster",
    source: `${KONG}, kongclusterplugins.configuration.konghq.com v1`,
    fields: kongPluginFields(true),
    rules: KONG_PLUGIN_RULES,
};

const KONG_CONSUMER: CustomResourceSchema = {
    apiVersion: "configuration.konghq.com/v1",
    kind: "KongConsumer",
    scope: "Namespaced",
    source: `${KONG}, kongconsumers.configuration.konghq.com v1`,
    fields: object({
        username: STRING,
        custom_id: STRING,
        credentials: STRING_LIST,
        consumerGroups: STRING_LIST,
        spec: object({
            controlPlaneRef: object({
                type: enumOf("konnectID", "konnectNamespacedRef", "kic"),
                konnectID: STRING,
                konnectNamespacedRef: object({ name: STRING, namespace: STRING }, ["name"]),
            }),
            tags: { type: "array", items: STRING, maxItems: 20 },
        }),
    }),
    rules: [(o) => (o.username === undefined && o.custom_id === undefined ? "Need to provide either username or custom_id" : undefined)],
};

// The VPC resource controller that EKS runs for security groups for pods
// (aws/amazon-vpc-resource-controller-k8s, config/crd/bases,
// securitygrouppolicies.vpcresources.k8s.aws, controller-gen v0.18.0), version v1beta1.
const SECURITY_GROUP_POLICY: CustomResourceSchema = {
    apiVersion: "vpcresources.k8s.aws/v1beta1",
    kind: "SecurityGroupPolicy",
    scope: "Namespaced",
    source: "amazon-vpc-resource-controller-k8s, securitygrouppolicies.vpcresources.k8s.aws v1beta1",
    fields: object({
        spec: object({
            podSelector: LABEL_SELECTOR,
            securityGroups: object({ groupIds: { type: "array", items: STRING, minItems: 1 } }),
            serviceAccountSelector: LABEL_SELECTOR,
        }),
    }),
};

// External Secrets Operator v2.9.0 (chart external-secrets 2.9.0), CRDs
// secretstores.external-secrets.io and externalsecrets.external-secrets.io
// (deploy/crds/bundle.yaml at tag v2.9.0), version v1 (served, storage).
// SecretStore: every field of spec, and of the AWS provider the stack uses,
// to the depth it sets them; the other 40-odd providers are not declared (a
// store of another provider fails here until it is). Maps the stack does not
// descend into are free-form.
const ESO = "external-secrets v2.9.0";
const FREE: FieldSchema = { type: "free-form" };
const ESO_NAME: FieldSchema = { type: "string", pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/ };
const AWS_PROVIDER = object({
    additionalRoles: STRING_LIST,
    auth: object({
        jwt: object({ serviceAccountRef: object({ audiences: STRING_LIST, name: ESO_NAME, namespace: STRING }, ["name"]) }),
        secretRef: FREE,
    }),
    customSessionTags: FREE,
    externalID: STRING,
    prefix: STRING,
    region: STRING,
    role: STRING,
    secretsManager: object({ forceDeleteWithoutRecovery: { type: "boolean" }, recoveryWindowInDays: { type: "integer" } }),
    service: enumOf("SecretsManager", "ParameterStore", "CertificateManager"),
    sessionTags: { type: "array", items: FREE },
    sessionTagsPolicy: enumOf("None", "Simple", "Custom"),
    transitiveTagKeys: STRING_LIST,
}, ["region", "service"]);

const SECRET_STORE: CustomResourceSchema = {
    apiVersion: "external-secrets.io/v1",
    kind: "SecretStore",
    scope: "Namespaced",
    source: `${ESO}, secretstores.external-secrets.io v1`,
    fields: object({
        spec: object({
            conditions: { type: "array", items: FREE },
            controller: STRING,
            provider: object({ aws: AWS_PROVIDER }),
            refreshInterval: { type: "integer" },
            retrySettings: FREE,
        }, ["provider"]),
    }),
};

const EXTERNAL_SECRET: CustomResourceSchema = {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    scope: "Namespaced",
    source: `${ESO}, externalsecrets.external-secrets.io v1`,
    fields: object({
        spec: object({
            data: { type: "array", items: FREE },
            dataFrom: {
                type: "array",
                items: object({
                    extract: object({
                        conversionStrategy: enumOf("Default", "Unicode"),
                        decodingStrategy: enumOf("Auto", "Base64", "Base64URL", "None"),
                        key: STRING,
                        metadataPolicy: enumOf("None", "Fetch"),
                        nullBytePolicy: enumOf("Ignore", "Fail"),
                        property: STRING,
                        version: STRING,
                    }, ["key"]),
                    find: FREE,
                    rewrite: { type: "array", items: FREE },
                    sourceRef: FREE,
                }),
            },
            refreshInterval: STRING,
            refreshPolicy: STRING,
            secretStoreRef: object({ kind: enumOf("SecretStore", "ClusterSecretStore"), name: ESO_NAME }),
            syncWindows: FREE,
            target: object({
                creationPolicy: enumOf("Owner", "Orphan", "Merge", "None", "CreateOrMerge"),
                deletionPolicy: STRING,
                immutable: { type: "boolean" },
                manifest: FREE,
                name: ESO_NAME,
                template: FREE,
            }),
        }),
    }),
};

/** Every custom resource schema, by `<apiVersion>:<kind>`. */
export const CUSTOM_RESOURCES: ReadonlyMap<string, CustomResourceSchema> = new Map(
    [TARGET_GROUP_BINDING, KONG_PLUGIN, KONG_CLUSTER_PLUGIN, KONG_CONSUMER, SECURITY_GROUP_POLICY, SECRET_STORE, EXTERNAL_SECRET].map((s) => [`${s.apiVersion}:${s.kind}`, s]),
);

/** Everything the API server would reject or drop in `o`, held against `schema`. */
export function checkCustomResource(schema: CustomResourceSchema, o: Record<string, unknown>): Problem[] {
    const problems: Problem[] = [];
    const { apiVersion, kind, metadata, ...rest } = o;
    if (apiVersion !== schema.apiVersion || kind !== schema.kind) {
        problems.push({ path: "", message: `is ${apiVersion} ${kind}, the schema is for ${schema.apiVersion} ${schema.kind}` });
    }
    problems.push(...checkField(OBJECT_META, metadata ?? {}, "metadata"));
    const meta = (metadata ?? {}) as Record<string, unknown>;
    if (meta.name === undefined) {
        problems.push({ path: "metadata.name", message: "is required" });
    }
    // A namespaced object without a namespace lands in the provider's default namespace; a cluster-scoped one has none.
    if (schema.scope === "Namespaced" && meta.namespace === undefined) {
        problems.push({ path: "metadata.namespace", message: `is required: ${schema.kind} is namespaced` });
    }
    if (schema.scope === "Cluster" && meta.namespace !== undefined) {
        problems.push({ path: "metadata.namespace", message: `must not be set: ${schema.kind} is cluster-scoped` });
    }
    problems.push(...checkField(schema.fields, rest));
    for (const rule of schema.rules ?? []) {
        const message = rule(o);
        if (message !== undefined) {
            problems.push({ path: "", message });
        }
    }
    return problems;
}
