import { strict as assert } from "assert";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { cacheClusterViolations, memoryDbViolations, replicationGroupViolations } from "../../../policies/tls-everywhere/caches";

const f = (vs: { field: string }[]) => vs.map((v) => v.field);

describe("tls-everywhere: caches", () => {
    it("requires transit encryption in required mode on replication groups", () => {
        assert.deepEqual(f(replicationGroupViolations({ transitEncryptionEnabled: true, transitEncryptionMode: "required" })), []);
        assert.deepEqual(f(replicationGroupViolations({ transitEncryptionEnabled: true })), [], "required is the mode a new group gets");
        assert.deepEqual(f(replicationGroupViolations({ transitEncryptionEnabled: true, transitEncryptionMode: "preferred" })), ["transitEncryptionMode"]);
        assert.deepEqual(f(replicationGroupViolations({ transitEncryptionEnabled: false })), ["transitEncryptionEnabled"]);
        assert.deepEqual(f(replicationGroupViolations({ engine: "valkey" })), ["transitEncryptionEnabled"]);
        assert.match(replicationGroupViolations({})[0].message, /\(not set\) leaves the replication group accepting plain-text connections/);
    });

    it("judges standalone cache clusters but not members of a replication group", () => {
        assert.deepEqual(f(cacheClusterViolations({ engine: "memcached" })), ["transitEncryptionEnabled"]);
        assert.deepEqual(f(cacheClusterViolations({ replicationGroupId: "rg" })), []);
        assert.deepEqual(f(cacheClusterViolations({ replicationGroupId: U })), []);
    });

    it("reports a visible mode, stays silent on unknowns, and flags MemoryDB only when TLS is turned off", () => {
        assert.deepEqual(f(replicationGroupViolations({ transitEncryptionEnabled: U, transitEncryptionMode: "preferred" })), ["transitEncryptionMode"]);
        assert.deepEqual(f(replicationGroupViolations({ transitEncryptionEnabled: U })), []);
        assert.deepEqual(f(replicationGroupViolations({ transitEncryptionEnabled: true, transitEncryptionMode: U })), []);
        assert.deepEqual(f(memoryDbViolations({})), []);
        assert.deepEqual(f(memoryDbViolations({ tlsEnabled: false })), ["tlsEnabled"]);
        assert.deepEqual(f(memoryDbViolations({ tlsEnabled: "0" })), ["tlsEnabled"], "the provider reads \"0\" as false");
        assert.deepEqual(f(memoryDbViolations({ tlsEnabled: "off" })), ["tlsEnabled"], "a value the provider refuses is judged as off");
        assert.deepEqual(f(memoryDbViolations({ tlsEnabled: "1" })), []);
    });
});
