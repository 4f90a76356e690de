// Amazon MQ for RabbitMQ in the isolated messaging subnets: a single
// instance or a three-node cluster across zones, never public, AMQPS only,
// general logs on. Its storage is encrypted with an AWS-owned key, the only
// kind Amazon MQ for RabbitMQ takes (see BrokerEncryption); its own KMS key
// encrypts the administrator's and the services' login secrets. The
// administrator's password is generated once (kept in state as a secret) and
// stored in Secrets Manager; it reaches the broker and the secret only as a
// secret value. Amazon MQ creates only that one user with a RabbitMQ broker;
// each client service gets its own login here (a generated password in its
// own secret), which the administrator creates on the broker through its
// management API (README, "Store users").
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { firstOf, StoreEndpoint } from "../data/endpoint";
import { checkNames, NAME_LIMITS } from "../naming";
import { statefulOptions, storeKey } from "../data/kms";
import { checkClients, createPasswordLogin, PasswordLogin } from "../data/logins";
import { serviceUserName } from "../data/naming";
import { check } from "../data/validation";
import { AMQPS_PORT, BrokerDeploymentMode, BrokerEncryption, brokerEncryptionProblem, brokerInstanceTypeProblem, brokerVersionProblem } from "./types";

export interface RabbitMqBrokerArgs {
    /** Isolated messaging-tier subnets, one per zone; a single instance uses the first. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The broker's security group (admits exactly the catalog's clients on AMQPS). */
    readonly securityGroupId: pulumi.Input<string>;
    /** Amazon MQ host instance type, valid for the mode and version. */
    readonly instanceType: string;
    /** @default "CLUSTER_MULTI_AZ" */
    readonly deploymentMode?: BrokerDeploymentMode;
    /** RabbitMQ "major.minor". @default "3.13" */
    readonly engineVersion?: string;
    /** `protect` on the broker, its key, password and secret. @default true */
    readonly protect?: boolean;
    /** Encryption of the broker's storage at rest; RabbitMQ takes an AWS-owned key only, so a customer key fails the plan. @default { kind: "aws-owned" } */
    readonly encryption?: BrokerEncryption;
    /** The administrator's user name (not "guest", which Amazon MQ deletes). @default "ttadmin" */
    readonly adminUsername?: string;
    /** Catalog services that use the broker: each gets its own login (user `serviceUserName`, password in its own secret). @default [] */
    readonly clients?: readonly string[];
    /** Weekly maintenance start. @default { dayOfWeek: "SUNDAY", timeOfDay: "05:00", timeZone: "UTC" } */
    readonly maintenanceWindow?: aws.types.input.mq.BrokerMaintenanceWindowStartTime;
    /** Tags added to every resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Defaults of RabbitMqBrokerArgs. */
export const BROKER_DEFAULTS = {
    deploymentMode: "CLUSTER_MULTI_AZ" as BrokerDeploymentMode,
    engineVersion: "3.13",
    protect: true,
    adminUsername: "ttadmin",
    encryption: { kind: "aws-owned" } as BrokerEncryption,
    maintenanceWindow: { dayOfWeek: "SUNDAY", timeOfDay: "05:00", timeZone: "UTC" },
    /** Amazon MQ allows 12-250 characters, no commas, colons or equal signs: letters and digits only. */
    passwordLength: 40,
} as const;

/** Subnets a broker of `mode` is placed in. */
export function brokerSubnets<T>(mode: BrokerDeploymentMode, subnets: readonly T[]): T[] {
    switch (mode) {
        case "SINGLE_INSTANCE":
            return subnets.slice(0, 1);
        case "CLUSTER_MULTI_AZ":
            return [...subnets];
    }
}

/** Host of an Amazon MQ endpoint URL such as "amqps://b-1.mq.us-east-1.on.aws:5671". */
export function endpointHost(url: string): string {
    const match = /^[a-z]+:\/\/([^:/]+)(?::[0-9]+)?\/?$/.exec(url);
    if (!match) {
        throw new Error(`broker endpoint "${url}" is not a URL like amqps://host:5671`);
    }
    return match[1];
}

export class RabbitMqBroker extends pulumi.ComponentResource {
    readonly broker: aws.mq.Broker;
    readonly key: aws.kms.Key;
    /** Secrets Manager secret with the administrator's user name and password: for the administrator only. */
    readonly adminSecret: aws.secretsmanager.Secret;
    /** Each client service's login, by service. */
    readonly logins: Readonly<Record<string, PasswordLogin>>;
    readonly endpoint: StoreEndpoint;

