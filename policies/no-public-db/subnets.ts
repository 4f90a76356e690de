// Which subnets of a stack are public: they map public IPs on launch, or the
// route table they use (their association's, else their VPC's main table)
// sends 0.0.0.0/0 or ::/0 to an internet gateway. A NAT gateway or an
// egress-only gateway does not make a subnet reachable from outside.
import { elements, field, readBool, readObject, readString, UNKNOWN } from "../lib/read";
import { StackGraph, StackResource } from "../lib/stack";

export const SUBNET = "aws:ec2/subnet:Subnet";
export const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";
const VPC_TYPES = new Set(["aws:ec2/vpc:Vpc", "aws:ec2/defaultVpc:DefaultVpc"]);
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const DEFAULT_ROUTE_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";
const ROUTE_TABLES = new Set([ROUTE_TABLE, DEFAULT_ROUTE_TABLE]);
const ROUTE = "aws:ec2/route:Route";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const MAIN_ASSOCIATION = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation";
const IGW = new Set(["aws:ec2/internetGateway:InternetGateway"]);
const VPN_GATEWAY = new Set(["aws:ec2/vpnGateway:VpnGateway"]);
export const SUBNET_TYPES = new Set([SUBNET, DEFAULT_SUBNET]);

/** Why a subnet is public, or UNKNOWN when preview leaves it open, or undefined when it is not. */
export type Publicity = string | typeof UNKNOWN | undefined;

const DEFAULT_DESTINATIONS = new Set(["0.0.0.0/0", "::/0"]);

export class SubnetPublicity {
    private readonly cache = new Map<string, Publicity>();
    /** Routes (inline or standalone) of each route table, and of each VPC's main table, by URN. */
    private readonly routesByTable = new Map<string, { route: Readonly<Record<string, unknown>>; owner: StackResource; prop: string }[]>();
    private readonly tablesBySubnet = new Map<string, StackResource[]>();
    private readonly mainTablesByVpc = new Map<string, StackResource[]>();

    constructor(private readonly graph: StackGraph) {
        for (const rt of graph.ofTypes(ROUTE_TABLES)) {
            const routes = elements(rt.props.routes);
            const list = this.routes(rt.urn);
            if (routes === UNKNOWN) {
                list.push({ route: { cidrBlock: UNKNOWN, gatewayId: UNKNOWN }, owner: rt, prop: "routes" });
            } else {
                for (const r of routes) {
                    list.push({ route: readObject(r) === undefined || readObject(r) === UNKNOWN ? {} : (r as Record<string, unknown>), owner: rt, prop: "routes" });
                }
            }
            if (rt.type === DEFAULT_ROUTE_TABLE) {
                for (const vpc of graph.follow(rt, "defaultRouteTableId", VPC_TYPES, ["id"]).targets) {
                    this.push(this.mainTablesByVpc, vpc.urn, rt);
                }
            }
        }
        for (const route of graph.ofTypes([ROUTE])) {
            // A route's table is a route table, or a VPC's main table named through the VPC's output.
            const targets = graph.follow(route, "routeTableId", new Set([...ROUTE_TABLES, ...VPC_TYPES]), ["id"]).targets;
            const entry = {
                route: { cidrBlock: route.props.destinationCidrBlock, ipv6CidrBlock: route.props.destinationIpv6CidrBlock, gatewayId: route.props.gatewayId },
                owner: route,
                prop: "gatewayId",
            };
            for (const t of targets) {
                this.routes(t.urn).push(entry);
            }
        }
        for (const assoc of graph.ofTypes([ASSOCIATION])) {
            const tables = graph.follow(assoc, "routeTableId", ROUTE_TABLES, ["id"]).targets;
            for (const subnet of graph.follow(assoc, "subnetId", SUBNET_TYPES, ["id"]).targets) {
                for (const t of tables) {
                    this.push(this.tablesBySubnet, subnet.urn, t);
                }
            }
        }
        for (const assoc of graph.ofTypes([MAIN_ASSOCIATION])) {
            const tables = graph.follow(assoc, "routeTableId", ROUTE_TABLES, ["id"]).targets;
            for (const vpc of graph.follow(assoc, "vpcId", VPC_TYPES, ["id"]).targets) {
                for (const t of tables) {
                    this.push(this.mainTablesByVpc, vpc.urn, t);
                }
            }
        }
    }

