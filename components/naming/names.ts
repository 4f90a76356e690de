// Length and shape limits of the physical names AWS gives its resources, and
// the names Pulumi makes when a name input is left out: `<logical name>-`
// followed by 7 random characters (pulumi-terraform-bridge autonaming), which
// the provider refuses when it would exceed the service's limit ("name '...'
// plus 7 random chars is longer than maximum length ..."). The mocks never
// make a name, so the plan checks the lengths itself, before AWS does.

/** What Pulumi appends to a logical name when it makes a physical one: "-" and 7 random characters. */
export const AUTONAME_SUFFIX_LENGTH = 8;

/** A service's limit on one kind of name, with the documentation it comes from. */
export interface NameLimit {
    /** What the name is, as the error shows it (e.g. "ALB name"). */
    readonly what: string;
    readonly max: number;
    /** The characters and shape allowed, when the service restricts them. */
    readonly pattern?: RegExp;
    /** The shape in words, for the error. */
    readonly shape?: string;
    /** Where the limit is documented. */
    readonly source: string;
}

/** The limits of the names this program creates, explicit or made by Pulumi. */
export const NAME_LIMITS = {
    eksCluster: {
        what: "EKS cluster name", max: 100, pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
        shape: "letters, digits, '-' and '_', starting with a letter or digit", source: "Amazon EKS API Reference, CreateCluster, name",
    },
    logGroup: {
        what: "CloudWatch log group name", max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/,
        shape: "letters, digits and . - _ / #", source: "Amazon CloudWatch Logs API Reference, CreateLogGroup, logGroupName",
    },
    kmsAlias: {
        what: "KMS alias", max: 256, pattern: /^alias\/(?!aws\/)[a-zA-Z0-9/_-]+$/,
        shape: "alias/ then letters, digits, / _ -, not under alias/aws/", source: "AWS KMS API Reference, CreateAlias, AliasName",
    },
    loadBalancer: {
        what: "load balancer name", max: 32, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
        shape: "letters, digits and hyphens, not at either end", source: "Elastic Load Balancing API Reference, CreateLoadBalancer, Name",
    },
    targetGroup: { what: "target group name", max: 32, source: "Elastic Load Balancing API Reference, CreateTargetGroup, Name" },
    trustStore: { what: "trust store name", max: 32, source: "Elastic Load Balancing API Reference, CreateTrustStore, Name" },
    s3Bucket: {
        what: "S3 bucket name", max: 63, pattern: /^[a-z0-9][a-z0-9.-]*$/,
        shape: "lower-case letters, digits, '.' and '-'", source: "Amazon S3 User Guide, General purpose bucket naming rules",
    },
    rdsInstance: { what: "RDS DB instance identifier", max: 63, source: "Amazon RDS API Reference, CreateDBInstance, DBInstanceIdentifier" },
    docdbCluster: { what: "DocumentDB cluster identifier", max: 63, source: "Amazon DocumentDB API Reference, CreateDBCluster, DBClusterIdentifier" },
    docdbInstance: { what: "DocumentDB instance identifier", max: 63, source: "Amazon DocumentDB API Reference, CreateDBInstance, DBInstanceIdentifier" },
    replicationGroup: { what: "ElastiCache replication group id", max: 40, source: "Amazon ElastiCache API Reference, CreateReplicationGroup, ReplicationGroupId" },
    mqBroker: {
        what: "Amazon MQ broker name", max: 50, pattern: /^[A-Za-z0-9_-]+$/,
        shape: "letters, digits, '-' and '_'", source: "Amazon MQ API Reference, CreateBroker, BrokerName",
    },
    iamRole: { what: "IAM role name", max: 64, pattern: /^[\w+=,.@-]+$/, shape: "letters, digits and + = , . @ _ -", source: "IAM API Reference, CreateRole, RoleName" },
} as const satisfies Readonly<Record<string, NameLimit>>;

/** Why `name` breaks `limit`, or undefined. */
export function nameProblem(name: string, limit: NameLimit): string | undefined {
    if (name.length < 1 || name.length > limit.max) {
        return `${limit.what} "${name}" is ${name.length} characters; at most ${limit.max} are allowed (${limit.source})`;
    }
    if (limit.pattern && !limit.pattern.test(name)) {
        return `${limit.what} "${name}" must be ${limit.shape ?? `like ${limit.pattern}`} (${limit.source})`;
    }
    return undefined;
}

/** Why the name Pulumi would make from `logicalName` breaks `limit`, or undefined. */
export function autonameProblem(logicalName: string, limit: NameLimit): string | undefined {
    const length = logicalName.length + AUTONAME_SUFFIX_LENGTH;
    if (length > limit.max) {
        return `the ${limit.what} Pulumi makes from "${logicalName}" (its name, "-" and 7 random characters) is ${length} characters; ` +
            `at most ${limit.max} are allowed (${limit.source}); shorten the component's name`;
    }
    // The random part is lower-case hex, so the logical name alone decides the shape.
    const sample = `${logicalName}-abcdef0`;
    return limit.pattern && !limit.pattern.test(sample) ? `the ${limit.what} Pulumi makes from "${logicalName}" must be ${limit.shape} (${limit.source})` : undefined;
}

/** Throws every problem of `names` (explicit, or made by Pulumi from a logical name) at once, prefixed with `where`. */
export function checkNames(where: string, names: ReadonlyArray<{ readonly name: string; readonly limit: NameLimit; readonly autonamed?: boolean }>): void {
    const problems = names
        .map((n) => (n.autonamed ? autonameProblem(n.name, n.limit) : nameProblem(n.name, n.limit)))
        .filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
        throw new Error(`${where}: ${problems.join("; ")}`);
    }
}

/**
 * What EC2 accepts as a security group's description (GroupDescription) and
 * as a rule's description (IpRange/SecurityGroupRule Description): at most 255
 * characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=;{}!$* — and "&" in a
 * group's description only. An apostrophe is refused by both
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html;
 * API_IpRange.html).
 */
export const EC2_DESCRIPTIONS = {
    group: /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/,
    rule: /^[a-zA-Z0-9. _\-:/()#,@[\]+=;{}!$*]{0,255}$/,
} as const;

/** Why `text` is no description EC2 takes for a security group or a rule, or undefined. */
export function ec2DescriptionProblem(kind: keyof typeof EC2_DESCRIPTIONS, text: string): string | undefined {
    if (EC2_DESCRIPTIONS[kind].test(text)) {
        return undefined;
    }
    const allowed = kind === "group" ? "._-:/()#,@[]+=&;{}!$*" : "._-:/()#,@[]+=;{}!$*";
    return `${kind} description "${text}" (${text.length} characters) must be at most 255 of a-z, A-Z, 0-9, spaces and ${allowed} (EC2 API Reference, ${kind === "group" ? "CreateSecurityGroup GroupDescription" : "IpRange Description"})`;
}
