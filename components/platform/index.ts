// The platform's own workloads in the cluster, each a catalog entry with its
// flows: observability, node autoscaling, secrets delivery, and the
// namespaces and NetworkPolicies they run under.
export * from "./types";
export { apiServerPorts, NodePort, nodeToNodePorts } from "./flows";
export { kubernetesServiceCidr, PlatformAddressing, PlatformNetworkPolicy, planPlatformNetworkPolicies } from "./networkPolicyPlan";
export { PlatformNamespaces, PlatformNamespacesArgs, SHARED_NAMESPACES } from "./namespaces";
export { ALERT_RECEIVERS, alertmanagerConfig, fluentBitValues, MESH_CERTS, prometheusStackValues, ScrapeTarget, serviceScrapeConfigs } from "./observabilityValues";
export { alertPublisherPolicy, LOG_SHIPPER_ACTIONS, logShipperPolicy } from "./iamPolicies";
export { platformDashboard } from "./dashboards";
export { containerLogGroup, Observability, ObservabilityArgs, OBSERVABILITY_SERVICE_ACCOUNTS, OBSERVABILITY_WORKLOADS } from "./observability";
export { AUTOSCALER_DESCRIBE_ACTIONS, AUTOSCALER_SCALE_ACTIONS, autoDiscoveryTags, clusterAutoscalerPolicy, clusterAutoscalerValues, metricsServerValues } from "./autoscalingValues";
export { AUTOSCALING_WORKLOADS, CLUSTER_AUTOSCALER_SERVICE_ACCOUNT, NodeAutoscaling, NodeAutoscalingArgs } from "./autoscaling";
export { DeliveredSecret, deliveredSecrets, ESO_API_VERSION, loginExternalSecret, REFRESH_INTERVAL, serviceSecretStore } from "./secretsPlan";
export { externalSecretsValues } from "./secretsValues";
export { EXTERNAL_SECRETS_SERVICE_ACCOUNT, SecretsDelivery, SecretsDeliveryArgs, SECRETS_WORKLOADS } from "./secretsDelivery";
