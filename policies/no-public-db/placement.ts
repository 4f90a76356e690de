// Stack-wide: a database, cache, broker or warehouse whose subnets (through
// its subnet group, or listed directly) include a public subnet. Links are
// followed by id/name when known and by property dependencies in preview.
import { field, readObject, UNKNOWN } from "../lib/read";
import { StackGraph, StackResource } from "../lib/stack";
import { StackViolation } from "../lib/violation";
import { SUBNET_TYPES, SubnetPublicity } from "./subnets";

interface Placement {
    /** What the store is, for messages. */
    readonly what: string;
    /** Property that names the subnet group (or the subnets). */
    readonly prop: string;
    /** Subnet-group types the property names; absent when it lists subnets directly. */
    readonly groupTypes?: ReadonlySet<string>;
    /** Reads the subnet list from a nested property (OpenSearch's vpcOptions.subnetIds). */
    readonly nested?: string;
}

const RDS_GROUP = new Set(["aws:rds/subnetGroup:SubnetGroup"]);
const CACHE_GROUP = new Set(["aws:elasticache/subnetGroup:SubnetGroup"]);

/** Every store type, by token, and where its subnets are named. */
export const STORE_PLACEMENTS: Readonly<Record<string, Placement>> = {
    "aws:rds/instance:Instance": { what: "RDS instance", prop: "dbSubnetGroupName", groupTypes: RDS_GROUP },
    "aws:rds/cluster:Cluster": { what: "RDS cluster", prop: "dbSubnetGroupName", groupTypes: RDS_GROUP },
    "aws:rds/clusterInstance:ClusterInstance": { what: "RDS cluster instance", prop: "dbSubnetGroupName", groupTypes: RDS_GROUP },
    "aws:docdb/cluster:Cluster": { what: "DocumentDB cluster", prop: "dbSubnetGroupName", groupTypes: new Set(["aws:docdb/subnetGroup:SubnetGroup"]) },
    "aws:neptune/cluster:Cluster": { what: "Neptune cluster", prop: "neptuneSubnetGroupName", groupTypes: new Set(["aws:neptune/subnetGroup:SubnetGroup"]) },
    "aws:redshift/cluster:Cluster": { what: "Redshift cluster", prop: "clusterSubnetGroupName", groupTypes: new Set(["aws:redshift/subnetGroup:SubnetGroup"]) },
    "aws:elasticache/replicationGroup:ReplicationGroup": { what: "ElastiCache replication group", prop: "subnetGroupName", groupTypes: CACHE_GROUP },
    "aws:elasticache/cluster:Cluster": { what: "ElastiCache cluster", prop: "subnetGroupName", groupTypes: CACHE_GROUP },
    "aws:memorydb/cluster:Cluster": { what: "MemoryDB cluster", prop: "subnetGroupName", groupTypes: new Set(["aws:memorydb/subnetGroup:SubnetGroup"]) },
    "aws:elasticache/serverlessCache:ServerlessCache": { what: "ElastiCache serverless cache", prop: "subnetIds" },
    "aws:mq/broker:Broker": { what: "Amazon MQ broker", prop: "subnetIds" },
    "aws:docdb/elasticCluster:ElasticCluster": { what: "DocumentDB elastic cluster", prop: "subnetIds" },
    "aws:redshiftserverless/workgroup:Workgroup": { what: "Redshift Serverless workgroup", prop: "subnetIds" },
    "aws:opensearch/domain:Domain": { what: "OpenSearch domain", prop: "vpcOptions", nested: "subnetIds" },
    "aws:elasticsearch/domain:Domain": { what: "Elasticsearch domain", prop: "vpcOptions", nested: "subnetIds" },
};

function subnetsOf(graph: StackGraph, store: StackResource, p: Placement): { field: string; subnets: StackResource[] } {
    if (!p.groupTypes) {
        const value = p.nested ? field(readObject(store.props[p.prop]), p.nested) : store.props[p.prop];
        if (value === UNKNOWN) {
            return { field: `${p.prop}.${p.nested}`, subnets: [] };
        }
        return { field: p.nested ? `${p.prop}.${p.nested}` : p.prop, subnets: [...graph.follow(store, p.prop, SUBNET_TYPES, ["id"], value).targets] };
    }
    const subnets: StackResource[] = [];
    for (const group of graph.follow(store, p.prop, p.groupTypes, ["name", "id", "arn"]).targets) {
        subnets.push(...graph.follow(group, "subnetIds", SUBNET_TYPES, ["id"]).targets);
    }
    return { field: p.prop, subnets };
}

export function storePlacementViolations(resources: readonly StackResource[]): StackViolation[] {
    const graph = new StackGraph(resources);
    const publicity = new SubnetPublicity(graph);
    const out: StackViolation[] = [];
    for (const store of graph.ofTypes(Object.keys(STORE_PLACEMENTS))) {
        const placement = STORE_PLACEMENTS[store.type];
        const { field: at, subnets } = subnetsOf(graph, store, placement);
        const reasons: string[] = [];
        for (const subnet of subnets) {
            const why = publicity.of(subnet);
            if (typeof why === "string") {
                reasons.push(`subnet ${subnet.name} ${why}`);
            }
        }
        if (reasons.length > 0) {
            out.push({
                urn: store.urn,
                field: at,
                message:
                    `places this ${placement.what} in a public subnet: ${reasons.join("; ")}; ` +
                    "put stores only in subnets with no route to an internet gateway and no public IPs on launch",
            });
        }
    }
    return out;
}
