// The stack's config, loaded once and validated as a whole before any
// resource is registered.
import { ConfigReader, ConfigSource } from "./reader";
import { NetworkConfig, readNetworkConfig } from "./network";
import { ClusterConfig, readClusterConfig } from "./cluster";
import { KubernetesConfig, readKubernetesConfig } from "./kubernetes";
import { Size, SIZE_PROFILES, SIZES, SizeProfile } from "./sizes";

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
    readonly kubernetes: KubernetesConfig;
}

/** Reads every section through `r`; problems stay in `r` until `r.finish()`. */
export function readStackConfig(r: ConfigReader): StackConfig {
    const size = r.oneOf("size", SIZES);
    const network = readNetworkConfig(r);
    const cluster = readClusterConfig(r, SIZE_PROFILES[size]);
    const kubernetes = readKubernetesConfig(r, cluster);
    return { size, machines: SIZE_PROFILES[size], network, cluster, kubernetes };
}

/** Reads and validates all stack config; throws one ConfigError listing every bad value. */
export function loadStackConfig(source: ConfigSource): StackConfig {
    const r = new ConfigReader(source, PROJECT);
    const config = readStackConfig(r);
    r.finish();
    return config;
}
