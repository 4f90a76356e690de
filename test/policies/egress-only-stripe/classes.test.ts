import { strict as assert } from "assert";
import * as k8s from "@pulumi/kubernetes";
import { StackInput } from "../../../tools/analyzer";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { engineResource as r, findings, judgeProgram, judgeResources, secret, summary, usePack } from "../../support/pack";

// egress-only-stripe, class by class (issue 14): egress through the policy
// engines an EKS organisation runs (Cilium, Calico, the Kubernetes admin
// policies, the Istio mesh), and destinations judged as address sets — with
// compliant look-alikes, unknown and secret siblings.

// Two published Stripe API addresses, written as the list writes them.
const STRIPE_PAIR = ["13.56.126.253/32", "13.56.173.200/32"];

const cr = (group: string, kind: string, name: string, body: Record<string, unknown>) =>
    r(`kubernetes:${group}:${kind}`, name, { apiVersion: group, kind, metadata: { name, namespace: "app", labels: { team: secret("payments") } }, ...body });

describe("egress-only-stripe: classes of egress (through the gRPC interface)", () => {
    const pack = usePack();
    const judge = async (resources: StackInput[]) => summary(await judgeResources(pack(), resources), "egress-only-stripe");

    it("Cilium: world entities, L4-only rules, ranges, FQDNs and CIDR groups, in spec and specs", async () => {
        const stripePorts = [{ ports: [{ port: "443", protocol: "TCP" }] }];
        assert.deepEqual(await judge([
            cr("cilium.io/v2", "CiliumNetworkPolicy", "world", { spec: { endpointSelector: {}, egress: [{ toEntities: ["world"], toPorts: stripePorts }] } }),
            cr("cilium.io/v2", "CiliumClusterwideNetworkPolicy", "l4-only", { spec: { endpointSelector: {}, egress: [{ toPorts: stripePorts }] } }),
            cr("cilium.io/v2", "CiliumNetworkPolicy", "ranges", { specs: [
                { endpointSelector: {}, egress: [{ toCIDR: ["0.0.0.0/0"] }] },
                { endpointSelector: {}, egress: [{ toCIDRSet: [{ cidr: "13.55.5.15/32" }], toPorts: [{ ports: [{ port: "443" }] }] }] },
                { endpointSelector: {}, egress: [{ toCIDRSet: [{ cidrGroupRef: "partners" }] }] },
            ] }),
            cr("cilium.io/v2", "CiliumNetworkPolicy", "fqdn", { spec: { endpointSelector: {}, egress: [{ toFQDNs: [{ matchPattern: "*.stripe.com" }, { matchName: "api.stripe.com" }], toPorts: stripePorts }] } }),
            // compliant look-alikes
            cr("cilium.io/v2", "CiliumNetworkPolicy", "stripe", { spec: { endpointSelector: {}, egress: [
                { toFQDNs: [{ matchName: "API.Stripe.com" }], toPorts: stripePorts },
                { toCIDR: STRIPE_PAIR, toPorts: stripePorts },
                { toEndpoints: [{ matchLabels: { app: "auth" } }], toPorts: [{ ports: [{ port: "3001", protocol: "TCP" }] }] },
                { toEntities: ["cluster", "kube-apiserver"] },
                { toCIDR: ["10.0.0.0/16", "100.64.0.0/10"] },
                { toCIDR: [U] },
            ] } }),
            cr("cilium.io/v2", "CiliumNetworkPolicy", "deny-all", { spec: { endpointSelector: {}, egress: [{}] } }),
        ]), [
            "egress-only-stripe mandatory fqdn spec.egress[0].toFQDNs[0].matchPattern",
            "egress-only-stripe mandatory l4-only spec.egress[0].toPorts",
            "egress-only-stripe mandatory ranges specs[0].egress[0].toCIDR[0]",
            "egress-only-stripe mandatory ranges specs[1].egress[0].toCIDRSet[0].cidr",
            "egress-only-stripe mandatory ranges specs[2].egress[0].toCIDRSet[0].cidrGroupRef",
            "egress-only-stripe mandatory world spec.egress[0].toEntities[0]",
        ]);
    });

    it("Calico, through its API server and its CRDs: Allow rules to everything, to public nets, to Stripe on other ports", async () => {
        const tcp443 = { protocol: "TCP", destination: { nets: ["13.55.5.15/32"], ports: [443] } };
        assert.deepEqual(await judge([
            cr("projectcalico.org/v3", "NetworkPolicy", "anything", { spec: { selector: "all()", types: ["Egress"], egress: [{ action: "Allow" }] } }),
            cr("crd.projectcalico.org/v1", "GlobalNetworkPolicy", "not-nets", { spec: { selector: "all()", egress: [{ action: "Allow", protocol: "TCP", destination: { notNets: ["10.0.0.0/8"], ports: [443] } }] } }),
            cr("projectcalico.org/v3", "GlobalNetworkPolicy", "public", { spec: { egress: [{ action: "Allow", protocol: "TCP", destination: { nets: ["8.8.8.0/24"], ports: [53] } }] } }),
            cr("crd.projectcalico.org/v1", "NetworkPolicy", "stripe-any-port", { spec: { egress: [{ action: "Allow", protocol: "TCP", destination: { nets: ["13.55.5.15/32"] } }] } }),
            cr("projectcalico.org/v3", "NetworkPolicy", "domains", { spec: { egress: [{ action: "Allow", protocol: "TCP", destination: { domains: ["*.amazonaws.com"], ports: [443] } }] } }),
            // compliant look-alikes
            cr("projectcalico.org/v3", "NetworkPolicy", "ok", { spec: { egress: [
                tcp443,
                { action: "Allow", protocol: "TCP", destination: { selector: "app == 'auth'", ports: [3001] } },
                { action: "Allow", protocol: "UDP", destination: { nets: ["10.0.0.0/16"], ports: [53] } },
                { action: "Deny", destination: { nets: ["0.0.0.0/0"] } },
                { action: "Pass" },
                { action: "Allow", protocol: "TCP", destination: { domains: ["api.stripe.com"], ports: ["443"] } },
            ] } }),
        ]), [
            "egress-only-stripe mandatory anything spec.egress[0].destination",
            "egress-only-stripe mandatory domains spec.egress[0].destination.domains[0]",
            "egress-only-stripe mandatory not-nets spec.egress[0].destination",
            "egress-only-stripe mandatory public spec.egress[0].destination.nets[0]",
            "egress-only-stripe mandatory stripe-any-port spec.egress[0].destination.nets[0]",
        ]);
    });

    it("Kubernetes AdminNetworkPolicy and BaselineAdminNetworkPolicy", async () => {
        assert.deepEqual(await judge([
            cr("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy", "internet", { spec: { priority: 10, subject: { namespaces: {} }, egress: [{ name: "out", action: "Allow", to: [{ networks: ["0.0.0.0/0"] }] }] } }),
            cr("policy.networking.k8s.io/v1alpha1", "BaselineAdminNetworkPolicy", "default", { spec: { subject: { namespaces: {} }, egress: [{ action: "Allow", to: [{ domainNames: ["*.example.com"] }], ports: [{ portNumber: { protocol: "TCP", port: 443 } }] }] } }),
            cr("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy", "ok", { spec: { priority: 5, subject: { namespaces: {} }, egress: [
                { name: "stripe", action: "Allow", to: [{ networks: STRIPE_PAIR }, { domainNames: ["api.stripe.com"] }], ports: [{ portNumber: { protocol: "TCP", port: 443 } }] },
                { name: "deny", action: "Deny", to: [{ networks: ["0.0.0.0/0"] }] },
                { name: "pass", action: "Pass", to: [{ namespaces: {} }] },
            ] } }),
        ]), [
            "egress-only-stripe mandatory default spec.egress[0].to[0].domainNames[0]",
            "egress-only-stripe mandatory internet spec.egress[0].to[0].networks[0]",
        ]);
    });

    it("the Istio mesh: outbound policy, Sidecars, and ServiceEntries of either location (hosts of the stack's own stores are in the VPC)", async () => {
        const program = () => {
            new k8s.helm.v3.Release("istiod", { chart: "istiod", namespace: "istio-system", values: { pilot: { replicaCount: 2 } } });
            new k8s.helm.v3.Release("istiod-open", { chart: "istio/istiod", namespace: "istio-system", values: { meshConfig: { outboundTrafficPolicy: { mode: "ALLOW_ANY" } } } });
            new k8s.helm.v3.Release("istiod-locked", { chart: "istiod", namespace: "istio-system", values: { meshConfig: { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } } } });
            new k8s.helm.v3.Release("kong", { chart: "kong", namespace: "gateway", values: {} });
            new k8s.apiextensions.CustomResource("open-sidecar", { apiVersion: "networking.istio.io/v1", kind: "Sidecar", metadata: { namespace: "app" }, spec: { outboundTrafficPolicy: { mode: "ALLOW_ANY" } } });
            new k8s.apiextensions.CustomResource("operator", { apiVersion: "install.istio.io/v1alpha1", kind: "IstioOperator", metadata: { namespace: "istio-system" }, spec: { meshConfig: { outboundTrafficPolicy: { mode: "ALLOW_ANY" } } } });
            const se = (name: string, spec: Record<string, unknown>) => new k8s.apiextensions.CustomResource(name, { apiVersion: "networking.istio.io/v1", kind: "ServiceEntry", metadata: { namespace: "app" }, spec });
            se("stripe", { hosts: ["api.stripe.com"], location: "MESH_EXTERNAL", resolution: "DNS", ports: [{ number: 443, name: "tls", protocol: "TLS" }] });
            se("stripe-http", { hosts: ["api.stripe.com"], resolution: "DNS", ports: [{ number: 80, name: "http", protocol: "HTTP" }] });
            se("wildcard", { hosts: ["*.googleapis.com"], location: "MESH_EXTERNAL", resolution: "NONE", ports: [{ number: 443, name: "tls", protocol: "TLS" }] });
            se("by-address", { hosts: ["partner.internal"], addresses: ["203.0.113.0/24"], location: "MESH_EXTERNAL", resolution: "STATIC", ports: [{ number: 443, name: "tls", protocol: "TLS" }], endpoints: [{ address: "203.0.113.10" }] });
            se("in-mesh", { hosts: ["legacy.corp"], location: "MESH_INTERNAL", resolution: "DNS", ports: [{ number: 8080, name: "http", protocol: "HTTP" }] });
        };
        for (const preview of [false, true]) {
            assert.deepEqual(summary(await judgeProgram(pack(), program, preview), "egress-only-stripe"), [
                "egress-only-stripe mandatory by-address spec.addresses[0]",
                "egress-only-stripe mandatory by-address spec.endpoints[0].address",
                "egress-only-stripe mandatory in-mesh spec.hosts[0]",
                "egress-only-stripe mandatory istiod values.meshConfig.outboundTrafficPolicy.mode",
                "egress-only-stripe mandatory istiod-open values.meshConfig.outboundTrafficPolicy.mode",
                "egress-only-stripe mandatory open-sidecar spec.outboundTrafficPolicy.mode",
                "egress-only-stripe mandatory operator spec.meshConfig.outboundTrafficPolicy.mode",
                "egress-only-stripe mandatory stripe-http spec.hosts[0]",
                "egress-only-stripe mandatory wildcard spec.hosts[0]",
            ], preview ? "preview" : "after apply");
        }
    });

    it("a ServiceEntry for the stack's own store endpoint is in the VPC; the same host name from elsewhere is not", async () => {
        const db = r("aws:rds/instance:Instance", "orders", { address: "orders.abc.us-east-1.rds.amazonaws.com", dbSubnetGroupName: U });
        const broker = r("aws:mq/broker:Broker", "events", { instances: [{ endpoints: ["amqps://b-1.mq.us-east-1.amazonaws.com:5671"] }], subnetIds: U });
        const se = (name: string, host: unknown, port: number, deps: string[] = []) =>
            r("kubernetes:networking.istio.io/v1:ServiceEntry", name, { spec: { hosts: [host], location: "MESH_EXTERNAL", resolution: "DNS", ports: [{ number: port, name: "tcp", protocol: "TCP" }] } }, { spec: deps });
        assert.deepEqual(await judge([
            db, broker,
            se("orders-endpoint", "orders.abc.us-east-1.rds.amazonaws.com", 5432),
            se("events-endpoint", "b-1.mq.us-east-1.amazonaws.com", 5671),
            se("orders-preview", U, 5432, [db.urn]),
            se("someone-elses-db", "other.xyz.us-east-1.rds.amazonaws.com", 5432),
        ]), ["egress-only-stripe mandatory someone-elses-db spec.hosts[0]"]);
    });

    it("a ServiceEntry for a name the stack's own private-DNS interface endpoint answers is in the VPC; without private DNS, or from elsewhere, it is not", async () => {
        const endpoint = (name: string, service: string, extra: Record<string, unknown>) =>
            r("aws:ec2/vpcEndpoint:VpcEndpoint", name, { vpcId: "vpc-1", serviceName: service, vpcEndpointType: "Interface", ...extra });
        const se = (name: string, host: string) =>
            r("kubernetes:networking.istio.io/v1:ServiceEntry", name, { spec: { hosts: [host], location: "MESH_EXTERNAL", resolution: "DNS", ports: [{ number: 443, name: "tls", protocol: "TLS" }] } });
        assert.deepEqual(await judge([
            endpoint("sts", "com.amazonaws.us-east-1.sts", { privateDnsEnabled: true }),
            // The provider leaves private DNS off unless told: the regional name then still resolves to AWS's public addresses.
            endpoint("sns", "com.amazonaws.us-east-1.sns", {}),
            endpoint("logs", "com.amazonaws.us-east-1.logs", { privateDnsEnabled: true, vpcEndpointType: "Gateway" }),
            se("aws-sts", "sts.us-east-1.amazonaws.com"),
            se("aws-sns", "sns.us-east-1.amazonaws.com"),
            se("aws-logs", "logs.us-east-1.amazonaws.com"),
            se("other-region", "sts.eu-west-1.amazonaws.com"),
        ]), [
            "egress-only-stripe mandatory aws-logs spec.hosts[0]",
            "egress-only-stripe mandatory aws-sns spec.hosts[0]",
            "egress-only-stripe mandatory other-region spec.hosts[0]",
        ]);
    });

    it("destinations judged as address sets: ranges split differently from the list are still only Stripe", async () => {
        const rule = (name: string, cidr: string, v6 = false) =>
            r("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", name, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, [v6 ? "cidrIpv6" : "cidrIpv4"]: cidr });
        const list = r("aws:ec2/managedPrefixList:ManagedPrefixList", "stripe-list", { id: "pl-stripe", entries: STRIPE_PAIR.map((cidr) => ({ cidr })) });
        const wideList = r("aws:ec2/managedPrefixList:ManagedPrefixList", "half-internet", { id: "pl-half", entries: [{ cidr: "0.0.0.0/1" }] });
        assert.deepEqual(await judge([
            // 198.137.150.22/31 is .22 and .23, and .24/30 is .24 to .27: each address published on its own;
            // .20/30 adds .20 and .21, which are not
            rule("stripe-pair", "198.137.150.22/31"),
            rule("stripe-quad", "198.137.150.24/30"),
            rule("wider", "198.137.150.20/30"),
            rule("mapped-stripe", "::ffff:13.55.5.15/128", true),
            rule("nat64-stripe", "64:ff9b::d37:50f/128", true),
            rule("zero-zero", "0.0.0.0/00"),
            list, wideList,
            r("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "to-stripe-list", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-stripe" }),
            r("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "to-half", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-half" }),
            r("kubernetes:networking.k8s.io/v1:NetworkPolicy", "np-pair", { spec: { egress: [{ to: [{ ipBlock: { cidr: "198.137.150.22/31" } }], ports: [{ protocol: "TCP", port: 443 }] }] } }),
        ]), [
            "egress-only-stripe mandatory to-half prefixListId",
            "egress-only-stripe mandatory wider cidrIpv4",
            "egress-only-stripe mandatory zero-zero cidrIpv4",
        ]);
    });

    it("says what the engine allows and what is allowed instead", async () => {
        const report = await judgeResources(pack(), [cr("cilium.io/v2", "CiliumNetworkPolicy", "world", { spec: { egress: [{ toEntities: ["all"] }] } })]);
        assert.match(findings(report)[0].text, /"all" is every address outside the cluster, the whole internet/);
    });
});

