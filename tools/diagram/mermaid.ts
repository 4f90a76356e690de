// The diagram model as a Mermaid flowchart: the seed documents' picture
// (internet, Cloudflare, ALB, tiers per zone, the cluster, the stores,
// Stripe) with every allowed flow and its ports. Pure: same model, same text.
import { ALB, DiagramModel, FlowModel, PlatformFlow, PlatformPeer, STRIPE } from "./model";

/** Diagram id of the AWS API endpoints. */
const AWS_APIS = "aws_apis";

const ENGINE_LABEL: Readonly<Record<string, string>> = {
    postgresql: "PostgreSQL",
    redis: "Redis",
    mongodb: "MongoDB (DocumentDB)",
    rabbitmq: "RabbitMQ (Amazon MQ)",
};

/** Mermaid node ids must be plain words. */
export function nodeId(name: string): string {
    return name.replace(/[^A-Za-z0-9]/g, "_");
}

function quote(text: string): string {
    return `"${text.replace(/"/g, "'")}"`;
}

function portsLabel(ports: readonly string[]): string {
    return ports.map((p) => (p === "tcp/443" ? "HTTPS 443" : p.replace("tcp/", "TCP "))).join(", ");
}

function edge(f: FlowModel): string {
    const label = portsLabel(f.ports) + (f.source === "catalog-only" ? " (catalog only: NOT OPEN)" : f.source === "rules-only" ? " (NOT IN CATALOG)" : "");
    const arrow = f.to === STRIPE ? "-.->" : f.source === "both" ? "-->" : "==>";
    return `  ${nodeId(f.from)} ${arrow}|${quote(label)}| ${nodeId(f.to)}`;
}

/** Node ids of what the deploy runner reaches ("eks" is the cluster's subgraph). */
const PLATFORM_NODE: Readonly<Record<PlatformPeer, string>> = {
    "eks-api": "eks",
    "aws-endpoints": "aws_endpoints",
    "vpc-resolver": "vpc_resolver",
    internet: "internet",
};

function platformEdge(f: PlatformFlow): string {
    const ports = f.to === "vpc-resolver" ? `DNS ${f.ports.join(", ")}` : portsLabel(f.ports);
    switch (f.to) {
        case "eks-api":
            return `  deploy_runner -->|${quote(`${ports}, Kubernetes API`)}| ${PLATFORM_NODE[f.to]}`;
        case "internet":
            // Dotted like Stripe's: the way out through NAT.
            return `  deploy_runner -.->|${quote(`${ports} only, through NAT: GitHub, Pulumi, registries, AWS and Cloudflare APIs`)}| ${PLATFORM_NODE[f.to]}`;
        case "aws-endpoints":
        case "vpc-resolver":
            return `  deploy_runner -->|${quote(ports)}| ${PLATFORM_NODE[f.to]}`;
    }
}

/** Services whose flow to `store` both the catalog and the rules allow. */
function storeClients(m: DiagramModel, store: string): string[] {
    return m.flows.filter((f) => f.to === store && f.source === "both").map((f) => f.from).sort();
}

