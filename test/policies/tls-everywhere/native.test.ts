import { strict as assert } from "assert";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { engineResource as r, findings, judgeResources, summary, usePack } from "../../support/pack";

// aws-native resources (the CloudFormation schema, camel-cased) are judged
// like their AWS-provider twins, by all three policies.
describe("aws-native resources (through the gRPC interface)", () => {
    const pack = usePack();

    it("judges native databases, security groups, listeners, target groups and parameter groups like the AWS provider's", async () => {
        const lb = r("aws-native:elasticloadbalancingv2:LoadBalancer", "alb", { loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/alb/1", type: "application", scheme: "internet-facing" });
        const report = await judgeResources(pack(), [
            lb,
            r("aws-native:rds:DbInstance", "public-db", { engine: "postgres", publiclyAccessible: true, dbSubnetGroupName: "private" }),
            r("aws-native:rds:DbInstance", "unset-db", { engine: "postgres", dbSubnetGroupName: "private" }),
            r("aws-native:ec2:SecurityGroup", "native-sg", { groupDescription: "x", vpcId: "vpc-1", securityGroupIngress: [{ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIp: "0.0.0.0/0" }], securityGroupEgress: [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIp: "10.0.0.0/8" }] }),
            r("aws-native:ec2:SecurityGroupEgress", "native-egress", { groupId: "sg-1", ipProtocol: "-1", cidrIp: "0.0.0.0/0" }),
            r("aws-native:elasticloadbalancingv2:Listener", "http", { loadBalancerArn: lb.properties.loadBalancerArn, port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }, { loadBalancerArn: [lb.urn] }),
            r("aws-native:elasticloadbalancingv2:Listener", "old-tls", { loadBalancerArn: lb.properties.loadBalancerArn, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01", certificates: [{ certificateArn: "arn:cert" }], defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }),
            r("aws-native:elasticloadbalancingv2:TargetGroup", "plain-tg", { protocol: "HTTP", port: 8080, vpcId: "vpc-1" }),
            r("aws-native:rds:DbParameterGroup", "pg-off", { family: "postgres16", description: "x", parameters: { "rds.force_ssl": "0" } }),
            // Compliant twins.
            r("aws-native:rds:DbInstance", "private-db", { engine: "postgres", publiclyAccessible: false, dbSubnetGroupName: "private" }),
            r("aws-native:elasticloadbalancingv2:Listener", "redirect", { loadBalancerArn: lb.properties.loadBalancerArn, port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirectConfig: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }),
            r("aws-native:elasticloadbalancingv2:Listener", "modern-tls", { loadBalancerArn: lb.properties.loadBalancerArn, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificates: [{ certificateArn: "arn:cert" }], defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }),
            r("aws-native:rds:DbParameterGroup", "pg-on", { family: "postgres16", description: "x", parameters: { "rds.force_ssl": "1" } }),
        ]);
        assert.deepEqual(summary(report), [
            "egress-only-stripe mandatory native-egress cidrIp",
            "no-public-db mandatory native-sg securityGroupIngress[0].cidrIp",
            "no-public-db mandatory public-db publiclyAccessible",
            "no-public-db mandatory unset-db publiclyAccessible",
            "tls-everywhere mandatory http defaultActions[0].type",
            "tls-everywhere mandatory old-tls sslPolicy",
            "tls-everywhere mandatory pg-off parameters[\"rds.force_ssl\"]",
            "tls-everywhere mandatory plain-tg protocol",
        ]);
        const f = findings(report);
        assert.match(f.find((x) => x.resource === "unset-db")!.text, /^\(not set\) leaves it to RDS, which makes this RDS instance public when its subnets' VPC has an internet gateway attached/);
        assert.match(f.find((x) => x.resource === "http")!.text, /type "redirect", redirectConfig\.protocol "HTTPS"/);
        assert.match(f.find((x) => x.resource === "native-sg")!.text, /^"0\.0\.0\.0\/0" is outside the private ranges and is admitted to TCP 5432, which includes store port 5432 \(PostgreSQL\)/);
    });

    it("a native security group created without egress rules gets CloudFormation's allow-all egress", async () => {
        const report = await judgeResources(pack(), [r("aws-native:ec2:SecurityGroup", "no-egress", { groupDescription: "x", vpcId: "vpc-1" })]);
        assert.deepEqual(summary(report), [
            "egress-only-stripe mandatory no-egress securityGroupEgress",
            "egress-only-stripe mandatory no-egress securityGroupEgress",
        ]);
        assert.match(findings(report)[0].text, /CloudFormation \(and so aws-native\) adds an egress rule that allows all traffic to 0\.0\.0\.0\/0 and ::\/0/);
    });

    it("a native database is judged by the native parameter group it is attached to, or its engine's default", async () => {
        const group = (name: string, force: string, id = true) =>
            r("aws-native:rds:DbParameterGroup", name, { family: "postgres14", description: "x", parameters: { "rds.force_ssl": force }, ...(id ? { dbParameterGroupName: name } : {}) });
        const db = (name: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}) =>
            r("aws-native:rds:DbInstance", name, { engine: "postgres", engineVersion: "14.12", publiclyAccessible: false, dbSubnetGroupName: "p", ...props }, deps);
        const forcing = group("forcing", "1");
        const silentGroup = r("aws-native:rds:DbParameterGroup", "silent", { family: "postgres14", description: "x", parameters: { log_connections: "1" }, dbParameterGroupName: "silent" });
        const pending = group("pending", "1", false);
        const report = await judgeResources(pack(), [
            forcing, silentGroup, pending,
            db("on-default", {}),
            db("on-silent", { dbParameterGroupName: "silent" }),
            db("on-forcing", { dbParameterGroupName: "forcing" }),
            db("on-pending", { dbParameterGroupName: U }, { dbParameterGroupName: [pending.urn] }),
            db("pg16-default", { engineVersion: "16.4" }),
            r("aws-native:rds:DbCluster", "aurora-default", { engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.05.2", dbSubnetGroupName: "p" }),
        ]);
        assert.deepEqual(summary(report, "tls-everywhere"), [
            "tls-everywhere mandatory aurora-default dbClusterParameterGroupName",
            "tls-everywhere mandatory on-default dbParameterGroupName",
            "tls-everywhere mandatory on-silent dbParameterGroupName",
        ]);
        assert.match(findings(report).find((f) => f.resource === "on-silent")!.text, /^parameter group silent does not force TLS: it leaves rds\.force_ssl unset, and postgres14 defaults rds\.force_ssl to 0/);
    });
});
