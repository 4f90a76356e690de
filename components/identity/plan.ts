// Pure plan of each catalog service's identity: the ServiceAccount it runs
// as, how it logs into each store it uses, and so which AWS APIs it must
// reach. Everything here follows from the catalog: a service's grants from
// the stores it uses (and how each engine authenticates), its AWS APIs from
// its grants. Nothing is listed by hand.
//
// - PostgreSQL: IAM database authentication. The client signs an auth token
//   locally with its role's credentials (no RDS API call), so it needs
//   `rds-db:connect` on its own database user, and STS to get credentials.
// - Redis/Valkey: IAM users, likewise signed locally (`elasticache:Connect`),
//   unless the catalog says the client logs in with a password (Kong): that
//   password reaches it as a Kubernetes Secret, with no AWS call.
// - DocumentDB, RabbitMQ: a password login of its own, read from its own
//   Secrets Manager secret (`secretsmanager:GetSecretValue`, and `kms:Decrypt`
//   through Secrets Manager for the store's key, which Secrets Manager calls
//   on the caller's behalf: no KMS endpoint is needed).
// - Credentials for any of these come from STS (AssumeRoleWithWebIdentity).
import { serviceUserName } from "../data/naming";
import { RABBITMQ_MANAGEMENT_PORT } from "../messaging/types";
import type { AwsResource, CatalogIndex, PlatformWorkloadSpec, ServiceSpec, StoreSpec } from "../catalog";

/** AWS APIs a workload may call, each through its VPC interface endpoint. */
export type AwsApi = "sts" | "secretsmanager" | "sns" | "logs" | "autoscaling" | "ec2";

export const AWS_APIS: readonly AwsApi[] = ["sts", "secretsmanager", "sns", "logs", "autoscaling", "ec2"];

/** How a service proves who it is to a store it uses. */
export type StoreLogin =
    /** An IAM-authenticated database user of its own, owning a database of its own. */
    | { readonly kind: "database-user"; readonly user: string; readonly database: string }
    /** An IAM-authenticated cache user of its own (the cache component names it). */
    | { readonly kind: "cache-user" }
    /** A cache user with a generated password, handed over as a Kubernetes Secret (no AWS call). */
    | { readonly kind: "cache-password" }
    /** A user of its own whose generated password is in its own Secrets Manager secret. */
    | { readonly kind: "password-login"; readonly user: string };

/** One service's identity. */
export interface IdentityPlan {
    readonly service: string;
    /** Its Kubernetes ServiceAccount in the app namespace (the IRSA role trusts exactly it; the mesh's identity is it). */
    readonly serviceAccount: string;
    /** How it logs into each store it uses, by store name. */
    readonly logins: Readonly<Record<string, StoreLogin>>;
    /** The AWS APIs it needs, in AWS_APIS order; empty when its role grants nothing. */
    readonly awsApis: readonly AwsApi[];
}

/** How a service logs into a store of this engine. */
export function storeLogin(store: StoreSpec, service: ServiceSpec): StoreLogin {
    switch (store.engine) {
        case "postgresql": {
            const user = serviceUserName(service.name);
            return { kind: "database-user", user, database: user };
        }
        case "redis":
            return (service.cacheAccess?.authentication ?? "iam") === "iam" ? { kind: "cache-user" } : { kind: "cache-password" };
        case "mongodb":
        case "rabbitmq":
            return { kind: "password-login", user: serviceUserName(service.name) };
    }
}

/** True when the login needs the service's role to allow something. */
export function needsIam(login: StoreLogin): boolean {
    switch (login.kind) {
        case "database-user":
        case "cache-user":
        case "password-login":
            return true;
        case "cache-password":
            return false;
    }
}

/** The identity of `service`. */
export function planIdentity(catalog: CatalogIndex, service: string): IdentityPlan {
    const spec = catalog.service(service);
    const logins: Record<string, StoreLogin> = {};
    for (const f of catalog.egressFrom(service).filter((x) => x.toKind === "store")) {
        logins[f.to] = storeLogin(catalog.store(f.to), spec);
    }
    const all = Object.values(logins);
    const apis = new Set<AwsApi>();
    if (all.some(needsIam)) {
        apis.add("sts");
    }
    if (all.some((l) => l.kind === "password-login")) {
        apis.add("secretsmanager");
    }
    return { service, serviceAccount: service, logins, awsApis: AWS_APIS.filter((a) => apis.has(a)) };
}

/** Every catalog service's identity, in catalog order. */
export function planIdentities(catalog: CatalogIndex): IdentityPlan[] {
    return catalog.catalog.services.map((s) => planIdentity(catalog, s.name));
}

/** The AWS APIs the catalog's services need: what their mesh registry names. */
export function serviceAwsApis(catalog: CatalogIndex): AwsApi[] {
    const used = new Set(planIdentities(catalog).flatMap((p) => p.awsApis));
    return AWS_APIS.filter((a) => used.has(a));
}

