import { strict as assert } from "assert";
import { EPHEMERAL_PORTS, isolatedTierAclRules } from "../../../components/network";

describe("components/network/naclRules", () => {
    const rules = isolatedTierAclRules({
        ownBlocks: ["10.0.216.0/21"],
        clientBlocks: ["10.0.0.0/17", "10.0.128.0/18"],
        ports: [5432, 6379],
    });
    const inbound = rules.filter((r) => !r.egress);
    const outbound = rules.filter((r) => r.egress);

    it("admits only the store ports from the client tier", () => {
        const fromClients = inbound.filter((r) => r.cidrBlock !== "10.0.216.0/21");
        assert.deepEqual(
            fromClients.map((r) => `${r.cidrBlock} tcp ${r.fromPort}-${r.toPort}`),
            ["10.0.0.0/17 tcp 5432-5432", "10.0.0.0/17 tcp 6379-6379", "10.0.128.0/18 tcp 5432-5432", "10.0.128.0/18 tcp 6379-6379"],
        );
        assert.ok(fromClients.every((r) => r.protocol === "6"));
    });

    it("answers clients only on ephemeral ports", () => {
        const toClients = outbound.filter((r) => r.cidrBlock !== "10.0.216.0/21");
        assert.deepEqual(toClients.map((r) => [r.cidrBlock, r.protocol, r.fromPort, r.toPort]), [
            ["10.0.0.0/17", "6", EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to],
            ["10.0.128.0/18", "6", EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to],
        ]);
    });

    it("lets the tier talk to itself (replication) and nothing reaches outside the VPC", () => {
        assert.ok(inbound.some((r) => r.cidrBlock === "10.0.216.0/21" && r.protocol === "-1"));
        assert.ok(outbound.some((r) => r.cidrBlock === "10.0.216.0/21" && r.protocol === "-1"));
        assert.ok(rules.every((r) => r.cidrBlock.startsWith("10.")));
        assert.ok(rules.every((r) => r.ruleAction === "allow"));
    });

    it("numbers rules uniquely per direction", () => {
        for (const dir of [inbound, outbound]) {
            assert.equal(new Set(dir.map((r) => r.ruleNumber)).size, dir.length);
        }
    });

    it("admits nothing from clients when the tier has no ports", () => {
        const none = isolatedTierAclRules({ ownBlocks: ["10.0.240.0/22"], clientBlocks: ["10.0.0.0/17"], ports: [] });
        assert.ok(none.filter((r) => !r.egress).every((r) => r.cidrBlock === "10.0.240.0/22"));
    });
});
