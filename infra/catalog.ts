// The TicketToken traffic catalog, from seed 000 ("Port Assignments",
// "Security Groups", "Firewall Rules Summary"), seed 002 (path routing) and
// seed 004 ("Communication Boundaries", "Redis ACLs"). Adding a service is
// one entry here.
import { RATE_LIMIT_KEYS } from "../components/data/redisAcl";
import { Catalog } from "../components/catalog";

export const TICKETTOKEN: Catalog = {
    services: [
        {
            name: "api-gateway",
            port: 8000,
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
            tls: false,
            edge: false,
            routes: ["/api/events"],
            uses: ["venue-service", "postgresql", "mongodb", "rabbitmq"],
            description: "Events and their content (seed 000 database-sg, venue<->event mTLS)",
        },
        {
            name: "ticket-service",
            port: 3003,
            tls: false,
            edge: false,
            routes: ["/api/tickets"],
            uses: ["event-service", "postgresql", "redis", "rabbitmq"],
            description: "Ticket inventory and reservations (seed 000)",
        },
        {
            name: "venue-service",
            port: 3004,
            tls: false,
            edge: false,
            routes: ["/api/venues"],
            uses: ["auth-service", "event-service", "postgresql", "redis", "mongodb", "rabbitmq", "stripe-api"],
            description: "Venues and Stripe Connect onboarding (seed 000 venue-service-sg, the reference service)",
        },
        {
            name: "payment-service",
            port: 3005,
            tls: false,
            edge: false,
            routes: ["/api/payments"],
            uses: ["ticket-service", "postgresql", "rabbitmq", "stripe-api"],
            description: "Charges and refunds through the Stripe API (seed 000 external integrations)",
        },
        {
            name: "transfer-service",
            port: 3006,
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
};
