// Which subnets of a stack are public: they map public IPs on launch, or the
// route table they use (their association's, else their VPC's main table)
// sends any address outside the private ranges to an internet gateway. The
// destination is judged as an address set, whatever its spelling: the two
// halves 0.0.0.0/1 and 128.0.0.0/1 reach the internet just as 0.0.0.0/0
// does, and so does any narrower public range (a host there can reach a
// store with a public address). A prefix-list destination is read from the
// stack's managed prefix list, and judged public when it cannot be read. A
// NAT gateway or an egress-only gateway does not make a subnet reachable from
// outside.
//
// A subnet with no association in the account's default VPC uses the default
// VPC's main table, which AWS creates with 0.0.0.0/0 to the default internet
// gateway; unless the stack manages that table (DefaultRouteTable,
// MainRouteTableAssociation), the subnet is public.
//
// Cost: associations, routes and main tables are indexed once by reference
// key, and each verdict is memoised per key, so subnets and tables that share
// ids are judged once.
import { formatCidr, parseRange } from "../net/cidr";
import { CidrSet } from "../net/cidrSet";
import { PrefixLists } from "../lib/prefixLists";
import { elements, INVALID, readFlag, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Memo, StackGraph, StackResource } from "../lib/stack";

export const SUBNET = "aws:ec2/subnet:Subnet";
export const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";
const VPC = "aws:ec2/vpc:Vpc";
const DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc";
const VPC_TYPES = new Set([VPC, DEFAULT_VPC]);
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const DEFAULT_ROUTE_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";
const ROUTE_TABLES = new Set([ROUTE_TABLE, DEFAULT_ROUTE_TABLE]);
const TABLE_OR_VPC = new Set([...ROUTE_TABLES, ...VPC_TYPES]);
const ROUTE = "aws:ec2/route:Route";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const MAIN_ASSOCIATION = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation";
const IGW = new Set(["aws:ec2/internetGateway:InternetGateway"]);
const IGW_OR_VGW = new Set([...IGW, "aws:ec2/vpnGateway:VpnGateway"]);
export const SUBNET_TYPES = new Set([SUBNET, DEFAULT_SUBNET]);

/** Why a subnet is public, or UNKNOWN when preview leaves it open, or undefined when it is not. */
export type Publicity = string | typeof UNKNOWN | undefined;

/** A route, inline or standalone: its destinations, its gateway, and the resource and property that hold it. */
interface RouteEntry {
    readonly destinations: readonly { readonly field: string; readonly value: unknown }[];
    readonly gateway: unknown;
    readonly owner: StackResource;
    /** Property of `owner` whose dependencies say where an unknown gateway came from. */
    readonly gatewayProp: string;
    /** Property of `owner` that holds prefix-list destinations. */
    readonly listProp: string;
}

/** The stronger of two verdicts: a reason beats UNKNOWN beats nothing. */
function worst(a: Publicity, b: Publicity): Publicity {
    return typeof a === "string" ? a : typeof b === "string" ? b : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}

function inlineRoute(route: Record<string, unknown>, owner: StackResource): RouteEntry {
    return {
        destinations: [
            { field: "cidrBlock", value: route.cidrBlock },
            { field: "ipv6CidrBlock", value: route.ipv6CidrBlock },
            { field: "destinationPrefixListId", value: route.destinationPrefixListId },
        ],
        gateway: route.gatewayId,
        owner,
        gatewayProp: "routes",
        listProp: "routes",
    };
}

export class SubnetPublicity {
    /** Routes by the reference key of the table (or VPC main table) they belong to. */
    private readonly routesByKey = new Map<string, RouteEntry[]>();
    /** Table reference keys by the reference key of the subnet an association names. */
    private readonly tablesBySubnetKey = new Map<string, Set<string>>();
    /** Main-table reference keys by the reference key of the VPC they are main for. */
    private readonly mainTablesByVpcKey = new Map<string, Set<string>>();
    private readonly tableVerdicts: Memo<Publicity>;
    private readonly tableKeyVerdicts: Memo<Publicity>;
    private readonly subnetKeyVerdicts: Memo<Publicity>;
    private readonly vpcVerdicts: Memo<Publicity>;
    private readonly vpcKeyVerdicts: Memo<Publicity>;
    private readonly subnetVerdicts: Memo<Publicity>;
    private readonly defaultVpcs: StackResource[];

