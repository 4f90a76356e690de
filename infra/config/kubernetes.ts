// Config of the Kubernetes layer: chart versions, the app namespace's quota
// and container defaults, replica counts, and the gateway's rate limit and
// token lifetime.
import { ConfigReader } from "./reader";
import { ClusterConfig } from "./cluster";
import { EdgeConfig } from "./edge";
import { CHART_VERSION } from "../../components/kubernetes/helm";
import { ChartVersions, ContainerDefaults, NamespaceQuota } from "../../components/kubernetes/types";
import { jwtIssuerProblem, jwtKeyAlgorithm } from "../../components/kubernetes/tokenIssuer";

export interface KubernetesConfig {
    readonly chartVersions: ChartVersions;
    readonly quota: NamespaceQuota;
    readonly containerDefaults: ContainerDefaults;
    /** Kong gateway pods. */
    readonly gatewayReplicas: number;
    /** Replicas of istiod, the Kong ingress controller and the AWS Load Balancer Controller. */
    readonly controllerReplicas: number;
    /** Requests per minute per client address at the gateway. */
    readonly rateLimitPerMinute: number;
    /** Longest token lifetime the gateway accepts, in seconds. */
    readonly jwtMaximumExpirationSeconds: number;
    /** The `iss` claim of the tokens the gateway accepts, and the issuer's public key (PEM). */
    readonly tokenIssuer: { readonly issuer: string; readonly publicKeyPem: string };
    /** The host the gateway's routes answer on: api.<zone>. */
    readonly apiHostname: string;
}

/** The edge host name the gateway's routes answer on (seed 000: api.tickettoken.com). */
export const API_HOST_LABEL = "api";

const CPU = /^([1-9][0-9]*m|[0-9]+(\.[0-9]{1,3})?)$/;
const MEMORY = /^[1-9][0-9]*(Ki|Mi|Gi|Ti)?$/;
const MEMORY_UNITS: Readonly<Record<string, number>> = { "": 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** A CPU quantity in millicores ("500m", "2", "1.5"). */
export function cpuMillis(q: string): number {
    return q.endsWith("m") ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}

/** A memory quantity in bytes ("512Mi", "4Gi"). */
export function memoryBytes(q: string): number {
    const m = /^([0-9]+)(Ki|Mi|Gi|Ti)?$/.exec(q)!;
    return Number(m[1]) * MEMORY_UNITS[m[2] ?? ""];
}

function chartVersion(r: ConfigReader, key: string): string {
    return r.string(key, CHART_VERSION, "must be an exact chart version like 1.2.3 (no ranges: an upgrade is a reviewed change)");
}

/** A CPU quantity above zero: a quota or a container default of no CPU admits no pod. */
function cpu(r: ConfigReader, key: string): string {
    const q = r.string(key, CPU, 'must be a CPU quantity like "500m" or "2"');
    if (CPU.test(q) && cpuMillis(q) === 0) {
        r.reject(key, q, 'must be more than zero, like "500m" or "2": no CPU admits no pod');
    }
    return q;
}
const memory = (r: ConfigReader, key: string) => r.string(key, MEMORY, 'must be a memory quantity like "512Mi" or "4Gi"');

/** Rejects `requestKey` when its value exceeds `limitKey`'s (both already valid). */
function notAbove(r: ConfigReader, requestKey: string, request: string, limitKey: string, limit: string, measure: (q: string) => number, pattern: RegExp): void {
    if (pattern.test(request) && pattern.test(limit) && measure(request) > measure(limit)) {
        r.reject(requestKey, request, `must not exceed ${limitKey} (${limit})`);
    }
}

/** The token issuer: its `iss` value, and a public key the gateway can verify with (tokenIssuer.ts says which). */
function tokenIssuer(r: ConfigReader): { issuer: string; publicKeyPem: string } {
    const issuer = r.string("jwtIssuer", /[\s\S]*/, "");
    const issuerProblem = jwtIssuerProblem(issuer);
    if (issuerProblem !== undefined && !r.rejected("jwtIssuer")) {
        r.reject("jwtIssuer", issuer, issuerProblem);
    }
    const publicKeyPem = r.string("jwtIssuerPublicKey", /[\s\S]*/, "");
    const key = jwtKeyAlgorithm(publicKeyPem);
    if ("problem" in key && !r.rejected("jwtIssuerPublicKey")) {
        r.reject("jwtIssuerPublicKey", publicKeyPem, key.problem);
    }
    return { issuer, publicKeyPem };
}

export function readKubernetesConfig(r: ConfigReader, cluster: ClusterConfig, edge: EdgeConfig): KubernetesConfig {
    // Istio and the Kong ingress controller are published on Docker Hub only; nodes have no internet.
    if (cluster.dockerHubCredentialArn === undefined) {
        r.reject(
            "dockerHubCredentialArn",
            "",
            "must name the ecr-pullthroughcache/ secret: the Kubernetes layer's Istio and Kong images come from Docker Hub through the image cache, and nodes have no other way out",
        );
    }
    if (!edge.hostLabels.includes(API_HOST_LABEL)) {
        r.reject("edgeHostNames", JSON.stringify(edge.hostLabels), `must include "${API_HOST_LABEL}": the gateway routes the API on ${API_HOST_LABEL}.${edge.zoneName}`);
    }
    const quota: NamespaceQuota = {
        requestsCpu: cpu(r, "appQuotaRequestsCpu"),
        requestsMemory: memory(r, "appQuotaRequestsMemory"),
        limitsCpu: cpu(r, "appQuotaLimitsCpu"),
        limitsMemory: memory(r, "appQuotaLimitsMemory"),
        pods: r.integer("appQuotaPods", 10, 5000),
    };
    notAbove(r, "appQuotaRequestsCpu", quota.requestsCpu, "appQuotaLimitsCpu", quota.limitsCpu, cpuMillis, CPU);
    notAbove(r, "appQuotaRequestsMemory", quota.requestsMemory, "appQuotaLimitsMemory", quota.limitsMemory, memoryBytes, MEMORY);
    const containerDefaults: ContainerDefaults = {
        requestCpu: cpu(r, "containerDefaultRequestCpu"),
        requestMemory: memory(r, "containerDefaultRequestMemory"),
        limitCpu: cpu(r, "containerDefaultLimitCpu"),
        limitMemory: memory(r, "containerDefaultLimitMemory"),
    };
    notAbove(r, "containerDefaultRequestCpu", containerDefaults.requestCpu, "containerDefaultLimitCpu", containerDefaults.limitCpu, cpuMillis, CPU);
    notAbove(r, "containerDefaultRequestMemory", containerDefaults.requestMemory, "containerDefaultLimitMemory", containerDefaults.limitMemory, memoryBytes, MEMORY);
    return {
        chartVersions: {
            istio: chartVersion(r, "istioVersion"),
            kong: chartVersion(r, "kongChartVersion"),
            awsLoadBalancerController: chartVersion(r, "loadBalancerControllerChartVersion"),
        },
        quota,
        containerDefaults,
        gatewayReplicas: r.integer("gatewayReplicas", 1, 20),
        controllerReplicas: r.integer("controllerReplicas", 1, 5),
        rateLimitPerMinute: r.integer("gatewayRateLimitPerMinute", 1, 1_000_000),
        jwtMaximumExpirationSeconds: r.integer("jwtMaximumExpirationSeconds", 60, 86_400),
        tokenIssuer: tokenIssuer(r),
        apiHostname: `${API_HOST_LABEL}.${edge.zoneName}`,
    };
}
