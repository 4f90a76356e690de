// tls-everywhere's config, declared once: schema and typed reader.
import { ConfigOf, defineConfig, exemptionsField, nameSetField } from "../lib/config";
import { TLS_POLICIES } from "../lib/defaults";

export const TLS_EVERYWHERE = "tls-everywhere";

const fields = {
    allowedTlsPolicies: nameSetField(
        "Load-balancer security policies (sslPolicy) HTTPS and TLS listeners may use: ELB policies that accept nothing older than TLS 1.2.",
        TLS_POLICIES,
    ),
    exemptions: exemptionsField(),
};

export const tlsConfig = defineConfig(TLS_EVERYWHERE, fields);
export type TlsConfig = ConfigOf<typeof fields>;
