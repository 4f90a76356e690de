// Turns registered NetworkPolicies back into the flows they allow, so tests
// can compare what was built with the traffic catalog. A flow between two
// pods exists only when the caller's policy lets it out AND the callee's
// policy lets it in; a flow to an address range needs only the egress side.
import { parseCidr, contains } from "../../policies/net";
import { RecordedResource } from "../../tools/harness/recorder";
import { RunResult } from "../../tools/harness/run";
import { all } from "./resources";

export const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c)!);

/** True when `cidr` lies inside the RFC 1918 ranges. */
export function isPrivate(cidr: string): boolean {
    const parsed = parseCidr(cidr);
    return parsed !== undefined && PRIVATE.some((p) => contains(p, parsed));
}

interface Peer {
    podSelector?: { matchLabels?: Record<string, string> };
    namespaceSelector?: { matchLabels?: Record<string, string> };
    ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
    to?: Peer[];
    from?: Peer[];
    ports?: Array<{ protocol?: string; port?: number | string; endPort?: number }>;
}

/** Each side of a policy rule, flattened: one entry per peer and port. */
export interface PolicySide {
    readonly policy: string;
    readonly namespace: string;
    /** `app` label the policy selects, or "*" for every pod. */
    readonly selects: string;
    readonly direction: "ingress" | "egress";
    /** "app=<name>" (same namespace), "<ns>/<k>=<v>" (another namespace), or a CIDR. */
    readonly peer: string;
    readonly protocol: string;
    readonly port: number | string | undefined;
}

function peerLabel(p: Peer): string {
    if (p.ipBlock) {
        return p.ipBlock.cidr;
    }
    const labels = Object.entries(p.podSelector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(",");
    const ns = p.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"];
    return ns ? `${ns}/${labels}` : labels;
}

export function policySides(policies: readonly RecordedResource[]): PolicySide[] {
    const out: PolicySide[] = [];
    for (const r of policies) {
        const spec = r.inputs.spec;
        const selects = spec.podSelector?.matchLabels?.app ?? (Object.keys(spec.podSelector?.matchLabels ?? {}).length === 0 ? "*" : "?");
        for (const [direction, rules] of [["ingress", spec.ingress ?? []], ["egress", spec.egress ?? []]] as const) {
            for (const rule of rules as Rule[]) {
                const peers = (direction === "egress" ? rule.to : rule.from) ?? [];
                for (const p of peers) {
                    for (const port of rule.ports ?? [{}]) {
                        out.push({ policy: r.inputs.metadata.name, namespace: r.inputs.metadata.namespace, selects, direction, peer: peerLabel(p), protocol: port.protocol ?? "TCP", port: port.port });
                    }
                }
            }
        }
    }
    return out;
}

/** Where address ranges lead: a store (by its tier's subnets) or Stripe. */
export interface RangeNames {
    /** Range to the catalog names of the stores reached there (by port). */
    readonly stores: ReadonlyArray<{ readonly cidrs: readonly string[]; readonly store: string; readonly port: number }>;
    readonly stripe: readonly string[];
}

/**
 * Flows "from->to:port" the registered policies of `namespace` allow between
 * catalog services (both sides), to stores (every range of the store's tier on
 * its port) and to Stripe (every Stripe range on 443).
 */
export function allowedFlows(run: Pick<RunResult, "resources">, namespace: string, ranges: RangeNames): Set<string> {
    const sides = policySides(all(run, NETWORK_POLICY).filter((r) => r.inputs.metadata.namespace === namespace));
    const has = (s: Partial<PolicySide>) => sides.some((x) => Object.entries(s).every(([k, v]) => (x as unknown as Record<string, unknown>)[k] === v));
    const flows = new Set<string>();
    for (const e of sides.filter((s) => s.direction === "egress" && s.selects !== "*")) {
        const callee = /^app=(.+)$/.exec(e.peer)?.[1];
        if (callee && has({ direction: "ingress", selects: callee, peer: `app=${e.selects}`, protocol: e.protocol, port: e.port })) {
            flows.add(`${e.selects}->${callee}:${e.port}`);
        }
    }
    const egressTo = (from: string, cidr: string, port: number) => has({ direction: "egress", selects: from, peer: cidr, protocol: "TCP", port });
    const sources = new Set(sides.filter((s) => s.selects !== "*").map((s) => s.selects));
    for (const from of sources) {
        for (const s of ranges.stores) {
            if (s.cidrs.every((c) => egressTo(from, c, s.port))) {
                flows.add(`${from}->${s.store}:${s.port}`);
            }
        }
        if (ranges.stripe.length > 0 && ranges.stripe.every((c) => egressTo(from, c, 443))) {
            flows.add(`${from}->stripe-api:443`);
        }
    }
    return flows;
}
