// Stack-wide: a database, cache, broker, stream or search domain whose
// subnets (through its subnet group, or listed directly) include a public
// subnet, or that names no subnet group and so lands in the account's default
// VPC. Links are followed by id/name when known and by property dependencies
// in preview; verdicts are memoised per reference key, so stores sharing a
// group, and groups sharing subnets, are judged once, and a message names at
// most a few subnets.
import { CidrSet } from "../net/cidrSet";
import { elements, field, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Memo, StackGraph, StackResource } from "../lib/stack";
import { Guard, StackViolation } from "../lib/violation";
import { SUBNET_TYPES, SubnetPublicity } from "./subnets";

interface Placement {
    /** What the store is, for messages. */
    readonly what: string;
    /** Property that names the subnet group (or the subnets). */
    readonly prop: string;
    /** Subnet-group types the property names; absent when it lists subnets directly. */
    readonly groupTypes?: ReadonlySet<string>;
    /** Path inside `prop` to the subnet list (OpenSearch's vpcOptions.subnetIds); "[]." maps over a list of blocks. */
    readonly nested?: string;
    /** AWS puts the store in the default VPC's default subnets when the group is not named. */
    readonly unsetMeansDefaultVpc?: boolean;
    /** Properties that, when set, mean the store takes its placement from another resource (a cluster, a source). */
    readonly inheritsFrom?: readonly string[];
}

const RDS_GROUP = new Set(["aws:rds/subnetGroup:SubnetGroup"]);
/** The subnet-group type sets, by a stable id, for memo keys. */
const GROUP_TYPE_SETS = new Map<string, ReadonlySet<string>>();
const CACHE_GROUP = new Set(["aws:elasticache/subnetGroup:SubnetGroup"]);

/** Every store type, by token, and where its subnets are named. */
export const STORE_PLACEMENTS: ReadonlyMap<string, Placement> = new Map(Object.entries({
    "aws:rds/instance:Instance": { what: "RDS instance", prop: "dbSubnetGroupName", groupTypes: RDS_GROUP, unsetMeansDefaultVpc: true, inheritsFrom: ["replicateSourceDb"] },
    "aws:rds/cluster:Cluster": { what: "RDS cluster", prop: "dbSubnetGroupName", groupTypes: RDS_GROUP, unsetMeansDefaultVpc: true },
    "aws:rds/clusterInstance:ClusterInstance": { what: "RDS cluster instance", prop: "dbSubnetGroupName", groupTypes: RDS_GROUP },
    "aws:docdb/cluster:Cluster": { what: "DocumentDB cluster", prop: "dbSubnetGroupName", groupTypes: new Set(["aws:docdb/subnetGroup:SubnetGroup"]), unsetMeansDefaultVpc: true },
    "aws:neptune/cluster:Cluster": { what: "Neptune cluster", prop: "neptuneSubnetGroupName", groupTypes: new Set(["aws:neptune/subnetGroup:SubnetGroup"]), unsetMeansDefaultVpc: true },
    "aws:redshift/cluster:Cluster": { what: "Redshift cluster", prop: "clusterSubnetGroupName", groupTypes: new Set(["aws:redshift/subnetGroup:SubnetGroup"]), unsetMeansDefaultVpc: true },
    "aws:elasticache/replicationGroup:ReplicationGroup": { what: "ElastiCache replication group", prop: "subnetGroupName", groupTypes: CACHE_GROUP, unsetMeansDefaultVpc: true },
    "aws:elasticache/cluster:Cluster": { what: "ElastiCache cluster", prop: "subnetGroupName", groupTypes: CACHE_GROUP, unsetMeansDefaultVpc: true, inheritsFrom: ["replicationGroupId"] },
    "aws:memorydb/cluster:Cluster": { what: "MemoryDB cluster", prop: "subnetGroupName", groupTypes: new Set(["aws:memorydb/subnetGroup:SubnetGroup"]), unsetMeansDefaultVpc: true },
    "aws:dax/cluster:Cluster": { what: "DAX cluster", prop: "subnetGroupName", groupTypes: new Set(["aws:dax/subnetGroup:SubnetGroup"]), unsetMeansDefaultVpc: true },
    // Without subnets: "ElastiCache will select 3 default subnets across AZs in your default VPC" (ServerlessCache.SubnetIds, API reference);
    // Amazon MQ puts a broker in the default VPC's default subnet ("a SINGLE_INSTANCE deployment requires one subnet (for example, the
    // default subnet)", CreateBroker); Redshift Serverless uses the default VPC's subnets, as its console's default settings show.
    "aws:elasticache/serverlessCache:ServerlessCache": { what: "ElastiCache serverless cache", prop: "subnetIds", unsetMeansDefaultVpc: true },
    "aws:mq/broker:Broker": { what: "Amazon MQ broker", prop: "subnetIds", unsetMeansDefaultVpc: true },
    "aws:docdb/elasticCluster:ElasticCluster": { what: "DocumentDB elastic cluster", prop: "subnetIds" },
    "aws:redshiftserverless/workgroup:Workgroup": { what: "Redshift Serverless workgroup", prop: "subnetIds", unsetMeansDefaultVpc: true },
    "aws:opensearch/domain:Domain": { what: "OpenSearch domain", prop: "vpcOptions", nested: "subnetIds" },
    "aws:elasticsearch/domain:Domain": { what: "Elasticsearch domain", prop: "vpcOptions", nested: "subnetIds" },
    "aws:msk/cluster:Cluster": { what: "MSK cluster", prop: "brokerNodeGroupInfo", nested: "clientSubnets" },
    "aws:msk/serverlessCluster:ServerlessCluster": { what: "MSK Serverless cluster", prop: "vpcConfigs", nested: "[].subnetIds" },
    "aws:timestreaminfluxdb/dbInstance:DbInstance": { what: "Timestream for InfluxDB instance", prop: "vpcSubnetIds" },
    "aws:timestreaminfluxdb/dbCluster:DbCluster": { what: "Timestream for InfluxDB cluster", prop: "vpcSubnetIds" },
} as Record<string, Placement>));

