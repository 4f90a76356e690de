import { strict as assert } from "assert";
import { StackInput } from "../../tools/analyzer";
import { UNKNOWN_SENTINEL as U } from "../../policies/lib/read";
import { engineResource as r, findings, judgeResources, secret, summary, usePack } from "../support/pack";

// Adversarial input through the pack's real interface: values written the
// way the component that acts on them reads them (booleans, ports, address
// spellings), ambiguous inputs, and crafted stacks whose size must not make
// the pack blow up. Each case here passed silently, or blew up, before the
// pack read inputs as their consumers do.

const SERVICE = "kubernetes:core/v1:Service";
const LBC = "service.k8s.aws/nlb";
const A = "service.beta.kubernetes.io/";

function dbService(name: string, annotations: Record<string, string>, loadBalancerClass?: string): StackInput {
    return r(SERVICE, name, {
        metadata: { name, annotations },
        spec: { type: "LoadBalancer", ...(loadBalancerClass ? { loadBalancerClass } : {}), selector: { app: "pg" }, ports: [{ port: 5432, protocol: "TCP" }] },
    });
}

describe("the pack under adversarial input (through the gRPC interface)", () => {
    const pack = usePack();

    describe("booleans read as the component that acts on them reads them", () => {
        it("AWS Load Balancer Controller: Go's strconv.ParseBool for the internal annotation, the scheme annotation first, internal by default", async () => {
            const report = await judgeResources(pack(), [
                dbService("lbc-internal-0", { [`${A}aws-load-balancer-internal`]: "0" }, LBC),
                dbService("lbc-internal-f", { [`${A}aws-load-balancer-internal`]: "f" }, LBC),
                dbService("lbc-internal-False", { [`${A}aws-load-balancer-internal`]: "False" }, LBC),
                dbService("lbc-internal-FALSE", { [`${A}aws-load-balancer-internal`]: "FALSE" }, LBC),
                dbService("lbc-scheme-wins", { [`${A}aws-load-balancer-scheme`]: "internet-facing", [`${A}aws-load-balancer-internal`]: "true" }, LBC),
                dbService("lbc-internal-yes", { [`${A}aws-load-balancer-internal`]: "yes" }, LBC),
                dbService("lbc-scheme-typo", { [`${A}aws-load-balancer-scheme`]: "Internal" }, LBC),
                dbService("lbc-by-type-annotation", { [`${A}aws-load-balancer-type`]: "external", [`${A}aws-load-balancer-nlb-target-type`]: "ip", [`${A}aws-load-balancer-internal`]: "F" }),
                // compliant look-alikes
                dbService("lbc-default", {}, LBC),
                dbService("lbc-internal-T", { [`${A}aws-load-balancer-internal`]: "T" }, LBC),
                dbService("lbc-scheme-internal", { [`${A}aws-load-balancer-scheme`]: "internal", [`${A}aws-load-balancer-internal`]: "false" }, LBC),
            ]);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db mandatory lbc-by-type-annotation spec.ports[0].port",
                "no-public-db mandatory lbc-internal-0 spec.ports[0].port",
                "no-public-db mandatory lbc-internal-FALSE spec.ports[0].port",
                "no-public-db mandatory lbc-internal-False spec.ports[0].port",
                "no-public-db mandatory lbc-internal-f spec.ports[0].port",
                "no-public-db mandatory lbc-internal-yes spec.ports[0].port",
                "no-public-db mandatory lbc-scheme-typo spec.ports[0].port",
                "no-public-db mandatory lbc-scheme-wins spec.ports[0].port",
            ]);
            const f = findings(report).find((x) => x.resource === "lbc-internal-yes")!;
            assert.match(f.text, /"yes" is not a boolean the AWS Load Balancer Controller reads/);
        });

        it("in-tree AWS provider: an empty internal annotation is internet-facing, any other value but \"false\" internal", async () => {
            const report = await judgeResources(pack(), [
                dbService("intree-empty", { [`${A}aws-load-balancer-internal`]: "" }),
                dbService("intree-false", { [`${A}aws-load-balancer-internal`]: "false" }),
                dbService("intree-none", {}),
                dbService("intree-0", { [`${A}aws-load-balancer-internal`]: "0" }),
                dbService("intree-cidr", { [`${A}aws-load-balancer-internal`]: "0.0.0.0/0" }),
            ]);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db mandatory intree-empty spec.ports[0].port",
                "no-public-db mandatory intree-false spec.ports[0].port",
                "no-public-db mandatory intree-none spec.ports[0].port",
            ]);
        });

        it("GKE: the networking.gke.io annotation first, and only \"Internal\" or \"internal\"; Azure: only \"true\"", async () => {
            const report = await judgeResources(pack(), [
                dbService("gke-upper", { "networking.gke.io/load-balancer-type": "INTERNAL" }),
                dbService("gke-precedence", { "networking.gke.io/load-balancer-type": "External", "cloud.google.com/load-balancer-type": "Internal" }),
                dbService("azure-True", { [`${A}azure-load-balancer-internal`]: "True" }),
                dbService("gke-internal", { "networking.gke.io/load-balancer-type": "Internal" }),
                dbService("gke-legacy", { "cloud.google.com/load-balancer-type": "internal" }),
                dbService("azure-true", { [`${A}azure-load-balancer-internal`]: "true" }),
            ]);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db mandatory azure-True spec.ports[0].port",
                "no-public-db mandatory gke-precedence spec.ports[0].port",
                "no-public-db mandatory gke-upper spec.ports[0].port",
            ]);
        });

        it("AWS provider bool inputs: \"1\" and 1 are true, \"0\" false, anything else is refused and judged as the exposed case", async () => {
            const report = await judgeResources(pack(), [
                r("aws:rds/instance:Instance", "string-one", { publiclyAccessible: "1", dbSubnetGroupName: U }),
                r("aws:rds/instance:Instance", "number-one", { publiclyAccessible: 1, dbSubnetGroupName: U }),
                r("aws:rds/instance:Instance", "capital-true", { publiclyAccessible: "True", dbSubnetGroupName: U }),
                r("aws:mq/broker:Broker", "string-zero", { publiclyAccessible: "0", subnetIds: U }),
                r("aws:elasticache/replicationGroup:ReplicationGroup", "tls-one", { transitEncryptionEnabled: "1", transitEncryptionMode: "required", subnetGroupName: U }),
                r("aws:elasticache/replicationGroup:ReplicationGroup", "tls-yes", { transitEncryptionEnabled: "yes", transitEncryptionMode: "required", subnetGroupName: U }),
            ]);
            assert.deepEqual(summary(report).filter((l) => !l.includes("tls-one")), [
                "no-public-db mandatory capital-true publiclyAccessible",
                "no-public-db mandatory number-one publiclyAccessible",
                "no-public-db mandatory string-one publiclyAccessible",
                "tls-everywhere mandatory tls-yes transitEncryptionEnabled",
            ]);
            assert.deepEqual(summary(report).filter((l) => l.includes("tls-one")), []);
        });
    });

    describe("ambiguous inputs judged safely", () => {
        it("a parameter set twice in one group is judged by its weakest value", async () => {
            const group = r("aws:rds/parameterGroup:ParameterGroup", "twice", {
                name: "twice", family: "postgres14", parameters: [{ name: "rds.force_ssl", value: "0" }, { name: "RDS.force_ssl", value: "1" }],
            });
            const db = r("aws:rds/instance:Instance", "orders", { engine: "postgres", engineVersion: "14.9", parameterGroupName: "twice" });
            assert.deepEqual(summary(await judgeResources(pack(), [group, db]), "tls-everywhere"), [
                "tls-everywhere mandatory orders parameterGroupName",
                "tls-everywhere mandatory twice parameters[0].value",
            ]);
        });

        it("fractional ports are read as the provider reads them (truncated), and Kubernetes ports by every integer they could mean", async () => {
            const report = await judgeResources(pack(), [
                r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "fraction", { ipProtocol: "tcp", fromPort: 5432.5, toPort: 5432.9, cidrIpv4: "0.0.0.0/0" }),
                r(SERVICE, "k8s-fraction", { spec: { type: "NodePort", ports: [{ port: 5431.5 }] } }),
                r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "unreadable", { ipProtocol: "tcp", fromPort: "5000-6000", toPort: 6000, cidrIpv4: "0.0.0.0/0" }),
                r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "https", { ipProtocol: "tcp", fromPort: 443.7, toPort: 443.2, cidrIpv4: "0.0.0.0/0" }),
            ]);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db mandatory fraction cidrIpv4",
                "no-public-db mandatory k8s-fraction spec.ports[0].port",
                "no-public-db mandatory unreadable cidrIpv4",
            ]);
        });

        it("every spelling of the whole internet is the whole internet: in routes, security groups and NetworkPolicies", async () => {
            const igw = r("aws:ec2/internetGateway:InternetGateway", "igw", { id: "igw-1" });
            const table = (name: string, routes: unknown[]) => r("aws:ec2/routeTable:RouteTable", name, { id: `rtb-${name}`, routes });
            const subnet = (name: string, rt: string) => [
                r("aws:ec2/subnet:Subnet", name, { id: `subnet-${name}`, mapPublicIpOnLaunch: false }),
                r("aws:ec2/routeTableAssociation:RouteTableAssociation", `${name}-assoc`, { subnetId: `subnet-${name}`, routeTableId: `rtb-${rt}` }),
            ];
            const db = (name: string, s: string) => [
                r("aws:rds/subnetGroup:SubnetGroup", `${name}-group`, { name: `${name}-group`, subnetIds: [`subnet-${s}`] }),
                r("aws:rds/instance:Instance", name, { dbSubnetGroupName: `${name}-group` }),
            ];
            const spellings = { "zero-zero": "0.0.0.0/00", "v6-zero": "::0/0", "v6-long": "0:0:0:0:0:0:0:0/0", "v4-mapped": "::ffff:0.0.0.0/96" };
            const resources: StackInput[] = [igw];
            for (const [name, cidr] of Object.entries(spellings)) {
                const v6 = cidr.includes(":");
                resources.push(table(name, [{ [v6 ? "ipv6CidrBlock" : "cidrBlock"]: cidr, gatewayId: "igw-1" }]), ...subnet(name, name), ...db(`db-${name}`, name));
            }
            resources.push(
                r("aws:ec2/securityGroup:SecurityGroup", "sg-zero-zero", { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/00"] }] }),
                r("kubernetes:networking.k8s.io/v1:NetworkPolicy", "np-zero-zero", { spec: { egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/00" } }], ports: [{ port: 443 }] }] } }),
                // two halves of the internet, and a table whose only route to the gateway is a private range
                table("halves", [{ cidrBlock: "0.0.0.0/1", gatewayId: "igw-1" }, { cidrBlock: "128.0.0.0/1", gatewayId: "igw-1" }]),
                ...subnet("halves", "halves"), ...db("db-halves", "halves"),
                table("private-only", [{ cidrBlock: "10.20.0.0/16", gatewayId: "igw-1" }]),
                ...subnet("private-only", "private-only"), ...db("db-private-only", "private-only"),
            );
            assert.deepEqual(summary(await judgeResources(pack(), resources)), [
                "egress-only-stripe mandatory np-zero-zero spec.egress[0].to[0].ipBlock.cidr",
                "no-public-db mandatory db-halves dbSubnetGroupName",
                "no-public-db mandatory db-v4-mapped dbSubnetGroupName",
                "no-public-db mandatory db-v6-long dbSubnetGroupName",
                "no-public-db mandatory db-v6-zero dbSubnetGroupName",
                "no-public-db mandatory db-zero-zero dbSubnetGroupName",
                "no-public-db mandatory sg-zero-zero ingress[0].cidrBlocks[0]",
            ]);
        });

        it("a secret or unknown sibling never hides a violation already visible", async () => {
            const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" };
            const report = await judgeResources(pack(), [
                r("aws:rds/instance:Instance", "secret-password", { publiclyAccessible: "1", password: SECRET, dbSubnetGroupName: U }),
                r(SERVICE, "secret-annotation", {
                    metadata: { annotations: { "example.com/token": SECRET, [`${A}aws-load-balancer-internal`]: "" } },
                    spec: { type: "LoadBalancer", ports: [{ port: 5432 }, { port: U }] },
                }),
            ]);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db mandatory secret-annotation spec.ports[0].port",
                "no-public-db mandatory secret-password publiclyAccessible",
            ]);
        });
    });

    describe("cost bounded by the size of the stack", () => {
        it("thousands of stores sharing one group of thousands of public subnets: each store flagged once, with a bounded message", async function () {
            this.timeout(120000);
            const n = 2000;
            const resources: StackInput[] = [
                r("aws:ec2/internetGateway:InternetGateway", "igw", { id: "igw-1" }),
                r("aws:ec2/routeTable:RouteTable", "public", { id: "rtb-1", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] }),
                r("aws:rds/subnetGroup:SubnetGroup", "shared", { name: "shared", subnetIds: Array.from({ length: n }, (_, i) => `subnet-${i}`) }),
            ];
            for (let i = 0; i < n; i++) {
                resources.push(
                    r("aws:ec2/subnet:Subnet", `s${i}`, { id: `subnet-${i}`, mapPublicIpOnLaunch: false }),
                    r("aws:ec2/routeTableAssociation:RouteTableAssociation", `a${i}`, { subnetId: `subnet-${i}`, routeTableId: "rtb-1" }),
                    r("aws:rds/instance:Instance", `db${i}`, { dbSubnetGroupName: "shared" }),
                );
            }
            const report = await pack().client.analyzeStack(resources);
            const placement = report.diagnostics.filter((d) => /places this RDS instance in a public subnet/.test(d.message));
            assert.equal(placement.length, n);
            assert.ok(placement.every((d) => d.message.length < 1500), `a message is ${Math.max(...placement.map((d) => d.message.length))} characters long`);
            assert.match(placement[0].message, /and 1997 more/);
        });

        it("thousands of prefix-list entries against thousands of rules: each rule flagged once, with a bounded message", async function () {
            this.timeout(120000);
            const n = 1500;
            const resources: StackInput[] = [r("aws:ec2/managedPrefixList:ManagedPrefixList", "partners", { id: "pl-partners", entries: [{ cidr: "10.1.0.0/16" }] })];
            for (let i = 0; i < n; i++) {
                resources.push(
                    r("aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", `entry-${i}`, { prefixListId: "pl-partners", cidr: `198.18.${i >> 8}.${i & 255}/32` }),
                    r("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", `egress-${i}`, { securityGroupId: "sg-app", ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-partners" }),
                );
            }
            const report = await pack().client.analyzeStack(resources);
            const egress = report.diagnostics.filter((d) => d.policyName === "egress-only-stripe");
            assert.equal(egress.length, n, "one finding per rule, not one per entry and rule");
            assert.ok(egress.every((d) => d.message.length < 2000), `a message is ${Math.max(...egress.map((d) => d.message.length))} characters long`);
            assert.match(egress[0].message, /prefix list partners holds entry entry-0: "198\.18\.0\.0\/32" is a public destination.*and 1497 more entries/);
        });
    });
});

