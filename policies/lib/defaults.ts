// Defaults of the pack's config, in one place, each with why.

/**
 * RFC 1918 IPv4 ranges and the IPv6 unique local range (RFC 4193, fc00::/7):
 * the address space that never routes on the internet. Stacks that use other
 * internal space (e.g. 100.64.0.0/10 for EKS custom networking) add it in
 * config.
 */
export const PRIVATE_CIDRS: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

/** TCP ports of databases, caches, brokers and warehouses, with their names for messages. */
export const STORE_PORT_NAMES: Readonly<Record<number, string>> = {
    1433: "SQL Server",
    1521: "Oracle",
    2483: "Oracle TCPS",
    3306: "MySQL/MariaDB/Aurora MySQL",
    5432: "PostgreSQL",
    5439: "Redshift",
    5671: "AMQPS",
    5672: "AMQP",
    6379: "Redis/Valkey",
    6380: "Redis TLS",
    7000: "Cassandra inter-node",
    8182: "Neptune",
    9042: "Cassandra/Keyspaces",
    9200: "OpenSearch/Elasticsearch",
    9300: "OpenSearch/Elasticsearch transport",
    11211: "Memcached",
    15672: "RabbitMQ management",
    27017: "MongoDB/DocumentDB",
    61614: "ActiveMQ STOMP+SSL",
    61617: "ActiveMQ OpenWire+SSL",
};

export const STORE_PORTS: readonly number[] = Object.keys(STORE_PORT_NAMES).map(Number);

/** "5432 (PostgreSQL)" for known ports, the bare number otherwise. */
export function storePortName(port: number): string {
    const name = STORE_PORT_NAMES[port];
    return name ? `${port} (${name})` : String(port);
}

/**
 * Elastic Load Balancing security policies that accept nothing older than
 * TLS 1.2 (ALB and NLB share these names). ELBSecurityPolicy-2016-08, the
 * API default, accepts TLS 1.0 and is not here.
 */
export const TLS_POLICIES: readonly string[] = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-2019-08",
    "ELBSecurityPolicy-FS-1-2-Req-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];
