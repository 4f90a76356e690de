// egress-only-stripe's config, declared once: schema and typed reader.
import { pinnedStripeApiAddresses } from "../net/addressList";
import { cidrListField, ConfigOf, defineConfig, exemptionsField, privateCidrsField } from "../lib/config";

export const EGRESS_ONLY_STRIPE = "egress-only-stripe";

const fields = {
    stripeApiCidrs: cidrListField(
        "Public destinations egress may reach, on TCP 443 only. Default: Stripe's published API addresses, pinned in data/stripe-api-ips.txt.",
        pinnedStripeApiAddresses(),
    ),
    privateCidrs: privateCidrsField(),
    exemptions: exemptionsField(),
};

export const egressConfig = defineConfig(EGRESS_ONLY_STRIPE, fields);
export type EgressConfig = ConfigOf<typeof fields>;
