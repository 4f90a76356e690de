import { AWS_APIS, AwsApi } from "../../components/identity";
// One run of the whole Kubernetes layer under mocks, with inputs the tests
// choose (the stores' and the edge's values as their components will give
// them), shared by the component tests.
import { CatalogIndex } from "../../components/catalog";
import { TICKETTOKEN } from "../../infra/catalog";
import { stripeApiCidrs } from "../../infra/addresses";
import {
    Gateway, GatewayArgs, LoadBalancerController, Mesh, MeshRegistry, Namespaces, NetworkPolicies, PodSecurityGroups, StoreAddress, StoreServices,
} from "../../components/kubernetes";
import { runComponents, RunResult } from "../../tools/harness/run";
import { generateKeyPairSync } from "crypto";

export const catalog = new CatalogIndex(TICKETTOKEN);
export const APP = "tickettoken";
export const STORE_CIDRS = { data: ["10.0.192.0/22", "10.0.196.0/22", "10.0.200.0/22"], messaging: ["10.0.224.0/24", "10.0.225.0/24", "10.0.226.0/24"] };
export const EDGE_CIDRS = ["10.0.128.0/22", "10.0.132.0/22", "10.0.136.0/22"];
export const ENDPOINT_CIDRS = ["10.0.246.0/24", "10.0.247.0/24", "10.0.248.0/24"];
export const API_HOSTS: Record<AwsApi, string> = Object.fromEntries(AWS_APIS.map((api) => [api, `${api}.us-east-1.amazonaws.com`])) as Record<AwsApi, string>;
export const STRIPE = stripeApiCidrs();
export const TARGET_GROUP_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tickettoken-api/0123456789abcdef";
export const MIRRORS = { dockerHub: "123456789012.dkr.ecr.us-east-1.amazonaws.com/tt-docker-hub", ecrPublic: "123456789012.dkr.ecr.us-east-1.amazonaws.com/tt-ecr-public" };
export const STORE_HOSTS: Record<string, string> = {
    postgresql: "tt.cluster-abc.us-east-1.rds.amazonaws.com",
    redis: "master.tt.abc.use1.cache.amazonaws.com",
    mongodb: "tt.cluster-abc.us-east-1.docdb.amazonaws.com",
    rabbitmq: "b-123.mq.us-east-1.amazonaws.com",
};
/** Every endpoint of each store, as the stack gives them: writers, readers and DocumentDB's members. */
export const STORE_ADDRESSES: Array<StoreAddress & { hosts: Array<{ role: string; host: string }> }> = catalog.catalog.stores.map((s) => ({
    name: s.name,
    port: s.port,
    hosts: [
        { role: "writer", host: STORE_HOSTS[s.name] },
        ...({
            postgresql: [{ role: "reader", host: "tt-replica.abc.us-east-1.rds.amazonaws.com" }],
            redis: [{ role: "reader", host: "replica.tt.abc.use1.cache.amazonaws.com" }],
            mongodb: [
                { role: "reader", host: "tt.cluster-ro-abc.us-east-1.docdb.amazonaws.com" },
                ...[1, 2, 3].map((i) => ({ role: `member-${i}`, host: `tt-${i}.abc.us-east-1.docdb.amazonaws.com` })),
            ],
        } as Record<string, Array<{ role: string; host: string }>>)[s.name] ?? [],
    ],
}));
export const API_HOST = "api.tickettoken.test";
export const CACHE_PASSWORD = "s3cr3t-offline-password";
/** The token issuer the tests' gateway trusts: an EC P-256 key (ES256). */
export const TOKEN_ISSUER_KEY = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey.export({ type: "spki", format: "pem" }).toString();

/** Groups of a service's pods, as TrafficSecurityGroups gives them: its own, and Stripe's egress group for Stripe's callers. */
export function podGroupIds(service: string): string[] {
    return catalog.stripeClients().includes(service) ? [`sg-${service}`, "sg-stripe-api-egress-1"] : [`sg-${service}`];
}

/** The whole layer, built the way the stack builds it; `gateway` overrides the gateway's args. */
export function buildLayer(gateway: Partial<GatewayArgs> = {}, preview = false): Promise<RunResult> {
    return runComponents(() => {
        const namespaces = new Namespaces("ns", {
            kubernetesVersion: "1.34",
            quota: { requestsCpu: "8", requestsMemory: "16Gi", limitsCpu: "16", limitsMemory: "32Gi", pods: 100 },
            containerDefaults: { requestCpu: "100m", requestMemory: "128Mi", limitCpu: "500m", limitMemory: "512Mi" },
        });
        const after = [namespaces];
        const sgp = new PodSecurityGroups("sgp", { catalog, namespace: APP, groupIdsOf: podGroupIds, after });
        const mesh = new Mesh("mesh", { catalog, appNamespace: APP, version: "1.30.1", dockerHubMirror: MIRRORS.dockerHub, after });
        const lbc = new LoadBalancerController("lbc", {
            clusterName: "tt-test",
            region: "us-east-1",
            vpcId: "vpc-1",
            oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
            oidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
            namespace: "aws-load-balancer-controller",
            chartVersion: "3.5.0",
            ecrPublicMirror: MIRRORS.ecrPublic,
            targetGroupArns: [TARGET_GROUP_ARN],
            after,
        });
        new Gateway("gw", {
            catalog,
            namespace: APP,
            controllerNamespace: "kong",
            chartVersion: "3.4.1",
            dockerHubMirror: MIRRORS.dockerHub,
            apiHostname: API_HOST,
            trustedCidrs: EDGE_CIDRS,
            targetGroupArn: TARGET_GROUP_ARN,
            rateLimitCache: { host: STORE_HOSTS.redis, port: 6379, username: "tt-api-gateway-kong", password: CACHE_PASSWORD },
            tokenIssuer: { issuer: "tickettoken-auth-test", publicKeyPem: TOKEN_ISSUER_KEY },
            after,
            podsAfter: [...mesh.ready, sgp.policyOf(catalog.edgeService().name), lbc.release],
            ...gateway,
        });
        new NetworkPolicies("np", { catalog, namespace: APP, addressing: { storeCidrs: STORE_CIDRS, stripeCidrs: STRIPE, edgeCidrs: EDGE_CIDRS, awsApiCidrs: ENDPOINT_CIDRS }, after });
        new StoreServices("stores", { catalog, namespace: APP, stores: STORE_ADDRESSES, meshReady: mesh.ready, after });
        new MeshRegistry("registry", {
            catalog,
            namespace: APP,
            hosts: { stores: Object.fromEntries(STORE_ADDRESSES.map((s) => [s.name, s.hosts.map((h) => h.host)])), awsApis: API_HOSTS },
            after: [...after, ...mesh.ready],
        });
    }, { preview });
}

/** Expected flows "from->to:port" of the catalog, with Stripe as "stripe-api". */
export function catalogFlows(): Set<string> {
    return new Set(catalog.flows.map((f) => `${f.from}->${f.to}:${f.port}`));
}

/** Ranges of each store, for allowedFlows. */
export function storeRanges(): Array<{ cidrs: string[]; store: string; port: number }> {
    return catalog.catalog.stores.map((s) => ({ cidrs: STORE_CIDRS[s.tier], store: s.name, port: s.port }));
}
