// The stack's config, loaded once and validated as a whole before any
// resource is registered.
import { ConfigError, ConfigProblem, ConfigReader, ConfigSource, ReaderOptions } from "./reader";
import { ownKeys, projectDeclarations } from "./declarations";
import { readRegion } from "./offerings";
import { NetworkConfig, readNetworkConfig } from "./network";
import { ClusterConfig, readClusterConfig } from "./cluster";
import { EdgeConfig, readEdgeConfig } from "./edge";
import { KubernetesConfig, readKubernetesConfig } from "./kubernetes";
import { Size, SIZE_PROFILES, SIZES, SizeProfile } from "./sizes";
import { DataConfig, readDataConfig } from "./data";
import { MessagingConfig, readMessagingConfig } from "./messaging";
import { OperationsConfig, readOperationsConfig } from "./operations";
import { DeployConfig, readDeployConfig } from "./deploy";
import { PlatformConfig, readPlatformConfig } from "./platform";
import { PROJECT } from "./project";

export { ConfigError, ConfigProblem, ConfigReader, ConfigSource, DeclaredType, describeProblem, ReaderOptions } from "./reader";

export { PROJECT };

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
    /** Threat detection, alerting and backups. */
    readonly operations: OperationsConfig;
    /** The runner in the VPC that runs previews and deployments. */
    readonly deploy: DeployConfig;
    /** The platform's workloads in the cluster: observability, node autoscaling, secrets delivery. */
    readonly platform: PlatformConfig;
}

/** Reads every section through `r`; problems stay in `r` until `r.finish()`. */
export function readStackConfig(r: ConfigReader): StackConfig {
    readRegion(r);
    const size = r.oneOf("size", SIZES);
    const network = readNetworkConfig(r);
    const machines = SIZE_PROFILES[size];
    const cluster = readClusterConfig(r, machines);
    const edge = readEdgeConfig(r);
    const data = readDataConfig(r, machines);
    const messaging = readMessagingConfig(r, machines);
    const kubernetes = readKubernetesConfig(r, cluster, edge);
    const operations = readOperationsConfig(r);
    const deploy = readDeployConfig(r);
    const platform = readPlatformConfig(r, cluster);
    return { size, machines, network, cluster, edge, data, messaging, kubernetes, operations, deploy, platform };
}

/**
 * Reads and validates all stack config; throws one ConfigError listing every
 * bad value. The rules of every declared key come from Pulumi.yaml unless
 * `options` gives other declarations.
 */
export function loadStackConfig(source: ConfigSource, options: ReaderOptions = {}): StackConfig {
    const r = new ConfigReader(source, PROJECT, { declarations: ownKeys(projectDeclarations()), ...options });
    const config = readStackConfig(r);
    r.finish();
    return config;
}

/** A source over flat, fully qualified config (what the CLI hands a program). */
export function flatSource(config: Readonly<Record<string, string>>): ConfigSource {
    return { get: (key) => config[`${PROJECT}:${key}`], all: () => config };
}

/**
 * Every problem of a stack's config at once: `prior` ones (found before the
 * program would run, such as the CLI's type checks) and the program's own on
 * the values that passed them. Undefined when there is none.
 */
export function stackConfigProblems(config: Readonly<Record<string, string>>, prior: readonly ConfigProblem[] = []): ConfigError | undefined {
    try {
        loadStackConfig(flatSource(config), { prior });
    } catch (e) {
        if (e instanceof ConfigError) {
            return e;
        }
        throw e;
    }
    return undefined;
}
