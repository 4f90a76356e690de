// Stack-wide: world ingress judged by what the security group protects.
//
// The stack shows which groups are attached to which stores, and on which
// port each store listens (its `port`, else its engine's default). A store
// that names no group is guarded by its VPC's default group (defaultGroups.ts).
// So, for a public source:
// - admitted to every port ("all traffic", TCP 0-65535) or to a wide port
//   band (ingress.ts, isDynamicBand): a violation when the group is attached to
//   a store whose port the band includes, or is a VPC's default group (it
//   guards every store of its VPC that names no group); on a group of the
//   stack with no store behind it (a load-balancer or task group), advisory
//   only: nothing of this stack is exposed, but a store elsewhere that uses
//   the group (exported to a database stack) would be; on a group the stack
//   does not define, advisory too (what it protects cannot be seen);
// - admitted to the port a store of its group listens on: a violation even
//   when that port is not one of storePorts (a database on a non-standard
//   port);
// - prefix-list sources are read here (the stack's managed prefix lists):
//   public entries are judged as public sources; a prefix list defined
//   elsewhere cannot be read, and on a store port is reported as advisory.
// Rules that name one of storePorts from a public CIDR are judged resource by
// resource (ingress.ts) and not reported again here.
import { OwnContext, StackOwnRanges } from "../lib/ownRanges";
import { describeTraffic, PortRange, portsIn, rangeIncludes } from "../lib/ports";
import { PrefixLists } from "../lib/prefixLists";
import { elements, field, INVALID, readNumber, readObject, readString, UNKNOWN } from "../lib/read";
import { DEFAULT_SECURITY_GROUP, groupProperty, SECURITY_GROUP_RULE_TYPES, SECURITY_GROUP_TYPES, securityGroupRules, SgRule } from "../lib/securityGroupRules";
import { Memo, refValues, StackGraph, StackResource } from "../lib/stack";
import { Guard, StackViolation } from "../lib/violation";
import { storePortName } from "../lib/defaults";
import { DefaultGroups } from "./defaultGroups";
import { admitsEveryPort, exposureMessage, IngressContext, isDynamicBand, worldSource } from "./ingress";

const GROUP_TYPES = new Set(SECURITY_GROUP_TYPES);

/** Where a store names its security groups, and the ports it listens on. */
interface StoreGroups {
    readonly what: string;
    /** Top-level property, and the path inside it to the list ("[]." maps over a list of blocks). */
    readonly prop: string;
    readonly nested?: string;
    readonly ports: (props: Readonly<Record<string, unknown>>) => number[];
}

/** The port a database engine listens on by default. */
function enginePort(engine: unknown, fallback: number): number {
    const e = typeof engine === "string" ? engine.toLowerCase() : "";
    if (e.includes("postgres")) return 5432;
    if (e.includes("mysql") || e.includes("mariadb") || e === "aurora") return 3306;
    if (e.startsWith("oracle")) return 1521;
    if (e.startsWith("sqlserver")) return 1433;
    if (e.startsWith("db2")) return 50000;
    return fallback;
}

/** The store's `port` when known, else `defaults`. */
function portOr(props: Readonly<Record<string, unknown>>, defaults: number[]): number[] {
    const p = readNumber(props.port);
    return typeof p === "number" && p > 0 ? [p] : defaults;
}

const cachePorts = (props: Readonly<Record<string, unknown>>) => portOr(props, [readString(props.engine) === "memcached" ? 11211 : 6379]);
const PROXY_PORTS: ReadonlyMap<string, number> = new Map([["MYSQL", 3306], ["POSTGRESQL", 5432], ["SQLSERVER", 1433]]);
const brokerPorts = (p: Readonly<Record<string, unknown>>) =>
    // RabbitMQ: AMQPS and the management console (HTTPS); ActiveMQ: its wire protocols and the console.
    String(p.engineType).toLowerCase() === "activemq" ? [61617, 5671, 61614, 8883, 61619, 8162] : [5671, 443];