export function toMermaid(m: DiagramModel): string {
    // Left to right, as traffic flows: internet, edge, public, private, isolated, Stripe.
    const out: string[] = ["flowchart LR"];
    out.push(`  internet((${quote("Internet")}))`);
    if (m.cloudflare) {
        out.push(`  cloudflare[${quote("Cloudflare: WAF, rate limits, TLS strict")}]`);
        out.push(`  internet -->|${quote("HTTPS 443")}| cloudflare`);
    }
    // The tiers are not nested in a VPC box: the renderer loses edges that
    // cross two levels of subgraph. Each tier's title names the VPC instead.
    for (const t of m.tiers) {
        const isolated = t.tier === "data" || t.tier === "messaging";
        const what = isolated ? ", isolated, no route out" : t.tier === "endpoints" ? ", interface endpoints only, no route out" : "";
        out.push(`    subgraph tier_${t.tier}[${quote(`VPC ${m.vpcCidr ?? ""} (${m.stack}): ${t.tier} subnets${what}`)}]`);
        out.push(`      subnets_${t.tier}[${quote(t.subnets.map((s) => `${s.az} ${s.cidr}`).join("<br/>"))}]`);
        if (t.tier === "public") {
            if (m.loadBalancer) {
                out.push(`      ${ALB}[${quote(`ALB, listeners ${m.loadBalancer.ports.join(" and ")}`)}]`);
            }
            out.push(`      nat[${quote(`NAT gateways x${m.natGateways}`)}]`);
        }
        if (t.tier === "private") {
            out.push(`      subgraph eks[${quote(m.cluster ? `EKS ${m.cluster.name} ${m.cluster.version ?? ""}, ${m.cluster.nodeGroups} node groups` : "workloads")}]`);
            for (const s of m.services) {
                out.push(`        ${nodeId(s.name)}[${quote(`${s.name} :${s.port}${s.tls ? " TLS" : ""}`)}]`);
            }
            out.push("      end");
            for (const w of m.platform.grouped) {
                out.push(`      ${nodeId(w.name)}[${quote(`${w.name} (${w.namespace}), own security group`)}]`);
            }
            if (m.platform.onNodes.length > 0) {
                out.push(`      platform_on_nodes[${quote(`Platform workloads on the nodes' group<br/>${m.platform.onNodes.join("<br/>")}`)}]`);
            }
            if (m.deployRunner) {
                out.push(`      deploy_runner[${quote("Deploy runner: CodeBuild, GitHub Actions jobs (preview, up)")}]`);
                const to = new Set(m.platformFlows.map((f) => f.to));
                if (to.has("aws-endpoints")) {
                    out.push(`      aws_endpoints[${quote("AWS API endpoints")}]`);
                }
                if (to.has("vpc-resolver")) {
                    out.push(`      vpc_resolver[${quote(`VPC resolver${m.deployRunner.resolver ? ` ${m.deployRunner.resolver}` : ""}`)}]`);
                }
            }
        }
        if (t.tier === "endpoints" && m.awsApis) {
            out.push(`      ${AWS_APIS}[(${quote(`AWS API endpoints<br/>${m.awsApis.services.join(", ")}`)})]`);
        }
        for (const s of m.stores.filter((x) => x.tier === t.tier)) {
            const impl = s.resources.length ? `<br/>${s.resources.join(", ")}` : "";
            const clients = storeClients(m, s.name);
            out.push(`      ${nodeId(s.name)}[(${quote(`${ENGINE_LABEL[s.engine] ?? s.engine} :${s.port}${impl}<br/>from: ${clients.join(", ") || "nobody"}`)})]`);
        }
        out.push("    end");
    }
    out.push(`  ${STRIPE}([${quote(`Stripe API<br/>${m.stripeAddresses} pinned addresses`)}])`);
    if (m.cloudflare && m.loadBalancer) {
        out.push(`  cloudflare -->|${quote("HTTPS 443, Cloudflare ranges only")}| ${ALB}`);
    } else if (m.loadBalancer) {
        out.push(`  internet -->|${quote("HTTPS 443")}| ${ALB}`);
    }
    // Store flows that agree with the catalog are drawn once per store, from
    // the cluster, with the clients in the store's label; every other flow
    // (and every disagreement) gets its own arrow.
    const stores = new Set(m.stores.map((s) => s.name));
    for (const s of m.stores) {
        const ports = [...new Set(m.flows.filter((f) => f.to === s.name && f.source === "both").flatMap((f) => f.ports))];
        if (ports.length > 0) {
            out.push(`  eks -->|${quote(portsLabel(ports))}| ${nodeId(s.name)}`);
        }
    }
    // A platform workload's flows to services that agree with the catalog are drawn once, to the cluster, with their count.
    for (const w of m.platform.grouped) {
        const agreed = m.flows.filter((f) => f.from === w.name && f.source === "both");
        const ports = [...new Set(agreed.flatMap((f) => f.ports))];
        if (agreed.length > 0) {
            out.push(`  ${nodeId(w.name)} -->|${quote(`${portsLabel(ports)} to ${agreed.length} services (mTLS, mesh certificates)`)}| eks`);
        }
    }
    const grouped = new Set(m.platform.grouped.map((w) => w.name));
    out.push(...m.flows.filter((f) => !(stores.has(f.to) && f.source === "both") && !(grouped.has(f.from) && f.source === "both")).map(edge));
    out.push(...m.platformFlows.map(platformEdge));
    // The services whose identity needs an AWS API (STS, Secrets Manager), to the endpoints.
    out.push(...(m.awsApis?.clients ?? []).map((c) => `  ${nodeId(c)} -->|${quote("HTTPS 443")}| ${AWS_APIS}`));
    if (m.awsApis && m.platform.onNodes.length > 0 && m.platform.awsApis.length > 0) {
        out.push(`  platform_on_nodes -->|${quote(`HTTPS 443: ${m.platform.awsApis.join(", ")}`)}| ${AWS_APIS}`);
    }
    return out.join("\n");
}

/** The markdown page: the Mermaid block and a legend. */
export function toMarkdown(m: DiagramModel, mermaid: string, svgFile?: string): string {
    const mismatches = m.flows.filter((f) => f.source !== "both");
    return [
        `# Network of the ${m.stack} stack`,
        "",
        "Generated by `npm run plan` from the stack program run under mocks: subnets per tier and zone,",
        "the cluster, the stores, and every flow the registered security-group rules open (both sides),",
        "checked against the traffic catalog (`infra/catalog`). Do not edit by hand.",
        "",
        svgFile ? `![network of ${m.stack}](${svgFile})\n` : "",
        "```mermaid",
        mermaid,
        "```",
        "",
        `Solid arrows: flows both the catalog and the security groups allow. Dotted: HTTPS to Stripe's ${m.stripeAddresses} pinned API addresses (out through NAT).`,
        ...(m.deployRunner
            ? ["The deploy runner (components/deploy) runs previews and deployments inside the VPC; its flows come from its own group, not the catalog. Its HTTPS rule to the internet is the one public egress besides Stripe's, exempted by the stack's pack config (infra/policy-config)."]
            : []),
        mismatches.length === 0
            ? "Every catalog flow is open in the security groups, and no other flow is."
            : `**${mismatches.length} flow(s) differ between the catalog and the security groups** (thick arrows).`,
        "",
    ].join("\n");
}
