// Pure rules of the network ACL that walls off an isolated tier: a second
// line behind the security groups. ACLs are stateless, so responses need
// their own (ephemeral-port) rules.

export interface NaclRule {
    readonly ruleNumber: number;
    readonly egress: boolean;
    /** "6" (TCP) or "-1" (all). */
    readonly protocol: "6" | "-1";
    readonly fromPort: number;
    readonly toPort: number;
    readonly cidrBlock: string;
    readonly ruleAction: "allow";
}

/** Ephemeral ports clients use for their side of a connection (covers Linux, Windows and NAT). */
export const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

export interface IsolatedTierAcl {
    /** The tier's own reserved ranges: its nodes replicate among themselves. */
    readonly ownBlocks: readonly string[];
    /** The private tier's reserved ranges: the only clients. */
    readonly clientBlocks: readonly string[];
    /** Store ports clients may open. */
    readonly ports: readonly number[];
}

/**
 * Inbound: each store port from each client block, and anything from the
 * tier itself. Outbound: ephemeral ports back to clients, and anything to the
 * tier itself. Everything else falls to the ACL's implicit deny.
 */
export function isolatedTierAclRules(acl: IsolatedTierAcl): NaclRule[] {
    const rules: NaclRule[] = [];
    let inbound = 100;
    let outbound = 100;
    const next = (egress: boolean) => {
        const n = egress ? outbound : inbound;
        if (egress) {
            outbound += 10;
        } else {
            inbound += 10;
        }
        return n;
    };
    for (const cidrBlock of acl.clientBlocks) {
        for (const port of acl.ports) {
            rules.push({ ruleNumber: next(false), egress: false, protocol: "6", fromPort: port, toPort: port, cidrBlock, ruleAction: "allow" });
        }
        rules.push({ ruleNumber: next(true), egress: true, protocol: "6", fromPort: EPHEMERAL_PORTS.from, toPort: EPHEMERAL_PORTS.to, cidrBlock, ruleAction: "allow" });
    }
    for (const cidrBlock of acl.ownBlocks) {
        rules.push({ ruleNumber: next(false), egress: false, protocol: "-1", fromPort: 0, toPort: 0, cidrBlock, ruleAction: "allow" });
        rules.push({ ruleNumber: next(true), egress: true, protocol: "-1", fromPort: 0, toPort: 0, cidrBlock, ruleAction: "allow" });
    }
    return rules;
}
