// ElastiCache for Redis OSS or Valkey: a replication group in the isolated
// data subnets that accepts TLS only, encrypted at rest with its own key,
// and reachable only as one of the RBAC users planned from the catalog (IAM
// authentication, one user per client service, the default user off).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkNames, NAME_LIMITS } from "../naming";
import { StoreEndpoint } from "./endpoint";
import { createPasswordLogin, PasswordLogin } from "./logins";
import { statefulOptions, storeKey } from "./kms";
import { checkIdentifier, elasticacheId, finalSnapshotName } from "./naming";
import { ClientAccess, planCacheUsers } from "./redisAcl";
import { CACHE_SNAPSHOT_RETENTION_DAYS, CacheEngine, DATA_DEFAULTS, MAX_CACHE_NODES } from "./types";
import { cacheNodeTypeProblem, cacheVersionProblem, check, integerProblem } from "./validation";

export interface RedisArgs {
    /** Isolated data-tier subnets. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The store's security group (admits exactly the catalog's clients on the port). */
    readonly securityGroupId: pulumi.Input<string>;
    /** Stack-wide prefix of names AWS does not generate (user ids, user group, final snapshot). */
    readonly identifier: string;
    /** Catalog services that use the cache: each gets its own IAM-authenticated user. */
    readonly clients: readonly string[];
    /** ElastiCache node type, e.g. "cache.r7g.large". */
    readonly nodeType: string;
    /** @default "valkey" */
    readonly engine?: CacheEngine;
    /** "major.minor". @default "8.0" */
    readonly engineVersion?: string;
    /** Nodes (primary plus replicas); two or more turn on automatic failover and multi-AZ. @default 3 */
    readonly nodes?: number;
    /** Days of daily snapshots, 0..35 (0: none). @default 7 */
    readonly snapshotRetentionDays?: number;
    /** `protect` and a final snapshot on the stateful resources. @default true */
    readonly protect?: boolean;
    /** Rights of clients beyond the "data" profile on their own prefix, and how they log in (the catalog's cacheAccess). @default {} */
    readonly clientAccess?: Readonly<Record<string, ClientAccess>>;
    /** Tags added to every resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Defaults of RedisArgs. */
export const REDIS_DEFAULTS = {
    engine: "valkey" as CacheEngine,
    engineVersion: "8.0",
    nodes: 3,
    snapshotRetentionDays: 7,
    protect: true,
    snapshotWindow: "03:00-04:00",
    /** ElastiCache passwords are 16 to 128 characters. */
    passwordLength: 40,
} as const;

/** How a password client logs in: its user name, its password (a secret output) and the Secrets Manager secret holding both. */
export type CachePasswordLogin = PasswordLogin;

export class Redis extends pulumi.ComponentResource {
    readonly replicationGroup: aws.elasticache.ReplicationGroup;
    readonly userGroup: aws.elasticache.UserGroup;
    readonly key: aws.kms.Key;
    /** User id per client service: the user name a client connects as, and what IRSA grants elasticache:Connect on. */
    readonly userIds: Readonly<Record<string, string>>;
    /** User ARN per client service. */
    readonly userArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** What IRSA grants elasticache:Connect on, with the user ARNs. */
    readonly replicationGroupArn: pulumi.Output<string>;
    readonly endpoint: StoreEndpoint;
    /** Logins of the password clients, by client. */
    readonly passwordLogins: Readonly<Record<string, CachePasswordLogin>>;

    constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:data:Redis", name, {}, opts);
        const engine = args.engine ?? REDIS_DEFAULTS.engine;
        const engineVersion = args.engineVersion ?? REDIS_DEFAULTS.engineVersion;
        const nodes = args.nodes ?? REDIS_DEFAULTS.nodes;
        const snapshotRetentionDays = args.snapshotRetentionDays ?? REDIS_DEFAULTS.snapshotRetentionDays;
        const protect = args.protect ?? REDIS_DEFAULTS.protect;
        const component = `Redis ${name}`;
        checkIdentifier(args.identifier);
        check(component, "engineVersion", engineVersion, cacheVersionProblem(engineVersion, engine));
        check(component, "nodeType", args.nodeType, cacheNodeTypeProblem(args.nodeType, engine));
        check(component, "nodes", nodes, integerProblem(nodes, 1, MAX_CACHE_NODES));
        const { min, max } = CACHE_SNAPSHOT_RETENTION_DAYS;
        check(component, "snapshotRetentionDays", snapshotRetentionDays, integerProblem(snapshotRetentionDays, min, max));
        checkNames(component, [{ name: `${name}-group`, limit: NAME_LIMITS.replicationGroup, autonamed: true }]);
        const tags = (role: string) => ({ ...args.tags, Name: `${name}-${role}` });
        const child = { parent: this };
        const ha = nodes >= 2;

