// The API gateway (seed 000 "API Gateway (Kong)"): the ingress controller in
// its own namespace, the gateway as the catalog's edge service in the app
// namespace (TLS on the catalog port), routes per catalog service, global
// rate limiting and JWT validation, and the binding of its Service to the
// ALB's target group (the edge's), which the AWS Load Balancer Controller
// keeps filled with the gateway pods' addresses.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogIndex } from "../../components/catalog";
import { controllerValues, CONTROLLER_NAME, gatewayValues, KONG_INGRESS_CLASS } from "./gatewayValues";
import { helmRelease } from "./helm";
import { backendServices, healthRoute, ingressSpec, jwtPlugin, PLUGIN_NAMES, planRoutes, prometheusPlugin, RateLimitStore, rateLimitPlugin, selectorOf } from "./routes";
import { JWT_CREDENTIAL_LABEL, JwtCredential, tokenIssuerCredential } from "./tokenIssuer";
import { KUBERNETES_DEFAULTS } from "./types";

/** A cache user Kong's Redis client can log in as (it cannot sign IAM tokens). */
export interface RateLimitCache {
    readonly host: pulumi.Input<string>;
    readonly port: number;
    readonly username: pulumi.Input<string>;
    /** The user's password (a secret output); it reaches Kong only as a Kubernetes Secret. */
    readonly password: pulumi.Input<string>;
}

/** Who signs the tokens the gateway accepts (the auth service). */
export interface TokenIssuer {
    /** The `iss` claim of its tokens, which selects the key. */
    readonly issuer: string;
    /** Its public key, PEM (RSA of 2048 bits or more: RS256; EC P-256: ES256). */
    readonly publicKeyPem: string;
}

export interface GatewayArgs {
    /** The validated traffic catalog: its edge service is the gateway, its routes are routed. */
    readonly catalog: CatalogIndex;
    /** Where the catalog's services (and the gateway) run. */
    readonly namespace: string;
    /** Where the ingress controller runs. */
    readonly controllerNamespace: string;
    /** kong chart version. */
    readonly chartVersion: string;
    /** ECR prefix mirroring docker.io (Kong and its controller). */
    readonly dockerHubMirror: pulumi.Input<string>;
    /** The public API host name routes answer on (api.<zone>). */
    readonly apiHostname: string;
    /** The load balancer's subnets: where the forwarded client address is believed from. */
    readonly trustedCidrs: readonly string[];
    /** The ServiceAccount the gateway pods run as (the edge service's identity, created elsewhere); without it the chart creates one. @default undefined */
    readonly serviceAccount?: string;
    /** The edge's target group (target type ip, the gateway's port); without it nothing is bound. @default undefined */
    readonly targetGroupArn?: pulumi.Input<string>;
    /** Shared rate-limit counters; without a cache each gateway pod counts alone. @default undefined */
    readonly rateLimitCache?: RateLimitCache;
    /** Requests per minute per client address. @default 600 */
    readonly rateLimitPerMinute?: number;
    /** The token issuer whose signatures the JWT-protected routes accept. */
    readonly tokenIssuer: TokenIssuer;
    /** Longest token lifetime the gateway accepts, in seconds. @default 3600 */
    readonly jwtMaximumExpirationSeconds?: number;
    /** Path of the load balancer's health check, answered 200 by the gateway itself. @default "/health" */
    readonly healthCheckPath?: string;
    /** Gateway pods. @default 2 */
    readonly replicas?: number;
    /** Controller pods. @default 2 */
    readonly controllerReplicas?: number;
    /** What every resource of the gateway waits for: its namespaces. @default [] */
    readonly after?: pulumi.Resource[];
    /**
     * What the releases and the target group binding also wait for: the mesh's injector, the gateway's
     * own SecurityGroupPolicy, the load balancer controller (its pods start bound to these; the
     * controller serves the binding). Routes and Services wait for none of them, so no route depends
     * on anything per service but its own. @default []
     */
    readonly podsAfter?: pulumi.Resource[];
}

/** The token issuer's consumer and its credential Secret, by name. */
export const TOKEN_ISSUER = { consumer: "token-issuer", credential: "token-issuer-jwt" } as const;

