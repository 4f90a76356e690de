// The TicketToken traffic catalog, from seed 000 ("Port Assignments",
// "Security Groups", "Firewall Rules Summary"), seed 002 (path routing) and
// seed 004 ("Communication Boundaries", "Redis ACLs"). Adding a service is
// one entry here.
import { RATE_LIMIT_KEYS } from "../components/data/redisAcl";
import { Catalog, PlatformUse } from "../components/catalog";

/**
 * Every service serves Prometheus metrics on its own port, apart from its
 * traffic (OpenTelemetry's Prometheus exporter default): only the scrapers
 * may reach it.
 */
const METRICS_PORT = 9464;

const API_SERVER: PlatformUse = { kind: "cluster", peer: "api-server" };
const NAME = "app.kubernetes.io/name";

export const TICKETTOKEN: Catalog = {
    services: [
        {
            name: "api-gateway",
            port: 8000,
            // Kong's status listener with its prometheus plugin (components/kubernetes/gatewayValues.ts).
            metricsPort: METRICS_PORT,
            tls: true,
            edge: true,
            routes: [],
            // Kong's rate-limiting plugin keeps its counters in Redis (seed 000 redis-sg "rate-limit-service").
            uses: ["auth-service", "event-service", "ticket-service", "venue-service", "payment-service", "transfer-service", "redis"],
            // Kong's rate-limit counters (under names Kong chooses); its Redis client cannot sign IAM tokens.
            // Seed 004's IP block-list is enforced at Cloudflare (config ipBlockList), not read from the cache.
            cacheAccess: { profile: "counters", sharedKeys: [RATE_LIMIT_KEYS], authentication: "password" },
            description: "Kong: TLS from the load balancer, JWT validation, rate limiting, routing (seed 000)",
        },
        {
            name: "auth-service",
            port: 3001,
            metricsPort: METRICS_PORT,
            tls: false,
            edge: false,
            routes: ["/api/auth"],
            // It issues the tokens: login, registration and refresh cannot require one.
            routeAuth: "none",
            // Token rotation lives in Redis, under its own prefix (seed 004).
            uses: ["postgresql", "redis"],
            description: "Users, credentials and JWT issuance (seed 000 database-sg; seed 004)",
        },
        {
            name: "event-service",
            port: 3002,
            metricsPort: METRICS_PORT,
            tls: false,
            edge: false,
            routes: ["/api/events"],
            uses: ["venue-service", "postgresql", "mongodb", "rabbitmq"],
            description: "Events and their content (seed 000 database-sg, venue<->event mTLS)",
        },
        {
            name: "ticket-service",
            port: 3003,
            metricsPort: METRICS_PORT,
            tls: false,
            edge: false,
            routes: ["/api/tickets"],
            uses: ["event-service", "postgresql", "redis", "rabbitmq"],
            description: "Ticket inventory and reservations (seed 000)",
        },
        {
            name: "venue-service",
            port: 3004,
            metricsPort: METRICS_PORT,
            tls: false,
            edge: false,
            routes: ["/api/venues"],
            uses: ["auth-service", "event-service", "postgresql", "redis", "mongodb", "rabbitmq", "stripe-api"],
            description: "Venues and Stripe Connect onboarding (seed 000 venue-service-sg, the reference service)",
        },
        {
            name: "payment-service",
            port: 3005,
            metricsPort: METRICS_PORT,
            tls: false,
            edge: false,
            routes: ["/api/payments"],
            uses: ["ticket-service", "postgresql", "rabbitmq", "stripe-api"],
            description: "Charges and refunds through the Stripe API (seed 000 external integrations)",
        },
        {
            name: "transfer-service",
            port: 3006,
            metricsPort: METRICS_PORT,
            tls: false,
            edge: false,
            routes: ["/api/transfers"],
            uses: ["ticket-service", "auth-service", "postgresql", "rabbitmq"],
            description: "Ticket transfers between fans (seed 000)",
        },
    ],
    stores: [
        { name: "postgresql", engine: "postgresql", port: 5432, tier: "data", description: "RDS PostgreSQL primary and read replica" },
        { name: "redis", engine: "redis", port: 6379, tier: "data", description: "ElastiCache, TLS required" },
        { name: "mongodb", engine: "mongodb", port: 27017, tier: "data", description: "DocumentDB, TLS enabled" },
        // AMQPS only: seed 000's 5672/15672 become 5671 (TLS) with no management port for services.
        { name: "rabbitmq", engine: "rabbitmq", port: 5671, tier: "messaging", description: "Amazon MQ for RabbitMQ, AMQPS" },
    ],
    externals: [{ name: "stripe-api", port: 443, description: "api.stripe.com over HTTPS, egress only" }],
    // The platform's own workloads (seed 002 "Observability", "Scaling", "Secrets Management"; seed 003
    // "Monitoring & Alerting"): each pod's labels as its chart sets them, every connection it opens.
    platform: [
        {
            name: "prometheus",
            feature: "observability",
            namespace: "monitoring",
            labels: { [NAME]: "prometheus" },
            ports: [{ name: "web", port: 9090 }],
            uses: [
                { kind: "service-metrics" },
                { kind: "workload", name: "alertmanager", port: "web" },
                { kind: "workload", name: "kube-state-metrics", port: "http" },
                { kind: "workload", name: "node-exporter", port: "metrics" },
                { kind: "cluster", peer: "kubelet" },
                // Its sidecar only fetches the mesh's certificates, which it scrapes the services with (mTLS STRICT).
                { kind: "cluster", peer: "mesh-control-plane" },
                API_SERVER,
            ],
            description: "Metrics of the services, the cluster and the platform; 30 days (seed 002)",
        },
        {
            name: "alertmanager",
            feature: "observability",
            namespace: "monitoring",
            labels: { [NAME]: "alertmanager" },
            ports: [{ name: "web", port: 9093 }, { name: "mesh", port: 9094 }, { name: "mesh-udp", port: 9094, protocol: "udp" }],
            uses: [
                { kind: "aws", resource: "alert-topic" },
                // Its replicas gossip silences and notifications, so that one alert is sent once.
                { kind: "workload", name: "alertmanager", port: "mesh" },
                { kind: "workload", name: "alertmanager", port: "mesh-udp" },
            ],
            description: "Routes Prometheus' alerts to the SNS alert topic (seed 002)",
        },
        {
            name: "grafana",
            feature: "observability",
            namespace: "monitoring",
            labels: { [NAME]: "grafana" },
            ports: [{ name: "http", port: 3000 }],
            // Dashboards come from ConfigMaps, which its sidecar reads through the API server.
            uses: [{ kind: "workload", name: "prometheus", port: "web" }, API_SERVER],
            description: "Dashboards of the cluster and the platform (seed 002)",
        },
        {
            name: "kube-state-metrics",
            feature: "observability",
            namespace: "monitoring",
            labels: { [NAME]: "kube-state-metrics" },
            ports: [{ name: "http", port: 8080 }],
            uses: [API_SERVER],
            description: "Metrics of the cluster's objects",
        },
        {
            name: "prometheus-operator",
            feature: "observability",
            namespace: "monitoring",
            labels: { app: "kube-prometheus-stack-operator" },
            ports: [],
            uses: [API_SERVER],
            description: "Runs Prometheus and Alertmanager from their custom resources",
        },
        {
            name: "node-exporter",
            feature: "observability",
            // Reads the host's /proc and /sys on the host's network: only kube-system admits that.
            namespace: "kube-system",
            labels: { [NAME]: "prometheus-node-exporter" },
            hostNetwork: true,
            ports: [{ name: "metrics", port: 9100 }],
            uses: [],
            description: "Node metrics (seed 003 Node Exporter)",
        },
        {
            name: "fluent-bit",
            feature: "observability",
            // Reads the node's container logs from a host path: only kube-system admits that.
            namespace: "kube-system",
            labels: { [NAME]: "aws-for-fluent-bit" },
            ports: [],
            uses: [{ kind: "aws", resource: "container-logs" }, API_SERVER],
            description: "Ships container logs to CloudWatch Logs (seed 002 CloudWatch)",
        },
        {
            name: "metrics-server",
            feature: "autoscaling",
            namespace: "kube-system",
            labels: { [NAME]: "metrics-server" },
            ports: [{ name: "https", port: 10251 }],
            // The metrics.k8s.io APIService: the API server calls it.
            apiServerCalls: ["https"],
            uses: [{ kind: "cluster", peer: "kubelet" }, API_SERVER],
            description: "The resource metrics HPAs scale on (seed 002 HPA)",
        },
        {
            name: "cluster-autoscaler",
            feature: "autoscaling",
            namespace: "kube-system",
            labels: { [NAME]: "aws-cluster-autoscaler" },
            ports: [],
            uses: [{ kind: "aws", resource: "node-groups" }, API_SERVER],
            description: "Grows and shrinks the node groups with pod demand (seed 002 Cluster Autoscaler)",
        },
        {
            name: "external-secrets",
            feature: "secrets",
            namespace: "external-secrets",
            labels: { [NAME]: "external-secrets" },
            ports: [],
            uses: [{ kind: "aws", resource: "service-secrets" }, API_SERVER],
            description: "Delivers each service's own secrets from Secrets Manager, as that service (seed 002)",
        },
        {
            name: "external-secrets-webhook",
            feature: "secrets",
            namespace: "external-secrets",
            labels: { [NAME]: "external-secrets-webhook" },
            ports: [{ name: "webhook", port: 10250 }],
            apiServerCalls: ["webhook"],
            uses: [API_SERVER],
            description: "Validates the secret stores and external secrets",
        },
        {
            name: "external-secrets-certs",
            feature: "secrets",
            namespace: "external-secrets",
            labels: { [NAME]: "external-secrets-cert-controller" },
            ports: [],
            uses: [API_SERVER],
            description: "Keeps the webhook's certificate",
        },
    ],
};
