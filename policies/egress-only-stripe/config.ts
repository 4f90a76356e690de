// egress-only-stripe's config, declared once: schema and typed reader.
import { pinnedStripeApiAddresses } from "../net/addressList";
import { cidrListField, commonFields, ConfigOf, defineConfig, hostSetField, privateCidrsField } from "../lib/config";

export const EGRESS_ONLY_STRIPE = "egress-only-stripe";

const fields = {
    stripeApiCidrs: cidrListField(
        "Public destinations egress may reach, on TCP 443 only. Default: Stripe's published API addresses, pinned in data/stripe-api-ips.txt.",
        pinnedStripeApiAddresses(),
    ),
    allowedHosts: hostSetField(
        "Outside host names egress may reach by name, on TCP 443 only: in mesh ServiceEntries, Cilium toFQDNs, Calico and AdminNetworkPolicy domain rules. Default: Stripe's API host.",
        ["api.stripe.com"],
    ),
    privateCidrs: privateCidrsField(),
    ...commonFields(),
};

export const egressConfig = defineConfig(EGRESS_ONLY_STRIPE, fields);
export type EgressConfig = ConfigOf<typeof fields>;
