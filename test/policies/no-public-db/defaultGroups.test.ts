import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, judgeProgram, summary, usePack } from "../../support/pack";

// A store that names no security group gets its VPC's default group, so a
// world rule on that group exposes it, however the group is named: the
// DefaultSecurityGroup resource, or the VPC's defaultSecurityGroupId output.
describe("no-public-db: VPC default security groups (through the gRPC interface)", () => {
    const pack = usePack();

    const network = () => {
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
        const a = new aws.ec2.Subnet("a", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
        const b = new aws.ec2.Subnet("b", { vpcId: vpc.id, cidrBlock: "10.0.2.0/24" });
        const group = new aws.rds.SubnetGroup("g", { subnetIds: [a.id, b.id] });
        return { vpc, group };
    };
    const db = (group: aws.rds.SubnetGroup, extra: Partial<aws.rds.InstanceArgs> = {}) =>
        new aws.rds.Instance("db", { engine: "postgres", engineVersion: "16.4", instanceClass: "db.t4g.micro", dbSubnetGroupName: group.name, ...extra });

    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "after apply";

        it(`a rule on vpc.defaultSecurityGroupId exposes the store that names no group (${mode})`, async () => {
            const report = await judgeProgram(pack(), () => {
                const { vpc, group } = network();
                new aws.vpc.SecurityGroupIngressRule("default-open", { securityGroupId: vpc.defaultSecurityGroupId, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });
                db(group);
            }, preview);
            assert.deepEqual(summary(report, "no-public-db"), ["no-public-db mandatory default-open cidrIpv4"]);
            assert.match(findings(report)[0].text, /^"0\.0\.0\.0\/0" is outside the private ranges and is admitted to all traffic \(ipProtocol = "-1"\), which includes store port 5432 \(PostgreSQL\) \(this group protects RDS instance db \(port 5432\)\); admit store ports only from security groups or private ranges/);
        });

        it(`an aws.ec2.DefaultSecurityGroup open to the world is mandatory, with or without a store (${mode})`, async () => {
            const report = await judgeProgram(pack(), () => {
                new aws.ec2.DefaultSecurityGroup("default", { vpcId: "vpc-1", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
            }, preview);
            assert.deepEqual(summary(report, "no-public-db"), ["no-public-db mandatory default ingress[0].cidrBlocks[0]"]);
            assert.match(findings(report)[0].text, /a VPC's default security group guards every store of the VPC that names no group of its own/);
        });

        it(`a store with its own group is not guarded by the default group; the default group open on 443 is fine (${mode})`, async () => {
            const report = await judgeProgram(pack(), () => {
                const { vpc, group } = network();
                new aws.vpc.SecurityGroupIngressRule("default-web", { securityGroupId: vpc.defaultSecurityGroupId, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
                const own = new aws.ec2.SecurityGroup("db-sg", { vpcId: vpc.id });
                db(group, { vpcSecurityGroupIds: [own.id] });
            }, preview);
            assert.deepEqual(summary(report, "no-public-db"), []);
        });
    }
});
