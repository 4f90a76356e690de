// The stack's config, loaded once and validated as a whole before any
// resource is registered.
import { ConfigReader, ConfigSource } from "./reader";
import { NetworkConfig, readNetworkConfig } from "./network";
import { ClusterConfig, readClusterConfig } from "./cluster";
import { EdgeConfig, readEdgeConfig } from "./edge";
import { KubernetesConfig, readKubernetesConfig } from "./kubernetes";
import { Size, SIZE_PROFILES, SIZES, SizeProfile } from "./sizes";
import { DataConfig, readDataConfig } from "./data";
import { MessagingConfig, readMessagingConfig } from "./messaging";
import { DeployConfig, readDeployConfig } from "./deploy";

export { ConfigError, ConfigProblem, ConfigReader, ConfigSource, DeclaredType } from "./reader";

/** Project name: the namespace of every key. */
export const PROJECT = "tickettoken";

export interface StackConfig {
    /** Environment size; picks machine classes. */
    readonly size: Size;
    /** Machine classes for `size`. */
    readonly machines: SizeProfile;
    readonly network: NetworkConfig;
    readonly cluster: ClusterConfig;
    readonly edge: EdgeConfig;
    /** Data stores: PostgreSQL, the cache, DocumentDB, and protection of stateful resources. */
    readonly data: DataConfig;
    /** The RabbitMQ broker. */
    readonly messaging: MessagingConfig;
    /** Namespaces, mesh, gateway and controllers in the cluster. */
    readonly kubernetes: KubernetesConfig;
    /** The runner in the VPC that runs previews and deployments. */
    readonly deploy: DeployConfig;
}

/** Reads every section through `r`; problems stay in `r` until `r.finish()`. */
export function readStackConfig(r: ConfigReader): StackConfig {
    const size = r.oneOf("size", SIZES);
    const network = readNetworkConfig(r);
    const machines = SIZE_PROFILES[size];
    const cluster = readClusterConfig(r, machines);
    const edge = readEdgeConfig(r);
    const data = readDataConfig(r, machines);
    const messaging = readMessagingConfig(r, machines);
    const kubernetes = readKubernetesConfig(r, cluster, edge);
    const deploy = readDeployConfig(r);
    return { size, machines, network, cluster, edge, data, messaging, kubernetes, deploy };
}

/** Reads and validates all stack config; throws one ConfigError listing every bad value. */
export function loadStackConfig(source: ConfigSource): StackConfig {
    const r = new ConfigReader(source, PROJECT);
    const config = readStackConfig(r);
    r.finish();
    return config;
}
