// RDS PostgreSQL: an encrypted primary in the isolated data subnets, a read
// replica (seed 000) when asked, both bound to one parameter group that
// refuses connections without TLS. The master password is created and
// rotated by RDS in Secrets Manager; it never passes through this program.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkNames, NAME_LIMITS } from "../naming";
import { firstOf, StoreEndpoint } from "./endpoint";
import { statefulOptions, storeKey } from "./kms";
import { checkIdentifier, finalSnapshotName } from "./naming";
import { POSTGRES_PARAMETERS, postgresFamily } from "./parameters";
import { DATA_DEFAULTS } from "./types";
import {
    backupRetentionProblem,
    check,
    postgresCeilingProblem,
    postgresInstanceClassProblem,
    postgresStorageCeiling,
    postgresStorageProblem,
    postgresVersionProblem,
} from "./validation";

export interface PostgresArgs {
    /** Isolated data-tier subnets, in at least two zones. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The store's security group (admits exactly the catalog's clients on the port). */
    readonly securityGroupId: pulumi.Input<string>;
    /** Stack-wide prefix of physical names that AWS does not generate (the final snapshot). */
    readonly identifier: string;
    /** RDS instance class of the primary and the replica, e.g. "db.r7g.large". */
    readonly instanceClass: string;
    /** Engine version: a major ("17", follows minor upgrades) or "major.minor". @default "17" */
    readonly engineVersion?: string;
    /** Initial storage in GiB (gp3). @default 100 */
    readonly allocatedStorageGb?: number;
    /** Storage autoscaling ceiling in GiB, above the allocation and at most 65536. @default 4 × allocatedStorageGb, capped at 65536 */
    readonly maxAllocatedStorageGb?: number;
    /** A standby in a second zone. @default true */
    readonly multiAz?: boolean;
    /** A read replica in the same subnets and security group. @default true */
    readonly readReplica?: boolean;
    /** Days of automated backups, 1..35. @default 14 */
    readonly backupRetentionDays?: number;
    /** `protect`, deletion protection and a final snapshot on every stateful resource. @default true */
    readonly protect?: boolean;
    /** Database created with the instance. @default "tickettoken" */
    readonly databaseName?: string;
    /** Master user name (its password is RDS-managed). @default "tickettoken_admin" */
    readonly masterUsername?: string;
    /** Tags added to every resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Defaults of PostgresArgs. */
export const POSTGRES_DEFAULTS = {
    engineVersion: "17",
    allocatedStorageGb: 100,
    storageGrowth: 4,
    multiAz: true,
    readReplica: true,
    backupRetentionDays: 14,
    protect: true,
    databaseName: "tickettoken",
    masterUsername: "tickettoken_admin",
} as const;

/** Log streams RDS exports to CloudWatch for PostgreSQL. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"];

export class Postgres extends pulumi.ComponentResource {
    readonly primary: aws.rds.Instance;
    /** Undefined when no replica was asked for. */
    readonly replica?: aws.rds.Instance;
    readonly key: aws.kms.Key;
    readonly parameterGroup: aws.rds.ParameterGroup;
    readonly subnetGroup: aws.rds.SubnetGroup;
    /** Secrets Manager secret (RDS-managed) with the master credentials: for the administrator only. */
    readonly masterSecretArn: pulumi.Output<string>;
    /** The DbiResourceId of the primary, then of the replica: what `rds-db:connect` names a database user under. */
    readonly resourceIds: readonly pulumi.Output<string>[];
    readonly endpoint: StoreEndpoint;

    constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:data:Postgres", name, {}, opts);
        const engineVersion = args.engineVersion ?? POSTGRES_DEFAULTS.engineVersion;
        const backupRetentionDays = args.backupRetentionDays ?? POSTGRES_DEFAULTS.backupRetentionDays;
        const allocatedStorage = args.allocatedStorageGb ?? POSTGRES_DEFAULTS.allocatedStorageGb;
        const protect = args.protect ?? POSTGRES_DEFAULTS.protect;
        const component = `Postgres ${name}`;
        checkIdentifier(args.identifier);
        check(component, "engineVersion", engineVersion, postgresVersionProblem(engineVersion));
        check(component, "instanceClass", args.instanceClass, postgresInstanceClassProblem(args.instanceClass));
        check(component, "backupRetentionDays", backupRetentionDays, backupRetentionProblem(backupRetentionDays));
        check(component, "allocatedStorageGb", allocatedStorage, postgresStorageProblem(allocatedStorage));
        if (args.maxAllocatedStorageGb !== undefined) {
            check(component, "maxAllocatedStorageGb", args.maxAllocatedStorageGb, postgresCeilingProblem(args.maxAllocatedStorageGb, allocatedStorage));
        }
        // Four times the allocation by default, but never past gp3's 64 TiB: RDS refuses a larger ceiling.
        const maxAllocatedStorage = args.maxAllocatedStorageGb ?? postgresStorageCeiling(allocatedStorage, POSTGRES_DEFAULTS.storageGrowth);
        checkNames(component, [
            { name: `${name}-primary`, limit: NAME_LIMITS.rdsInstance, autonamed: true },
            { name: `${name}-replica`, limit: NAME_LIMITS.rdsInstance, autonamed: true },
        ]);
        const tags = (role: string) => ({ ...args.tags, Name: `${name}-${role}` });
        const child = { parent: this };
        const stateful = statefulOptions(this, protect);