export class Gateway extends pulumi.ComponentResource {
    readonly controller: k8s.helm.v3.Release;
    readonly gateway: k8s.helm.v3.Release;
    /** The gateway's Service, the target group's target. */
    readonly serviceName: string;
    readonly servicePort: number;
    readonly targetGroupBinding?: k8s.apiextensions.CustomResource;

    constructor(name: string, args: GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:kubernetes:Gateway", name, {}, opts);
        const edge = args.catalog.edgeService();
        if (!edge.tls) {
            throw new Error(`gateway ${name}: the edge service "${edge.name}" must terminate TLS on its port (catalog tls: true)`);
        }
        // Before anything is registered: a key Kong cannot verify with fails the plan, not the gateway's sync.
        const credential = tokenIssuerCredential(args.tokenIssuer.issuer, args.tokenIssuer.publicKeyPem);
        this.serviceName = edge.name;
        this.servicePort = edge.port;
        const after = args.after ?? [];
        const podsAfter = [...after, ...(args.podsAfter ?? [])];

        // Order on a new cluster: the gateway first, awaited only until its objects exist, then the
        // controller, awaited until ready. The other way round neither can finish:
        // - The controller (KIC 3.5) starts only once it finds a gateway pod behind the admin Service
        //   (internal/manager/setup.go AdminAPIClientFromServiceDiscovery: NoAvailableEndpointsError,
        //   retried --kong-admin-init-retries times, default 60 a second apart, then the process exits), and
        //   its leader reports ready only after a first sync to those pods (internal/manager/run.go IsReady).
        // - A DB-less gateway pod is ready only once a configuration was pushed to it: the chart's readiness
        //   probe is /status/ready (kong chart 3.4.1 values.yaml readinessProbe), which answers 200 only when
        //   Kong "has a valid config" (Kong Gateway docs, "Health check probes").
        // Discovery takes pods that are not ready yet (internal/adminapi/endpoints.go skips only terminating
        // endpoints), so the controller configures the gateway's pods and both become ready.
        this.gateway = helmRelease(`${name}-gateway`, {
            chart: "kong",
            version: args.chartVersion,
            releaseName: edge.name,
            namespace: args.namespace,
            values: gatewayValues({
                service: edge.name,
                port: edge.port,
                dockerHubMirror: args.dockerHubMirror,
                replicas: args.replicas ?? KUBERNETES_DEFAULTS.gatewayReplicas,
                trustedCidrs: args.trustedCidrs,
                serviceAccount: args.serviceAccount,
                metricsPort: edge.metricsPort,
            }),
            // The controller's release installs Kong's CRDs; the gateway's objects use none.
            skipCrds: true,
            await: "created",
        }, { parent: this, dependsOn: podsAfter });
        this.controller = helmRelease(`${name}-controller`, {
            chart: "kong",
            version: args.chartVersion,
            releaseName: CONTROLLER_NAME,
            namespace: args.controllerNamespace,
            values: controllerValues({
                gatewayNamespace: args.namespace,
                service: edge.name,
                dockerHubMirror: args.dockerHubMirror,
                replicas: args.controllerReplicas ?? KUBERNETES_DEFAULTS.controllerReplicas,
            }),
        }, { parent: this, dependsOn: [...podsAfter, this.gateway] });

        // Kong's objects are validated by the controller's webhook, so they wait for it.
        const kong = { parent: this, dependsOn: [...after, this.controller] };
        this.configure(name, args, credential, kong);
        for (const b of backendServices(args.catalog, args.namespace)) {
            new k8s.core.v1.Service(`${name}-service-${b.name}`, {
                metadata: { name: b.name, namespace: args.namespace, annotations: { ...b.annotations } },
                spec: { type: "ClusterIP", selector: selectorOf(b.name), ports: [{ name: "http", port: b.port, targetPort: b.port, protocol: "TCP" }] },
            }, { parent: this, dependsOn: after });
        }
        for (const r of planRoutes(args.catalog)) {
            new k8s.networking.v1.Ingress(`${name}-${r.name}`, {
                metadata: { name: r.name, namespace: args.namespace, annotations: { ...r.annotations } },
                spec: ingressSpec(r, args.apiHostname),
            }, kong);
        }
        const health = healthRoute(edge.name, edge.port, args.healthCheckPath ?? "/health", args.apiHostname);
        new k8s.apiextensions.CustomResource(`${name}-health-plugin`, {
            apiVersion: "configuration.konghq.com/v1", kind: "KongPlugin", metadata: { name: PLUGIN_NAMES.health, namespace: args.namespace }, ...health.plugin,
        }, kong);
        new k8s.networking.v1.Ingress(`${name}-health`, {
            metadata: { name: "gateway-health", namespace: args.namespace, annotations: health.annotations },
            spec: health.ingress,
        }, kong);
        if (args.targetGroupArn !== undefined) {
            // No `networking` section: the controller only registers targets and never edits our security groups.
            // After Kong's controller, whose readiness means the gateway pods have their configuration.
            this.targetGroupBinding = new k8s.apiextensions.CustomResource(`${name}-target-group-binding`, {
                apiVersion: "elbv2.k8s.aws/v1beta1",
                kind: "TargetGroupBinding",
                metadata: { name: edge.name, namespace: args.namespace },
                spec: { serviceRef: { name: edge.name, port: edge.port }, targetGroupARN: args.targetGroupArn, targetType: "ip" },
            }, { parent: this, dependsOn: [...podsAfter, this.controller] });
        }
        this.registerOutputs({ serviceName: this.serviceName, servicePort: this.servicePort });
    }

