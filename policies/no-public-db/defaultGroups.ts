// VPC default security groups and the stores they guard. A store that names
// no security group of its own gets its VPC's default group (RDS
// CreateDBInstance: "VpcSecurityGroupIds ... Default: The default EC2 VPC
// security group for the DB subnet group's VPC"; ElastiCache, DocumentDB,
// Neptune, Redshift, MemoryDB, DAX, Amazon MQ, OpenSearch and MSK do the
// same), so a rule written on that default group exposes those stores. The
// default group of a VPC of the stack is named three ways: an
// `aws.ec2.DefaultSecurityGroup` (its `vpcId`, or the account's default VPC
// when it names none), the VPC's `defaultSecurityGroupId` output (known after
// apply; in preview the rule's property depends on the VPC, and a VPC has no
// other output that is a security group id), and a DefaultVpc's the same way.
// A store's VPC is that of the subnets of its subnet group (or of its subnet
// list); a store with neither lands in the account's default VPC.
//
// Keys: "d:<VPC URN>" for the default group of a VPC of the stack, and
// "d:default" for the account's default VPC's.
import { elements, field, readObject, UNKNOWN } from "../lib/read";
import { Memo, StackGraph, StackResource } from "../lib/stack";
import { STORE_PLACEMENTS } from "./placement";
import { SUBNET_TYPES } from "./subnets";

export const VPC_TYPES: ReadonlySet<string> = new Set(["aws:ec2/vpc:Vpc", "aws:ec2/defaultVpc:DefaultVpc"]);
const DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc";
const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";
export const ACCOUNT_DEFAULT = "d:default";

const perGraph = new WeakMap<StackGraph, DefaultGroups>();

export class DefaultGroups {
    static of(graph: StackGraph): DefaultGroups {
        let d = perGraph.get(graph);
        if (!d) {
            d = new DefaultGroups(graph);
            perGraph.set(graph, d);
        }
        return d;
    }

    /** VPC URNs by the id of their default group (an output, known after apply). */
    private readonly vpcByDefaultGroupId = new Map<string, string[]>();
    private readonly defaultVpcKeys: string[];
    private readonly subnetVpcKeys: Memo<string[]>;
    private readonly groupVpcKeys: Memo<string[]>;

    private constructor(private readonly graph: StackGraph) {
        for (const vpc of graph.ofTypes(VPC_TYPES)) {
            const id = vpc.props.defaultSecurityGroupId;
            if (typeof id === "string" && id !== "") {
                const list = this.vpcByDefaultGroupId.get(id) ?? [];
                list.push(vpc.urn);
                this.vpcByDefaultGroupId.set(id, list);
            }
        }
        this.defaultVpcKeys = [ACCOUNT_DEFAULT, ...graph.ofTypes([DEFAULT_VPC]).map((v) => `d:${v.urn}`)];
        // The default-group keys of the VPC a subnet (by reference key) is in.
        this.subnetVpcKeys = new Memo((key) => {
            const out = new Set<string>();
            for (const subnet of graph.resolve(key, SUBNET_TYPES, ["id"])) {
                this.vpcKeysOf(subnet, "vpcId", subnet.type === DEFAULT_SUBNET).forEach((k) => out.add(k));
            }
            return [...out];
        });
        this.groupVpcKeys = new Memo((joined) => {
            const [typesId, key] = [joined.slice(0, joined.indexOf("\n")), joined.slice(joined.indexOf("\n") + 1)];
            const out = new Set<string>();
            for (const group of graph.resolve(key, new Set(typesId.split(",")), ["name", "id", "arn"])) {
                this.subnetListKeys(group, "subnetIds", group.props.subnetIds).forEach((k) => out.add(k));
            }
            return [...out];
        });
    }

    /** The default-group keys of the VPCs `from`'s property names (a `vpcId`). */
    private vpcKeysOf(from: StackResource, prop: string, defaultVpc: boolean): string[] {
        const targets = this.graph.follow(from, prop, VPC_TYPES, ["id"]).targets;
        if (targets.length > 0) {
            return targets.map((v) => `d:${v.urn}`);
        }
        return defaultVpc || from.props[prop] === undefined ? this.defaultVpcKeys : [];
    }

    private subnetListKeys(from: StackResource, prop: string, value: unknown): string[] {
        const out = new Set<string>();
        for (const k of this.graph.refKeys(from, prop, SUBNET_TYPES, ["id"], value).keys) {
            this.subnetVpcKeys.get(k).forEach((x) => out.add(x));
        }
        return [...out];
    }

    /**
     * The keys of the default groups a group reference stands for: `value`
     * (a known id, or unknown) in `from`'s property `prop`.
     */
    referenced(from: StackResource, prop: string, known: readonly string[]): string[] {
        const out = new Set<string>();
        for (const v of known) {
            (this.vpcByDefaultGroupId.get(v) ?? []).forEach((u) => out.add(`d:${u}`));
        }
        for (const u of from.propertyDependencies[prop] ?? []) {
            const dep = this.graph.get(u);
            if (dep && VPC_TYPES.has(dep.type)) {
                // A security-group id that came from a VPC is its default group's (defaultSecurityGroupId).
                out.add(`d:${dep.urn}`);
            }
        }
        return [...out];
    }

    /** The default group an `aws.ec2.DefaultSecurityGroup` is. */
    ofDefaultGroupResource(group: StackResource): string[] {
        return this.vpcKeysOf(group, "vpcId", false);
    }

    /** The keys of the default groups guarding `store`, which names no group of its own (none when its VPC cannot be seen). */
    ofStore(store: StackResource): string[] {
        const p = STORE_PLACEMENTS.get(store.type);
        if (!p) {
            return [];
        }
        const named = store.props[p.prop];
        if (p.groupTypes) {
            if ((named === undefined || named === "") && (store.propertyDependencies[p.prop] ?? []).length === 0) {
                const inherits = (p.inheritsFrom ?? []).some((x) => store.props[x] !== undefined && store.props[x] !== "");
                return inherits || !p.unsetMeansDefaultVpc ? [] : this.defaultVpcKeys;
            }
            const typesId = [...p.groupTypes].join(",");
            const out = new Set<string>();
            for (const k of this.graph.refKeys(store, p.prop, p.groupTypes, ["name", "id", "arn"]).keys) {
                this.groupVpcKeys.get(`${typesId}\n${k}`).forEach((x) => out.add(x));
            }
            return [...out];
        }
        let value: unknown = named;
        if (p.nested) {
            if (p.nested.startsWith("[].")) {
                const blocks = elements(named);
                value = blocks === UNKNOWN ? UNKNOWN : blocks.flatMap((b) => {
                    const list = field(readObject(b), p.nested!.slice(3));
                    return Array.isArray(list) ? list : [];
                });
            } else {
                value = field(readObject(named), p.nested);
            }
        }
        const list = elements(value);
        if (list !== UNKNOWN && list.length === 0 && (store.propertyDependencies[p.prop] ?? []).length === 0) {
            return p.unsetMeansDefaultVpc ? this.defaultVpcKeys : [];
        }
        return this.subnetListKeys(store, p.prop, value);
    }
}
