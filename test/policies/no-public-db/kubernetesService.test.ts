import { strict as assert } from "assert";
import { CidrSet } from "../../../policies/net";
import { PRIVATE_CIDRS, STORE_PORTS } from "../../../policies/lib/defaults";
import { UNKNOWN_SENTINEL } from "../../../policies/lib/read";
import { serviceViolations } from "../../../policies/no-public-db/kubernetesService";

const ctx = { privateCidrs: CidrSet.parse(PRIVATE_CIDRS, "p"), storePorts: STORE_PORTS };
const svc = (spec: Record<string, unknown>, annotations?: Record<string, unknown>) =>
    serviceViolations({ metadata: annotations ? { annotations } : {}, spec }, ctx).map((v) => v.field);

describe("no-public-db: Kubernetes Services", () => {
    it("flags LoadBalancer and NodePort Services that expose a store port (port or numeric targetPort)", () => {
        assert.deepEqual(svc({ type: "LoadBalancer", ports: [{ port: 5432 }] }), ["spec.ports[0].port"]);
        assert.deepEqual(svc({ type: "NodePort", ports: [{ port: 80 }, { port: 6380, targetPort: 6379, nodePort: 30079 }] }), ["spec.ports[1].port"]);
        assert.deepEqual(svc({ type: "LoadBalancer", ports: [{ port: 80, targetPort: 27017 }] }), ["spec.ports[0].targetPort"]);
        const [m] = serviceViolations({ spec: { type: "LoadBalancer", ports: [{ port: 5432 }] } }, ctx);
        assert.match(m.message, /5432 is store port 5432 \(PostgreSQL\), exposed outside the cluster through a load balancer reachable from the internet: the in-tree AWS cloud provider builds an internet-facing load balancer/);
    });

    it("flags public externalIPs on any Service type", () => {
        assert.deepEqual(svc({ type: "ClusterIP", externalIPs: ["203.0.113.7", "10.0.0.7"], ports: [{ port: 6379 }] }), ["spec.externalIPs[0]"]);
    });

    it("does not flag ClusterIP, internal load balancers, private source ranges, web ports or UDP", () => {
        assert.deepEqual(svc({ type: "ClusterIP", ports: [{ port: 5432 }] }), []);
        assert.deepEqual(svc({ ports: [{ port: 5432 }] }), []);
        assert.deepEqual(svc({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb", ports: [{ port: 5432 }] }, { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" }), []);
        assert.deepEqual(svc({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb", ports: [{ port: 5432 }] }), [], "the controller's default scheme is internal");
        assert.deepEqual(svc({ type: "LoadBalancer", ports: [{ port: 5432 }] }, { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" }), []);
        assert.deepEqual(svc({ type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/16"], ports: [{ port: 5432 }] }), []);
        assert.deepEqual(svc({ type: "LoadBalancer", ports: [{ port: 443, targetPort: 8443 }] }), []);
        assert.deepEqual(svc({ type: "NodePort", ports: [{ port: 11211, protocol: "UDP" }] }), []);
    });

    it("reads the scheme annotation only where the controller that builds the load balancer reads it", () => {
        // Without a class or the controller's type annotation, the in-tree provider builds it, and it reads only the internal annotation.
        assert.deepEqual(svc({ type: "LoadBalancer", ports: [{ port: 5432 }] }, { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" }), ["spec.ports[0].port"]);
        assert.deepEqual(svc({ type: "LoadBalancer", ports: [{ port: 5432 }] }, {
            "service.beta.kubernetes.io/aws-load-balancer-type": "external", "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip", "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
        }), []);
        assert.deepEqual(svc({ type: "LoadBalancer", loadBalancerClass: "example.com/other", ports: [{ port: 5432 }] }), ["spec.ports[0].port"], "a class the pack does not model is judged exposed");
        assert.deepEqual(svc({ type: "LoadBalancer", ports: [{ port: 5432 }] }, { "service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8, 192.168.0.0/16" }), [], "the source-ranges annotation counts when spec ranges are not set");
    });

    it("flags a load balancer that admits a public source range", () => {
        assert.deepEqual(svc({ type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/16", "0.0.0.0/0"], ports: [{ port: 5432 }] }), ["spec.ports[0].port"]);
    });

    it("stays silent when what decides is unknown", () => {
        assert.deepEqual(svc({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb", ports: [{ port: 5432 }] }, { "service.beta.kubernetes.io/aws-load-balancer-scheme": UNKNOWN_SENTINEL }), []);
        assert.deepEqual(svc({ type: "LoadBalancer", ports: [{ port: 5432 }] }, { "service.beta.kubernetes.io/aws-load-balancer-internal": UNKNOWN_SENTINEL }), []);
        assert.deepEqual(svc({ type: "LoadBalancer", loadBalancerClass: UNKNOWN_SENTINEL, ports: [{ port: 5432 }] }), []);
        assert.deepEqual(svc({ type: "LoadBalancer", ports: UNKNOWN_SENTINEL }), []);
        assert.deepEqual(svc({ type: UNKNOWN_SENTINEL, ports: [{ port: 5432 }] }), []);
        assert.deepEqual(serviceViolations({ spec: UNKNOWN_SENTINEL }, ctx), []);
    });
});