    constructor(
        private readonly graph: StackGraph,
        private readonly privateCidrs: CidrSet,
        private readonly prefixLists: PrefixLists = PrefixLists.of(graph),
    ) {
        for (const rt of graph.ofTypes(ROUTE_TABLES)) {
            const routes = elements(rt.props.routes);
            const key = `u:${rt.urn}`;
            if (routes === UNKNOWN) {
                push(this.routesByKey, key, inlineRoute({ cidrBlock: UNKNOWN, gatewayId: UNKNOWN }, rt));
            } else {
                for (const r of routes) {
                    const route = readObject(r);
                    push(this.routesByKey, key, inlineRoute(route === undefined || route === UNKNOWN ? {} : route, rt));
                }
            }
            if (rt.type === DEFAULT_ROUTE_TABLE) {
                for (const k of graph.refKeys(rt, "defaultRouteTableId", VPC_TYPES, ["id"]).keys) {
                    this.addMain(k, key);
                }
            }
        }
        for (const route of graph.ofTypes([ROUTE])) {
            // A route's table is a route table, or a VPC's main table named through the VPC's output.
            const entry: RouteEntry = {
                destinations: [
                    { field: "destinationCidrBlock", value: route.props.destinationCidrBlock },
                    { field: "destinationIpv6CidrBlock", value: route.props.destinationIpv6CidrBlock },
                    { field: "destinationPrefixListId", value: route.props.destinationPrefixListId },
                ],
                gateway: route.props.gatewayId,
                owner: route,
                gatewayProp: "gatewayId",
                listProp: "destinationPrefixListId",
            };
            for (const k of graph.refKeys(route, "routeTableId", TABLE_OR_VPC, ["id"]).keys) {
                push(this.routesByKey, k, entry);
            }
        }
        for (const assoc of graph.ofTypes([ASSOCIATION])) {
            const tables = graph.refKeys(assoc, "routeTableId", ROUTE_TABLES, ["id"]).keys;
            for (const s of graph.refKeys(assoc, "subnetId", SUBNET_TYPES, ["id"]).keys) {
                let set = this.tablesBySubnetKey.get(s);
                if (!set) {
                    set = new Set();
                    this.tablesBySubnetKey.set(s, set);
                }
                tables.forEach((t) => set!.add(t));
            }
        }
        for (const assoc of graph.ofTypes([MAIN_ASSOCIATION])) {
            const tables = graph.refKeys(assoc, "routeTableId", ROUTE_TABLES, ["id"]).keys;
            for (const v of graph.refKeys(assoc, "vpcId", VPC_TYPES, ["id"]).keys) {
                tables.forEach((t) => this.addMain(v, t));
            }
        }
        this.defaultVpcs = graph.ofTypes([DEFAULT_VPC]);
        const routeMemo = new Map<RouteEntry, Publicity>();
        this.tableKeyVerdicts = new Memo((key) => {
            let verdict: Publicity = undefined;
            for (const route of this.routesByKey.get(key) ?? []) {
                let v = routeMemo.get(route);
                if (!routeMemo.has(route)) {
                    v = this.toInternet(route);
                    routeMemo.set(route, v);
                }
                verdict = worst(verdict, v);
                if (typeof verdict === "string") {
                    break;
                }
            }
            return verdict;
        });
        // A table's routes: its own (inline, and standalone ones naming it) and those naming its ids.
        this.tableVerdicts = new Memo((urn) => {
            const table = graph.get(urn)!;
            let verdict = this.tableKeyVerdicts.get(`u:${urn}`);
            for (const id of this.idsOf(table)) {
                verdict = worst(verdict, this.tableKeyVerdicts.get(`v:${id}`));
            }
            if (verdict === undefined || verdict === UNKNOWN) {
                return verdict;
            }
            const which = table.type === ROUTE_TABLE ? "its route table" : table.type === DEFAULT_ROUTE_TABLE ? "its VPC's main route table" : "the main route table of its VPC";
            return `${verdict} through ${which} ${table.name}`;
        });
        this.subnetKeyVerdicts = new Memo((subnetKey) => {
            let verdict: Publicity = undefined;
            for (const t of this.tablesBySubnetKey.get(subnetKey) ?? []) {
                for (const table of graph.resolve(t, ROUTE_TABLES, ["id"])) {
                    verdict = worst(verdict, this.tableVerdicts.get(table.urn));
                }
                if (typeof verdict === "string") {
                    break;
                }
            }
            return verdict;
        });
        this.vpcVerdicts = new Memo((urn) => this.mainTableVerdict(graph.get(urn)!));
        this.vpcKeyVerdicts = new Memo((vpcKey) => {
            let verdict: Publicity = undefined;
            for (const vpc of graph.resolve(vpcKey, VPC_TYPES, ["id"])) {
                verdict = worst(verdict, this.vpcVerdicts.get(vpc.urn));
            }
            return verdict;
        });
        this.subnetVerdicts = new Memo((urn) => this.compute(graph.get(urn)!));
    }

    private addMain(vpcKey: string, tableKey: string): void {
        let set = this.mainTablesByVpcKey.get(vpcKey);
        if (!set) {
            set = new Set();
            this.mainTablesByVpcKey.set(vpcKey, set);
        }
        set.add(tableKey);
    }

    /** The ids a table (or a VPC, for its main table) is named by. */
    private idsOf(r: StackResource): string[] {
        const out: string[] = [];
        for (const prop of r.type === VPC || r.type === DEFAULT_VPC ? ["mainRouteTableId", "defaultRouteTableId"] : ["id"]) {
            const v = r.props[prop];
            if (typeof v === "string" && v !== "") {
                out.push(v);
            }
        }
        return out;
    }