    constructor(name: string, args: RabbitMqBrokerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:messaging:RabbitMqBroker", name, {}, opts);
        const mode = args.deploymentMode ?? BROKER_DEFAULTS.deploymentMode;
        const engineVersion = args.engineVersion ?? BROKER_DEFAULTS.engineVersion;
        const protect = args.protect ?? BROKER_DEFAULTS.protect;
        const username = args.adminUsername ?? BROKER_DEFAULTS.adminUsername;
        const component = `RabbitMqBroker ${name}`;
        check(component, "engineVersion", engineVersion, brokerVersionProblem(engineVersion));
        const encryption = args.encryption ?? BROKER_DEFAULTS.encryption;
        check(component, "encryption", encryption, brokerEncryptionProblem(encryption));
        check(component, "instanceType", args.instanceType, brokerInstanceTypeProblem(args.instanceType, mode, engineVersion));
        check(component, "subnetIds", `${args.subnetIds.length} subnets`,
            mode === "CLUSTER_MULTI_AZ" && args.subnetIds.length < 2 ? "a CLUSTER_MULTI_AZ broker needs subnets in at least two zones" : undefined);
        check(component, "adminUsername", username, /^[A-Za-z0-9._~-]{2,100}$/.test(username) && username !== "guest"
            ? undefined : 'must be 2-100 letters, digits or ".", "_", "~", "-", and not "guest"');
        checkNames(component, [{ name: `${name}-broker`, limit: NAME_LIMITS.mqBroker, autonamed: true }]);
        checkClients(component, args.clients ?? []);
        const tags = (role: string) => ({ ...args.tags, Name: `${name}-${role}` });
        const stateful = statefulOptions(this, protect);

        // The key encrypts the administrator's secret only: the broker's storage takes no customer key.
        this.key = storeKey(name, `RabbitMQ ${name}: its administrator credentials (broker storage uses an AWS-owned key)`, args.tags ?? {}, this, protect);
        const password = new random.RandomPassword(`${name}-admin`, {
            length: BROKER_DEFAULTS.passwordLength,
            special: false,
            minUpper: 1,
            minLower: 1,
            minNumeric: 1,
        }, stateful);
        // Secret explicitly: the mocks and older engines do not apply the provider's own secret marking.
        const secretPassword = pulumi.secret(password.result);

        this.adminSecret = new aws.secretsmanager.Secret(`${name}-admin`, {
            description: `RabbitMQ ${name}: administrator credentials (AMQPS and management API)`,
            kmsKeyId: this.key.arn,
            recoveryWindowInDays: protect ? 30 : 7,
            tags: tags("admin"),
        }, stateful);
        new aws.secretsmanager.SecretVersion(`${name}-admin`, {
            secretId: this.adminSecret.id,
            secretString: pulumi.secret(pulumi.jsonStringify({ username, password: secretPassword })),
        }, stateful);

        this.broker = new aws.mq.Broker(`${name}-broker`, {
            engineType: "RabbitMQ",
            engineVersion,
            hostInstanceType: args.instanceType,
            deploymentMode: mode,
            subnetIds: brokerSubnets(mode, args.subnetIds),
            securityGroups: [args.securityGroupId],
            publiclyAccessible: false,
            authenticationStrategy: "simple",
            // Required for RabbitMQ 3.13 and later (RABBITMQ_VERSIONS), which Amazon MQ patches in the window.
            autoMinorVersionUpgrade: true,
            maintenanceWindowStartTime: args.maintenanceWindow ?? BROKER_DEFAULTS.maintenanceWindow,
            // RabbitMQ brokers have general logs only; the provider refuses audit logs for them.
            logs: { general: true },
            // No encryptionOptions at all: RabbitMQ refuses even an empty block (BrokerEncryption). Left
            // out, the provider sends none and Amazon MQ encrypts the storage with an AWS-owned key.
            // Amazon MQ creates exactly one (administrative) user with a RabbitMQ broker; the services' own users are
            // created by the administrator through the management API ("Users" of the CreateBroker API reference).
            users: [{ username, password: secretPassword }],
            tags: tags("broker"),
        }, stateful);

        this.logins = Object.fromEntries((args.clients ?? []).map((client) => [client, createPasswordLogin(`${name}-login-${client}`, {
            client,
            userName: serviceUserName(client),
            purpose: `RabbitMQ ${name}: login of ${client}`,
            keyArn: this.key.arn,
            length: BROKER_DEFAULTS.passwordLength,
            protect,
            tags: tags(`login-${client}`),
        }, this)]));

        const url = firstOf(this.broker.instances, (i) => i.endpoints[0], `${component}: broker instance endpoint`);
        this.endpoint = {
            name: "rabbitmq",
            engine: "rabbitmq",
            host: url.apply(endpointHost),
            port: AMQPS_PORT,
            tls: "amqps",
            url,
        };
        this.registerOutputs({ endpoint: this.endpoint, keyArn: this.key.arn });
    }
}
