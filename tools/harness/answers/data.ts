// Offline answers for the data stores and the broker: the endpoints,
// managed secrets and ARNs a cloud would compute, and a stand-in for
// generated passwords that tests can search every input for.
import { createHash } from "crypto";
import { MockAccount, OutputSynth } from "./types";

/** What the mocks return as a generated password; it must never appear outside a secret. */
export function offlinePassword(name: string): string {
    return `offline-password-${name}`;
}

function arn(a: MockAccount, service: string, resource: string): string {
    return `arn:${a.partition}:${service}:${a.region}:${a.accountId}:${resource}`;
}

function managedSecret(inputs: Record<string, any>, name: string, a: MockAccount, prefix: string): Record<string, unknown> {
    return inputs.manageMasterUserPassword
        ? { masterUserSecrets: [{ secretArn: arn(a, "secretsmanager", `secret:${prefix}!${name}-AbCdEf`), kmsKeyId: inputs.masterUserSecretKmsKeyId ?? "", secretStatus: "active" }] }
        : { masterUserSecrets: [] };
}

// The engine autonames these from the resource name (plus a random suffix);
// the mocks use the resource name itself, so references can be followed.
const autonamed: OutputSynth = (name, inputs) => ({ name: inputs.name ?? name });

export const DATA_COMPUTED: Record<string, OutputSynth> = {
    "aws:rds/subnetGroup:SubnetGroup": autonamed,
    "aws:rds/parameterGroup:ParameterGroup": autonamed,
    "aws:docdb/subnetGroup:SubnetGroup": autonamed,
    "aws:docdb/clusterParameterGroup:ClusterParameterGroup": autonamed,
    "aws:elasticache/subnetGroup:SubnetGroup": autonamed,
    // A key made in another region (the backup copy's) has that region in its ARN.
    "aws:kms/key:Key": (name, inputs, a) => ({ arn: arn({ ...a, region: inputs.region ?? a.region }, "kms", `key/${name}`), keyId: name }),
    "aws:rds/instance:Instance": (name, inputs, a) => {
        const address = `${name}.c0ffee.${a.region}.rds.amazonaws.com`;
        return {
            identifier: inputs.identifier ?? name,
            address,
            endpoint: `${address}:${inputs.port ?? 5432}`,
            arn: arn(a, "rds", `db:${name}`),
            // The DbiResourceId RDS gives every instance (a replica has its own): "db-" and 26 upper-case letters and digits.
            resourceId: `db-${createHash("sha256").update(name).digest("hex").slice(0, 26).toUpperCase()}`,
            ...managedSecret(inputs, name, a, "rds"),
        };
    },
    "aws:docdb/cluster:Cluster": (name, inputs, a) => ({
        endpoint: `${name}.cluster-c0ffee.${a.region}.docdb.amazonaws.com`,
        readerEndpoint: `${name}.cluster-ro-c0ffee.${a.region}.docdb.amazonaws.com`,
        arn: arn(a, "rds", `cluster:${name}`),
        ...managedSecret(inputs, name, a, "docdb"),
    }),
    "aws:docdb/clusterInstance:ClusterInstance": (name, inputs, a) => {
        const identifier = inputs.identifier ?? name;
        return { identifier, endpoint: `${identifier}.c0ffee.${a.region}.docdb.amazonaws.com`, arn: arn(a, "rds", `db:${identifier}`) };
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": (name, inputs, a) => {
        const replicationGroupId = inputs.replicationGroupId ?? name;
        return {
            replicationGroupId,
            primaryEndpointAddress: `master.${replicationGroupId}.c0ffee.use1.cache.amazonaws.com`,
            readerEndpointAddress: `replica.${replicationGroupId}.c0ffee.use1.cache.amazonaws.com`,
            arn: arn(a, "elasticache", `replicationgroup:${replicationGroupId}`),
        };
    },
    "aws:elasticache/user:User": (_name, inputs, a) => ({ arn: arn(a, "elasticache", `user:${inputs.userId}`) }),
    "aws:elasticache/userGroup:UserGroup": (_name, inputs, a) => ({ arn: arn(a, "elasticache", `usergroup:${inputs.userGroupId}`) }),
    "aws:mq/broker:Broker": (name, inputs, a) => ({
        brokerName: inputs.brokerName ?? name,
        arn: arn(a, "mq", `broker:${name}:b-${name}`),
        instances: [{ consoleUrl: `https://b-${name}.mq.${a.region}.on.aws`, ipAddress: "", endpoints: [`amqps://b-${name}.mq.${a.region}.on.aws:5671`] }],
    }),
    "aws:secretsmanager/secret:Secret": (name, _inputs, a) => ({ arn: arn(a, "secretsmanager", `secret:${name}-AbCdEf`) }),
    "random:index/randomPassword:RandomPassword": (name) => ({ result: offlinePassword(name), bcryptHash: `$2a$10$${name}` }),
};
