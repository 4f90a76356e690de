// Generated logins for services whose store authenticates by password
// (DocumentDB users, RabbitMQ users, the cache user of a client that cannot
// sign IAM tokens): a password generated once and kept in state as a secret,
// and a Secrets Manager secret of its own, encrypted with the store's key,
// that only the service's role may read. The password never appears in plain
// text in any input, output or state.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { statefulOptions } from "./kms";

/** How one service logs into one store. */
export interface PasswordLogin {
    /** The service the login belongs to. */
    readonly client: string;
    readonly userName: string;
    /** The password (a secret output). */
    readonly password: pulumi.Output<string>;
    /** The Secrets Manager secret holding `{ username, password }`. */
    readonly secretArn: pulumi.Output<string>;
    /** The KMS key the secret is encrypted with (its reader needs kms:Decrypt through Secrets Manager). */
    readonly keyArn: pulumi.Output<string>;
}

export interface PasswordLoginArgs {
    readonly client: string;
    readonly userName: string;
    /** What the secret is for, in its description. */
    readonly purpose: string;
    /** The store's key. */
    readonly keyArn: pulumi.Output<string>;
    /** Letters and digits; every store here accepts 16 to 100 of them. */
    readonly length: number;
    readonly protect: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

/** Resources `${name}` (password, secret, version), children of `parent`. */
export function createPasswordLogin(name: string, args: PasswordLoginArgs, parent: pulumi.Resource): PasswordLogin {
    const stateful = statefulOptions(parent, args.protect);
    const generated = new random.RandomPassword(name, {
        length: args.length,
        special: false,
        minUpper: 1,
        minLower: 1,
        minNumeric: 1,
    }, stateful);
    // Secret explicitly: the mocks and older engines do not apply the provider's own secret marking.
    const password = pulumi.secret(generated.result);
    const secret = new aws.secretsmanager.Secret(name, {
        description: args.purpose,
        kmsKeyId: args.keyArn,
        recoveryWindowInDays: args.protect ? 30 : 7,
        tags: { ...args.tags, "tickettoken/service": args.client },
    }, stateful);
    new aws.secretsmanager.SecretVersion(name, {
        secretId: secret.id,
        secretString: pulumi.secret(pulumi.jsonStringify({ username: args.userName, password })),
    }, stateful);
    return { client: args.client, userName: args.userName, password, secretArn: secret.arn, keyArn: args.keyArn };
}

/** Throws when a service is listed twice: two logins would collide on one user. */
export function checkClients(component: string, clients: readonly string[]): void {
    const twice = clients.filter((c, i) => clients.indexOf(c) !== i);
    if (twice.length > 0) {
        throw new Error(`${component}: clients ${[...new Set(twice)].join(", ")} are listed more than once; each service gets one login`);
    }
}
