// Defaults of the pack's config, in one place, each with why.

/**
 * Address space no internet host can send from or be reached at, so a rule
 * that names it neither opens a store to the internet nor sends traffic out
 * to it (IANA special-purpose registries, RFC 6890):
 * - RFC 1918 private ranges: 10/8, 172.16/12, 192.168/16;
 * - shared address space 100.64.0.0/10 (RFC 6598): carrier-grade NAT space
 *   that must not be routed on the internet; AWS accepts it as VPC space and
 *   EKS custom networking uses it for pod addresses;
 * - link-local 169.254.0.0/16 and fe80::/10 (RFC 3927, RFC 4291): never
 *   forwarded by a router; on AWS the instance metadata, DNS and time
 *   services answer there;
 * - loopback 127.0.0.0/8 and ::1/128: never leave the host;
 * - IPv6 unique local fc00::/7 (RFC 4193).
 * Deliberately not here: the documentation ranges (192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), benchmarking
 * (198.18.0.0/15), 0.0.0.0/8, multicast and reserved space. None is routed to
 * a real host either, but a rule that names one is a placeholder or a
 * mistake, so they are judged as public and the rule is reported.
 */
export const PRIVATE_CIDRS: readonly string[] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "169.254.0.0/16",
    "127.0.0.0/8",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
];

/** TCP ports of databases, caches, brokers and warehouses, with their names for messages. */
export const STORE_PORT_NAMES: Readonly<Record<number, string>> = {
    1433: "SQL Server",
    2181: "ZooKeeper",
    1521: "Oracle",
    2483: "Oracle TCPS",
    3306: "MySQL/MariaDB/Aurora MySQL",
    5432: "PostgreSQL",
    5439: "Redshift",
    5984: "CouchDB",
    5671: "AMQPS",
    5672: "AMQP",
    6379: "Redis/Valkey",
    6380: "Redis TLS",
    7000: "Cassandra inter-node",
    8086: "InfluxDB/Timestream for InfluxDB",
    8111: "DAX",
    8182: "Neptune",
    9042: "Cassandra/Keyspaces",
    9092: "Kafka/MSK plaintext",
    9094: "Kafka/MSK TLS",
    9096: "Kafka/MSK SASL/SCRAM",
    9098: "Kafka/MSK IAM",
    9111: "DAX TLS",
    9142: "Keyspaces TLS",
    9194: "MSK public TLS",
    9196: "MSK public SASL/SCRAM",
    9198: "MSK public IAM",
    9200: "OpenSearch/Elasticsearch",
    9300: "OpenSearch/Elasticsearch transport",
    11211: "Memcached",
    15672: "RabbitMQ management",
    27017: "MongoDB/DocumentDB",
    61614: "ActiveMQ STOMP+SSL",
    61617: "ActiveMQ OpenWire+SSL",
    50000: "Db2",
};

export const STORE_PORTS: readonly number[] = Object.keys(STORE_PORT_NAMES).map(Number);
const PORT_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(STORE_PORT_NAMES).map(([p, n]) => [Number(p), n]));

/** "5432 (PostgreSQL)" for known ports, the bare number otherwise. */
export function storePortName(port: number): string {
    const name = PORT_NAMES.get(port);
    return name ? `${port} (${name})` : String(port);
}