export const STORE_GROUPS: ReadonlyMap<string, StoreGroups> = new Map(Object.entries({
    "aws:rds/instance:Instance": { what: "RDS instance", prop: "vpcSecurityGroupIds", ports: (p) => portOr(p, [enginePort(p.engine, 5432)]) },
    "aws:rds/cluster:Cluster": { what: "RDS cluster", prop: "vpcSecurityGroupIds", ports: (p) => portOr(p, [enginePort(p.engine, 3306)]) },
    "aws:rds/proxy:Proxy": { what: "RDS proxy", prop: "vpcSecurityGroupIds", ports: (p) => [PROXY_PORTS.get(String(p.engineFamily).toUpperCase()) ?? 5432] },
    "aws:docdb/cluster:Cluster": { what: "DocumentDB cluster", prop: "vpcSecurityGroupIds", ports: (p) => portOr(p, [27017]) },
    "aws:docdb/elasticCluster:ElasticCluster": { what: "DocumentDB elastic cluster", prop: "vpcSecurityGroupIds", ports: () => [27017] },
    "aws:neptune/cluster:Cluster": { what: "Neptune cluster", prop: "vpcSecurityGroupIds", ports: (p) => portOr(p, [8182]) },
    "aws:redshift/cluster:Cluster": { what: "Redshift cluster", prop: "vpcSecurityGroupIds", ports: (p) => portOr(p, [5439]) },
    "aws:redshiftserverless/workgroup:Workgroup": { what: "Redshift Serverless workgroup", prop: "securityGroupIds", ports: (p) => portOr(p, [5439]) },
    "aws:elasticache/replicationGroup:ReplicationGroup": { what: "ElastiCache replication group", prop: "securityGroupIds", ports: cachePorts },
    "aws:elasticache/cluster:Cluster": { what: "ElastiCache cluster", prop: "securityGroupIds", ports: cachePorts },
    "aws:elasticache/serverlessCache:ServerlessCache": {
        what: "ElastiCache serverless cache",
        prop: "securityGroupIds",
        ports: (p) => (readString(p.engine) === "memcached" ? [11211, 11212] : [6379, 6380]),
    },
    "aws:memorydb/cluster:Cluster": { what: "MemoryDB cluster", prop: "securityGroupIds", ports: (p) => portOr(p, [6379]) },
    "aws:dax/cluster:Cluster": { what: "DAX cluster", prop: "securityGroupIds", ports: () => [8111, 9111] },
    "aws:mq/broker:Broker": { what: "Amazon MQ broker", prop: "securityGroups", ports: brokerPorts },
    "aws:opensearch/domain:Domain": { what: "OpenSearch domain", prop: "vpcOptions", nested: "securityGroupIds", ports: () => [443, 80, 9200] },
    "aws:elasticsearch/domain:Domain": { what: "Elasticsearch domain", prop: "vpcOptions", nested: "securityGroupIds", ports: () => [443, 80, 9200] },
    "aws:msk/cluster:Cluster": { what: "MSK cluster", prop: "brokerNodeGroupInfo", nested: "securityGroups", ports: () => [9092, 9094, 9096, 9098, 2181, 2182] },
    "aws:msk/serverlessCluster:ServerlessCluster": { what: "MSK Serverless cluster", prop: "vpcConfigs", nested: "[].securityGroupIds", ports: () => [9098] },
    "aws:timestreaminfluxdb/dbInstance:DbInstance": { what: "Timestream for InfluxDB instance", prop: "vpcSecurityGroupIds", ports: (p) => portOr(p, [8086]) },
    "aws:timestreaminfluxdb/dbCluster:DbCluster": { what: "Timestream for InfluxDB cluster", prop: "vpcSecurityGroupIds", ports: (p) => portOr(p, [8086]) },
    // aws-native (CloudFormation property names).
    "aws-native:rds:DbInstance": { what: "RDS instance", prop: "vpcSecurityGroups", ports: (p) => portOr(p, [enginePort(p.engine, 5432)]) },
    "aws-native:rds:DbCluster": { what: "RDS cluster", prop: "vpcSecurityGroupIds", ports: (p) => portOr(p, [enginePort(p.engine, 3306)]) },
    "aws-native:elasticache:ReplicationGroup": { what: "ElastiCache replication group", prop: "securityGroupIds", ports: cachePorts },
    "aws-native:redshift:Cluster": { what: "Redshift cluster", prop: "vpcSecurityGroupIds", ports: (p) => portOr(p, [5439]) },
    "aws-native:amazonmq:Broker": { what: "Amazon MQ broker", prop: "securityGroups", ports: brokerPorts },
} as Record<string, StoreGroups>));

