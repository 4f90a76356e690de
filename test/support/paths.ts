// Follows one connection a pod of the app namespace would open through every
// layer the stack registers, reading only the registered resources: the
// security groups its pods carry (their SecurityGroupPolicy) and the
// destination's, the NetworkPolicies of both ends, the mesh's registry and the
// sidecar's routing (support/mesh), and for stores and AWS APIs the IAM
// policy of the service's role. Each layer answers open or closed on its own,
// so a test can ask both "is every intended path open in every layer?" and
// "is every other path refused by at least one?".
import { contains, parseCidr } from "../../policies/net";
import { RecordedResource } from "../../tools/harness/recorder";
import { RunResult } from "../../tools/harness/run";
import { allows, Document, Request } from "./iam";
import { destination, meshModel, MeshModel } from "./mesh";
import { all, idOf, one } from "./resources";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SGP = "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const ADDON = "aws:eks/addon:Addon";

/** Where a connection goes, as each layer sees it. */
export interface Target {
    /** Security groups of the destination (a store's, the endpoints'); none for an address outside the VPC. */
    readonly groups: readonly string[];
    /** The destination's address ranges, every one of which a layer must admit (a store's subnets, Stripe's addresses). */
    readonly cidrs: readonly string[];
    /** A pod of the app namespace, by its `app` label, instead of ranges. */
    readonly pod?: string;
    /** Host names the application dials, each of which the mesh must route to itself (none: the mesh is not asked). */
    readonly hosts: readonly string[];
    readonly port: number;
    /** IAM requests the service's role must allow for the path to be of use (none: IAM is not asked). */
    readonly iam: readonly Request[];
}

export type Layer = "security-group" | "network-policy" | "mesh" | "iam";

/** What each layer says about one path: true open, false closed; a layer not asked is absent. */
export type Verdicts = Partial<Record<Layer, boolean>>;

interface Rule {
    readonly group: string;
    readonly protocol: string;
    readonly from: number;
    readonly to: number;
    readonly peerGroup?: string;
    readonly cidr?: string;
}

function rules(run: RunResult, type: string): Rule[] {
    return all(run, type).map((r) => ({
        group: r.inputs.securityGroupId,
        protocol: r.inputs.ipProtocol,
        from: r.inputs.fromPort ?? 0,
        to: r.inputs.toPort ?? 65535,
        peerGroup: r.inputs.referencedSecurityGroupId,
        cidr: r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6,
    }));
}

const covers = (r: Rule, port: number) => (r.protocol === "-1" || r.protocol === "tcp") && (r.protocol === "-1" || (r.from <= port && port <= r.to));
const within = (outer: string, inner: string) => {
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    return o !== undefined && i !== undefined && o.version === i.version && contains(o, i);
};

/** One run's layers, ready to judge paths from the app namespace's pods. */
export class PathJudge {
    private readonly ingress: Rule[];
    private readonly egress: Rule[];
    private readonly policies: RecordedResource[];
    readonly mesh: MeshModel;
    /** The VPC's range: traffic beyond it is what the node may translate. */
    private readonly vpcCidr: string;
    /** Whether vpc-cni leaves pods' traffic out of the VPC untranslated (AWS_VPC_K8S_CNI_EXTERNALSNAT). */
    readonly externalSnat: boolean;
    /** The groups of the nodes' primary interfaces (their launch templates'). */
    private readonly nodeGroups: string[];

    constructor(private readonly run: RunResult, readonly namespace: string, private readonly podCidrs: readonly string[]) {
        this.ingress = rules(run, INGRESS);
        this.egress = rules(run, EGRESS);
        this.policies = all(run, NETWORK_POLICY).filter((p) => p.inputs.metadata.namespace === namespace);
        this.mesh = meshModel(run);
        const [vpc] = all(run, "aws:ec2/vpc:Vpc");
        this.vpcCidr = vpc.inputs.cidrBlock;
        const cni = all(run, ADDON).find((a) => a.inputs.addonName === "vpc-cni");
        this.externalSnat = JSON.parse(cni?.inputs.configurationValues ?? "{}").env?.AWS_VPC_K8S_CNI_EXTERNALSNAT === "true";
        this.nodeGroups = [...new Set(all(run, "aws:ec2/launchTemplate:LaunchTemplate").flatMap((t) => (t.inputs.vpcSecurityGroupIds ?? []) as string[]))];
    }

