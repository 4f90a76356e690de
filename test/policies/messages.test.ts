import { strict as assert } from "assert";
import { UNKNOWN_SENTINEL as U } from "../../policies/lib/read";
import { engineResource as r, findings, judgeResources, usePack } from "../support/pack";

// Every finding names its resource (the diagnostic's URN, never the bare
// stack), the field, the value found there, and what is allowed instead —
// across one bad example of each shape the pack learned to judge in 0.5.0.
const ALB = "alb.ingress.kubernetes.io/";
const corpus = () => {
    const vpc = r("aws:ec2/vpc:Vpc", "vpc", { id: "vpc-1", cidrBlock: "10.0.0.0/16", defaultSecurityGroupId: "sg-default", ipv6CidrBlock: "2600:1f18:abc:d00::/56" });
    const zone = r("cloudflare:index/zone:Zone", "bare", { id: "zone-1", name: "example.org" });
    return [
        vpc,
        zone,
        r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "default-open", { securityGroupId: "sg-default", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
        r("aws:rds/instance:Instance", "lonely", { engine: "postgres", engineVersion: "16.4" }),
        r("aws:ec2/securityGroup:SecurityGroup", "other-v6", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, ipv6CidrBlocks: ["2600:1f18:abc:c00::/56"] }] }),
        r("aws:ec2/securityGroup:SecurityGroup", "ecs", { ingress: [{ protocol: "tcp", fromPort: 32768, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }] }),
        r("aws:ec2/securityGroup:SecurityGroup", "pg-all", { ingress: [{ protocol: "-1", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] }),
        r("aws:mq/broker:Broker", "mq", { engineType: "RabbitMQ" }),
        r("aws-native:rds:DbInstance", "native-db", { engine: "postgres", dbSubnetGroupName: "p" }),
        r("aws-native:ec2:SecurityGroup", "native-sg", { groupDescription: "x" }),
        r("aws-native:elasticloadbalancingv2:Listener", "native-http", { protocol: "HTTP", port: 80, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }),
        r("kubernetes:networking.istio.io/v1:ServiceEntry", "internal", { spec: { hosts: ["exfil.example.com"], location: "MESH_INTERNAL", resolution: "DNS", ports: [{ number: 443, name: "tls", protocol: "TLS" }] } }),
        r("kubernetes:helm.sh/v3:Chart", "istiod", { chart: "istiod", values: {} }),
        r("kubernetes:install.istio.io/v1alpha1:IstioOperator", "iop", { spec: { profile: "default" } }),
        r("aws:rds/instance:Instance", "mysql84", { engine: "mysql", engineVersion: "8.4.5", dbSubnetGroupName: "p" }),
        r("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "to-pl", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-0123" }),
        r("kubernetes:core/v1:Service", "elb-http", { metadata: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "http" } }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } }),
        r("kubernetes:projectcalico.org/v3:GlobalNetworkSet", "internet", { metadata: { labels: { role: "internet" } }, spec: { nets: ["0.0.0.0/0"] } }),
        r("kubernetes:projectcalico.org/v3:GlobalNetworkPolicy", "to-internet", { spec: { egress: [{ action: "Allow", destination: { selector: "role == 'internet'" } }] } }),
        r("kubernetes:networking.k8s.io/v1:NetworkPolicy", "np", { spec: { podSelector: {}, egress: [{}] } }),
        r("kubernetes:networking.k8s.io/v1:Ingress", "alb", { metadata: { annotations: { [`${ALB}listen-ports`]: '[{"HTTP":80}]' } }, spec: { ingressClassName: "alb", rules: [{ host: "a.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] } }] } }),
        r("kubernetes:networking.k8s.io/v1:Ingress", "nginx", { metadata: { annotations: { "nginx.ingress.kubernetes.io/ssl-redirect": "false" } }, spec: { ingressClassName: "nginx", tls: [{ hosts: ["b.example.com"] }], rules: [{ host: "b.example.com" }] } }),
        r("kubernetes:core/v1:Service", "proto", { spec: { type: "LoadBalancer", loadBalancerClass: "constructor", ports: [{ port: 5432 }], externalIPs: U } }),
    ];
};

describe("violation messages (through the gRPC interface)", () => {
    const pack = usePack();

    it("name the resource, the field, the value and what is allowed", async () => {
        const found = findings(await judgeResources(pack(), corpus()));
        const resources = new Set(found.map((f) => f.resource));
        for (const name of ["default-open", "lonely", "other-v6", "ecs", "pg-all", "mq", "native-db", "native-sg", "native-http", "internal", "istiod", "iop", "mysql84", "to-pl", "elb-http", "to-internet", "np", "alb", "nginx", "proto", "bare"]) {
            assert.ok(resources.has(name), `${name} has a finding`);
        }
        for (const f of found) {
            const where = `${f.policy} ${f.resource} ${f.field}: ${f.text}`;
            assert.notEqual(f.resource, "test-test", `on a resource, not the stack: ${where}`);
            assert.notEqual(f.field, "", `names a field: ${where}`);
            const problem = f.text.slice(0, f.text.indexOf("; "));
            assert.match(problem, /"|'|\(not set|[0-9]/, `names the value found: ${where}`);
            assert.match(f.text, /; .*\b(set|use|add|admit|list|remove|allow|attach|listen|give|reach|write|name|narrow|send|serve|keep|only)\b/i, `says what is allowed: ${where}`);
        }
    });
});
