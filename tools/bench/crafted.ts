// Crafted stacks for the pack (issue 18): shapes that made a rule grow faster
// than the stack — thousands of resources sharing one subnet, route-table or
// group id; thousands of prefix-list entries against thousands of rules;
// Ingresses with thousands of hosts — and a 20,000-resource mix of them.
// Each is judged by a freshly started pack: AnalyzeStack's time (median of
// `runs`, the request encoded beforehand so that the transfer and the pack's
// work are timed) and the pack process's peak resident memory (VmHWM) after
// it, and for the Ingresses Analyze's time too. The pack must judge the 20,000-resource
// mix in under 2 s and 1 GB on the development machine; this prints the
// figures, no test asserts a time.
import * as fs from "fs";
import { AnalyzeInput, openPack, POLICY_PACK_DIR, preserialized, StackInput, stackRequest } from "../analyzer";
import { cpuMs, median, timed } from "./measure";
import { ensureEmptyPack } from "./pack";

export interface CraftedStack {
    readonly name: string;
    /** What the shape is, for the table. */
    readonly what: string;
    readonly stack: StackInput[];
}

export interface CraftedFigures {
    /** The pack measured: ours, or the empty pack (the runner's floor). */
    readonly pack: string;
    readonly name: string;
    readonly what: string;
    readonly resources: number;
    readonly analyzeStackMs: number;
    /** CPU time the pack process spent per AnalyzeStack (user + system): what the call costs whatever else runs on the machine. */
    readonly analyzeStackCpuMs: number;
    /** Analyze of every resource, for shapes judged resource by resource. */
    readonly analyzeMs?: number;
    readonly peakMb: number;
    readonly diagnostics: number;
}

function resource(type: string, name: string, properties: Record<string, unknown>): StackInput {
    return { urn: `urn:pulumi:bench::crafted::${type}::${name}`, type, name, properties, dependencies: [], propertyDependencies: {} };
}

/** n subnets, associations, route tables, subnet groups and RDS instances, every one sharing the same ids: n² pairs if joined naively. */
export function sharedIds(n: number): CraftedStack {
    const stack: StackInput[] = [resource("aws:ec2/internetGateway:InternetGateway", "igw", { id: "igw-1" })];
    for (let i = 0; i < n; i++) {
        stack.push(
            resource("aws:ec2/subnet:Subnet", `subnet-${i}`, { id: "subnet-shared", vpcId: "vpc-1", mapPublicIpOnLaunch: false }),
            resource("aws:ec2/routeTableAssociation:RouteTableAssociation", `assoc-${i}`, { subnetId: "subnet-shared", routeTableId: "rtb-shared" }),
            resource("aws:ec2/routeTable:RouteTable", `rt-${i}`, { id: "rtb-shared", routes: [{ cidrBlock: `${(i % 200) + 1}.0.0.0/8`, gatewayId: "igw-1" }] }),
            resource("aws:rds/subnetGroup:SubnetGroup", `group-${i}`, { name: "shared", subnetIds: ["subnet-shared"] }),
            resource("aws:rds/instance:Instance", `db-${i}`, { engine: "postgres", engineVersion: "16.4", dbSubnetGroupName: "shared", vpcSecurityGroupIds: ["sg-shared"] }),
        );
    }
    return { name: "shared-ids", what: `${n} each of subnets, associations, route tables, subnet groups and databases, all sharing one id each`, stack };
}

/** One managed prefix list of n entries, and n egress and n ingress rules naming it. */
export function prefixListEntries(n: number): CraftedStack {
    const stack: StackInput[] = [resource("aws:ec2/managedPrefixList:ManagedPrefixList", "partners", { id: "pl-partners", entries: [{ cidr: "10.1.0.0/16" }] })];
    for (let i = 0; i < n; i++) {
        stack.push(
            resource("aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", `entry-${i}`, { prefixListId: "pl-partners", cidr: `198.18.${(i >> 8) & 255}.${i & 255}/32` }),
            resource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", `egress-${i}`, { securityGroupId: `sg-${i % 50}`, ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-partners" }),
        );
        if (i % 2 === 0) {
            stack.push(resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `ingress-${i}`, { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, prefixListId: "pl-partners" }));
        }
    }
    return { name: "prefix-lists", what: `one prefix list of ${n} entries named by ${n} egress and ${n / 2} ingress rules`, stack };
}