/** The subnet list inside `prop` at `nested`, as one flat value (UNKNOWN when any part is unknown). */
function subnetListValue(store: StackResource, p: Placement): unknown {
    const value = store.props[p.prop];
    if (!p.nested) {
        return value;
    }
    if (p.nested.startsWith("[].")) {
        const blocks = elements(value);
        if (blocks === UNKNOWN) {
            return UNKNOWN;
        }
        return blocks.flatMap((b) => {
            const list = field(readObject(b), p.nested!.slice(3));
            return Array.isArray(list) ? list : list === undefined ? [] : [list];
        });
    }
    return field(readObject(value), p.nested);
}

/** Public-subnet reasons, at most a few, and how many there were. */
interface Reasons {
    readonly shown: readonly string[];
    readonly total: number;
}
const NONE: Reasons = { shown: [], total: 0 };
const SHOWN = 3;

function merge(a: Reasons, b: Reasons): Reasons {
    if (b.total === 0) {
        return a;
    }
    if (a.total === 0) {
        return b;
    }
    return { shown: [...a.shown, ...b.shown].slice(0, SHOWN), total: a.total + b.total };
}

export function storePlacementViolations(graph: StackGraph, privateCidrs: CidrSet, guard: Guard): StackViolation[] {
    const publicity = new SubnetPublicity(graph, privateCidrs);
    // Reasons per subnet reference key, and per subnet-group reference key.
    const bySubnetKey = new Memo<Reasons>((key) => {
        let out = NONE;
        for (const subnet of graph.resolve(key, SUBNET_TYPES, ["id"])) {
            const why = publicity.of(subnet);
            if (typeof why === "string") {
                out = merge(out, { shown: [`subnet ${subnet.name} ${why}`], total: 1 });
            }
        }
        return out;
    });
    const subnetListReasons = (from: StackResource, prop: string, value: unknown): Reasons => {
        let out = NONE;
        const seen = new Set<string>();
        for (const k of graph.refKeys(from, prop, SUBNET_TYPES, ["id"], value).keys) {
            if (!seen.has(k)) {
                seen.add(k);
                out = merge(out, bySubnetKey.get(k));
            }
        }
        return out;
    };
    const byGroup = new Memo<Reasons>((urn) => {
        const group = graph.get(urn)!;
        return subnetListReasons(group, "subnetIds", group.props.subnetIds);
    });
    // Reasons per group reference key (a name many groups may share): computed once per key, not once per store.
    const byGroupKey = new Memo<Reasons>((joined) => {
        const [typesId, key] = [joined.slice(0, joined.indexOf("\n")), joined.slice(joined.indexOf("\n") + 1)];
        let out = NONE;
        for (const group of graph.resolve(key, GROUP_TYPE_SETS.get(typesId)!, ["name", "id", "arn"])) {
            out = merge(out, byGroup.get(group.urn));
        }
        return out;
    });
    const out: StackViolation[] = [];
    for (const store of graph.ofTypes(STORE_PLACEMENTS.keys())) {
        out.push(...guard(store.urn, () => judge(store)));
    }
    return out;

    function judge(store: StackResource): StackViolation[] {
        const p = STORE_PLACEMENTS.get(store.type)!;
        let reasons = NONE;
        let at = p.prop;
        if (p.groupTypes) {
            const named = store.props[p.prop];
            // A replica or a member of a replication group takes its placement from its source when it names no group.
            const inherits = (p.inheritsFrom ?? []).some((prop) => store.props[prop] !== undefined && store.props[prop] !== "");
            if ((named === undefined || named === "") && (inherits || (store.propertyDependencies[p.prop] ?? []).length > 0)) {
                return [];
            }
            if ((named === undefined || named === "") && p.unsetMeansDefaultVpc) {
                return [{
                    urn: store.urn,
                    field: p.prop,
                    message:
                        `${named === "" ? '""' : "(not set)"} places this ${p.what} in the default subnet group: the default VPC's subnets, which map public IPs and route the internet to its gateway; ` +
                        "name a subnet group of private subnets with no route to an internet gateway",
                }];
            }
            const typesId = [...p.groupTypes].join(",");
            GROUP_TYPE_SETS.set(typesId, p.groupTypes);
            for (const k of new Set(graph.refKeys(store, p.prop, p.groupTypes, ["name", "id", "arn"]).keys)) {
                reasons = merge(reasons, byGroupKey.get(`${typesId}\n${k}`));
            }
        } else {
            const value = subnetListValue(store, p);
            at = p.nested ? `${p.prop}${p.nested.startsWith("[]") ? "[*]" + p.nested.slice(2) : "." + p.nested}` : p.prop;
            if (value === UNKNOWN && (store.propertyDependencies[p.prop] ?? []).length === 0) {
                return [];
            }
            const list = elements(value);
            if (p.unsetMeansDefaultVpc && list !== UNKNOWN && list.length === 0 && (store.propertyDependencies[p.prop] ?? []).length === 0) {
                return [{
                    urn: store.urn,
                    field: at,
                    message:
                        `${show(value)} places this ${p.what} in the default VPC's default subnets, which map public IPs and route the internet to its gateway; ` +
                        "list private subnets with no route to an internet gateway",
                }];
            }
            reasons = subnetListReasons(store, p.prop, value === UNKNOWN ? readString(value) : value);
        }
        if (reasons.total === 0) {
            return [];
        }
        const more = reasons.total > reasons.shown.length ? `; and ${reasons.total - reasons.shown.length} more` : "";
        return [{
            urn: store.urn,
            field: at,
            message:
                `places this ${p.what} in a public subnet: ${reasons.shown.join("; ")}${more}; ` +
                "put stores only in subnets with no route to an internet gateway and no public IPs on launch",
        }];
    }
}