        this.key = storeKey(name, `Cache ${name}: data and snapshots at rest`, args.tags ?? {}, this, protect);
        const subnetGroup = new aws.elasticache.SubnetGroup(`${name}-subnets`, {
            description: `Cache ${name}: isolated data subnets only`,
            subnetIds: args.subnetIds,
            tags: tags("subnets"),
        }, child);

        const plans = planCacheUsers(args.clients, (role) => elasticacheId(args.identifier, role), args.clientAccess ?? {});
        const logins: Record<string, CachePasswordLogin> = {};
        const users = plans.map((p) => {
            let authenticationMode: aws.types.input.elasticache.UserAuthenticationMode;
            switch (p.authentication) {
                case "iam":
                    authenticationMode = { type: "iam" };
                    break;
                case "disabled":
                    authenticationMode = { type: "no-password-required" };
                    break;
                case "password": {
                    const login = createPasswordLogin(`${name}-password-${p.client}`, {
                        client: p.client,
                        userName: p.userName,
                        purpose: `Cache ${name}: login of ${p.client}, whose Redis client cannot sign IAM tokens`,
                        keyArn: this.key.arn,
                        length: REDIS_DEFAULTS.passwordLength,
                        protect,
                        tags: tags(`password-${p.client}`),
                    }, this);
                    logins[p.client] = login;
                    // The list as a whole is secret, so no engine or policy sees it in plain text.
                    authenticationMode = { type: "password", passwords: pulumi.secret(login.password.apply((p) => [p])) };
                    break;
                }
            }
            // The id is fixed (it is the user name clients sign IAM tokens for, and what IRSA grants), and unique per
            // account: a replacement must delete the old user before creating the new one.
            return new aws.elasticache.User(`${name}-user-${p.client}`, {
                engine,
                userId: p.userId,
                userName: p.userName,
                accessString: p.accessString,
                authenticationMode,
                tags: tags(`user-${p.client}`),
            }, { parent: this, deleteBeforeReplace: true });
        });
        this.passwordLogins = logins;
        this.userGroup = new aws.elasticache.UserGroup(`${name}-users`, {
            engine,
            // The id carries the engine, the group's one other replace-forcing input, so a replacement always has a new
            // id: the new group is created and swapped into the replication group before the old one goes (a group in
            // use cannot be deleted first).
            userGroupId: elasticacheId(args.identifier, `${engine}-users`),
            userIds: users.map((u) => u.userId),
            tags: tags("users"),
        }, child);

        this.replicationGroup = new aws.elasticache.ReplicationGroup(`${name}-group`, {
            description: `Cache ${name} (${engine} ${engineVersion}): TLS required, RBAC users per service`,
            engine,
            engineVersion,
            nodeType: args.nodeType,
            numCacheClusters: nodes,
            port: DATA_DEFAULTS.redisPort,
            subnetGroupName: subnetGroup.name,
            securityGroupIds: [args.securityGroupId],
            transitEncryptionEnabled: true,
            transitEncryptionMode: "required",
            atRestEncryptionEnabled: true,
            kmsKeyId: this.key.arn,
            userGroupIds: [this.userGroup.userGroupId],
            automaticFailoverEnabled: ha,
            multiAzEnabled: ha,
            autoMinorVersionUpgrade: true,
            maintenanceWindow: DATA_DEFAULTS.maintenanceWindow,
            snapshotRetentionLimit: snapshotRetentionDays,
            snapshotWindow: REDIS_DEFAULTS.snapshotWindow,
            finalSnapshotIdentifier: protect ? finalSnapshotName(args.identifier, "redis") : undefined,
            tags: tags("group"),
        }, statefulOptions(this, protect));

        const clientPlans = plans.filter((p) => p.authentication !== "disabled");
        const clientUsers = users.slice(1);
        this.userIds = Object.fromEntries(clientPlans.map((p) => [p.client, p.userName]));
        this.userArns = Object.fromEntries(clientPlans.map((p, i) => [p.client, clientUsers[i].arn]));
        this.replicationGroupArn = this.replicationGroup.arn;
        const host = this.replicationGroup.primaryEndpointAddress;
        this.endpoint = {
            name: "redis",
            engine: "redis",
            host,
            readerHost: ha ? this.replicationGroup.readerEndpointAddress : undefined,
            port: DATA_DEFAULTS.redisPort,
            tls: "tls=true",
            url: pulumi.interpolate`rediss://${host}:${DATA_DEFAULTS.redisPort}`,
        };
        this.registerOutputs({ endpoint: this.endpoint, userIds: this.userIds, replicationGroupArn: this.replicationGroupArn });
    }
}