/** n stores attached to one group, n world rules on it, and n rules on groups of no store. */
export function sharedGroups(n: number): CraftedStack {
    const stack: StackInput[] = [resource("aws:ec2/securityGroup:SecurityGroup", "db", { id: "sg-shared", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })];
    for (let i = 0; i < n; i++) {
        stack.push(
            resource("aws:elasticache/replicationGroup:ReplicationGroup", `cache-${i}`, { securityGroupIds: ["sg-shared"], subnetGroupName: "data", port: 6000 + (i % 100), transitEncryptionEnabled: true }),
            resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `world-${i}`, { securityGroupId: "sg-shared", ipProtocol: "tcp", fromPort: 6000 + (i % 100), toPort: 6000 + (i % 100), cidrIpv4: "0.0.0.0/0" }),
            resource("aws:ec2/securityGroup:SecurityGroup", `lb-${i}`, { id: `sg-lb-${i}`, ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
            resource("aws:lb/listener:Listener", `listener-${i}`, { loadBalancerArn: "arn:lb-shared", protocol: "TCP", port: 5432, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg-shared" }] }),
        );
    }
    stack.push(resource("aws:lb/loadBalancer:LoadBalancer", "lb", { arn: "arn:lb-shared", loadBalancerType: "network", internal: true }));
    return { name: "shared-groups", what: `${n} caches on one group with ${n} world rules, ${n} open load-balancer groups, ${n} listeners on one load balancer`, stack };
}

/** k Ingresses of n hosts each, most covered by tls entries. */
export function ingressHosts(k: number, n: number): CraftedStack {
    const stack: StackInput[] = [];
    for (let j = 0; j < k; j++) {
        const hosts = Array.from({ length: n }, (_, i) => `h${i}.t${j}.example.com`);
        stack.push(resource("kubernetes:networking.k8s.io/v1:Ingress", `ingress-${j}`, {
            spec: { tls: [{ hosts: hosts.slice(0, n - 10), secretName: "tls" }], rules: hosts.map((host) => ({ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 443 } } } }] } })) },
        }));
    }
    return { name: "ingress-hosts", what: `${k} Ingresses of ${n} hosts each against ${n - 10} tls hosts`, stack };
}

/**
 * n Calico GlobalNetworkPolicies, each allowing TCP 443 to the sets its own
 * selector picks, and n GlobalNetworkSets of 8 nets each (one in a hundred
 * also holds a public range): half the policies pick one set by a label's
 * value, a quarter every set with a label (a quarter of them), the rest by a
 * selector no label index serves (one distinct text each), which the pack
 * must try on every set.
 */
export function calicoNetworkSets(n: number): CraftedStack {
    const stack: StackInput[] = [];
    for (let i = 0; i < n; i++) {
        const nets = Array.from({ length: 8 }, (_, j) => `10.${(i >> 8) & 255}.${i & 255}.${j * 32}/27`);
        stack.push(resource("kubernetes:projectcalico.org/v3:GlobalNetworkSet", `set-${i}`, {
            metadata: { name: `set-${i}`, labels: { role: `r${i}`, ...(i % 4 === 2 ? { partner: "yes" } : {}) } },
            spec: { nets: i % 100 === 0 ? [...nets, "203.0.113.0/24"] : nets },
        }));
        const selector = i % 2 === 0 ? `role == 'r${i}'` : i % 4 === 1 ? "has(partner)" : `has(partner) || role == 'r${i}'`;
        stack.push(resource("kubernetes:projectcalico.org/v3:GlobalNetworkPolicy", `policy-${i}`, {
            metadata: { name: `policy-${i}` },
            spec: { selector: "all()", types: ["Egress"], egress: [{ action: "Allow", protocol: "TCP", destination: { selector, ports: [443] } }] },
        }));
    }
    return { name: "calico-network-sets", what: `${n} Calico policies whose selectors pick among ${n} network sets (a quarter of the selectors unindexed)`, stack };
}

/** About `total` resources mixing the shapes above. */
export function mixed(total: number): CraftedStack {
    const stack = [...sharedIds(Math.floor(total / 10)).stack, ...prefixListEntries(Math.floor(total / 10)).stack, ...sharedGroups(Math.floor(total / 20)).stack];
    const rest = total - stack.length;
    for (let i = 0; i < rest; i++) {
        stack.push(resource("aws:ec2/subnet:Subnet", `filler-${i}`, { id: `subnet-f${i}`, vpcId: "vpc-1", mapPublicIpOnLaunch: false }));
    }
    return { name: "mixed", what: `${total} resources mixing the shapes above`, stack };
}