/** The AWS APIs any service or platform workload needs: what the network must offer interface endpoints for. */
export function awsApisInUse(catalog: CatalogIndex): AwsApi[] {
    const used = new Set([...planIdentities(catalog).flatMap((p) => p.awsApis), ...catalog.platform.flatMap((w) => planPlatformIdentity(w).awsApis)]);
    return AWS_APIS.filter((a) => used.has(a));
}

/**
 * The APIs an AWS resource is used through. Auto Scaling groups are sized
 * through Auto Scaling, and read (instance types, launch templates) through
 * EC2 (Cluster Autoscaler's documented policy, cluster-autoscaler/cloudprovider/aws/README.md).
 */
export function apisOfResource(resource: AwsResource): AwsApi[] {
    switch (resource) {
        case "alert-topic":
            return ["sns"];
        case "container-logs":
            return ["logs"];
        case "node-groups":
            return ["autoscaling", "ec2"];
        case "service-secrets":
            return ["secretsmanager"];
    }
}

/**
 * Whose rights an AWS resource is used with: the workload's own role, or
 * the role of each catalog service it acts for. The External Secrets
 * Operator reads a service's secrets as that service (a SecretStore per
 * service that authenticates with the service's own ServiceAccount), so its
 * controller holds no grant that could read another service's secrets.
 */
export function grantHolder(resource: AwsResource): "own" | "each-service" {
    return resource === "service-secrets" ? "each-service" : "own";
}

/** A platform workload's identity: what it is granted on its own, and the AWS APIs its pods call. */
export interface PlatformIdentityPlan {
    readonly workload: string;
    readonly namespace: string;
    /** AWS resources its own role is granted; empty: it has no role. */
    readonly grants: readonly AwsResource[];
    /** The AWS APIs its pods call (STS for any credentials, its own or a service's), in AWS_APIS order. */
    readonly awsApis: readonly AwsApi[];
}

export function planPlatformIdentity(w: PlatformWorkloadSpec): PlatformIdentityPlan {
    const resources = w.uses.flatMap((u) => (u.kind === "aws" ? [u.resource] : []));
    const apis = new Set<AwsApi>(resources.flatMap(apisOfResource));
    if (resources.length > 0) {
        apis.add("sts");
    }
    return {
        workload: w.name,
        namespace: w.namespace,
        grants: resources.filter((r) => grantHolder(r) === "own"),
        awsApis: AWS_APIS.filter((a) => apis.has(a)),
    };
}

/** Services that log into `store` with a password login of their own (its clients with secrets). */
export function passwordLoginClients(catalog: CatalogIndex, store: string): string[] {
    return catalog.clientsOf(store).filter((s) => planIdentity(catalog, s).logins[store]?.kind === "password-login");
}

/** The interface endpoint service suffix of an API ("com.amazonaws.<region>.<suffix>"). */
export function endpointService(api: AwsApi): string {
    switch (api) {
        case "sts":
        case "secretsmanager":
        case "sns":
        case "logs":
        case "autoscaling":
        case "ec2":
            return api;
    }
}

/**
 * The regional host name of an API, which the endpoint's private DNS resolves
 * to its network interfaces inside the VPC. Regional always: the global STS
 * name (sts.amazonaws.com) has no endpoint in the VPC.
 */
export function apiHost(api: AwsApi, region: string, dnsSuffix: string): string {
    return `${endpointService(api)}.${region}.${dnsSuffix}`;
}

/** A store whose services' users an administrator creates inside it (the stack cannot reach it from CI). */
export interface AdministeredStore {
    readonly store: string;
    /** Where the administrator connects: the store's own port, or its management API's. */
    readonly port: number;
    /** The users to create, by service. */
    readonly users: Readonly<Record<string, StoreLogin>>;
}

/**
 * The port an administrator uses to create users in a store of this engine,
 * or undefined when the stack creates them itself (ElastiCache users are AWS
 * resources).
 */
export function administrationPort(store: StoreSpec): number | undefined {
    switch (store.engine) {
        case "postgresql":
        case "mongodb":
            return store.port;
        case "rabbitmq":
            return RABBITMQ_MANAGEMENT_PORT;
        case "redis":
            return undefined;
    }
}

/** The stores whose users an administrator creates, with the users: from the catalog. */
export function administeredStores(catalog: CatalogIndex): AdministeredStore[] {
    const out: AdministeredStore[] = [];
    for (const store of catalog.catalog.stores) {
        const port = administrationPort(store);
        if (port === undefined) {
            continue;
        }
        const users = Object.fromEntries(catalog.clientsOf(store.name).map((s) => [s, planIdentity(catalog, s).logins[store.name]]));
        out.push({ store: store.name, port, users });
    }
    return out;
}