    /**
     * The groups that judge a pod's connection. In vpc-cni's standard mode a pod's traffic out of the VPC is
     * translated to the node's primary interface unless external SNAT is on, and then "will only be enforced by
     * the security group associated with eth0" (amazon-vpc-cni-k8s README, POD_SECURITY_GROUP_ENFORCING_MODE):
     * the node's groups, not the pod's. (Between pods on one node no group is consulted at all; this model
     * judges pods on different nodes.)
     */
    private sourceGroups(service: string, t: Target): string[] {
        const leavesVpc = t.pod === undefined && t.groups.length === 0 && t.cidrs.length > 0 && t.cidrs.every((c) => !within(this.vpcCidr, c));
        return leavesVpc && !this.externalSnat ? this.nodeGroups : this.podGroups(service);
    }

    /** The groups a service's pods carry: what its SecurityGroupPolicy binds. */
    podGroups(service: string): string[] {
        const sgp = all(this.run, SGP).filter((p) => p.inputs.metadata.namespace === this.namespace && p.inputs.spec.podSelector?.matchLabels?.app === service);
        return sgp.flatMap((p) => p.inputs.spec.securityGroups.groupIds as string[]);
    }

    /** Security groups: an egress rule of the pod's groups and, for a destination with groups, the matching ingress rule. */
    securityGroups(service: string, t: Target): boolean {
        const src = this.sourceGroups(service, t);
        const dstGroups = t.pod ? this.podGroups(t.pod) : t.groups;
        const out = this.egress.filter((r) => src.includes(r.group) && covers(r, t.port));
        if (dstGroups.length > 0) {
            const leaves = out.some((r) => r.peerGroup !== undefined && dstGroups.includes(r.peerGroup));
            const admitted = this.ingress.some((r) => dstGroups.includes(r.group) && covers(r, t.port) &&
                ((r.peerGroup !== undefined && src.includes(r.peerGroup)) || (r.cidr !== undefined && this.podCidrs.every((c) => within(r.cidr!, c)))));
            return leaves && admitted;
        }
        return t.cidrs.length > 0 && t.cidrs.every((c) => out.some((r) => r.cidr !== undefined && within(r.cidr, c)));
    }

    private selecting(service: string, type: "Ingress" | "Egress"): Array<Record<string, any>> {
        return this.policies.map((p) => p.inputs.spec).filter((spec) => {
            const labels = spec.podSelector?.matchLabels ?? {};
            return (spec.policyTypes ?? []).includes(type) && Object.entries(labels).every(([k, v]) => (k === "app" ? v === service : false));
        });
    }

    private static portOk(ports: Array<{ port?: number; protocol?: string }> | undefined, port: number): boolean {
        return !ports || ports.length === 0 || ports.some((p) => (p.protocol ?? "TCP") === "TCP" && (p.port === undefined || p.port === port));
    }

    /** NetworkPolicies: the source's egress and, between pods, the destination's ingress (every range must be let out). */
    networkPolicies(service: string, t: Target): boolean {
        const egressRules = this.selecting(service, "Egress").flatMap((s) => s.egress ?? []);
        const out = (peerOk: (peer: Record<string, any>) => boolean) =>
            egressRules.some((r: Record<string, any>) => PathJudge.portOk(r.ports, t.port) && (r.to === undefined || r.to.some(peerOk)));
        if (t.pod) {
            const isPod = (who: string) => (peer: Record<string, any>) => !peer.namespaceSelector && peer.podSelector?.matchLabels?.app === who;
            const ingressRules = this.selecting(t.pod, "Ingress").flatMap((s) => s.ingress ?? []);
            const admitted = ingressRules.some((r: Record<string, any>) => PathJudge.portOk(r.ports, t.port) && (r.from === undefined || r.from.some(isPod(service))));
            return out(isPod(t.pod)) && admitted;
        }
        return t.cidrs.length > 0 && t.cidrs.every((c) => out((peer) => peer.ipBlock !== undefined && within(peer.ipBlock.cidr, c) && !(peer.ipBlock.except ?? []).some((e: string) => within(e, c))));
    }

    /** The mesh: every host the application dials is routed to that host's own cluster. */
    meshRoutes(service: string, t: Target): boolean {
        return t.hosts.every((h) => destination(this.mesh, { namespace: this.namespace, labels: { app: service } }, h, t.port) === h);
    }

    /** The service's role: its inline policy allows every request. */
    iam(service: string, t: Target, policyOf: (service: string) => Document | undefined): boolean {
        return t.iam.every((r) => allows(policyOf(service), r));
    }

    /** Every layer's verdict on `service` reaching `t`. */
    judge(service: string, t: Target, policyOf: (service: string) => Document | undefined): Verdicts {
        const v: Verdicts = {
            "security-group": this.securityGroups(service, t),
            "network-policy": this.networkPolicies(service, t),
        };
        if (t.hosts.length > 0) {
            v.mesh = this.meshRoutes(service, t);
        }
        if (t.iam.length > 0) {
            v.iam = this.iam(service, t, policyOf);
        }
        return v;
    }
}

