// A large stack for the benchmark: the prod stack as registered under the
// mocks (after apply, so every value is known and every rule does its full
// work), plus a few resources each rule family judges, copied until there are
// a few thousand. Each copy gets its own URNs and ids, so links stay within a
// copy as they would in a real stack.
import { AnalyzeInput, StackInput, toAnalyzeInput, toStackInput } from "../analyzer";
import { RunResult } from "../harness/run";

export interface Workload {
    readonly analyze: AnalyzeInput[];
    readonly stack: StackInput[];
    /** The prod stack alone, as registered. */
    readonly prod: StackInput[];
}

function judged(prefix: string): StackInput[] {
    const r = (type: string, name: string, properties: Record<string, unknown>): StackInput => ({
        urn: `urn:pulumi:bench::bench::${type}::${prefix}-${name}`, type, name: `${prefix}-${name}`, properties, dependencies: [], propertyDependencies: {},
    });
    return [
        r("aws:ec2/securityGroup:SecurityGroup", "app", {
            ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: ["sg-1"] }],
            egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["13.55.5.15/32"] }],
        }),
        r("aws:rds/instance:Instance", "db", { engine: "postgres", engineVersion: "16.3", publiclyAccessible: false, dbSubnetGroupName: `${prefix}-data`, parameterGroupName: `${prefix}-pg` }),
        r("aws:rds/parameterGroup:ParameterGroup", "pg", { name: `${prefix}-pg`, family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1" }] }),
        r("aws:lb/listener:Listener", "https", { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }),
        r("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { transitEncryptionEnabled: true, transitEncryptionMode: "required" }),
        r("kubernetes:networking.k8s.io/v1:NetworkPolicy", "venue", { spec: { egress: [{ to: [{ ipBlock: { cidr: "13.55.5.15/32" } }], ports: [{ protocol: "TCP", port: 443 }] }] } }),
    ];
}

/** `copies` copies of the run's resources plus the judged extras. */
export function buildWorkload(run: Pick<RunResult, "resources">, copies: number): Workload {
    const baseStack = run.resources.map(toStackInput);
    const baseAnalyze = run.resources.map(toAnalyzeInput);
    const analyze: AnalyzeInput[] = [];
    const stack: StackInput[] = [];
    for (let i = 0; i < copies; i++) {
        // Mock ids end in "-id" and URNs in "::<name>": suffix both per copy.
        const rename = <T>(x: T): T => JSON.parse(JSON.stringify(x).replace(/-id"/g, `-id-c${i}"`).replace(/(urn:pulumi:[^"]*::[^":]+)"/g, `$1-c${i}"`));
        const extras = judged(`c${i}`);
        stack.push(...rename(baseStack), ...extras);
        analyze.push(...rename(baseAnalyze), ...extras);
    }
    return { analyze, stack, prod: baseStack };
}
