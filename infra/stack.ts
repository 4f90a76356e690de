// Wires the components together from validated config and the catalog. No
// decisions live here: config and the catalog decide, components build.
import { Network } from "../components/network";
import { TrafficSecurityGroups } from "../components/security";
import { stripeApiCidrs } from "./addresses";
import { CatalogIndex, TICKETTOKEN } from "./catalog";
import { StackConfig } from "./config";

/** Name prefix of every top-level component. */
export const STACK_PREFIX = "tickettoken";

export interface Stack {
    readonly catalog: CatalogIndex;
    readonly network: Network;
    readonly security: TrafficSecurityGroups;
}

export function buildStack(cfg: StackConfig): Stack {
    const catalog = new CatalogIndex(TICKETTOKEN);
    const network = new Network(STACK_PREFIX, {
        cidrBlock: cfg.network.vpcCidr,
        azCount: cfg.network.azCount,
        natGateways: cfg.network.natGateways,
        flowLogRetentionDays: cfg.network.flowLogRetentionDays,
        isolatedTierPorts: { data: catalog.storePorts("data"), messaging: catalog.storePorts("messaging") },
    });
    const security = new TrafficSecurityGroups(`${STACK_PREFIX}-traffic`, {
        vpcId: network.vpcId,
        catalog,
        stripeCidrs: stripeApiCidrs(),
        endpointSecurityGroupId: network.endpointSecurityGroupId,
    });
    return { catalog, network, security };
}
