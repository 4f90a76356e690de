import { strict as assert } from "assert";
import { CidrSet } from "../../../policies/net";
import { PRIVATE_CIDRS, STORE_PORTS } from "../../../policies/lib/defaults";
import { UNKNOWN_SENTINEL } from "../../../policies/lib/read";
import { SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE } from "../../../policies/lib/securityGroupRules";
import { storeIngressViolations } from "../../../policies/no-public-db/ingress";

const ctx = { privateCidrs: CidrSet.parse(PRIVATE_CIDRS, "p"), storePorts: STORE_PORTS };
const fields = (type: string, props: Record<string, unknown>) => storeIngressViolations(type, props, ctx).map((v) => v.field);

describe("no-public-db: security-group ingress", () => {
    it("flags a store port open to the world in every rule form, IPv4 and IPv6", () => {
        assert.deepEqual(fields(SECURITY_GROUP, { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }] }), [
            "ingress[0].cidrBlocks[0]", "ingress[0].ipv6CidrBlocks[0]",
        ]);
        assert.deepEqual(fields(SECURITY_GROUP_RULE, { type: "ingress", protocol: "6", fromPort: 6379, toPort: 6379, cidrBlocks: ["203.0.113.0/24"] }), ["cidrBlocks[0]"]);
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "tcp", fromPort: 27017, toPort: 27017, cidrIpv4: "0.0.0.0/0" }), ["cidrIpv4"]);
    });

    it("leaves rules open to every port to the stack rule, which knows what the group protects", () => {
        assert.deepEqual(fields(SECURITY_GROUP, { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }), []);
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "all", cidrIpv6: "2001:db8::/32" }), []);
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIpv4: "0.0.0.0/0" }), []);
    });

    it("judges a port the provider would not read as every port, named", () => {
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "tcp", fromPort: "all", toPort: 443, cidrIpv4: "0.0.0.0/0" }), ["cidrIpv4"]);
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "tcp", fromPort: 5432.9, toPort: 5432.2, cidrIpv4: "0.0.0.0/0" }), ["cidrIpv4"], "5432.9 and 5432.2 are read as 5432");
    });

    it("judges every spelling of a source as the range it is", () => {
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/00" }), ["cidrIpv4"]);
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv6: "::ffff:0.0.0.0/96" }), ["cidrIpv6"]);
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "not-a-range" }), ["cidrIpv4"]);
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "100.64.0.0/10" }), [], "shared address space is private");
    });

    it("flags ranges that include a store port", () => {
        assert.deepEqual(fields(SECURITY_GROUP_RULE, { type: "ingress", protocol: "tcp", fromPort: 5000, toPort: 6000, cidrBlocks: ["0.0.0.0/0"] }), ["cidrBlocks[0]"]);
        const [v] = storeIngressViolations(SECURITY_GROUP_RULE, { type: "ingress", protocol: "tcp", fromPort: 3000, toPort: 6000, cidrBlocks: ["0.0.0.0/0"] }, ctx);
        assert.match(v.message, /"0\.0\.0\.0\/0" is outside the private ranges and is admitted to TCP 3000-6000, which includes store ports 3306 \(MySQL\/MariaDB\/Aurora MySQL\), 5432 \(PostgreSQL\), 5439 \(Redshift\), 5671 \(AMQPS\), 5672 \(AMQP\)/);
        assert.match(v.message, /admit store ports only from security groups or private ranges \(10\.0\.0\.0\/8/);
    });

    it("flags a range that only partly lies in private space", () => {
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/7" }), ["cidrIpv4"]);
    });

    it("does not flag look-alikes: 443 to the world, store ports from private ranges, security groups or over UDP", () => {
        assert.deepEqual(fields(SECURITY_GROUP, {
            ingress: [
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
                { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: ["fd00::/8"] },
                { protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: ["sg-123"] },
                { protocol: "udp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] },
                { protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] },
            ],
        }), []);
        assert.deepEqual(fields(VPC_INGRESS_RULE, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-1" }), []);
    });

    it("judges extra store ports from config", () => {
        const props = { ipProtocol: "tcp", fromPort: 8443, toPort: 8443, cidrIpv4: "0.0.0.0/0" };
        assert.deepEqual(storeIngressViolations(VPC_INGRESS_RULE, props, ctx), []);
        assert.equal(storeIngressViolations(VPC_INGRESS_RULE, props, { ...ctx, storePorts: [...STORE_PORTS, 8443] }).length, 1);
    });

    it("reports what is visible and stays silent about what is unknown", () => {
        const props = {
            ingress: [
                { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [UNKNOWN_SENTINEL, "0.0.0.0/0"] },
                { protocol: "tcp", fromPort: UNKNOWN_SENTINEL, toPort: UNKNOWN_SENTINEL, cidrBlocks: ["0.0.0.0/0"] },
                { protocol: UNKNOWN_SENTINEL, fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] },
            ],
            vpcId: UNKNOWN_SENTINEL,
        };
        assert.deepEqual(fields(SECURITY_GROUP, props), ["ingress[0].cidrBlocks[1]"]);
        assert.deepEqual(fields(SECURITY_GROUP, { ingress: UNKNOWN_SENTINEL }), []);
    });
});
