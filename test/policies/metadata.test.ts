// The metadata Pulumi Cloud shows beside the verdicts, as the pack serves it
// over GetAnalyzerInfo: a display name, readme, repository, provider and tags
// for the pack; per policy a display name, remediation steps specific to the
// rule, a link to its README section, tags and a compliance framework.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { REPO_ROOT } from "../../tools/harness/project";
import { usePack } from "../support/pack";

const PACK_DIR = path.join(REPO_ROOT, "policies");
const packageJson = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { repository: { url: string }; homepage: string; license: string };
const readme = fs.readFileSync(path.join(PACK_DIR, "README.md"), "utf8");

/** GitHub's anchor of a Markdown heading ("### `no-public-db`" gives "no-public-db"). */
function anchor(heading: string): string {
    return heading.trim().toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-");
}

// What a reader must be told to do for each policy: the fields to set and the
// config keys that decide what is allowed (an explanation of the rule is not a
// remedy), for every class of resource the policy judges, and what to do about
// a fault in the pack or a config it cannot read.
const EVERY_POLICY = ["exemption", "onRuleFault", "\"could not evaluate\"", "\"config\" diagnostic"];
const REMEDY_TERMS: Readonly<Record<string, readonly string[]>> = {
    "no-public-db": [
        "publiclyAccessible", "publicConnectivity", "connectivityInfo.publicAccess.type", "AllowFromPublic", "vpcOptions", "privateCidrs", "storePorts", "extraStorePorts",
        "prefix list", "default group", "internal: true", "classic ELB", "subnet group", "internet gateway", "mapPublicIpOnLaunch", "ClusterIP", "aws-load-balancer-scheme",
        "networking.gke.io/load-balancer-type", "azure-load-balancer-internal", "loadBalancerSourceRanges", ...EVERY_POLICY,
    ],
    "tls-everywhere": [
        "sslPolicy", "pinned table", "allowedTlsPolicies", "forbiddenTlsPolicies", "refresh-elb-policies", "ssl-policy", "redirect", "viewerProtocolPolicy", "originSslProtocols",
        "minimumProtocolVersion", "transitEncryptionMode", "tlsEnabled", "clusterEndpointEncryptionType", "rds.force_ssl", "tls1.2+", "require_ssl", "requireTls",
        "clientBroker", "tlsSecurityPolicy", "nodeToNodeEncryption", "TLS_1_2", "min_tls_version", "always_use_https", "page rule", "noTlsVerify", "tls entry", "STRICT",
        "ISTIO_MUTUAL", ...EVERY_POLICY,
    ],
    "egress-only-stripe": [
        "stripeApiCidrs", "privateCidrs", "allowedHosts", "443", "prefix list", "VPC endpoint", "refresh-stripe-ips", "NetworkPolicy", "ipBlock", "toEntities", "toFQDNs",
        "cidrGroupRef", "Calico", "notNets", "AdminNetworkPolicy", "REGISTRY_ONLY", "ServiceEntries", ...EVERY_POLICY,
    ],
};

describe("policies: metadata", () => {
    const pack = usePack();

    it("names the pack, serves its README as readme, and points at its repository", () => {
        const info = pack().info;
        assert.equal(info.displayName, "TicketToken network guardrails");
        assert.equal(info.readme, readme);
        assert.equal(info.repository, packageJson.repository.url.replace(/^git\+/, "").replace(/\.git$/, ""));
        assert.match(info.repository ?? "", /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
        assert.equal(info.provider, "aws");
        assert.ok(info.tags?.includes("aws") && info.tags.includes("kubernetes") && info.tags.includes("cloudflare"));
    });

    it("gives every policy a display name, a severity, tags and the compliance requirement it implements", () => {
        const policies = pack().info.policies;
        assert.deepEqual(policies.map((p) => p.name).sort(), Object.keys(REMEDY_TERMS).sort(), "every policy has its remedy terms listed here");
        for (const p of policies) {
            assert.ok((p.displayName ?? "").length >= 10 && p.displayName !== p.name, `${p.name} displayName`);
            assert.ok(p.severity === "high" || p.severity === "critical", `${p.name} severity ${p.severity}`);
            assert.ok((p.tags ?? []).length >= 2, `${p.name} tags`);
            assert.ok(p.framework, `${p.name} framework`);
            assert.equal(p.framework.name, "PCI DSS");
            assert.equal(p.framework.version, "4.0.1");
            assert.match(p.framework.reference, /^[0-9]+\.[0-9]+\.[0-9]+$/);
            assert.ok(p.framework.specification.length > 40, `${p.name} framework specification`);
        }
    });

    it("gives every policy remediation steps that say what to change, naming its fields and config keys", () => {
        for (const p of pack().info.policies) {
            const steps = p.remediationSteps ?? "";
            assert.ok(steps.length > 300, `${p.name}: remediation steps are substantial`);
            assert.ok(steps.length < 4000, `${p.name}: remediation steps stay readable in Pulumi Cloud`);
            assert.notEqual(steps, p.description);
            const missing = REMEDY_TERMS[p.name].filter((t) => !steps.includes(t));
            assert.deepEqual(missing, [], `${p.name}: remediation steps name ${missing.join(", ")}`);
        }
    });

    it("links every policy to its own section of the pack's README", () => {
        const headings = new Set([...readme.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1])));
        const base = packageJson.homepage.replace(/#.*$/, "");
        for (const p of pack().info.policies) {
            assert.equal(p.url, `${base}#${p.name}`);
            assert.ok(headings.has(p.name), `README has a heading for ${p.name}`);
        }
    });

    it("declares the author, website and license in PulumiPolicy.yaml, as package.json does", () => {
        const project = yaml.load(fs.readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8")) as Record<string, string>;
        assert.equal(project.runtime, "nodejs");
        assert.equal(project.license, packageJson.license);
        assert.equal(project.website, packageJson.homepage);
        assert.ok(project.author && project.description);
        // The CLI reads only these keys (sdk/go/common/workspace PolicyPackProject); version comes from package.json.
        assert.deepEqual(Object.keys(project).filter((k) => !["runtime", "description", "author", "website", "license", "main"].includes(k)), []);
    });
});
