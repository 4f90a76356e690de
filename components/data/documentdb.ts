// Amazon DocumentDB (the MongoDB of seed 000): an encrypted cluster in the
// isolated data subnets whose parameter group turns TLS on, with audit and
// profiler logs exported. The master password is managed by DocumentDB in
// Secrets Manager and never passes through this program; it is the
// administrator's alone. Each client service gets a login of its own (a
// generated password in its own secret): DocumentDB's IAM authentication runs
// on engine 5.0 only, so passwords serve every version the stack allows.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkNames, NAME_LIMITS } from "../naming";
import { firstOf, StoreEndpoint } from "./endpoint";
import { statefulOptions, storeKey } from "./kms";
import { checkClients, createPasswordLogin, PasswordLogin } from "./logins";
import { checkIdentifier, finalSnapshotName, serviceUserName } from "./naming";
import { DOCDB_PARAMETERS, docdbFamily } from "./parameters";
import { DATA_DEFAULTS, MAX_DOCDB_INSTANCES } from "./types";
import { backupRetentionProblem, check, docdbInstanceClassProblem, docdbVersionProblem, integerProblem } from "./validation";

export interface DocumentDbArgs {
    /** Isolated data-tier subnets, in at least two zones. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The store's security group (admits exactly the catalog's clients on the port). */
    readonly securityGroupId: pulumi.Input<string>;
    /** Stack-wide prefix of physical names that AWS does not generate (the final snapshot). */
    readonly identifier: string;
    /** Instance class of every instance, e.g. "db.r6g.large". */
    readonly instanceClass: string;
    /** "major.minor.patch". @default "5.0.0" */
    readonly engineVersion?: string;
    /** Instances: one writer, the rest readers in other zones. @default 3 */
    readonly instances?: number;
    /** Days of automated backups, 1..35. @default 14 */
    readonly backupRetentionDays?: number;
    /** `protect`, deletion protection and a final snapshot on the stateful resources. @default true */
    readonly protect?: boolean;
    /** Master user name (its password is managed by DocumentDB). @default "ttadmin" */
    readonly masterUsername?: string;
    /** Catalog services that use the store: each gets its own login (user `serviceUserName`, password in its own secret). @default [] */
    readonly clients?: readonly string[];
    /** Tags added to every resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Defaults of DocumentDbArgs. */
export const DOCUMENTDB_DEFAULTS = {
    engineVersion: "5.0.0",
    instances: 3,
    backupRetentionDays: 14,
    protect: true,
    masterUsername: "ttadmin",
    /** DocumentDB passwords are 8 to 100 printable characters; letters and digits only here. */
    passwordLength: 40,
} as const;

/** Log streams DocumentDB exports to CloudWatch. */
export const DOCDB_LOG_EXPORTS = ["audit", "profiler"];

export class DocumentDb extends pulumi.ComponentResource {
    readonly cluster: aws.docdb.Cluster;
    readonly instances: readonly aws.docdb.ClusterInstance[];
    readonly key: aws.kms.Key;
    readonly parameterGroup: aws.docdb.ClusterParameterGroup;
    /** Secrets Manager secret (DocumentDB-managed) with the master credentials: for the administrator only. */
    readonly masterSecretArn: pulumi.Output<string>;
    /** Each client service's login, by service. */
    readonly logins: Readonly<Record<string, PasswordLogin>>;
    readonly endpoint: StoreEndpoint;

