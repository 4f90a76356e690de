// Stores that have a switch for a public endpoint. Only an explicit `true`
// is a violation: absent means the provider default, which is private for
// every type listed (AWS provider v5+ made Redshift's default private too).
import { readBool, readObject, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";

/** Type token to what it is, for every store with a `publiclyAccessible` flag. */
export const PUBLIC_FLAG_TYPES: Readonly<Record<string, string>> = {
    "aws:rds/instance:Instance": "RDS instance",
    "aws:rds/clusterInstance:ClusterInstance": "RDS cluster instance",
    "aws:neptune/clusterInstance:ClusterInstance": "Neptune instance",
    "aws:redshift/cluster:Cluster": "Redshift cluster",
    "aws:redshiftserverless/workgroup:Workgroup": "Redshift Serverless workgroup",
    "aws:mq/broker:Broker": "Amazon MQ broker",
    "aws:lightsail/database:Database": "Lightsail database",
};

export function publicFlagViolations(what: string): (props: Readonly<Record<string, unknown>>) => Violation[] {
    return (props) =>
        readBool(props.publiclyAccessible) === true
            ? [{ field: "publiclyAccessible", message: `true gives this ${what} an address reachable from the internet; set publiclyAccessible to false and reach it from inside the VPC` }]
            : [];
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
