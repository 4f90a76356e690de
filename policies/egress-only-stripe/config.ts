// egress-only-stripe's config, declared once: schema and typed reader.
import { pinnedStripeApiAddresses } from "../lib/addressList";
import { cidrListField, ConfigOf, defineConfig, exemptionsField } from "../lib/config";
import { PRIVATE_CIDRS } from "../lib/defaults";

export const EGRESS_ONLY_STRIPE = "egress-only-stripe";

const fields = {
    stripeApiCidrs: cidrListField(
        "Public destinations egress may reach, on TCP 443 only. Default: Stripe's published API addresses, pinned in data/stripe-api-ips.txt.",
        pinnedStripeApiAddresses(),
    ),
    privateCidrs: cidrListField(
        "Address ranges that count as private; egress to them is always allowed. Default: RFC 1918 and the IPv6 unique local range fc00::/7.",
        PRIVATE_CIDRS,
    ),
    exemptions: exemptionsField(),
};

export const egressConfig = defineConfig(EGRESS_ONLY_STRIPE, fields);
export type EgressConfig = ConfigOf<typeof fields>;
