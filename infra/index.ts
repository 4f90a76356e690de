// Stack entry: load config, build, export what other stacks and tools need.
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "./config";
import { buildStack } from "./stack";

// The whole config map goes along so that keys nothing declares are refused, not ignored.
const config = new pulumi.Config();
const stack = buildStack(loadStackConfig({ get: (key) => config.get(key), all: () => pulumi.runtime.allConfig() }));
const { network, cluster } = stack;

export const vpcId = network.vpcId;
export const vpcCidr = network.vpcCidr;
export const availabilityZones = network.azNames;
export const publicSubnetIds = network.subnetIds.public;
export const privateSubnetIds = network.subnetIds.private;
export const dataSubnetIds = network.subnetIds.data;
export const messagingSubnetIds = network.subnetIds.messaging;
export const routeTableIds = network.routeTableIds;
export const natGatewayIds = network.natGatewayIds;
export const endpointSecurityGroupId = network.endpointSecurityGroupId;
export const s3PrefixListId = network.s3PrefixListId;

// The cluster: what the Kubernetes layer and operators need.
export const clusterName = cluster.clusterName;
export const clusterEndpoint = cluster.endpoint;
export const kubernetesVersion = cluster.kubernetesVersion;
export const kubeconfig = cluster.kubeconfig;
export const nodeSecurityGroupId = cluster.nodeSecurityGroupId;
export const controlPlaneSecurityGroupId = cluster.controlPlaneSecurityGroupId;
export const eksManagedSecurityGroupId = cluster.eksManagedSecurityGroupId;
export const oidcProviderArn = cluster.oidcProviderArn;
export const oidcIssuerUrl = cluster.oidcIssuerUrl;
export const imageRegistries = cluster.imageRegistries;
export const defaultStorageClass = cluster.defaultStorageClass;

// Edge (issue 5). The Kubernetes layer binds the gateway's pods to the target
// group (TargetGroupBinding, target type ip) and leaves its networking unset:
// the security-group rules of the flow already exist.
export const albDnsName = stack.alb.dnsName;
export const albArn = stack.alb.loadBalancer.arn;
export const albSecurityGroupId = stack.alb.securityGroup.id;
export const gatewayTargetGroupArn = stack.alb.targetGroupArn;
export const gatewayTargetGroupPort = stack.alb.targetGroup.port;
export const edgeCertificateArn = stack.alb.certificateArn;
export const edgeHostnames = stack.cloudflare.routedNames;

// Data stores and messaging: where applications connect (every host, each
// registered in the mesh), never a credential.
const { postgres, redis, documentDb, rabbitmq } = stack;
export const storeEndpoints = {
    postgresql: postgres.endpoint,
    redis: redis.endpoint,
    mongodb: documentDb.endpoint,
    rabbitmq: rabbitmq.endpoint,
};
/** Cache user id per client service: the user it connects as, and what IRSA grants elasticache:Connect on. */
export const redisUserIds = redis.userIds;
export const redisUserArns = redis.userArns;
export const redisReplicationGroupArn = redis.replicationGroupArn;
/** Where the administrator's credentials are, to create the services' users (README, "Store users"); never a service's. */
export const storeAdministration = {
    postgresql: { masterSecretArn: postgres.masterSecretArn },
    mongodb: { masterSecretArn: documentDb.masterSecretArn },
    rabbitmq: { adminSecretArn: rabbitmq.adminSecret.arn },
};

// The Kubernetes layer: where the workloads run and how they are reached.
const { kubernetes } = stack;
export const appNamespace = kubernetes.namespaces.appNamespace;
export const gatewayService = { name: kubernetes.gateway.serviceName, namespace: kubernetes.namespaces.appNamespace, port: kubernetes.gateway.servicePort };
export const loadBalancerControllerRoleArn = kubernetes.loadBalancerController.role.roleArn;
export const networkPolicies = kubernetes.networkPolicies.plans.map((p) => p.name);

/**
 * What each service's manifests need: the ServiceAccount its pods run as (and
 * the IRSA role behind it), the AWS APIs it may call, and who it is in each
 * store: its database user and database, its cache user, its store logins
 * (user names and the secrets holding their passwords; only its role may read them).
 */
export const serviceIdentities = Object.fromEntries([...kubernetes.identities.identities.values()].map(({ plan, role }) => [plan.service, {
    namespace: kubernetes.namespaces.appNamespace,
    serviceAccount: plan.serviceAccount,
    roleArn: role.roleArn,
    awsApis: plan.awsApis,
    stores: Object.fromEntries(Object.entries(plan.logins).map(([store, login]) => {
        switch (login.kind) {
            case "database-user":
                return [store, { kind: login.kind, user: login.user, database: login.database }];
            case "cache-user":
                return [store, { kind: login.kind, user: redis.userIds[plan.service] }];
            case "cache-password":
                return [store, { kind: login.kind, user: redis.passwordLogins[plan.service]?.userName }];
            case "password-login": {
                const own = { mongodb: documentDb.logins, rabbitmq: rabbitmq.logins }[store]?.[plan.service];
                return [store, { kind: login.kind, user: login.user, secretArn: own?.secretArn }];
            }
        }
    })),
}]));

// Operations: where alerts go (the Kubernetes layer's Alertmanager publishes
// here through an IRSA role allowed sns:Publish on the topic and
// kms:GenerateDataKey/kms:Decrypt on its key) and where backups are kept.
const { operations } = stack;
export const alertTopicArn = operations.alerts.topicArn;
export const alertTopicKeyArn = operations.alerts.keyArn;
// One object, so a stack without backups or without the second-region copy
// exports fewer fields instead of undefined top-level outputs (which Pulumi
// drops with a warning on every run).
export const backupVaults = { primaryArn: operations.backups?.vault.arn, copyArn: operations.backups?.copyVault?.arn };
// The platform's workloads in the cluster: where they run, the roles they hold,
// where container logs go, and the Secrets each service's pods mount (only its
// own logins). One object, so a stack with a feature off exports fewer fields.
const { platform } = stack;
export const platformWorkloads = {
    namespaces: [...platform.namespaces.namespaces.keys()],
    containerLogGroup: platform.observability?.logGroup.name,
    roleArns: {
        alertmanager: platform.observability?.alertmanagerRole.roleArn,
        fluentBit: platform.observability?.fluentBitRole.roleArn,
        clusterAutoscaler: platform.autoscaling?.role.roleArn,
    },
    deliveredSecrets: platform.secrets === undefined ? undefined : Object.fromEntries([...new Set(platform.secrets.secrets.map((s) => s.service))]
        .map((service) => [service, platform.secrets!.secrets.filter((s) => s.service === service).map((s) => s.secretName)])),
};
// The deploy runner: the workflows' runs-on label (with GitHub's expressions) and what operators look up.
const { deployRunner } = stack;
export const deployRunnerProject = deployRunner.project.name;
export const deployRunnerLabel = deployRunner.runnerLabel;
export const deployRunnerSecurityGroupId = deployRunner.securityGroupId;
export const deployRunnerRoleArn = deployRunner.roleArn;
