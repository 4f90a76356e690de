// A client for the analyzer protocol, speaking to a pack the way the engine
// does: GetAnalyzerInfo, ConfigureStack, Configure with per-policy config,
// Analyze per resource (inputs) and AnalyzeStack (every resource with parent,
// dependencies and property dependencies). Property values go in the wire
// form the engine marshals (unknowns as sentinels, secrets as signature
// objects); see convert.ts.
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as rpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { encodeAnalyzeRequest, encodeStackEntry } from "./encode";

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

const LEVELS: Readonly<Record<pb.EnforcementLevel, EnforcementLevel>> = {
    [pb.EnforcementLevel.ADVISORY]: "advisory",
    [pb.EnforcementLevel.MANDATORY]: "mandatory",
    [pb.EnforcementLevel.DISABLED]: "disabled",
    [pb.EnforcementLevel.REMEDIATE]: "remediate",
};

function toLevel(level: EnforcementLevel): pb.EnforcementLevel {
    switch (level) {
        case "advisory":
            return pb.EnforcementLevel.ADVISORY;
        case "mandatory":
            return pb.EnforcementLevel.MANDATORY;
        case "disabled":
            return pb.EnforcementLevel.DISABLED;
        case "remediate":
            return pb.EnforcementLevel.REMEDIATE;
    }
}

/** One diagnostic a pack returned. */
export interface Diagnostic {
    readonly policyName: string;
    readonly policyPackName: string;
    readonly policyPackVersion: string;
    readonly description: string;
    readonly message: string;
    readonly enforcementLevel: EnforcementLevel;
    /** URN of the resource at fault ("" when the pack named none). */
    readonly urn: string;
}

export interface AnalyzeResult {
    readonly diagnostics: readonly Diagnostic[];
    readonly notApplicable: readonly { readonly policyName: string; readonly reason: string }[];
}

/** A compliance framework a policy maps to (name, version, the requirement it implements, its text). */
export interface ComplianceFramework {
    readonly name: string;
    readonly version: string;
    readonly reference: string;
    readonly specification: string;
}

export interface PolicyInfo {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly type: "resource" | "stack" | "unknown";
    /** The policy's config schema properties (JSON schema per key), when it has one. */
    readonly configSchema?: Readonly<Record<string, Record<string, unknown>>>;
    /** The keys the policy's config schema requires, when it requires any. */
    readonly configRequired?: readonly string[];
    /** Optional metadata Pulumi Cloud shows; left out where the pack sends none (an empty string, no tags, severity unspecified). */
    readonly displayName?: string;
    /** The policy's severity, when it declares one. */
    readonly severity?: Severity;
    /** What to do about a violation, when the policy says. */
    readonly remediationSteps?: string;
    /** Where to read more about the policy, when it says. */
    readonly url?: string;
    readonly tags?: readonly string[];
    readonly framework?: ComplianceFramework;
}

export type Severity = "low" | "medium" | "high" | "critical";