    private routes(urn: string) {
        let list = this.routesByTable.get(urn);
        if (!list) {
            list = [];
            this.routesByTable.set(urn, list);
        }
        return list;
    }

    private push(map: Map<string, StackResource[]>, key: string, value: StackResource): void {
        const list = map.get(key) ?? [];
        list.push(value);
        map.set(key, list);
    }

    /** Why `subnet` is public, UNKNOWN, or undefined. */
    of(subnet: StackResource): Publicity {
        if (!this.cache.has(subnet.urn)) {
            this.cache.set(subnet.urn, this.compute(subnet));
        }
        return this.cache.get(subnet.urn);
    }

    private compute(subnet: StackResource): Publicity {
        const maps = readBool(subnet.props.mapPublicIpOnLaunch);
        // A default subnet maps public IPs unless told otherwise.
        if (maps === true || (subnet.type === DEFAULT_SUBNET && maps === undefined)) {
            return "maps public IPs on launch (mapPublicIpOnLaunch)";
        }
        let tables = this.tablesBySubnet.get(subnet.urn);
        let which = "its route table";
        if (!tables || tables.length === 0) {
            which = "its VPC's main route table";
            tables = [];
            for (const vpc of this.graph.follow(subnet, "vpcId", VPC_TYPES, ["id"]).targets) {
                tables.push(...(this.mainTablesByVpc.get(vpc.urn) ?? []), vpc);
            }
        }
        let unknown = maps === UNKNOWN;
        for (const table of tables) {
            for (const { route, owner, prop } of this.routesByTable.get(table.urn) ?? []) {
                const verdict = this.toInternet(route, owner, prop);
                if (typeof verdict === "string") {
                    return `routes ${verdict} through ${which} ${table.name}`;
                }
                unknown = unknown || verdict === UNKNOWN;
            }
        }
        return unknown ? UNKNOWN : undefined;
    }

    /** "0.0.0.0/0 to internet gateway X" when the route leads out to the internet. */
    private toInternet(route: Readonly<Record<string, unknown>>, owner: StackResource, prop: string): Publicity {
        const destinations = [readString(route.cidrBlock), readString(route.ipv6CidrBlock)];
        const isDefault = destinations.some((d) => typeof d === "string" && DEFAULT_DESTINATIONS.has(d));
        const maybeDefault = destinations.some((d) => d === UNKNOWN);
        if (!isDefault && !maybeDefault) {
            return undefined;
        }
        const gateway = readString(field(route, "gatewayId"));
        if (gateway === undefined || gateway === "local") {
            return undefined;
        }
        let igw: StackResource | undefined;
        let viaIgw: boolean | typeof UNKNOWN;
        if (typeof gateway === "string") {
            igw = this.graph.follow(owner, prop, IGW, ["id"], gateway).targets[0];
            viaIgw = igw !== undefined || gateway.startsWith("igw-");
        } else {
            const deps = this.graph.follow(owner, prop, new Set([...IGW, ...VPN_GATEWAY]), ["id"], gateway).targets;
            igw = deps.find((d) => IGW.has(d.type));
            viaIgw = igw && !deps.some((d) => VPN_GATEWAY.has(d.type)) ? true : UNKNOWN;
        }
        if (viaIgw === UNKNOWN || (viaIgw && !isDefault)) {
            return UNKNOWN;
        }
        if (!viaIgw) {
            return undefined;
        }
        const dest = destinations.find((d): d is string => typeof d === "string" && DEFAULT_DESTINATIONS.has(d));
        return `${dest} to internet gateway ${igw ? igw.name : String(gateway)}`;
    }
}
