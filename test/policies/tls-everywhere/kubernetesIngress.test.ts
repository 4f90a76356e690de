import { strict as assert } from "assert";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { hostCovered, ingressViolations } from "../../../policies/tls-everywhere/kubernetesIngress";

describe("tls-everywhere: Kubernetes Ingress", () => {
    it("flags an Ingress without tls, and hosts no tls entry covers", () => {
        assert.deepEqual(ingressViolations({ spec: { rules: [{ host: "api.example.com" }] } }).map((v) => v.field), ["spec.tls"]);
        assert.deepEqual(ingressViolations({ spec: { tls: [], rules: [] } }).map((v) => v.field), ["spec.tls"]);
        assert.deepEqual(ingressViolations({ spec: { tls: [{ hosts: ["api.example.com"], secretName: "s" }], rules: [{ host: "api.example.com" }, { host: "admin.example.com" }] } }).map((v) => v.field), ["spec.rules[1].host"]);
    });

    it("accepts covered hosts, wildcards, and patches that leave tls alone", () => {
        assert.deepEqual(ingressViolations({ spec: { tls: [{ hosts: ["*.example.com"] }], rules: [{ host: "api.example.com" }] } }), []);
        assert.deepEqual(ingressViolations({ spec: { rules: [{ host: "a.example.com" }] } }, true), []);
        assert.ok(!hostCovered("a.b.example.com", ["*.example.com"]));
        assert.ok(!hostCovered("example.com", ["*.example.com"]));
    });

    it("stays silent when tls or its hosts are unknown", () => {
        assert.deepEqual(ingressViolations({ spec: { tls: U, rules: [{ host: "a" }] } }), []);
        assert.deepEqual(ingressViolations({ spec: { tls: [{ hosts: [U] }], rules: [{ host: "a" }] } }), []);
    });
});
