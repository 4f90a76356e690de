// The TicketToken network guardrails. Each policy lives in its own folder;
// this file only assembles the pack (the engine runs the compiled bin/index.js).
import { PolicyPack } from "@pulumi/policy";
import { egressOnlyStripe } from "./egress-only-stripe";
import { packMetadata } from "./lib/metadata";
import { noPublicDb } from "./no-public-db";
import { tlsEverywhere } from "./tls-everywhere";

export const PACK_NAME = "tickettoken-network";

new PolicyPack(PACK_NAME, {
    ...packMetadata(),
    enforcementLevel: "mandatory",
    policies: [noPublicDb, tlsEverywhere, egressOnlyStripe],
});
