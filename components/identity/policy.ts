// Pure IAM policy of one service's role, from its identity plan and the ARNs
// of what it may use: only its own database user (on the primary and on the
// replica), only its own cache user, only its own secrets and, for those,
// the store keys through Secrets Manager only. Every resource is named in
// full: no wildcard, nothing of another service.
import { apiHost } from "./plan";
import type { IdentityPlan } from "./plan";

/** Where the grants point, as plain strings (resolved inside an apply). */
export interface GrantTargets {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    /** The partition's DNS suffix ("amazonaws.com"): services are named by it in conditions. */
    readonly dnsSuffix: string;
    /** DbiResourceIds of the PostgreSQL instances (primary, replica) that a database user may connect to. */
    readonly databaseResourceIds: readonly string[];
    /** The cache's replication group, and its users' ARNs by service. */
    readonly cache?: { readonly replicationGroupArn: string; readonly userArns: Readonly<Record<string, string>> };
    /** Password logins by store, then by service: the secret and the key it is encrypted with. */
    readonly logins: Readonly<Record<string, Readonly<Record<string, { readonly secretArn: string; readonly keyArn: string }>>>>;
}

export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: string;
    readonly Resource: readonly string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

/** What rds-db:connect names: a user of one instance (arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user>). */
export function dbUserArn(t: Pick<GrantTargets, "partition" | "region" | "accountId">, resourceId: string, user: string): string {
    return `arn:${t.partition}:rds-db:${t.region}:${t.accountId}:dbuser:${resourceId}/${user}`;
}

function sid(text: string): string {
    return text.replace(/[^A-Za-z0-9]/g, "");
}

/**
 * The role policy of `plan`'s service, or undefined when it grants nothing.
 * Throws when a target the plan needs is missing, naming the service and what.
 */
export function identityPolicy(plan: IdentityPlan, t: GrantTargets): PolicyDocument | undefined {
    const statements: PolicyStatement[] = [];
    const missing = (what: string): never => {
        throw new Error(`identity of ${plan.service}: ${what}`);
    };
    const byKey = new Map<string, string[]>();
    for (const [store, login] of Object.entries(plan.logins)) {
        switch (login.kind) {
            case "database-user":
                if (t.databaseResourceIds.length === 0) {
                    missing(`it uses ${store} as database user ${login.user}, but no database instance was given`);
                }
                statements.push({
                    Sid: sid(`Connect${store}As${login.user}`),
                    Effect: "Allow",
                    Action: "rds-db:connect",
                    Resource: t.databaseResourceIds.map((id) => dbUserArn(t, id, login.user)),
                });
                break;
            case "cache-user": {
                const user = t.cache?.userArns[plan.service] ?? missing(`it uses ${store} as an IAM user, but the cache has no user for it`);
                statements.push({ Sid: sid(`Connect${store}`), Effect: "Allow", Action: "elasticache:Connect", Resource: [t.cache!.replicationGroupArn, user] });
                break;
            }
            case "cache-password":
                break;
            case "password-login": {
                const own = t.logins[store]?.[plan.service] ?? missing(`it logs into ${store} with a password, but ${store} has no login for it`);
                statements.push({ Sid: sid(`Read${store}Login`), Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [own.secretArn] });
                byKey.set(own.keyArn, [...(byKey.get(own.keyArn) ?? []), own.secretArn]);
                break;
            }
        }
    }
    // A secret under a customer key is decrypted by Secrets Manager with the caller's rights: allow exactly that, for exactly these secrets.
    [...byKey].forEach(([keyArn, secretArns], i) => {
        statements.push({
            Sid: `DecryptOwnSecrets${i + 1}`,
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: [keyArn],
            Condition: {
                StringEquals: {
                    "kms:ViaService": apiHost("secretsmanager", t.region, t.dnsSuffix),
                    "kms:EncryptionContext:SecretARN": secretArns,
                },
            },
        });
    });
    return statements.length > 0 ? { Version: "2012-10-17", Statement: statements } : undefined;
}