    /** Plugins and the token issuer: global rate limiting, JWT on the routes. */
    private configure(name: string, args: GatewayArgs, credential: JwtCredential, opts: pulumi.CustomResourceOptions): void {
        let store: RateLimitStore = { kind: "local" };
        if (args.rateLimitCache !== undefined) {
            const c = args.rateLimitCache;
            const secret = new k8s.core.v1.Secret(`${name}-rate-limit-cache`, {
                metadata: { name: "rate-limit-cache", namespace: args.namespace },
                type: "Opaque",
                stringData: { password: pulumi.secret(c.password) },
            }, { parent: this, dependsOn: args.after ?? [] });
            store = { kind: "redis", host: c.host, port: c.port, username: c.username, passwordSecret: { namespace: args.namespace, name: "rate-limit-cache", key: "password" } };
            opts = { ...opts, dependsOn: [...(opts.dependsOn as pulumi.Resource[]), secret] };
        }
        const custom = (key: string, spec: Record<string, unknown>, alsoAfter: pulumi.Resource[] = []) =>
            new k8s.apiextensions.CustomResource(`${name}-${key}`, spec as k8s.apiextensions.CustomResourceArgs, {
                ...opts,
                dependsOn: [...(opts.dependsOn as pulumi.Resource[]), ...alsoAfter],
            });
        custom("rate-limiting", rateLimitPlugin(args.rateLimitPerMinute ?? KUBERNETES_DEFAULTS.rateLimitPerMinute, store));
        if (args.catalog.edgeService().metricsPort !== undefined) {
            // The catalog scrapes the gateway: Kong's own metrics, on its status listener (gatewayValues).
            custom("prometheus", prometheusPlugin());
        }
        custom("jwt", jwtPlugin(args.namespace, args.jwtMaximumExpirationSeconds ?? KUBERNETES_DEFAULTS.jwtMaximumExpirationSeconds));
        // The consumer and its credential together: Kong's webhook denies a consumer whose credential Secret is
        // missing (see tokenIssuer.ts). The Secret too waits for the controller, whose webhook checks its fields.
        const credentialSecret = new k8s.core.v1.Secret(`${name}-token-issuer-jwt`, {
            metadata: { name: TOKEN_ISSUER.credential, namespace: args.namespace, labels: { ...JWT_CREDENTIAL_LABEL } },
            type: "Opaque",
            stringData: { ...credential },
        }, opts);
        custom("token-issuer", {
            apiVersion: "configuration.konghq.com/v1",
            kind: "KongConsumer",
            metadata: { name: TOKEN_ISSUER.consumer, namespace: args.namespace, annotations: { "kubernetes.io/ingress.class": KONG_INGRESS_CLASS } },
            username: TOKEN_ISSUER.consumer,
            credentials: [TOKEN_ISSUER.credential],
        }, [credentialSecret]);
    }
}
