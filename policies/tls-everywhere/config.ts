// tls-everywhere's config, declared once: schema and typed reader.
import { commonFields, ConfigOf, defineConfig, tlsPolicyNamesField } from "../lib/config";
import { pinnedTlsPolicies, TlsPolicyChoice } from "../lib/tlsPolicies";

export const TLS_EVERYWHERE = "tls-everywhere";

const fields = {
    allowedTlsPolicies: tlsPolicyNamesField(
        "Load-balancer security policies (sslPolicy) accepted whatever the pinned table of ELB policies says, e.g. a policy AWS published after the table. " +
            "Every other policy is judged by the protocols and ciphers it accepts (data/elb-security-policies.json).",
        [],
    ),
    forbiddenTlsPolicies: tlsPolicyNamesField("Load-balancer security policies refused even when the table says they accept only TLS 1.2 or newer.", []),
    ...commonFields(),
};

export const tlsConfig = defineConfig(TLS_EVERYWHERE, fields);
export type TlsConfig = ConfigOf<typeof fields>;

const TABLE = pinnedTlsPolicies();

/** The table and the config's own choices, as the listener rules take them. */
export function tlsPolicyChoice(cfg: Pick<TlsConfig, "allowedTlsPolicies" | "forbiddenTlsPolicies">): TlsPolicyChoice {
    return { table: TABLE, allowed: cfg.allowedTlsPolicies, forbidden: cfg.forbiddenTlsPolicies };
}
