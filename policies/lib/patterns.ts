// The shapes of config values, as JSON-schema `pattern`s. The same text is
// read by three regular-expression engines: Go's RE2 in the Pulumi CLI
// (gojsonschema validates --policy-pack-config, a policy group's config and
// `pulumi policy validate-config`), JavaScript's in the pack (its own check,
// lib/schemaCheck.ts) and in tests (ajv). So each pattern uses only what all
// three read alike: no lookaround and no backreferences (RE2 has neither), no
// \s, \d or \w (RE2 reads them as ASCII, JavaScript's `u` flag as Unicode),
// anchored with ^ and $ (a JSON-schema pattern matches anywhere otherwise),
// and built here from named parts so each can be read on its own.

/** An IPv4 octet 0..255, without leading zeros ("010" is octal to some readers, decimal to others). */
const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
/**
 * IPv6 text: two to eight colons, with up to four hex digits before, between
 * and after them ("::1" has two, "::2:3:4:5:6:7:8" eight). Deliberately
 * looser than RFC 4291 (it admits two "::", ":::" or nine groups): the exact
 * grammar (RFC 3986 section 3.2.2) is some 1,600 characters of pattern, which
 * the CLI prints whole in its error ("Does not match pattern '...'"), so a
 * user would read a wall of regex to learn that an entry is wrong. The pack's reader
 * refuses what this admits and the grammar does not, and reports it. No
 * embedded IPv4 tail ("::ffff:10.0.0.1"): a config names IPv4 space as IPv4.
 */
const IPV6 = "(?:[0-9A-Fa-f]{0,4}:){2,8}[0-9A-Fa-f]{0,4}";

/** Prefix lengths without leading zeros: 0..32 and 0..128. */
const PREFIX4 = "(?:3[0-2]|[12]?[0-9])";
const PREFIX6 = "(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])";

/**
 * An IPv4 or IPv6 range in CIDR notation, or a single address: exact for
 * IPv4 (octets 0..255, prefix 0..32, no leading zeros), the shape of IPv6
 * (above). What a pattern cannot say — that no host bit is set
 * ("10.0.0.1/8"), that IPv6 text is one address — the pack checks itself
 * (lib/config.ts).
 */
export const CIDR_PATTERN = `^(?:${IPV4}(?:/${PREFIX4})?|${IPV6}(?:/${PREFIX6})?)$`;

/**
 * A DNS label: letters, digits and hyphens, 1..63 characters, no hyphen at
 * either end (RFC 1123 section 2.1).
 */
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
/** The last label starts with a letter, so an IP address is not a host name (RFC 3696 section 2: no all-numeric TLD). */
const LAST_LABEL = "[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

/**
 * A host name as egress rules name one (Istio ServiceEntry hosts, Cilium
 * toFQDNs, Calico and AdminNetworkPolicy domains): labels, an optional "*."
 * wildcard in front, an optional trailing dot. Never "*" alone, never an
 * address (those belong in stripeApiCidrs).
 */
export const HOST_PATTERN = `^(?:\\*\\.)?(?:${LABEL}\\.)*${LAST_LABEL}\\.?$`;
/** 253 characters of name (RFC 1035 section 3.1), a "*." in front and a trailing dot. */
export const HOST_MAX_LENGTH = 256;

/**
 * A predefined ELB security policy, as listeners' sslPolicy, the AWS Load
 * Balancer Controller's ssl-policy annotation and the NLB ssl-negotiation
 * annotation name one: every ALB/NLB policy AWS publishes is
 * "ELBSecurityPolicy-" and hyphen-separated words
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html);
 * these load balancers take no custom policies.
 */
export const ELB_POLICY_PATTERN = "^ELBSecurityPolicy-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$";
export const ELB_POLICY_MAX_LENGTH = 128;

/** Stack and project names (the CLI's tokens.ValidateStackName and ValidateProjectName: alphanumerics, "-", "_", "."; at most 100). */
const STACK_OR_PROJECT = "[A-Za-z0-9_.-]{1,100}";
/** One part of a type token ("aws", "ec2/securityGroup", "networking.k8s.io/v1", "SecurityGroup"). */
const TOKEN_PART = "[^:$* \\t\\r\\n]+";
/** A type token: "package:module:Type" (a component's may have two parts). */
const TYPE_TOKEN = `${TOKEN_PART}(?::${TOKEN_PART}){1,2}`;

/**
 * A resource's exact URN as the engine builds it
 * (sdk/go/common/resource/urn: urn:pulumi:<stack>::<project>::<qualified
 * type>::<name>, the qualified type being every ancestor's type but the
 * stack's, then the resource's, joined by "$"). No "*" anywhere: an
 * exemption names one resource, and a URN that looks like a glob would match
 * none. The name is the rest, and neither starts nor ends with white space (a
 * pasted URN with a trailing space would exempt nothing).
 */
export const URN_PATTERN = `^urn:pulumi:${STACK_OR_PROJECT}::${STACK_OR_PROJECT}::${TYPE_TOKEN}(?:\\$${TYPE_TOKEN})*::[^* \\t\\r\\n](?:[^*\\r\\n]*[^* \\t\\r\\n])?$`;

/** Text with at least one character that is not white space. */
export const NOT_BLANK_PATTERN = "[^ \\t\\r\\n]";
