// no-public-db's config, declared once: schema and typed reader.
import { cidrListField, ConfigOf, defineConfig, exemptionsField, portListField } from "../lib/config";
import { PRIVATE_CIDRS, STORE_PORTS } from "../lib/defaults";

export const NO_PUBLIC_DB = "no-public-db";

const fields = {
    privateCidrs: cidrListField(
        "Address ranges that count as private (never routed on the internet). Default: RFC 1918 and the IPv6 unique local range fc00::/7.",
        PRIVATE_CIDRS,
    ),
    storePorts: portListField("TCP ports of databases, caches, brokers and warehouses (replaces the default list).", STORE_PORTS),
    extraStorePorts: portListField("TCP ports judged as store ports in addition to storePorts.", []),
    exemptions: exemptionsField(),
};

export const noPublicDbConfig = defineConfig(NO_PUBLIC_DB, fields);
export type NoPublicDbConfig = ConfigOf<typeof fields>;

/** The store ports judged: the configured list plus any extras, ascending. */
export function storePortsOf(cfg: Pick<NoPublicDbConfig, "storePorts" | "extraStorePorts">): number[] {
    return [...new Set([...cfg.storePorts, ...cfg.extraStorePorts])].sort((a, b) => a - b);
}
