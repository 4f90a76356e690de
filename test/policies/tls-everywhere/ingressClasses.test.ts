import { strict as assert } from "assert";
import * as k8s from "@pulumi/kubernetes";
import { engineResource as r, findings, judgeProgram, judgeResources, summary, usePack } from "../../support/pack";

// Each Ingress judged by the controller that builds its listeners
// (ingressClasses.ts): the AWS Load Balancer Controller reads its
// annotations, not spec.tls; ingress-nginx and others read spec.tls.
const route = (host: string, port = 443) => [{ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: port } } } }] } }];
const ALB = "alb.ingress.kubernetes.io/";

describe("tls-everywhere: Ingress by its controller (through the gRPC interface)", () => {
    const pack = usePack();

    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "after apply";

        it(`an ALB Ingress with an HTTPS listener, a modern policy and HTTPS backends passes without spec.tls (${mode})`, async () => {
            const report = await judgeProgram(pack(), () => {
                new k8s.networking.v1.Ingress("alb-https", { metadata: { namespace: "app", annotations: {
                    [`${ALB}scheme`]: "internet-facing",
                    [`${ALB}certificate-arn`]: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                    [`${ALB}listen-ports`]: '[{"HTTPS":443}]',
                    [`${ALB}ssl-policy`]: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    [`${ALB}backend-protocol`]: "HTTPS",
                } }, spec: { ingressClassName: "alb", rules: route("app.example.com") } });
                new k8s.networking.v1.Ingress("alb-redirect", { metadata: { namespace: "app", annotations: {
                    [`${ALB}certificate-arn`]: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                    [`${ALB}listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]',
                    [`${ALB}ssl-redirect`]: "443",
                    [`${ALB}ssl-policy`]: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    [`${ALB}backend-protocol`]: "HTTPS",
                } }, spec: { ingressClassName: "alb", rules: route("b.example.com") } });
            }, preview);
            assert.deepEqual(summary(report, "tls-everywhere"), []);
        });

        it(`an ALB Ingress is judged by its listeners, policy and backend protocol, not by spec.tls (${mode})`, async () => {
            const report = await judgeProgram(pack(), () => {
                new k8s.networking.v1.Ingress("alb-http-too", { metadata: { namespace: "app", annotations: {
                    [`${ALB}listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]',
                    [`${ALB}certificate-arn`]: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                    [`${ALB}ssl-policy`]: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    [`${ALB}backend-protocol`]: "HTTPS",
                } }, spec: { ingressClassName: "alb", tls: [{ hosts: ["app.example.com"] }], rules: route("app.example.com", 80) } });
                new k8s.networking.v1.Ingress("alb-defaults", { metadata: { namespace: "app", annotations: { [`${ALB}certificate-arn`]: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } }, spec: { ingressClassName: "alb", rules: route("c.example.com") } });
            }, preview);
            assert.deepEqual(summary(report, "tls-everywhere"), [
                `tls-everywhere mandatory alb-defaults metadata.annotations["${ALB}ssl-policy"]`,
                "tls-everywhere mandatory alb-defaults spec.rules[0].http.paths[0].backend",
                `tls-everywhere mandatory alb-http-too metadata.annotations["${ALB}listen-ports"]`,
            ]);
            const f = findings(report);
            assert.match(f.find((x) => x.resource === "alb-http-too")!.text,
                /^"\[\{\\"HTTP\\":80\},\{\\"HTTPS\\":443\}\]" gives the load balancer HTTP listener on 80, which serve the Ingress's rules over plain HTTP \(no ssl-redirect redirects them\); listen on HTTPS only/);
            assert.match(f.find((x) => x.field.endsWith('ssl-policy"]'))!.text,
                /^\(not set\) falls back to the AWS Load Balancer Controller's default \(its --default-ssl-policy, which the stack does not set\) "ELBSecurityPolicy-2016-08", which/);
            assert.match(f.find((x) => x.field.endsWith("backend"))!.text, /^\(backend-protocol not set: the controller's default is HTTP\): the load balancer sends requests to web in plain text/);
        });

        it(`ingress-nginx: a tls entry without hosts covers every host; ssl-redirect "false" serves plain HTTP (${mode})`, async () => {
            const report = await judgeProgram(pack(), () => {
                new k8s.networking.v1.Ingress("nginx-nohosts", { metadata: { namespace: "app" }, spec: { ingressClassName: "nginx", tls: [{ secretName: "wildcard-cert" }], rules: route("app.example.com", 80) } });
                new k8s.networking.v1.Ingress("nginx-noredirect", { metadata: { namespace: "app", annotations: { "nginx.ingress.kubernetes.io/ssl-redirect": "false" } }, spec: { ingressClassName: "nginx", tls: [{ hosts: ["b.example.com"], secretName: "b" }], rules: route("b.example.com", 80) } });
                new k8s.networking.v1.Ingress("kong-notls", { metadata: { namespace: "app" }, spec: { ingressClassName: "kong", rules: route("k.example.com", 80) } });
            }, preview);
            assert.deepEqual(summary(report, "tls-everywhere"), [
                "tls-everywhere mandatory kong-notls spec.tls",
                'tls-everywhere mandatory nginx-noredirect metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]',
            ]);
        });
    }

    it("an IngressClass of the stack decides the reading, and a class named constructor is only a name", async () => {
        const report = await judgeResources(pack(), [
            r("kubernetes:networking.k8s.io/v1:IngressClass", "public", { metadata: { name: "public" }, spec: { controller: "ingress.k8s.aws/alb" } }),
            r("kubernetes:networking.k8s.io/v1:Ingress", "by-class", { metadata: { namespace: "app", annotations: { [`${ALB}listen-ports`]: '[{"HTTPS":443}]', [`${ALB}certificate-arn`]: "arn:c", [`${ALB}ssl-policy`]: "ELBSecurityPolicy-TLS13-1-2-2021-06", [`${ALB}backend-protocol`]: "HTTPS" } }, spec: { ingressClassName: "public", rules: route("a.example.com") } }),
            r("kubernetes:networking.k8s.io/v1:Ingress", "proto", { metadata: { namespace: "app" }, spec: { ingressClassName: "constructor", rules: route("p.example.com") } }),
            r("kubernetes:networking.k8s.io/v1:Ingress", "proto2", { metadata: { namespace: "app" }, spec: { ingressClassName: "__proto__", tls: [{ hosts: ["q.example.com"] }], rules: route("q.example.com") } }),
        ]);
        assert.deepEqual(summary(report, "tls-everywhere"), ["tls-everywhere mandatory proto spec.tls"]);
        assert.deepEqual(findings(report).filter((f) => f.text.includes("could not evaluate")), []);
    });
});