    constructor(name: string, args: DocumentDbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:data:DocumentDb", name, {}, opts);
        const engineVersion = args.engineVersion ?? DOCUMENTDB_DEFAULTS.engineVersion;
        const count = args.instances ?? DOCUMENTDB_DEFAULTS.instances;
        const backupRetentionDays = args.backupRetentionDays ?? DOCUMENTDB_DEFAULTS.backupRetentionDays;
        const protect = args.protect ?? DOCUMENTDB_DEFAULTS.protect;
        const component = `DocumentDb ${name}`;
        checkIdentifier(args.identifier);
        check(component, "engineVersion", engineVersion, docdbVersionProblem(engineVersion));
        check(component, "instanceClass", args.instanceClass, docdbInstanceClassProblem(args.instanceClass));
        check(component, "backupRetentionDays", backupRetentionDays, backupRetentionProblem(backupRetentionDays));
        check(component, "instances", count, integerProblem(count, 1, MAX_DOCDB_INSTANCES));
        checkNames(component, [
            { name: `${name}-cluster`, limit: NAME_LIMITS.docdbCluster, autonamed: true },
            { name: `${name}-instance-${count}`, limit: NAME_LIMITS.docdbInstance, autonamed: true },
        ]);
        checkClients(component, args.clients ?? []);
        const tags = (role: string) => ({ ...args.tags, Name: `${name}-${role}` });
        const child = { parent: this };
        const stateful = statefulOptions(this, protect);

        this.key = storeKey(name, `DocumentDB ${name}: storage and backups`, args.tags ?? {}, this, protect);
        const subnetGroup = new aws.docdb.SubnetGroup(`${name}-subnets`, {
            description: `DocumentDB ${name}: isolated data subnets only`,
            subnetIds: args.subnetIds,
            tags: tags("subnets"),
        }, child);
        this.parameterGroup = new aws.docdb.ClusterParameterGroup(`${name}-params`, {
            family: docdbFamily(engineVersion),
            description: `DocumentDB ${name}: TLS on, audit and profiler logs`,
            parameters: DOCDB_PARAMETERS.map((p) => ({ ...p })),
            tags: tags("params"),
        }, child);

        this.cluster = new aws.docdb.Cluster(`${name}-cluster`, {
            engine: "docdb",
            engineVersion,
            port: DATA_DEFAULTS.mongoPort,
            masterUsername: args.masterUsername ?? DOCUMENTDB_DEFAULTS.masterUsername,
            manageMasterUserPassword: true,
            dbSubnetGroupName: subnetGroup.name,
            vpcSecurityGroupIds: [args.securityGroupId],
            dbClusterParameterGroupName: this.parameterGroup.name,
            storageEncrypted: true,
            kmsKeyId: this.key.arn,
            backupRetentionPeriod: backupRetentionDays,
            preferredBackupWindow: DATA_DEFAULTS.backupWindow,
            preferredMaintenanceWindow: DATA_DEFAULTS.maintenanceWindow,
            enabledCloudwatchLogsExports: DOCDB_LOG_EXPORTS,
            deletionProtection: protect,
            skipFinalSnapshot: !protect,
            finalSnapshotIdentifier: protect ? finalSnapshotName(args.identifier, "mongodb") : undefined,
            tags: tags("cluster"),
        }, stateful);

        // Instances are numbered: a count, not a list whose order could shift.
        this.instances = Array.from({ length: count }, (_, i) =>
            new aws.docdb.ClusterInstance(`${name}-instance-${i + 1}`, {
                clusterIdentifier: this.cluster.id,
                engine: "docdb",
                instanceClass: args.instanceClass,
                caCertIdentifier: DATA_DEFAULTS.caCertIdentifier,
                autoMinorVersionUpgrade: true,
                preferredMaintenanceWindow: DATA_DEFAULTS.maintenanceWindow,
                tags: tags(`instance-${i + 1}`),
            }, stateful),
        );

        this.masterSecretArn = firstOf(this.cluster.masterUserSecrets, (s) => s.secretArn, `${component}: managed master secret`);
        this.logins = Object.fromEntries((args.clients ?? []).map((client) => [client, createPasswordLogin(`${name}-login-${client}`, {
            client,
            userName: serviceUserName(client),
            purpose: `DocumentDB ${name}: login of ${client}`,
            keyArn: this.key.arn,
            length: DOCUMENTDB_DEFAULTS.passwordLength,
            protect,
            tags: tags(`login-${client}`),
        }, this)]));
        const host = this.cluster.endpoint;
        this.endpoint = {
            name: "mongodb",
            engine: "mongodb",
            host,
            readerHost: this.cluster.readerEndpoint,
            // A replica-set client learns the instances from the cluster and connects to each by its own name.
            memberHosts: this.instances.map((i) => i.endpoint),
            port: DATA_DEFAULTS.mongoPort,
            tls: "tls=true",
            // DocumentDB does not support retryable writes; rs0 is its fixed replica set name.
            url: pulumi.interpolate`mongodb://${host}:${DATA_DEFAULTS.mongoPort}/?tls=true&replicaSet=rs0&readPreference=secondaryPreferred&retryWrites=false`,
        };
        this.registerOutputs({ endpoint: this.endpoint, keyArn: this.key.arn });
    }
}