const SEVERITIES: Readonly<Record<pb.PolicySeverity, Severity | undefined>> = {
    [pb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: undefined,
    [pb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [pb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [pb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [pb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

export interface AnalyzerInfo {
    readonly name: string;
    readonly version: string;
    readonly supportsConfig: boolean;
    readonly policies: readonly PolicyInfo[];
    /** Optional pack metadata (the client fills "" or [] when the pack sends none). */
    readonly displayName?: string;
    readonly description?: string;
    readonly readme?: string;
    readonly provider?: string;
    readonly tags?: readonly string[];
    readonly repository?: string;
}

/** Per-policy config as the engine sends it: an enforcement level and the policy's properties. */
export interface PolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Readonly<Record<string, unknown>>;
}

/** Resource options the engine sends with every resource. */
export interface ResourceOptions {
    readonly protect?: boolean;
    readonly ignoreChanges?: readonly string[];
    readonly deleteBeforeReplace?: boolean;
    readonly additionalSecretOutputs?: readonly string[];
    readonly aliases?: readonly string[];
    readonly parent?: string;
}

/** What Analyze gets for one resource: its inputs in wire form. */
export interface AnalyzeInput {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly properties: Readonly<Record<string, unknown>>;
    readonly options?: ResourceOptions;
}

/** What AnalyzeStack gets for one resource: its outputs and its place in the graph. */
export interface StackInput extends AnalyzeInput {
    readonly parent?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

// Matches the pack server's limit (400 MB): a large stack is one message.
const MAX_MESSAGE = 400 * 1024 * 1024;

function options(o: ResourceOptions = {}): pb.AnalyzerResourceOptions {
    const out = new pb.AnalyzerResourceOptions();
    out.setProtect(o.protect ?? false);
    out.setIgnorechangesList([...(o.ignoreChanges ?? [])]);
    out.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
    out.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
    out.setAdditionalsecretoutputsList([...(o.additionalSecretOutputs ?? [])]);
    out.setAliasesList([...(o.aliases ?? [])]);
    out.setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts());
    out.setParent(o.parent ?? "");
    return out;
}

function struct(value: Readonly<Record<string, unknown>>): Struct {
    return Struct.fromJavaScript(value as Record<string, never>);
}

function result(resp: pb.AnalyzeResponse): AnalyzeResult {
    return {
        diagnostics: resp.getDiagnosticsList().map((d) => ({
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            description: d.getDescription(),
            message: d.getMessage(),
            enforcementLevel: LEVELS[d.getEnforcementlevel()],
            urn: d.getUrn(),
        })),
        notApplicable: resp.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
    };
}

export class PackClient {
    private readonly client: rpc.AnalyzerClient;

    constructor(address: string) {
        this.client = new rpc.AnalyzerClient(address, grpc.credentials.createInsecure(), {
            "grpc.max_send_message_length": MAX_MESSAGE,
            "grpc.max_receive_message_length": MAX_MESSAGE,
        });
    }

    private call<Req, Resp>(method: (req: Req, cb: (err: grpc.ServiceError | null, resp: Resp) => void) => unknown, req: Req): Promise<Resp> {
        return new Promise((resolve, reject) => {
            method.call(this.client, req, (err, resp) => (err ? reject(err) : resolve(resp)));
        });
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info = await this.call<Empty, pb.AnalyzerInfo>(this.client.getAnalyzerInfo, new Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            supportsConfig: info.getSupportsconfig(),
            displayName: info.getDisplayname(),
            description: info.getDescription(),
            readme: info.getReadme(),
            provider: info.getProvider(),
            tags: info.getTagsList(),
            repository: info.getRepository(),
            policies: info.getPoliciesList().map((p) => {
                const schema = p.getConfigschema()?.getProperties()?.toJavaScript() as Record<string, Record<string, unknown>> | undefined;
                const required = p.getConfigschema()?.getRequiredList() ?? [];
                const type = p.getPolicyType();
                const severity = SEVERITIES[p.getSeverity()];
                const framework = p.getFramework();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: LEVELS[p.getEnforcementlevel()],
                    type: type === pb.PolicyType.POLICY_TYPE_RESOURCE ? "resource" : type === pb.PolicyType.POLICY_TYPE_STACK ? "stack" : "unknown",
                    ...(schema ? { configSchema: schema } : {}),
                    ...(required.length > 0 ? { configRequired: required } : {}),
                    ...(p.getDisplayname() ? { displayName: p.getDisplayname() } : {}),
                    ...(severity ? { severity } : {}),
                    ...(p.getRemediationSteps() ? { remediationSteps: p.getRemediationSteps() } : {}),
                    ...(p.getUrl() ? { url: p.getUrl() } : {}),
                    ...(p.getTagsList().length > 0 ? { tags: p.getTagsList() } : {}),
                    ...(framework
                        ? { framework: { name: framework.getName(), version: framework.getVersion(), reference: framework.getReference(), specification: framework.getSpecification() } }
                        : {}),
                };
            }),
        };
    }

    /** Tells the pack which stack it judges (newer engines call this first). */
    async configureStack(stack: { project: string; stack: string; organization?: string; dryRun: boolean; tags?: Readonly<Record<string, string>> }): Promise<void> {
        const req = new pb.AnalyzerStackConfigureRequest();
        req.setProject(stack.project);
        req.setStack(stack.stack);
        req.setOrganization(stack.organization ?? "organization");
        req.setDryRun(stack.dryRun);
        for (const [k, v] of Object.entries(stack.tags ?? {})) {
            req.getTagsMap().set(k, v);
        }
        await this.call(this.client.configureStack, req);
    }

    async configure(config: Readonly<Record<string, PolicyConfig>>): Promise<void> {
        const req = new pb.ConfigureAnalyzerRequest();
        for (const [policy, c] of Object.entries(config)) {
            const pc = new pb.PolicyConfig();
            pc.setEnforcementlevel(toLevel(c.enforcementLevel));
            pc.setProperties(struct(c.properties));
            req.getPolicyconfigMap().set(policy, pc);
        }
        await this.call(this.client.configure, req);
    }

    async analyze(r: AnalyzeInput): Promise<AnalyzeResult> {
        return this.sendAnalyze(analyzeRequest(r));
    }

    /** Analyze with a request built beforehand (see sendAnalyzeStack). */
    async sendAnalyze(req: pb.AnalyzeRequest): Promise<AnalyzeResult> {
        return result(await this.call(this.client.analyze, req));
    }

    async analyzeStack(resources: readonly StackInput[]): Promise<AnalyzeResult> {
        return this.sendAnalyzeStack(stackRequest(resources));
    }

    /**
     * AnalyzeStack with a request built (and serialised) beforehand, so that
     * a benchmark times the pack's work and the transfer, not the client's
     * encoding of the request.
     */
    async sendAnalyzeStack(req: pb.AnalyzeStackRequest): Promise<AnalyzeResult> {
        return result(await this.call(this.client.analyzeStack, req));
    }

    close(): void {
        this.client.close();
    }
}

/** The Analyze request for one resource, as the engine builds it. */
export function analyzeRequest(r: AnalyzeInput): pb.AnalyzeRequest {
    const req = new pb.AnalyzeRequest();
    req.setUrn(r.urn);
    req.setType(r.type);
    req.setName(r.name);
    req.setProperties(struct(r.properties));
    req.setOptions(options(r.options));
    return req;
}

/** One resource of AnalyzeStack, as the engine builds it. */
function analyzerResource(r: StackInput): pb.AnalyzerResource {
    const res = new pb.AnalyzerResource();
    res.setUrn(r.urn);
    res.setType(r.type);
    res.setName(r.name);
    res.setProperties(struct(r.properties));
    res.setOptions(options(r.options));
    res.setParent(r.parent ?? "");
    res.setDependenciesList([...r.dependencies]);
    for (const [k, urns] of Object.entries(r.propertyDependencies)) {
        // The engine leaves out properties with no dependencies.
        if (urns.length > 0) {
            const deps = new pb.AnalyzerPropertyDependencies();
            deps.setUrnsList([...urns]);
            res.getPropertydependenciesMap().set(k, deps);
        }
    }
    return res;
}

/** The AnalyzeStack request for `resources`, as the engine builds it. */
export function stackRequest(resources: readonly StackInput[]): pb.AnalyzeStackRequest {
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(resources.map(analyzerResource));
    return req;
}

/** One resource of AnalyzeStack, encoded now: the offline plan encodes each as the provider answers, while the program goes on. */
export function stackEntry(r: StackInput): Uint8Array {
    return (encodeStackEntry(r)) ?? analyzerResource(r).serializeBinary();
}

/** The Analyze request for one resource, encoded now (encode.ts: the same bytes as `analyzeRequest`, at a fraction of the cost). */
export function encodedAnalyzeRequest(r: AnalyzeInput): pb.AnalyzeRequest {
    const bytes = encodeAnalyzeRequest(r);
    if (bytes === undefined) {
        return preserialized(analyzeRequest(r));
    }
    return Object.create(new pb.AnalyzeRequest(), { serializeBinary: { value: () => bytes } }) as pb.AnalyzeRequest;
}

/** Protocol buffers' base-128 varint of a length. */
function varint(n: number, out: number[]): void {
    while (n > 0x7f) {
        out.push((n & 0x7f) | 0x80);
        n = Math.floor(n / 128);
    }
    out.push(n);
}

/**
 * The AnalyzeStack request of entries encoded one by one (`stackEntry`): the
 * same bytes as `stackRequest` of the same resources, since a repeated message
 * field is the concatenation of its elements, each tagged (field 1,
 * length-delimited) and prefixed with its length.
 */
export function stackRequestOf(entries: readonly Uint8Array[]): pb.AnalyzeStackRequest {
    let size = 0;
    const heads = entries.map((e) => {
        const head = [0x0a];
        varint(e.length, head);
        size += head.length + e.length;
        return head;
    });
    const bytes = new Uint8Array(size);
    let at = 0;
    entries.forEach((e, i) => {
        bytes.set(heads[i], at);
        at += heads[i].length;
        bytes.set(e, at);
        at += e.length;
    });
    return Object.create(new pb.AnalyzeStackRequest(), { serializeBinary: { value: () => bytes } }) as pb.AnalyzeStackRequest;
}

/** A request whose bytes are computed once: sending it again costs the client nothing. */
export function preserialized<R extends pb.AnalyzeStackRequest | pb.AnalyzeRequest>(req: R): R {
    const bytes = req.serializeBinary();
    return Object.create(req, { serializeBinary: { value: () => bytes } }) as R;
}

/**
 * The per-policy config the engine sends: each policy at its own level (or
 * the one given, or the one given to "all"), with the defaults its schema
 * declares, overridden by the given properties — as the CLI reconciles a
 * `--policy-pack-config` file (pulumi/pulumi, ReconcilePolicyPackConfig).
 */
export function engineConfig(
    info: AnalyzerInfo,
    given: Readonly<Record<string, { readonly enforcementLevel?: EnforcementLevel } & Readonly<Record<string, unknown>>>> = {},
): Record<string, PolicyConfig> {
    const out: Record<string, PolicyConfig> = {};
    const allLevel = given[ALL_POLICIES]?.enforcementLevel;
    for (const p of info.policies) {
        const { enforcementLevel, ...properties } = given[p.name] ?? {};
        const defaults: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(p.configSchema ?? {})) {
            if (schema.default !== undefined) {
                defaults[key] = schema.default;
            }
        }
        out[p.name] = { enforcementLevel: (enforcementLevel as EnforcementLevel | undefined) ?? allLevel ?? p.enforcementLevel, properties: { ...defaults, ...properties } };
    }
    for (const name of Object.keys(given)) {
        if (!out[name] && name !== ALL_POLICIES) {
            throw new Error(`config names policy ${name}, which the pack ${info.name} does not have (it has ${info.policies.map((p) => p.name).join(", ")})`);
        }
    }
    return out;
}

/** The key of a pack config that sets the level of every policy. */
export const ALL_POLICIES = "all";
