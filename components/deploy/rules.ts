// Pure plan of the deploy runner's network: what its security group may open
// and the one rule it adds on the control plane's group. Everything inside
// the VPC is named by group (the API server, the AWS endpoints) or by /32 (the
// resolver); the only way out is one TCP 443 rule to everywhere, through NAT,
// because GitHub, the Pulumi backend, npm, the AWS APIs without an endpoint
// and Cloudflare publish no address list a rule could hold.
import { vpcResolverCidr } from "../cluster/nodeRules";

/** Who a runner rule talks to. */
export type RunnerPeer =
    /** The EKS API server's ENIs (our additional group on them). */
    | { readonly kind: "control-plane" }
    /** The VPC interface endpoints (STS, ECR, EC2, logs, ...). */
    | { readonly kind: "endpoints" }
    /** The Amazon-provided DNS server of the VPC. */
    | { readonly kind: "resolver"; readonly cidr: string }
    /** Anything on the internet, through the private subnets' NAT gateways. */
    | { readonly kind: "internet"; readonly cidr: string };

export interface RunnerRule {
    /** Stable, unique key; resource names derive from it. */
    readonly key: string;
    /** The group the rule is written on: the runner's own, or the control plane's (its side of the API flow). */
    readonly group: "runner" | "control-plane";
    readonly direction: "ingress" | "egress";
    readonly protocol: "tcp" | "udp";
    readonly port: number;
    readonly peer: RunnerPeer | { readonly kind: "runner" };
    readonly description: string;
}

/** The one public destination: every IPv4 address, on HTTPS only. */
export const INTERNET_CIDR = "0.0.0.0/0";
export const HTTPS = 443;

/** Resource-name key of the runner's one public rule (the pack's exemption names its URN). */
export const INTERNET_RULE_KEY = "runner-to-internet-tcp443";

/** Every rule of the runner, in a stable order. */
export function planRunnerRules(vpcCidr: string): RunnerRule[] {
    const resolver = vpcResolverCidr(vpcCidr);
    return [
        {
            key: "runner-to-control-plane-tcp443", group: "runner", direction: "egress", protocol: "tcp", port: HTTPS,
            peer: { kind: "control-plane" }, description: "deploy runner to the EKS API server (kubectl, Helm, the Kubernetes provider)",
        },
        {
            key: "control-plane-from-runner-tcp443", group: "control-plane", direction: "ingress", protocol: "tcp", port: HTTPS,
            peer: { kind: "runner" }, description: "EKS API server from the deploy runner",
        },
        {
            key: "runner-to-endpoints-tcp443", group: "runner", direction: "egress", protocol: "tcp", port: HTTPS,
            peer: { kind: "endpoints" }, description: "deploy runner to AWS APIs through the VPC endpoints (STS, ECR, EC2, logs)",
        },
        ...(["udp", "tcp"] as const).map((protocol): RunnerRule => ({
            key: `runner-to-resolver-${protocol}53`, group: "runner", direction: "egress", protocol, port: 53,
            peer: { kind: "resolver", cidr: resolver }, description: `deploy runner to the VPC resolver (${protocol}/53)`,
        })),
        {
            key: INTERNET_RULE_KEY, group: "runner", direction: "egress", protocol: "tcp", port: HTTPS,
            peer: { kind: "internet", cidr: INTERNET_CIDR },
            description: "deploy runner to GitHub, the Pulumi backend, package registries, AWS and Cloudflare APIs (HTTPS through NAT; exempted in infra/policy-config)",
        },
    ];
}

/**
 * The invariant the pack's exemption relies on: exactly one rule leaves the
 * VPC, TCP 443 only. Throws naming the rule that breaks it.
 */
export function checkRunnerRules(rules: readonly RunnerRule[]): void {
    const outside = rules.filter((r) => r.peer.kind === "internet");
    if (outside.length !== 1) {
        throw new Error(`deploy runner: ${outside.length} rules reach the internet (${outside.map((r) => r.key).join(", ")}); exactly one, TCP 443, is allowed`);
    }
    const [only] = outside;
    if (only.key !== INTERNET_RULE_KEY || only.protocol !== "tcp" || only.port !== HTTPS || only.direction !== "egress") {
        throw new Error(`deploy runner: rule ${only.key} reaches the internet on ${only.protocol}/${only.port} ${only.direction}; only TCP 443 egress (${INTERNET_RULE_KEY}) is allowed`);
    }
    const keys = new Set<string>();
    for (const r of rules) {
        if (keys.has(r.key)) {
            throw new Error(`deploy runner: rule key ${r.key} is planned twice`);
        }
        keys.add(r.key);
    }
}