// The review's egress programs: each bad rule gets exactly the findings listed, each look-alike none.
describe("egress-only-stripe: the review's programs (through the gRPC interface)", () => {
    const pack = usePack();

    it("security-group egress in every form, and NetworkPolicies of everyday clusters", async () => {
        const sg = (name: string, props: Record<string, unknown>) => r("aws:ec2/securityGroup:SecurityGroup", name, { vpcId: "vpc-1", ...props });
        const rule = (name: string, props: Record<string, unknown>) => r("aws:ec2/securityGroupRule:SecurityGroupRule", name, { type: "egress", securityGroupId: "sg-x", ...props });
        const out = (name: string, props: Record<string, unknown>) => r("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", name, { securityGroupId: "sg-x", ...props });
        const np = (name: string, egress: unknown[]) => r("kubernetes:networking.k8s.io/v1:NetworkPolicy", name, { metadata: { namespace: "app" }, spec: { podSelector: {}, policyTypes: ["Egress"], egress } });
        const report = await judgeResources(pack(), [
            sg("all-out", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }] }),
            sg("no-egress", {}),
            rule("eg6", { protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["2600::/16"] }),
            rule("eg-stripe-all", { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["13.56.126.253/32"] }),
            rule("eg-stripe-443", { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["13.56.126.253/32"] }),
            out("dns-out", { ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "8.8.8.8/32" }),
            out("ntp-out", { ipProtocol: "udp", fromPort: 123, toPort: 123, cidrIpv4: "169.254.169.123/32" }),
            out("icmp-out", { ipProtocol: "icmp", fromPort: -1, toPort: -1, cidrIpv4: "0.0.0.0/0" }),
            np("dns", [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }]),
            np("in-cluster", [{ to: [{ namespaceSelector: {} }] }, { to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }]),
            np("dns-anywhere", [{ ports: [{ protocol: "UDP", port: 53 }] }]),
            np("stripe-named-port", [{ to: [{ ipBlock: { cidr: "13.56.126.253/32" } }], ports: [{ protocol: "TCP", port: "https" }] }]),
            np("world-except", [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: [{ protocol: "TCP", port: 443 }] }]),
        ]);
        assert.deepEqual(summary(report, "egress-only-stripe"), [
            "egress-only-stripe mandatory all-out egress[0].cidrBlocks[0]",
            "egress-only-stripe mandatory all-out egress[0].ipv6CidrBlocks[0]",
            "egress-only-stripe mandatory dns-anywhere spec.egress[0].to",
            "egress-only-stripe mandatory dns-out cidrIpv4",
            "egress-only-stripe mandatory eg-stripe-all cidrBlocks[0]",
            "egress-only-stripe mandatory eg6 ipv6CidrBlocks[0]",
            "egress-only-stripe mandatory icmp-out cidrIpv4",
            "egress-only-stripe mandatory stripe-named-port spec.egress[0].to[0].ipBlock.cidr",
            "egress-only-stripe mandatory world-except spec.egress[0].to[0].ipBlock.cidr",
        ]);
    });
});
