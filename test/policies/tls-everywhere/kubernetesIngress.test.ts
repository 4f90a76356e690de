import { strict as assert } from "assert";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { tlsPolicyChoice } from "../../../policies/tls-everywhere/config";
import { hostCovered, ingressViolations as judge } from "../../../policies/tls-everywhere/kubernetesIngress";

const choice = tlsPolicyChoice({ allowedTlsPolicies: new Set(), forbiddenTlsPolicies: new Set() });
const ingressViolations = (props: Record<string, unknown>, patch = false) => judge(props, choice, patch);

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

    it("judges the security policy the AWS Load Balancer Controller is asked for, like a listener's", () => {
        const ingress = (policy: string) => ({ metadata: { annotations: { "alb.ingress.kubernetes.io/ssl-policy": policy } }, spec: { tls: [{ hosts: ["a.example.com"] }], rules: [{ host: "a.example.com" }] } });
        assert.deepEqual(ingressViolations(ingress("ELBSecurityPolicy-TLS-1-1-2017-01")).map((v) => v.field), ['metadata.annotations["alb.ingress.kubernetes.io/ssl-policy"]']);
        assert.deepEqual(ingressViolations(ingress("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")), []);
    });

    it("covers thousands of hosts against thousands of tls entries through an index, not a scan", () => {
        const hosts = Array.from({ length: 5000 }, (_, i) => `h${i}.example.com`);
        const v = ingressViolations({ spec: { tls: [{ hosts: hosts.slice(0, 4000) }, { hosts: ["*.other.example.com"] }], rules: [...hosts, "x.other.example.com"].map((host) => ({ host })) } });
        assert.equal(v.length, 1000);
        assert.equal(v[0].field, "spec.rules[4000].host");
    });

    it("stays silent when tls or its hosts are unknown", () => {
        assert.deepEqual(ingressViolations({ spec: { tls: U, rules: [{ host: "a" }] } }), []);
        assert.deepEqual(ingressViolations({ spec: { tls: [{ hosts: [U] }], rules: [{ host: "a" }] } }), []);
    });
});
