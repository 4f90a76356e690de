// The pack's public address library: exact IPv4/IPv6 range arithmetic, sets
// of ranges, and the parser of published address lists. The stack (subnet
// planning, config validation, security-group and NetworkPolicy planning)
// imports this module and nothing else of the pack, so that the stack and the
// pack agree on what an address range is, while the rules' internals
// (policies/lib) stay private to the pack.
export * from "./cidr";
export { CidrSet } from "./cidrSet";
export { PINNED_STRIPE_API_LIST, packRoot, parseAddressList, pinnedStripeApiAddresses } from "./addressList";
