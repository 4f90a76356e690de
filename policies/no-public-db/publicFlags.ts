// Stores that have a switch for a public endpoint, read as the AWS provider
// reads it (true, "true", "1" and 1 are true; a value it refuses is judged as
// the exposed case). Absent means the provider default, which is private for
// every flag listed (AWS provider v5+ made Redshift's default private too).
// Also: managed Kafka with public access (service-provided EIPs), OpenSearch
// Serverless network policies that allow public access, Neptune Analytics
// graphs with public connectivity, and search domains outside a VPC.
import { field, INVALID, readFlag, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";

/** Type token to what it is, for every store with a `publiclyAccessible` flag. */
export const PUBLIC_FLAG_TYPES: ReadonlyMap<string, string> = new Map([
    ["aws:rds/instance:Instance", "RDS instance"],
    ["aws:rds/clusterInstance:ClusterInstance", "RDS cluster instance"],
    ["aws:rds/shardGroup:ShardGroup", "Aurora Limitless shard group"],
    ["aws:neptune/clusterInstance:ClusterInstance", "Neptune instance"],
    ["aws:redshift/cluster:Cluster", "Redshift cluster"],
    ["aws:redshiftserverless/workgroup:Workgroup", "Redshift Serverless workgroup"],
    ["aws:mq/broker:Broker", "Amazon MQ broker"],
    ["aws:lightsail/database:Database", "Lightsail database"],
    ["aws:timestreaminfluxdb/dbInstance:DbInstance", "Timestream for InfluxDB instance"],
    ["aws:timestreaminfluxdb/dbCluster:DbCluster", "Timestream for InfluxDB cluster"],
    // aws-native: the CloudFormation schema's names. Amazon MQ's flag is required; Redshift's API default is private.
    ["aws-native:redshift:Cluster", "Redshift cluster"],
    ["aws-native:amazonmq:Broker", "Amazon MQ broker"],
]);

/** A flag that makes a store public when true; a value the provider refuses counts as true. */
function publicSwitch(value: unknown, at: string, what: string, fix: string): Violation[] {
    const v = readFlag(value);
    if (v !== true && v !== INVALID) {
        return [];
    }
    const why = v === INVALID ? `${show(value)} is not a boolean the AWS provider reads (true/false, "true"/"false", "1"/"0"), judged as true: it` : `${show(value)}`;
    return [{ field: at, message: `${why} gives this ${what} an address reachable from the internet; ${fix}` }];
}

export function publicFlagViolations(what: string): (props: Readonly<Record<string, unknown>>) => Violation[] {
    return (props) => publicSwitch(props.publiclyAccessible, "publiclyAccessible", what, "set publiclyAccessible to false and reach it from inside the VPC");
}

export const NATIVE_DB_INSTANCE = "aws-native:rds:DbInstance";
export const NATIVE_DB_CLUSTER = "aws-native:rds:DbCluster";

/**
 * aws-native RDS instances and Multi-AZ DB clusters. The AWS provider sends
 * publiclyAccessible false when it is not set; aws-native sends nothing, and
 * RDS then decides: "If the subnets are part of a VPC that has an internet
 * gateway attached to it, the DB instance is public" (and so for the default
 * VPC without a subnet group; CreateDBInstance and CreateDBCluster,
 * PubliclyAccessible). Almost every VPC has an internet gateway (its public
 * subnets, its NAT gateways), so not set is judged as public. Aurora
 * clusters have no such switch (their instances do).
 */
export function nativeRdsViolations(what: string, cluster: boolean): (props: Readonly<Record<string, unknown>>) => Violation[] {
    return (props) => {
        const value = props.publiclyAccessible;
        if (value !== undefined) {
            return publicSwitch(value, "publiclyAccessible", what, "set publiclyAccessible to false and reach it from inside the VPC");
        }
        const engine = readString(props.engine);
        if (cluster && (engine === UNKNOWN || (typeof engine === "string" && engine.toLowerCase().startsWith("aurora")) || engine === undefined)) {
            return [];
        }
        return [{
            field: "publiclyAccessible",
            message:
                `(not set) leaves it to RDS, which makes this ${what} public when its subnets' VPC has an internet gateway attached (CreateDB${cluster ? "Cluster" : "Instance"}, PubliclyAccessible); ` +
                "set publiclyAccessible to false (aws-native sends no default of its own)",
        }];
    };
}

/** OpenSearch and Elasticsearch domains get a public endpoint unless placed in a VPC. */
export const SEARCH_DOMAIN_TYPES: readonly string[] = ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"];

export function searchDomainViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const vpc = readObject(props.vpcOptions);
    if (vpc === UNKNOWN || vpc !== undefined) {
        return [];
    }
    return [{ field: "vpcOptions", message: "(not set) gives the domain a public endpoint; set vpcOptions.subnetIds (private subnets) and vpcOptions.securityGroupIds" }];
}

export const MSK_CLUSTER = "aws:msk/cluster:Cluster";

/** MSK public access: brokerNodeGroupInfo.connectivityInfo.publicAccess.type other than DISABLED gives the brokers public addresses. */
export function mskPublicAccessViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const type = readString(field(readObject(field(readObject(field(readObject(props.brokerNodeGroupInfo), "connectivityInfo")), "publicAccess")), "type"));
    if (typeof type !== "string" || type.toUpperCase() === "DISABLED" || type === "") {
        return [];
    }
    return [{
        field: "brokerNodeGroupInfo.connectivityInfo.publicAccess.type",
        message: `${show(type)} gives the brokers public addresses reachable from the internet; set it to "DISABLED" and reach the cluster from inside the VPC (or through multi-VPC private connectivity)`,
    }];
}

export const NEPTUNE_GRAPH = "aws:neptunegraph/graph:Graph";

export function neptuneGraphViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    return publicSwitch(props.publicConnectivity, "publicConnectivity", "Neptune Analytics graph", "set publicConnectivity to false and reach it through a private endpoint");
}

export const OPENSEARCH_SERVERLESS_SECURITY_POLICY = "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy";

/**
 * OpenSearch Serverless network policies (type "network"): a rule with
 * AllowFromPublic true opens its collections' (or dashboards') endpoints to
 * the internet. The policy is a JSON document (a list of rules, or one).
 */
export function serverlessNetworkPolicyViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const type = readString(props.type);
    if (type !== "network") {
        return [];
    }
    const text = readString(props.policy);
    if (typeof text !== "string") {
        return [];
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        return [{ field: "policy", message: "is not JSON the service reads, so whether it allows public access cannot be judged; write the policy as a JSON list of rules with AllowFromPublic false" }];
    }
    const rules = Array.isArray(doc) ? doc : [doc];
    const out: Violation[] = [];
    rules.forEach((r, i) => {
        const allow = readFlag(field(readObject(r), "AllowFromPublic"));
        if (allow === true || allow === INVALID) {
            out.push({
                field: `policy[${i}].AllowFromPublic`,
                message: `${show(field(readObject(r), "AllowFromPublic"))} opens the collections this rule names to the internet; set AllowFromPublic to false and list SourceVPCEs (VPC endpoints) instead`,
            });
        }
    });
    return out;
}