/** A platform workload's pods: their namespace and labels (the catalog's entry). */
export interface PlatformSource {
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
}

const sameLabels = (a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>) =>
    JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * The network layers' verdicts on a platform workload's pods reaching a catalog service's pods on `port`:
 * security groups (its SecurityGroupPolicy's groups, or the nodes' group for pods without one, to the
 * service's groups) and NetworkPolicies (its own policy's egress, the service's ingress).
 */
export function platformToService(run: RunResult, source: PlatformSource, appNamespace: string, service: string, port: number, nodeGroupId: string): Verdicts {
    const sgps = all(run, SGP);
    const groupsOf = (ns: string, labels: Readonly<Record<string, string>>) => sgps
        .filter((p) => p.inputs.metadata.namespace === ns && sameLabels(p.inputs.spec.podSelector?.matchLabels, labels))
        .flatMap((p) => p.inputs.spec.securityGroups.groupIds as string[]);
    const src = groupsOf(source.namespace, source.labels);
    const srcGroups = src.length > 0 ? src : [nodeGroupId];
    const dst = groupsOf(appNamespace, { app: service });
    const egress = rules(run, EGRESS).filter((r) => srcGroups.includes(r.group) && covers(r, port));
    const ingress = rules(run, INGRESS).filter((r) => dst.includes(r.group) && covers(r, port));
    const sg = egress.some((r) => r.peerGroup !== undefined && dst.includes(r.peerGroup)) && ingress.some((r) => r.peerGroup !== undefined && srcGroups.includes(r.peerGroup));

    const policies = all(run, NETWORK_POLICY);
    const selecting = (ns: string, labels: Readonly<Record<string, string>>, type: string) => policies
        .filter((p) => p.inputs.metadata.namespace === ns && (p.inputs.spec.policyTypes ?? []).includes(type))
        .filter((p) => Object.keys(p.inputs.spec.podSelector?.matchLabels ?? {}).length === 0 || sameLabels(p.inputs.spec.podSelector.matchLabels, labels))
        .map((p) => p.inputs.spec);
    const portOk = (ports: Array<{ port?: number; protocol?: string }> | undefined) => !ports || ports.length === 0 || ports.some((p) => (p.protocol ?? "TCP") === "TCP" && (p.port === undefined || p.port === port));
    const peerIs = (ns: string, labels: Readonly<Record<string, string>>) => (peer: Record<string, any>) =>
        peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === ns && sameLabels(peer.podSelector?.matchLabels, labels);
    const out = selecting(source.namespace, source.labels, "Egress").flatMap((s) => s.egress ?? [])
        .some((r: Record<string, any>) => portOk(r.ports) && (r.to ?? []).some(peerIs(appNamespace, { app: service })));
    const admitted = selecting(appNamespace, { app: service }, "Ingress").flatMap((s) => s.ingress ?? [])
        .some((r: Record<string, any>) => portOk(r.ports) && (r.from ?? []).some(peerIs(source.namespace, source.labels)));
    return { "security-group": sg, "network-policy": out && admitted };
}

/** The interface endpoint of an AWS API as registered: its groups, the ranges of the subnets it sits in, and private DNS. */
export function endpointTarget(run: RunResult, serviceName: string): { groups: string[]; cidrs: string[]; privateDns: boolean } {
    const e = all(run, "aws:ec2/vpcEndpoint:VpcEndpoint").find((x) => x.inputs.serviceName === serviceName);
    if (!e) {
        throw new Error(`no interface endpoint ${serviceName}`);
    }
    const subnets = all(run, "aws:ec2/subnet:Subnet");
    const cidrs = (e.inputs.subnetIds as string[]).map((id) => subnets.find((s) => idOf(s) === id)!.inputs.cidrBlock as string);
    return { groups: e.inputs.securityGroupIds, cidrs, privateDns: e.inputs.privateDnsEnabled === true };
}

/** The inline policy of a role, parsed; undefined when the role has none. */
export function inlinePolicy(run: RunResult, name: string): Document | undefined {
    const p = all(run, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name === name);
    return p ? JSON.parse(p.inputs.policy) : undefined;
}

/** The trust policy of a role, parsed. */
export function trustPolicy(run: RunResult, name: string): Record<string, any> {
    return JSON.parse(one(run, "aws:iam/role:Role", name).inputs.assumeRolePolicy);
}