// The review's malformed, secret and unknown inputs: a secret or unknown
// sibling hides nothing that is known, and no malformed shape makes a rule
// fault ("could not evaluate") or pass what the provider would read as exposed.
describe("the pack under the review's malformed input (through the gRPC interface)", () => {
    const pack = usePack();

    it("secret and unknown siblings", async () => {
        const report = await judgeResources(pack(), [
            r("aws:ec2/securityGroup:SecurityGroup", "sec-list", { ingress: secret([{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }]) }),
            r("aws:ec2/securityGroup:SecurityGroup", "sec-port", { ingress: [{ protocol: "tcp", fromPort: secret(5432), toPort: secret(5432), cidrBlocks: [secret("0.0.0.0/0")] }] }),
            r("aws:ec2/securityGroup:SecurityGroup", "unk-sibling", { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [U] }, { protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["0.0.0.0/0"], description: U }], egress: U }),
            r("aws:ec2/securityGroup:SecurityGroup", "unk-proto", { ingress: [{ protocol: U, fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] }),
            r("aws:ec2/securityGroup:SecurityGroup", "unk-port", { ingress: [{ protocol: "tcp", fromPort: U, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] }),
            r("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "eg-unk-proto", { securityGroupId: "sg-1", ipProtocol: U, cidrIpv4: "0.0.0.0/0" }),
            r("aws:ec2/securityGroupRule:SecurityGroupRule", "rule-unk-type", { type: U, protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1" }),
            r("aws:lb/listener:Listener", "lst-sec", { protocol: secret("HTTPS"), sslPolicy: secret("ELBSecurityPolicy-2016-08"), port: 443 }),
            r("kubernetes:core/v1:Service", "svc-secret-annot", { metadata: { annotations: secret({ "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing", "service.beta.kubernetes.io/aws-load-balancer-type": "external", "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip" }) }, spec: { type: "LoadBalancer", ports: [{ port: 5432 }] } }),
            r("kubernetes:core/v1:Service", "svc-unk-annot", { metadata: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": U } }, spec: { type: "LoadBalancer", ports: [{ port: 5432 }] } }),
        ]);
        assert.deepEqual(summary(report), [
            "egress-only-stripe mandatory eg-unk-proto cidrIpv4",
            "no-public-db mandatory sec-list ingress[0].cidrBlocks[0]",
            "no-public-db mandatory sec-port ingress[0].cidrBlocks[0]",
            "no-public-db mandatory svc-secret-annot spec.ports[0].port",
            "no-public-db mandatory svc-unk-annot spec.ports[0].port",
            "no-public-db mandatory unk-port ingress[0].cidrBlocks[0]",
            "no-public-db mandatory unk-sibling ingress[1].cidrBlocks[0]",
            "tls-everywhere mandatory lst-sec sslPolicy",
        ]);
        assert.match(findings(report).find((f) => f.resource === "unk-port")!.text, /\(fromPort is not known yet, but the range ends at the store port\)/);
    });

    it("malformed shapes on every policy: no rule faults, and what the provider reads as exposed is reported", async () => {
        const big = Array.from({ length: 2000 }, (_, i) => ({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [`10.${(i >> 8) & 255}.${i & 255}.0/24`] }));
        const report = await judgeResources(pack(), [
            r("aws:ec2/securityGroup:SecurityGroup", "null-ingress", { ingress: [null, { protocol: null, cidrBlocks: null }], egress: null }),
            r("aws:ec2/securityGroup:SecurityGroup", "num-proto", { ingress: [{ protocol: 6, fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] }),
            r("aws:ec2/securityGroup:SecurityGroup", "big", { egress: big }),
            r("kubernetes:core/v1:Service", "svc-weird", { metadata: { annotations: ["x"] }, spec: { type: "LoadBalancer", ports: { port: 5432 } } }),
            r("kubernetes:core/v1:Service", "svc-null", { metadata: null, spec: { type: "LoadBalancer", ports: [null, { port: "5432" }], externalIPs: [null, 5] } }),
            r("kubernetes:networking.k8s.io/v1:NetworkPolicy", "np-weird", { spec: { egress: [null, { to: [null, { ipBlock: null }, { ipBlock: { cidr: 5 } }] }, { to: "x" }] } }),
            r("kubernetes:networking.k8s.io/v1:Ingress", "ing-weird", { metadata: { annotations: { "alb.ingress.kubernetes.io/ssl-policy": 5 } }, spec: { tls: [null, { hosts: [null, 5] }], rules: [null, { host: 7 }] } }),
            r("cloudflare:index/ruleset:Ruleset", "rs-weird", { rules: [null, { action: "set_config", actionParameters: null }, { action: "redirect", actionParameters: { fromValue: { targetUrl: null } } }] }),
            r("aws:rds/parameterGroup:ParameterGroup", "pg-weird", { family: 5, parameters: [null, { name: null }, { name: "rds.force_ssl", value: 0 }] }),
            r("aws:lb/listener:Listener", "lst-weird", { protocol: 5, defaultActions: [null, "x"] }),
            r("aws:cloudfront/distribution:Distribution", "cf-weird", { defaultCacheBehavior: null, origins: [null], viewerCertificate: "x" }),
            r("kubernetes:cilium.io/v2:CiliumNetworkPolicy", "cil-weird", { spec: { egress: [{ toPorts: [null, { ports: [null, { port: 443 }] }], toCIDR: [null] }] }, specs: "x" }),
            r("kubernetes:projectcalico.org/v3:NetworkPolicy", "cal-weird", { spec: { egress: [{ action: "Allow", destination: { nets: [null, "1.1.1.1/32"], ports: [null] }, protocol: null }] } }),
            r("kubernetes:networking.istio.io/v1:ServiceEntry", "se-weird", { spec: { hosts: [null, 5], endpoints: [null, { address: 7 }], ports: [null] } }),
            r("aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", "oss-weird", { type: "network", policy: "null" }),
            r("aws:elasticache/replicationGroup:ReplicationGroup", "rg-weird", { transitEncryptionEnabled: "TRUE", securityGroupIds: [null, 5], subnetGroupName: 5 }),
            r("aws:mq/broker:Broker", "mq-weird", { publiclyAccessible: secret(true), securityGroups: secret(["sg-1"]), subnetIds: [U] }),
            r("aws:rds/instance:Instance", "db-weird", { publiclyAccessible: "True", engine: 5, port: "abc", vpcSecurityGroupIds: "sg-1", dbSubnetGroupName: ["x"] }),
            r("aws:ec2/routeTable:RouteTable", "rt-weird", { routes: [null, { cidrBlock: 5, gatewayId: ["igw-1"] }] }),
            r("aws:lb/listenerRule:ListenerRule", "lr-weird", { listenerArn: 5, actions: { type: "forward" } }),
        ]);
        assert.deepEqual(findings(report).filter((f) => /could not evaluate/.test(f.text)), []);
        assert.deepEqual(summary(report), [
            "egress-only-stripe mandatory cal-weird spec.egress[0].destination.nets[1]",
            "egress-only-stripe mandatory np-weird spec.egress[2].to",
            "no-public-db mandatory db-weird publiclyAccessible",
            "no-public-db mandatory mq-weird publiclyAccessible",
            "no-public-db mandatory num-proto ingress[0].cidrBlocks[0]",
            "no-public-db mandatory svc-null spec.ports[1].port",
            'tls-everywhere advisory ing-weird metadata.annotations["alb.ingress.kubernetes.io/ssl-policy"]',
            'tls-everywhere mandatory ing-weird metadata.annotations["alb.ingress.kubernetes.io/listen-ports"]',
            "tls-everywhere mandatory pg-weird parameters[2].value",
            "tls-everywhere mandatory rg-weird transitEncryptionEnabled",
        ]);
    });
});