    /** The main table of a VPC: managed in the stack, its routes on the VPC itself, or AWS's own for a default VPC. */
    private mainTableVerdict(vpc: StackResource): Publicity {
        let verdict = this.tableVerdicts.get(vpc.urn);
        let managed = false;
        for (const k of this.graph.keysOf(vpc)) {
            for (const t of this.mainTablesByVpcKey.get(k) ?? []) {
                managed = true;
                for (const table of this.graph.resolve(t, ROUTE_TABLES, ["id"])) {
                    verdict = worst(verdict, this.tableVerdicts.get(table.urn));
                }
            }
        }
        if (vpc.type === DEFAULT_VPC && !managed && typeof verdict !== "string") {
            return `routes 0.0.0.0/0 to the default internet gateway through the main route table of default VPC ${vpc.name}, which AWS creates with that route (the stack does not manage it)`;
        }
        return verdict;
    }

    /** Why `subnet` is public, UNKNOWN, or undefined. */
    of(subnet: StackResource): Publicity {
        return this.subnetVerdicts.get(subnet.urn);
    }

    private compute(subnet: StackResource): Publicity {
        const maps = readFlag(subnet.props.mapPublicIpOnLaunch);
        // A default subnet maps public IPs unless told otherwise.
        if (maps === true || maps === INVALID || (subnet.type === DEFAULT_SUBNET && maps === undefined)) {
            return `maps public IPs on launch (mapPublicIpOnLaunch = ${show(subnet.props.mapPublicIpOnLaunch)})`;
        }
        const ownKeys = this.graph.keysOf(subnet);
        let associated = false;
        let verdict: Publicity = maps === UNKNOWN ? UNKNOWN : undefined;
        for (const k of ownKeys) {
            if (this.tablesBySubnetKey.has(k)) {
                associated = true;
                verdict = worst(verdict, this.subnetKeyVerdicts.get(k));
            }
        }
        if (associated) {
            return verdict;
        }
        const vpcs = this.graph.refKeys(subnet, "vpcId", VPC_TYPES, ["id"]).keys;
        for (const k of vpcs) {
            verdict = worst(verdict, this.vpcKeyVerdicts.get(k));
        }
        if (vpcs.length === 0 && subnet.type === DEFAULT_SUBNET) {
            // A default subnet is in the default VPC: the stack's, or AWS's own with its internet route.
            if (this.defaultVpcs.length === 0) {
                return worst(verdict, "routes 0.0.0.0/0 to the default internet gateway through the default VPC's main route table, which AWS creates with that route");
            }
            for (const vpc of this.defaultVpcs) {
                verdict = worst(verdict, this.vpcVerdicts.get(vpc.urn));
            }
        }
        return verdict;
    }

    /** "routes 0.0.0.0/1 to internet gateway X" when the route sends public addresses to an internet gateway. */
    private toInternet(route: RouteEntry): Publicity {
        const gateway = readString(route.gateway);
        if (gateway === undefined || gateway === "local") {
            return undefined;
        }
        let igwName: string;
        // An unknown gateway is an internet gateway when its dependencies name one and no VPN gateway.
        let unknown = false;
        if (typeof gateway === "string") {
            const igw = this.graph.follow(route.owner, route.gatewayProp, IGW, ["id"], gateway).targets[0];
            if (!igw && !gateway.startsWith("igw-")) {
                return undefined;
            }
            igwName = igw ? igw.name : gateway;
        } else {
            const deps = this.graph.follow(route.owner, route.gatewayProp, IGW_OR_VGW, ["id"], gateway).targets;
            const igw = deps.find((d) => IGW.has(d.type));
            if (!igw) {
                return UNKNOWN;
            }
            igwName = igw.name;
            unknown = deps.some((d) => !IGW.has(d.type));
        }
        for (const d of route.destinations) {
            const text = readString(d.value);
            if (text === UNKNOWN) {
                unknown = true;
                continue;
            }
            if (text === undefined || text === "") {
                continue;
            }
            if (d.field === "destinationPrefixListId") {
                const why = this.prefixListDestination(route, text);
                if (why) {
                    return unknown ? UNKNOWN : `routes ${why} to internet gateway ${igwName}`;
                }
                continue;
            }
            const cidr = parseRange(text);
            if (!cidr) {
                return unknown ? UNKNOWN : `routes ${show(text)} (not a range AWS reads; judged as the whole internet) to internet gateway ${igwName}`;
            }
            if (!this.privateCidrs.covers(cidr)) {
                return unknown ? UNKNOWN : `routes ${text}${formatCidr(cidr) !== text ? ` (${formatCidr(cidr)})` : ""} to internet gateway ${igwName}`;
            }
        }
        return unknown ? UNKNOWN : undefined;
    }

    /** Why a prefix-list destination holds public addresses, or undefined. */
    private prefixListDestination(route: RouteEntry, id: string): string | undefined {
        for (const c of this.prefixLists.named(route.owner, route.listProp, id)) {
            if (c.kind === "managed") {
                const pub = c.unreadable.length > 0 || !this.privateCidrs.coversSet(c.set);
                if (pub) {
                    return `prefix list ${c.list.name}, which holds public addresses,`;
                }
            } else if (c.kind === "external") {
                return `prefix list ${JSON.stringify(id)} (defined outside the stack, so judged as public addresses)`;
            }
        }
        return undefined;
    }
}
