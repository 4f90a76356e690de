// What a prefix list named in a rule or a route holds, as far as the stack
// shows it: a managed prefix list of the stack holds its inline `entries`
// and the ManagedPrefixListEntry resources that name it; the prefix list of a
// Gateway VPC endpoint of the stack stands for an AWS service reached on
// AWS's network; anything else was made elsewhere and cannot be read. Entries
// are indexed once by the list they name, and each list is read once, so
// thousands of entries against thousands of rules cost their sum.
import { CidrSet } from "../net/cidrSet";
import { elements, field, readObject, readString, UNKNOWN } from "./read";
import { Memo, StackGraph, StackResource } from "./stack";

export const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
export const MANAGED_PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
export const PREFIX_LIST_ENTRY = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";
const LISTS = new Set([MANAGED_PREFIX_LIST]);
const SOURCES = new Set([VPC_ENDPOINT, MANAGED_PREFIX_LIST]);

/** One entry of a list, with where it is written, for messages. */
export interface PrefixListEntry {
    readonly cidr: string;
    readonly where: string;
}

/** What a prefix list reference leads to. */
export type PrefixListContents =
    /** A managed prefix list of the stack: its entries (UNKNOWN when its inline list is not known yet). */
    | { readonly kind: "managed"; readonly list: StackResource; readonly entries: readonly PrefixListEntry[] | typeof UNKNOWN; readonly set: CidrSet; readonly unreadable: readonly string[] }
    /** The prefix list of a Gateway VPC endpoint of the stack. */
    | { readonly kind: "gateway-endpoint"; readonly endpoint: StackResource }
    /**
     * Nothing of the stack: made elsewhere, contents not visible. `pending`
     * lists the stack's Gateway endpoints whose prefix list id is not known
     * yet (preview): a known id (an AWS-managed list looked up with
     * getPrefixList) may turn out to be theirs after apply.
     */
    | { readonly kind: "external"; readonly pending: readonly StackResource[] }
    /** Unknown, and nothing in the stack it came from: judged after apply. */
    | { readonly kind: "unknown" };

/** A Gateway endpoint: `vpcEndpointType` "Gateway", or not set (the provider's default is Gateway). */
function isGatewayEndpoint(r: StackResource): boolean {
    const kind = readString(r.props.vpcEndpointType);
    return r.type === VPC_ENDPOINT && (kind === undefined || kind === "" || (typeof kind === "string" && kind.toLowerCase() === "gateway"));
}

const perGraph = new WeakMap<StackGraph, PrefixLists>();

export class PrefixLists {
    /** The prefix lists of a stack, read once per graph whatever the number of rules that ask. */
    static of(graph: StackGraph): PrefixLists {
        let lists = perGraph.get(graph);
        if (!lists) {
            lists = new PrefixLists(graph);
            perGraph.set(graph, lists);
        }
        return lists;
    }

    /** Standalone entries by the reference key of the list they name. */
    private readonly entriesByKey = new Map<string, StackResource[]>();
    /** Gateway endpoints by their prefix list id (an output, known after apply). */
    private readonly endpointById = new Map<string, StackResource>();
    /** Gateway endpoints whose prefix list id is not known yet. */
    private readonly pendingEndpoints: StackResource[] = [];
    private readonly contents_: Memo<PrefixListContents & { kind: "managed" }>;
    private readonly byValue = new Map<string, PrefixListContents[]>();

    private constructor(private readonly graph: StackGraph) {
        for (const e of graph.ofTypes([PREFIX_LIST_ENTRY])) {
            for (const k of graph.refKeys(e, "prefixListId", LISTS, ["id"]).keys) {
                const list = this.entriesByKey.get(k);
                if (list) {
                    list.push(e);
                } else {
                    this.entriesByKey.set(k, [e]);
                }
            }
        }
        for (const ep of graph.ofTypes([VPC_ENDPOINT])) {
            const pl = readString(ep.props.prefixListId);
            if (!isGatewayEndpoint(ep)) {
                continue;
            }
            if (typeof pl === "string" && pl !== "") {
                this.endpointById.set(pl, ep);
            } else {
                this.pendingEndpoints.push(ep);
            }
        }
        this.contents_ = new Memo((urn) => this.read(graph.get(urn)!));
    }

    private read(list: StackResource): PrefixListContents & { kind: "managed" } {
        const inline = elements(list.props.entries);
        const entries: PrefixListEntry[] = [];
        if (inline !== UNKNOWN) {
            inline.forEach((e, i) => {
                const cidr = readString(field(readObject(e), "cidr"));
                if (typeof cidr === "string") {
                    entries.push({ cidr, where: `${list.name}.entries[${i}]` });
                }
            });
        }
        const seen = new Set<string>();
        for (const key of [`u:${list.urn}`, ...(typeof list.props.id === "string" ? [`v:${list.props.id}`] : [])]) {
            for (const e of this.entriesByKey.get(key) ?? []) {
                const cidr = readString(e.props.cidr);
                if (typeof cidr === "string" && !seen.has(e.urn)) {
                    seen.add(e.urn);
                    entries.push({ cidr, where: `entry ${e.name}` });
                }
            }
        }
        const { set, unreadable } = CidrSet.read(entries.map((e) => e.cidr));
        return { kind: "managed", list, entries: inline === UNKNOWN ? UNKNOWN : entries, set, unreadable };
    }

    /** What a managed prefix list of the stack holds (read once). */
    contents(list: StackResource): PrefixListContents & { kind: "managed" } {
        return this.contents_.get(list.urn);
    }

    /** What `from`'s property `prop` (or the part of it given as `value`) names. */
    named(from: StackResource, prop: string, value: unknown): PrefixListContents[] {
        if (typeof value === "string" && this.endpointById.has(value)) {
            return [{ kind: "gateway-endpoint", endpoint: this.endpointById.get(value)! }];
        }
        // A known value that names a list of the stack leads there whoever names it: read once per value.
        if (typeof value === "string" && this.graph.lookup(value, SOURCES, ["id"]).length > 0) {
            let hit = this.byValue.get(value);
            if (!hit) {
                hit = this.contentsOf(this.graph.lookup(value, SOURCES, ["id"]), false);
                this.byValue.set(value, hit);
            }
            return hit;
        }
        const followed = this.graph.follow(from, prop, SOURCES, ["id"], value);
        const out = this.contentsOf(followed.targets, value === UNKNOWN || followed.unresolved);
        return out;
    }

    private contentsOf(targets: readonly StackResource[], unknown: boolean): PrefixListContents[] {
        const out: PrefixListContents[] = [];
        for (const t of targets) {
            if (isGatewayEndpoint(t)) {
                out.push({ kind: "gateway-endpoint", endpoint: t });
            } else if (t.type === MANAGED_PREFIX_LIST) {
                out.push(this.contents_.get(t.urn));
            }
        }
        if (out.length === 0) {
            out.push(unknown ? { kind: "unknown" } : { kind: "external", pending: this.pendingEndpoints });
        }
        return out;
    }
}