/** A pack that takes longer than this on one call is reported as not finishing (and stopped). */
const CALL_LIMIT_MS = 180000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not finish within ${ms / 1000} s`)), ms);
    });
    return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

function peakMb(pid: number | undefined): number {
    if (pid === undefined) {
        return NaN;
    }
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
}

/** Judges `crafted` with a fresh pack: AnalyzeStack `runs` times (median), Analyze once when `analyze`, then the process's peak memory. */
export async function measureCrafted(crafted: CraftedStack, runs: number, packDir: string = POLICY_PACK_DIR, analyze = false, packName = "tickettoken-network"): Promise<CraftedFigures> {
    const pack = await openPack({ packDir, project: "bench", stack: "crafted", timeoutMs: 180000 });
    try {
        let analyzeMs: number | undefined;
        if (analyze) {
            const inputs: AnalyzeInput[] = crafted.stack;
            analyzeMs = await timed(() => withTimeout(Promise.all(inputs.map((r) => pack.client.analyze(r))), CALL_LIMIT_MS));
        }
        // The request is encoded once, outside the timer: what is timed is the transfer and the pack's work.
        const req = preserialized(stackRequest(crafted.stack));
        let diagnostics = 0;
        const ms: number[] = [];
        const cpuBefore = cpuMs(pack.running.process.pid);
        for (let i = 0; i < runs; i++) {
            ms.push(await timed(async () => {
                diagnostics = (await withTimeout(pack.client.sendAnalyzeStack(req), CALL_LIMIT_MS)).diagnostics.length;
            }));
        }
        return {
            pack: packName,
            name: crafted.name, what: crafted.what, resources: crafted.stack.length,
            analyzeStackMs: median(ms), analyzeStackCpuMs: (cpuMs(pack.running.process.pid) - cpuBefore) / runs, analyzeMs, peakMb: peakMb(pack.running.process.pid), diagnostics,
        };
    } finally {
        await pack.close();
    }
}

/**
 * Every crafted stack, each with a fresh pack: ours, the `baseline` build of
 * it when given, then the empty pack (what the runner alone costs on the same
 * request).
 */
export async function craftedBench(runs: number, size = 20000, baseline?: string): Promise<CraftedFigures[]> {
    const stacks: [CraftedStack, boolean][] = [
        [sharedIds(size / 5), false],
        [prefixListEntries(Math.floor(size / 2.5)), false],
        [sharedGroups(size / 4), false],
        [ingressHosts(10, size / 4), true],
        [calicoNetworkSets(size / 10), false],
        [mixed(size), false],
    ];
    const out: CraftedFigures[] = [];
    for (const [s, analyze] of stacks) {
        console.error(`crafted stack ${s.name}: ${s.stack.length} resources ...`);
        out.push(await measureCrafted(s, runs, POLICY_PACK_DIR, analyze));
        if (baseline) {
            out.push(await measureCrafted(s, runs, baseline, analyze, `baseline (${baseline})`).catch((e: Error) => failed(s, `baseline (${baseline})`, e)));
        }
        out.push(await measureCrafted(s, runs, ensureEmptyPack(), analyze, "(empty pack: runner floor)"));
    }
    return out;
}

/** A row for a pack that did not finish (crashed, ran out of memory, timed out). */
function failed(s: CraftedStack, pack: string, e: Error): CraftedFigures {
    console.error(`${pack} failed on ${s.name}: ${e.message.split("\n")[0]}`);
    return { pack, name: s.name, what: `${s.what} — FAILED: ${e.message.split("\n")[0].slice(0, 120)}`, resources: s.stack.length, analyzeStackMs: NaN, analyzeStackCpuMs: NaN, peakMb: NaN, diagnostics: 0 };
}

export function craftedTable(rows: readonly CraftedFigures[]): string {
    return [
        "| crafted stack | pack | resources | AnalyzeStack, wall (median) | AnalyzeStack, pack CPU (mean) | Analyze (all) | pack peak memory | diagnostics |",
        "|---|---|---|---|---|---|---|---|",
        ...rows.map((r) => `| ${r.name}: ${r.what} | ${r.pack} | ${r.resources} | ${r.analyzeStackMs.toFixed(0)} ms | ${r.analyzeStackCpuMs.toFixed(0)} ms | ${r.analyzeMs === undefined ? "" : `${r.analyzeMs.toFixed(0)} ms`} | ${r.peakMb.toFixed(0)} MB | ${r.diagnostics} |`),
    ].join("\n");
}
