import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, judgeProgram, summary, usePack } from "../../support/pack";

// World ingress judged by what the group protects (storeGroups.ts), through
// the pack's real interface: ECS's dynamic port band, groups with no store
// behind them, and "-1" rules that still name a store port.
describe("no-public-db: world ingress by what the group protects (through the gRPC interface)", () => {
    const pack = usePack();

    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "after apply";

        it(`ECS's dynamic host ports from the world on a group with no store are advisory, not mandatory (${mode})`, async () => {
            const report = await judgeProgram(pack(), () => {
                new aws.ec2.SecurityGroup("ecs-hosts", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 32768, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }] });
                new aws.ec2.SecurityGroup("ecs-hosts-new", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 49153, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }] });
            }, preview);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db advisory ecs-hosts ingress[0].cidrBlocks[0]",
                "no-public-db advisory ecs-hosts-new ingress[0].cidrBlocks[0]",
            ]);
            assert.match(findings(report)[0].text, /is admitted to TCP 32768-65535 of a security group no store of this stack uses, which includes store ports 50000 \(Db2\), 61614 \(ActiveMQ STOMP\+SSL\), 61617 \(ActiveMQ OpenWire\+SSL\); nothing here is exposed/);
        });

        it(`the dynamic band stays mandatory on a group whose store listens inside it, and narrower ranges stay mandatory (${mode})`, async () => {
            const report = await judgeProgram(pack(), () => {
                const mq = new aws.ec2.SecurityGroup("mq-sg", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 32768, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }] });
                new aws.mq.Broker("mq", {
                    engineType: "ActiveMQ", engineVersion: "5.18", hostInstanceType: "mq.t3.micro", subnetIds: ["subnet-1"], securityGroups: [mq.id],
                    users: [{ username: "u", password: "not-a-real-password-1" }],
                });
                new aws.ec2.SecurityGroup("unprivileged", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 1024, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }] });
                new aws.ec2.SecurityGroup("activemq-ports", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 61614, toPort: 61617, cidrBlocks: ["0.0.0.0/0"] }] });
            }, preview);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db mandatory activemq-ports ingress[0].cidrBlocks[0]",
                "no-public-db mandatory mq-sg ingress[0].cidrBlocks[0]",
                "no-public-db mandatory unprivileged ingress[0].cidrBlocks[0]",
            ]);
            assert.match(findings(report).find((f) => f.resource === "mq-sg")!.text, /is admitted to TCP 32768-65535, which includes store ports 61614 \(ActiveMQ STOMP\+SSL\), 61617 \(ActiveMQ OpenWire\+SSL\), 61619 \(this group protects Amazon MQ broker mq/);
        });

        it(`a "-1" rule that names a store port is mandatory even with no store in the stack; every port on a store-less group is advisory (${mode})`, async () => {
            const report = await judgeProgram(pack(), () => {
                new aws.ec2.SecurityGroup("pg-all", { vpcId: "vpc-1", ingress: [{ protocol: "-1", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] });
                new aws.ec2.SecurityGroup("pg-tcp", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] });
                new aws.ec2.SecurityGroup("lb-all", { vpcId: "vpc-1", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
                new aws.ec2.SecurityGroup("web", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] });
            }, preview);
            assert.deepEqual(summary(report, "no-public-db"), [
                "no-public-db advisory lb-all ingress[0].cidrBlocks[0]",
                "no-public-db mandatory pg-all ingress[0].cidrBlocks[0]",
                "no-public-db mandatory pg-tcp ingress[0].cidrBlocks[0]",
            ]);
            assert.match(findings(report).find((f) => f.resource === "pg-all")!.text,
                /^"0\.0\.0\.0\/0" is outside the private ranges and is admitted to all traffic \(ingress\[0\]\.protocol = "-1": AWS ignores fromPort and toPort and admits every port, though the rule names TCP 5432\), which includes store port 5432 \(PostgreSQL\)/);
        });
    }
});
