import { strict as assert } from "assert";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { tlsPolicyChoice } from "../../../policies/tls-everywhere/config";
import { classicElbViolations, listenerViolations, targetGroupViolations } from "../../../policies/tls-everywhere/loadBalancers";

const allowed = tlsPolicyChoice({ allowedTlsPolicies: new Set(), forbiddenTlsPolicies: new Set() });
const fields = (props: Record<string, unknown>) => listenerViolations(props, allowed).map((v) => v.field);
const redirect = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];

describe("tls-everywhere: load balancers", () => {
    it("requires a policy that accepts only TLS 1.2 or newer on HTTPS and TLS listeners, judged by the pinned table", () => {
        assert.deepEqual(fields({ protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }), []);
        assert.deepEqual(fields({ protocol: "TLS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" }), []);
        assert.deepEqual(fields({ protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-2016-08" }), ["sslPolicy"]);
        assert.deepEqual(fields({ protocol: "TLS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01" }), ["sslPolicy"]);
        const [v] = listenerViolations({ protocol: "HTTPS" }, allowed);
        assert.match(v.message, /\(not set\) falls back to the API default "ELBSecurityPolicy-2016-08", which accepts TLSv1\.1, TLSv1; use a policy that accepts only TLS 1\.2 or newer, e\.g\. "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"/);
        assert.equal(v.level, undefined, "a known weak policy is mandatory");
    });

    it("lets HTTP listeners only redirect to HTTPS", () => {
        assert.deepEqual(fields({ protocol: "HTTP", port: 80, defaultActions: redirect }), []);
        assert.deepEqual(fields({ protocol: "HTTP", port: 80, defaultActions: [{ type: "forward", targetGroupArn: "arn" }] }), ["defaultActions[0].type"]);
        assert.deepEqual(fields({ protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }] }), ["defaultActions[0].redirect.protocol"]);
        assert.deepEqual(fields({ protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { port: "443" } }] }), ["defaultActions[0].redirect.protocol"]);
    });

    it("does not judge pass-through protocols", () => {
        assert.deepEqual(fields({ protocol: "TCP", port: 443, defaultActions: [{ type: "forward" }] }), []);
        assert.deepEqual(fields({ protocol: "UDP", port: 53 }), []);
    });

    it("reports a visible problem and ignores unknown parts", () => {
        assert.deepEqual(fields({ protocol: "HTTPS", sslPolicy: U, certificateArn: U }), []);
        assert.deepEqual(fields({ protocol: U, sslPolicy: "ELBSecurityPolicy-2016-08" }), []);
        assert.deepEqual(fields({ protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: U }, { type: U }] }), ["defaultActions[0].type"]);
        assert.deepEqual(fields({ protocol: "HTTP", defaultActions: U }), []);
    });

    it("flags target groups that speak plain HTTP", () => {
        assert.deepEqual(targetGroupViolations({ protocol: "HTTP", port: 8000 }).map((v) => v.field), ["protocol"]);
        assert.deepEqual(targetGroupViolations({ protocol: "HTTPS", port: 8000 }), []);
        assert.deepEqual(targetGroupViolations({ targetType: "lambda" }), []);
        assert.deepEqual(targetGroupViolations({ protocol: U }), []);
    });

    it("flags classic load-balancer listeners in plain HTTP on either side", () => {
        assert.deepEqual(classicElbViolations({ listeners: [
            { lbProtocol: "http", lbPort: 80, instanceProtocol: "http", instancePort: 8000 },
            { lbProtocol: "https", lbPort: 443, instanceProtocol: "https", instancePort: 8443 },
            { lbProtocol: "tcp", lbPort: 5000, instanceProtocol: "tcp", instancePort: 5000 },
        ] }).map((v) => v.field), ["listeners[0].lbProtocol", "listeners[0].instanceProtocol"]);
    });
});
