import { strict as assert } from "assert";
import { cidrListField, defineConfig, exemptionsField, nameSetField, PolicyConfigError, portListField } from "../../../policies/lib/config";

describe("policies/lib/config", () => {
    const config = defineConfig("demo", {
        ranges: cidrListField("ranges", ["10.0.0.0/8"]),
        ports: portListField("ports", [5432]),
        names: nameSetField("names", ["a"]),
        exemptions: exemptionsField(),
    });

    it("declares each key once: the schema carries the type and the default", () => {
        assert.deepEqual(Object.keys(config.schema.properties), ["ranges", "ports", "names", "exemptions"]);
        assert.deepEqual(config.schema.properties.ranges.default, ["10.0.0.0/8"]);
        assert.equal(config.schema.properties.ports.type, "array");
        assert.deepEqual(config.schema.properties.exemptions.default, []);
    });

    it("reads defaults when nothing is set, and overrides when set", () => {
        const d = config.read({});
        assert.equal(d.ranges.cidrs.length, 1);
        assert.deepEqual(d.ports, [5432]);
        assert.ok(d.names.has("a"));
        assert.equal(d.exemptions.size, 0);
        const o = config.read({ ranges: ["192.168.0.0/16", "fc00::/7"], ports: [1], names: ["b"], exemptions: [{ urn: "urn:pulumi:s::p::t::n", reason: "approved" }] });
        assert.equal(o.ranges.cidrs.length, 2);
        assert.deepEqual(o.ports, [1]);
        assert.ok(!o.names.has("a") && o.names.has("b"));
        assert.equal(o.exemptions.get("urn:pulumi:s::p::t::n"), "approved");
    });

    it("parses the same config once", () => {
        assert.equal(config.read({ ports: [2] }), config.read({ ports: [2] }));
        assert.notEqual(config.read({ ports: [2] }), config.read({ ports: [3] }));
    });

    it("rejects bad values naming the policy, the key and what is allowed", () => {
        assert.throws(() => config.read({ ranges: ["10.0.0.0/33"] }), (e: unknown) => e instanceof PolicyConfigError && /policy demo: config ranges entry\[0\] = "10.0.0.0\/33" is not/.test((e as Error).message));
        assert.throws(() => config.read({ ports: [70000] }), /config ports must be an array of port numbers 1\.\.65535/);
        assert.throws(() => config.read({ names: "a" }), /config names must be an array of strings/);
        assert.throws(() => config.read({ exemptions: [{ urn: "sg", reason: "" }] }), /config exemptions \[0\] must be \{ urn/);
    });
});