/** What a group protects: the stores attached to it (a few named) and their ports. */
interface Protected {
    readonly ports: Set<number>;
    readonly stores: string[];
    readonly urns: Set<string>;
}

function groupListValue(store: StackResource, s: StoreGroups): unknown {
    const value = store.props[s.prop];
    if (!s.nested) {
        return value;
    }
    if (s.nested.startsWith("[].")) {
        const blocks = elements(value);
        return blocks === UNKNOWN ? UNKNOWN : blocks.flatMap((b) => {
            const list = field(readObject(b), s.nested!.slice(3));
            return Array.isArray(list) ? list : [];
        });
    }
    return field(readObject(value), s.nested);
}

/** True when a store names no security group at all (so its VPC's default group guards it). */
function namesNoGroup(store: StackResource, s: StoreGroups, value: unknown): boolean {
    const list = elements(value);
    return list !== UNKNOWN && list.length === 0 && (store.propertyDependencies[s.prop] ?? []).length === 0;
}

export function storeGroupViolations(graph: StackGraph, ctx: IngressContext, guard: Guard): StackViolation[] {
    const prefixLists = PrefixLists.of(graph);
    const defaults = DefaultGroups.of(graph);
    const own = StackOwnRanges.of(graph);
    const configured = new Set(ctx.storePorts);

    /** The keys a group reference is known by: its raw values, the URN and id of every group of the stack it leads to, and the default groups it is. */
    const groupKeys = (from: StackResource, prop: string, value: unknown): { keys: Set<string>; inStack: boolean } => {
        const keys = new Set<string>();
        let inStack = false;
        const addGroup = (g: StackResource) => {
            inStack = true;
            keys.add(`u:${g.urn}`);
            for (const k of graph.keysOf(g)) {
                if (k.startsWith("v:")) {
                    keys.add(`r:${k.slice(2)}`);
                }
            }
            if (g.type === DEFAULT_SECURITY_GROUP) {
                defaults.ofDefaultGroupResource(g).forEach((k) => keys.add(k));
            }
        };
        const { known } = refValues(value);
        for (const v of known) {
            keys.add(`r:${v}`);
            graph.lookup(v, GROUP_TYPES, ["id"]).forEach(addGroup);
        }
        for (const u of from.propertyDependencies[prop] ?? []) {
            const g = graph.get(u);
            if (g && GROUP_TYPES.has(g.type)) {
                addGroup(g);
            }
        }
        for (const k of defaults.referenced(from, prop, known)) {
            inStack = true;
            keys.add(k);
        }
        return { keys, inStack };
    };

    // Index every store under the keys of the groups it names (or of its VPC's default group).
    const byKey = new Map<string, Protected>();
    const index = (k: string, store: StackResource, s: StoreGroups, ports: number[]) => {
        let p = byKey.get(k);
        if (!p) {
            p = { ports: new Set(), stores: [], urns: new Set() };
            byKey.set(k, p);
        }
        ports.forEach((port) => p!.ports.add(port));
        p.urns.add(store.urn);
        if (p.stores.length < 3) {
            p.stores.push(`${s.what} ${store.name} (port ${ports.join(", ")})`);
        }
    };
    for (const store of graph.ofTypes(STORE_GROUPS.keys())) {
        guard(store.urn, () => {
            const s = STORE_GROUPS.get(store.type)!;
            const ports = s.ports(store.props);
            const value = groupListValue(store, s);
            const keys = namesNoGroup(store, s, value) ? defaults.ofStore(store) : [...groupKeys(store, s.prop, value).keys];
            for (const k of keys) {
                index(k, store, s, ports);
            }
            return [];
        });
    }
    const protectedBy = new Memo<Protected | undefined>((joined) => {
        let out: Protected | undefined;
        for (const k of joined.split("\n")) {
            const p = byKey.get(k);
            if (p) {
                out = out ?? { ports: new Set(), stores: [], urns: new Set() };
                p.ports.forEach((port) => out!.ports.add(port));
                p.urns.forEach((u) => out!.urns.add(u));
                for (const s of p.stores) {
                    if (out.stores.length < 3 && !out.stores.includes(s)) {
                        out.stores.push(s);
                    }
                }
            }
        }
        return out;
    });

    const out: StackViolation[] = [];
    for (const r of graph.ofTypes(SECURITY_GROUP_RULE_TYPES)) {
        out.push(...guard(r.urn, () => judgeResource(r)));
    }
    return out;

    function judgeResource(r: StackResource): StackViolation[] {
        const rules = securityGroupRules(r.type, r.props, "ingress");
        if (rules === UNKNOWN || rules.length === 0) {
            return [];
        }
        let keys: Set<string>;
        let inStack: boolean;
        if (GROUP_TYPES.has(r.type)) {
            keys = new Set([`u:${r.urn}`, ...graph.keysOf(r).filter((k) => k.startsWith("v:")).map((k) => `r:${k.slice(2)}`)]);
            inStack = true;
            if (r.type === DEFAULT_SECURITY_GROUP) {
                defaults.ofDefaultGroupResource(r).forEach((k) => keys.add(k));
            }
        } else {
            const prop = groupProperty(r.type);
            ({ keys, inStack } = groupKeys(r, prop, r.props[prop]));
        }
        const isDefault = r.type === DEFAULT_SECURITY_GROUP || [...keys].some((k) => k.startsWith("d:") || (k.startsWith("u:") && graph.get(k.slice(2))?.type === DEFAULT_SECURITY_GROUP));
        const guarded = protectedBy.get([...keys].sort().join("\n"));
        const sources: IngressContext & OwnContext = { ...ctx, own: own.forResource(r) };
        const found: StackViolation[] = [];
        for (const rule of rules) {
            if (rule.tcp === UNKNOWN || rule.tcp === undefined || rule.tcp === "none") {
                continue;
            }
            for (const peer of rule.peers) {
                found.push(...judgePeer(r, rule, peer, rule.tcp, guarded, isDefault, inStack, sources));
            }
        }
        return found;
    }

    function judgePeer(
        r: StackResource,
        rule: SgRule,
        peer: SgRule["peers"][number],
        range: PortRange,
        guarded: Protected | undefined,
        isDefault: boolean,
        inStack: boolean,
        sources: IngressContext,
    ): StackViolation[] {
        // Every port, or a band of ports, is judged by what the group protects (ingress.ts, isDynamicBand); a port the provider would not read names them all.
        const band = admitsEveryPort(range, rule) || (isDynamicBand(range) && rule.fromPort !== INVALID && rule.toPort !== INVALID);
        // "-1" with ports that name a store port was reported resource by resource (ingress.ts).
        const reported = peer.kind === "cidr" && rule.protocol === "all" && rule.namedPorts !== undefined && !isDynamicBand(rule.namedPorts) && portsIn(rule.namedPorts, ctx.storePorts).length > 0;
        // The public sources this peer stands for, and whether what it holds is visible.
        let source: string | undefined;
        let fromList = false;
        if (peer.kind === "cidr") {
            source = worldSource(peer, sources)?.why;
        } else if (peer.value !== undefined) {
            fromList = true;
            for (const c of prefixLists.named(r, peer.prop, peer.value)) {
                if (c.kind === "managed" && (c.unreadable.length > 0 || !ctx.privateCidrs.coversSet(c.set))) {
                    source = `prefix list ${c.list.name}, which holds addresses outside the private ranges,`;
                } else if (c.kind === "external") {
                    const ports = band ? [...(guarded?.ports ?? [])].filter((p) => rangeIncludes(range, p)) : portsIn(range, [...new Set([...configured, ...(guarded?.ports ?? [])])].sort((a, b) => a - b));
                    if (ports.length > 0) {
                        return [{
                            urn: r.urn,
                            field: peer.field,
                            level: "advisory",
                            message: `${JSON.stringify(peer.value)} is a prefix list this stack does not define, so whether it admits the internet to store port${ports.length > 1 ? "s" : ""} ${ports.join(", ")} cannot be verified; use a managed prefix list of this stack with private entries, or security-group sources`,
                        }];
                    }
                }
            }
        }
        if (source === undefined || reported) {
            return [];
        }
        const because = guarded ? ` (this group protects ${guarded.stores.join(", ")}${guarded.urns.size > guarded.stores.length ? ` and ${guarded.urns.size - guarded.stores.length} more` : ""})` : "";
        if (band) {
            const ports = [...(guarded?.ports ?? [])].filter((p) => rangeIncludes(range, p)).sort((a, b) => a - b);
            if (ports.length > 0) {
                return [{ urn: r.urn, field: peer.field, message: exposureMessage(source, rule, r.type, ports, ctx.privateCidrs, because) }];
            }
            const named = portsIn(range, [...configured].sort((a, b) => a - b));
            if (named.length === 0) {
                return [];
            }
            if (isDefault) {
                return [{
                    urn: r.urn,
                    field: peer.field,
                    message: exposureMessage(source, rule, r.type, named.slice(0, 3), ctx.privateCidrs, " (a VPC's default security group guards every store of the VPC that names no group of its own)"),
                }];
            }
            const traffic = describeTraffic(rule.protocol === "all" ? "all" : "tcp", range);
            return [{
                urn: r.urn,
                field: peer.field,
                level: "advisory",
                message: inStack
                    ? `${source} is admitted to ${traffic} of a security group no store of this stack uses, which includes store port${named.length > 1 ? "s" : ""} ${named.slice(0, 3).map(storePortName).join(", ")}${named.length > 3 ? ` and ${named.length - 3} more` : ""}; ` +
                      "nothing here is exposed, but any store that uses this group elsewhere (a group exported to a database stack) would be: admit only the ports the group's targets serve"
                    : `${source} is admitted to ${traffic} of a security group this stack does not define, so whether a store is behind it cannot be seen; admit only the ports the group's targets serve`,
            }];
        }
        // A rule that names ports: a CIDR source on one of storePorts was judged resource by resource (ingress.ts);
        // here, the ports the group's stores listen on, and for prefix-list sources storePorts too.
        const written = rule.protocol === "all" && rule.namedPorts ? rule.namedPorts : range;
        if (!fromList && portsIn(written, ctx.storePorts).length > 0) {
            return [];
        }
        const candidates = new Set<number>(guarded?.ports ?? []);
        if (fromList) {
            configured.forEach((p) => candidates.add(p));
        }
        const hit = [...candidates].filter((p) => rangeIncludes(range, p)).sort((a, b) => a - b);
        if (hit.length === 0) {
            return [];
        }
        return [{ urn: r.urn, field: peer.field, message: exposureMessage(source, rule, r.type, hit, ctx.privateCidrs, because) }];
    }
}
