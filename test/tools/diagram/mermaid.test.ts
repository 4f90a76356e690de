import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { CatalogIndex } from "../../../components/catalog";
import { TICKETTOKEN } from "../../../infra/catalog";
import { diagramOf, nodeId, renderSvg, toMarkdown, toMermaid } from "../../../tools/diagram";
import { evaluateColor, standaloneSvg } from "../../../tools/diagram/standalone";
import { REPO_ROOT } from "../../../tools/harness/project";
import { runStack, RunResult } from "../../../tools/harness/run";
import { runAllStacks } from "../../support/stacks";

describe("tools/diagram (Mermaid and SVG)", () => {
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks({ preview: true });
    });

    it("draws internet, Cloudflare, ALB, every tier, every service and store, Stripe, and the flows with ports", () => {
        const text = toMermaid(diagramOf(runs.prod));
        assert.match(text, /^flowchart LR\n/);
        for (const tier of ["public", "private", "data", "messaging", "endpoints"]) {
            assert.match(text, new RegExp(`subgraph tier_${tier}\\[`));
        }
        for (const name of [...TICKETTOKEN.services, ...TICKETTOKEN.stores].map((s) => s.name)) {
            assert.match(text, new RegExp(`\\n\\s+${nodeId(name)}[\\[(]`), `${name} is a node`);
        }
        assert.match(text, /internet -->\|"HTTPS 443"\| cloudflare/);
        assert.match(text, /cloudflare -->\|"HTTPS 443, Cloudflare ranges only"\| alb/);
        assert.match(text, /alb -->\|"TCP 8000"\| api_gateway/);
        assert.match(text, /eks -->\|"TCP 5432"\| postgresql/);
        assert.match(text, /api_gateway -->\|"TCP 3004"\| venue_service/);
        const stripe = text.split("\n").filter((l) => l.includes("-.->") && l.trim().endsWith(" stripe"));
        assert.deepEqual(stripe.map((l) => l.trim().split(" ")[0]).sort(), new CatalogIndex(TICKETTOKEN).stripeClients().map(nodeId).sort());
        assert.ok(stripe.every((l) => l.includes("HTTPS 443")));
        assert.doesNotMatch(text, /NOT OPEN|NOT IN CATALOG/);
        const toApis = text.split("\n").filter((l) => l.trim().endsWith("| aws_apis")).map((l) => l.trim().split(" ")[0]);
        assert.deepEqual(toApis, [...TICKETTOKEN.services.map((s) => s.name).filter((s) => s !== "api-gateway").map(nodeId), "platform_on_nodes"],
            "every service but the gateway, and the platform's workloads on the nodes, reach the AWS API endpoints");
        assert.match(text, /platform_on_nodes -->\|"HTTPS 443: STS, SNS, CloudWatch Logs, Auto Scaling, EC2, Secrets Manager"\| aws_apis/);
        // Prometheus' scrapes, open on both sides as the catalog says, drawn once to the cluster.
        assert.match(text, /prometheus\["prometheus \(monitoring\), own security group"\]/);
        assert.match(text, /prometheus -->\|"TCP 9464 to 7 services \(mTLS, mesh certificates\)"\| eks/);
        assert.match(text, /aws_apis\[\("AWS API endpoints<br\/>.*\bsts\b.*secretsmanager/);
    });

    it("draws the deploy runner in the private tier with its flows: the Kubernetes API, the endpoints, DNS, and HTTPS out through NAT", () => {
        const text = toMermaid(diagramOf(runs.prod));
        const privateTier = text.slice(text.indexOf("subgraph tier_private"), text.indexOf("subgraph tier_data"));
        assert.match(privateTier, /\n\s+deploy_runner\["Deploy runner: CodeBuild, GitHub Actions jobs \(preview, up\)"\]/);
        assert.match(privateTier, /\n\s+vpc_resolver\["VPC resolver 10\.0\.0\.2"\]/);
        assert.deepEqual(text.split("\n").filter((l) => l.trim().startsWith("deploy_runner ")).map((l) => l.trim()), [
            'deploy_runner -->|"HTTPS 443, Kubernetes API"| eks',
            'deploy_runner -->|"HTTPS 443"| aws_endpoints',
            'deploy_runner -->|"DNS tcp/53, udp/53"| vpc_resolver',
            'deploy_runner -.->|"HTTPS 443 only, through NAT: GitHub, Pulumi, registries, AWS and Cloudflare APIs"| internet',
        ]);
    });

    it("is the same text for the same stack (no ids, no order drift)", async () => {
        const again = await runStack("prod", {}, { preview: true });
        assert.equal(toMermaid(diagramOf(again)), toMermaid(diagramOf(runs.prod)));
    });

    for (const stack of ["dev", "staging", "prod"]) {
        it(`docs/network-${stack}.md is what npm run plan writes today (no drift)`, () => {
            const model = diagramOf(runs[stack]);
            const expected = toMarkdown(model, toMermaid(model), `network-${stack}.svg`);
            const file = path.join(REPO_ROOT, "docs", `network-${stack}.md`);
            assert.equal(fs.readFileSync(file, "utf8"), expected, `regenerate with: npm run plan -- ${stack}`);
            assert.ok(fs.existsSync(path.join(REPO_ROOT, "docs", `network-${stack}.svg`)));
        });
    }

    it("renders a self-contained SVG: no CSS variables, no web font import", async () => {
        const svg = await renderSvg(toMermaid(diagramOf(runs.dev)));
        assert.match(svg, /^<svg /);
        assert.doesNotMatch(svg, /var\(--/);
        assert.doesNotMatch(svg, /@import|googleapis/);
        assert.match(svg, /venue-service :3004/);
        assert.match(svg, /fill="#[0-9A-F]{6}"/);
    });

    it("evaluates the colour expressions the renderer writes", () => {
        const vars = new Map([["--bg", "#FFFFFF"], ["--fg", "#000000"]]);
        assert.equal(evaluateColor("var(--fg)", vars), "#000000");
        assert.equal(evaluateColor("color-mix(in srgb, var(--fg) 50%, var(--bg))", vars), "#808080");
        assert.equal(evaluateColor("var(--muted, color-mix(in srgb, var(--fg) 25%, var(--bg)))", vars), "#BFBFBF");
        assert.throws(() => evaluateColor("var(--nope)", vars), /--nope is not defined/);
        assert.equal(standaloneSvg('<svg style="--bg:#FFFFFF;--fg:#000000"><style>@import url(x);\n svg { --_a: var(--fg); }</style><rect fill="var(--_a)"/></svg>'),
            '<svg style="--bg:#FFFFFF;--fg:#000000"><style>svg { --_a: #000000; }</style><rect fill="#000000"/></svg>');
    });
});
