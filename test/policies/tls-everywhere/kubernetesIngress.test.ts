import { strict as assert } from "assert";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { tlsPolicyChoice } from "../../../policies/tls-everywhere/config";
import { AlbContext, albIngressViolations, hostCovered, ingressViolations } from "../../../policies/tls-everywhere/kubernetesIngress";
import { LBC_DEFAULT_SSL_POLICY } from "../../../policies/tls-everywhere/ingressClasses";
import { engineResource, findings, judgeResources, summary, usePack } from "../../support/pack";

const choice = tlsPolicyChoice({ allowedTlsPolicies: new Set(), forbiddenTlsPolicies: new Set() });
const albContext: AlbContext = {
    groupHttpsPorts: new Set(),
    serviceBackendProtocol: () => undefined,
    defaultSslPolicy: { name: LBC_DEFAULT_SSL_POLICY, whose: "the controller's default" },
};

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
        const ingress = (policy: string) => ({
            metadata: { annotations: { "alb.ingress.kubernetes.io/ssl-policy": policy, "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]', "alb.ingress.kubernetes.io/backend-protocol": "HTTPS" } },
            spec: { rules: [{ host: "a.example.com" }] },
        });
        assert.deepEqual(albIngressViolations(ingress("ELBSecurityPolicy-TLS-1-1-2017-01"), choice, albContext).map((v) => v.field), ['metadata.annotations["alb.ingress.kubernetes.io/ssl-policy"]']);
        assert.deepEqual(albIngressViolations(ingress("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"), choice, albContext), []);
    });

    it("covers thousands of hosts against thousands of tls entries through an index, not a scan", () => {
        const hosts = Array.from({ length: 5000 }, (_, i) => `h${i}.example.com`);
        const v = ingressViolations({ spec: { tls: [{ hosts: hosts.slice(0, 4000) }, { hosts: ["*.other.example.com"] }], rules: [...hosts, "x.other.example.com"].map((host) => ({ host })) } });
        assert.equal(v.length, 1000);
        assert.equal(v[0].field, "spec.rules[4000].host");
    });

    it("reads a tls entry without hosts as covering every host (IngressTLS.hosts)", () => {
        assert.deepEqual(ingressViolations({ spec: { tls: [{ secretName: "wildcard" }], rules: [{ host: "a.example.com" }, { host: "b.example.org" }] } }), []);
        assert.deepEqual(ingressViolations({ spec: { tls: [{ hosts: [], secretName: "wildcard" }], rules: [{ host: "a.example.com" }] } }), []);
    });

    it("stays silent when tls or its hosts are unknown", () => {
        assert.deepEqual(ingressViolations({ spec: { tls: U, rules: [{ host: "a" }] } }), []);
        assert.deepEqual(ingressViolations({ spec: { tls: [{ hosts: [U] }], rules: [{ host: "a" }] } }), []);
    });
});

describe("tls-everywhere: the in-tree classic ELB of a Service (through the gRPC interface)", () => {
    const pack = usePack();
    const AWS = "service.beta.kubernetes.io/aws-load-balancer-";
    const svc = (name: string, annotations: Record<string, string>, ports = [{ name: "http", port: 80, targetPort: 8080 }, { name: "https", port: 443, targetPort: 8080 }]) =>
        engineResource("kubernetes:core/v1:Service", name, { metadata: { annotations }, spec: { type: "LoadBalancer", ports } });

    it("backend-protocol http carries plain HTTP: on the certificate's ports to the nodes, on the others both ways", async () => {
        const report = await judgeResources(pack(), [
            svc("elb-http", { [`${AWS}ssl-cert`]: "arn:aws:acm:us-east-1:1:certificate/x", [`${AWS}ssl-ports`]: "443", [`${AWS}backend-protocol`]: "http" }),
            // Look-alikes: TCP pass-through, TLS to the pods, and an NLB built by the AWS Load Balancer Controller.
            svc("elb-tcp", { [`${AWS}ssl-cert`]: "arn:aws:acm:us-east-1:1:certificate/x" }),
            svc("elb-https", { [`${AWS}ssl-cert`]: "arn:aws:acm:us-east-1:1:certificate/x", [`${AWS}backend-protocol`]: "https" }, [{ name: "https", port: 443, targetPort: 8443 }]),
            svc("nlb", { [`${AWS}type`]: "external", [`${AWS}backend-protocol`]: "http" }),
        ]);
        assert.deepEqual(summary(report, "tls-everywhere"), [
            "tls-everywhere mandatory elb-http spec.ports[0]",
            "tls-everywhere mandatory elb-http spec.ports[1]",
        ]);
        const [plain, decrypted] = findings(report).filter((f) => f.policy === "tls-everywhere");
        assert.match(plain.text, /^port 80 is not in service\.beta\.kubernetes\.io\/aws-load-balancer-ssl-ports \("443"\), so with backend-protocol "http" the classic load balancer serves it over plain HTTP on both sides/);
        assert.match(decrypted.text, /^port 443: service\.beta\.kubernetes\.io\/aws-load-balancer-backend-protocol "http" makes the classic load balancer decrypt HTTPS and send HTTP to the nodes in plain text/);
    });
});
