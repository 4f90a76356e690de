// no-public-db's config, declared once: schema and typed reader.
import { commonFields, ConfigOf, defineConfig, portListField, privateCidrsField } from "../lib/config";
import { STORE_PORTS } from "../lib/defaults";

export const NO_PUBLIC_DB = "no-public-db";

const fields = {
    privateCidrs: privateCidrsField(),
    storePorts: portListField(
        "TCP ports of databases, caches, brokers and warehouses (replaces the default list; at least one: to add ports, use extraStorePorts; to judge none, disable the policy).",
        STORE_PORTS,
        1,
    ),
    extraStorePorts: portListField("TCP ports judged as store ports in addition to storePorts.", []),
    ...commonFields(),
};

export const noPublicDbConfig = defineConfig(NO_PUBLIC_DB, fields);
export type NoPublicDbConfig = ConfigOf<typeof fields>;

/** The store ports judged: the configured list plus any extras, ascending. */
export function storePortsOf(cfg: Pick<NoPublicDbConfig, "storePorts" | "extraStorePorts">): number[] {
    return [...new Set([...cfg.storePorts, ...cfg.extraStorePorts])].sort((a, b) => a - b);
}