        this.key = storeKey(name, `PostgreSQL ${name}: storage, backups, Performance Insights, master secret`, args.tags ?? {}, this, protect);
        this.subnetGroup = new aws.rds.SubnetGroup(`${name}-subnets`, {
            description: `PostgreSQL ${name}: isolated data subnets only`,
            subnetIds: args.subnetIds,
            tags: tags("subnets"),
        }, child);
        this.parameterGroup = new aws.rds.ParameterGroup(`${name}-params`, {
            family: postgresFamily(engineVersion),
            description: `PostgreSQL ${name}: TLS 1.2+ required, connections logged`,
            parameters: POSTGRES_PARAMETERS.map((p) => ({ ...p })),
            tags: tags("params"),
        }, child);

        // Settings the primary and the replica share: same network, TLS, encryption and insight.
        const shared = {
            instanceClass: args.instanceClass,
            dbSubnetGroupName: this.subnetGroup.name,
            vpcSecurityGroupIds: [args.securityGroupId],
            parameterGroupName: this.parameterGroup.name,
            port: DATA_DEFAULTS.postgresPort,
            publiclyAccessible: false,
            storageEncrypted: true,
            kmsKeyId: this.key.arn,
            iamDatabaseAuthenticationEnabled: true,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: this.key.arn,
            performanceInsightsRetentionPeriod: DATA_DEFAULTS.performanceInsightsRetentionDays,
            enabledCloudwatchLogsExports: POSTGRES_LOG_EXPORTS,
            caCertIdentifier: DATA_DEFAULTS.caCertIdentifier,
            autoMinorVersionUpgrade: true,
            maintenanceWindow: DATA_DEFAULTS.maintenanceWindow,
            copyTagsToSnapshot: true,
            deletionProtection: protect,
        };

        this.primary = new aws.rds.Instance(`${name}-primary`, {
            ...shared,
            engine: "postgres",
            engineVersion,
            dbName: args.databaseName ?? POSTGRES_DEFAULTS.databaseName,
            username: args.masterUsername ?? POSTGRES_DEFAULTS.masterUsername,
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: this.key.arn,
            allocatedStorage,
            maxAllocatedStorage,
            storageType: "gp3",
            multiAz: args.multiAz ?? POSTGRES_DEFAULTS.multiAz,
            backupRetentionPeriod: backupRetentionDays,
            backupWindow: DATA_DEFAULTS.backupWindow,
            // Kept after deletion so a protected database can still be restored.
            deleteAutomatedBackups: !protect,
            skipFinalSnapshot: !protect,
            finalSnapshotIdentifier: protect ? finalSnapshotName(args.identifier, "postgresql") : undefined,
            tags: tags("primary"),
        }, stateful);

        if (args.readReplica ?? POSTGRES_DEFAULTS.readReplica) {
            this.replica = new aws.rds.Instance(`${name}-replica`, {
                ...shared,
                // With an explicit subnet group, a same-region source must be named by ARN.
                replicateSourceDb: this.primary.arn,
                // A replica is discarded, not snapshotted, when deleted.
                skipFinalSnapshot: true,
                tags: tags("replica"),
            }, stateful);
        }

        this.resourceIds = [this.primary.resourceId, ...(this.replica ? [this.replica.resourceId] : [])];
        this.masterSecretArn = firstOf(this.primary.masterUserSecrets, (s) => s.secretArn, `${component}: managed master secret`);
        const host = this.primary.address;
        this.endpoint = {
            name: "postgresql",
            engine: "postgresql",
            host,
            readerHost: this.replica?.address,
            port: DATA_DEFAULTS.postgresPort,
            tls: "sslmode=verify-full",
            url: pulumi.interpolate`postgresql://${host}:${DATA_DEFAULTS.postgresPort}/${args.databaseName ?? POSTGRES_DEFAULTS.databaseName}?sslmode=verify-full`,
        };
        this.registerOutputs({ endpoint: this.endpoint, keyArn: this.key.arn });
    }
}
