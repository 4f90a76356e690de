import { strict as assert } from "assert";
import { UNKNOWN_SENTINEL as U } from "../../../policies/lib/read";
import { StackGraph, StackResource } from "../../../policies/lib/stack";
import { attachmentViolations } from "../../../policies/tls-everywhere/attachments";
import { noGuard } from "../../support/stackRules";
import { engineResource, findings, judgeResources, summary, usePack } from "../../support/pack";

const urn = (type: string, name: string) => `urn:pulumi:s::p::${type}::${name}`;
function r(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): StackResource {
    return { type, urn: urn(type, name), name, props, dependencies: [], propertyDependencies };
}
const PG = "aws:rds/parameterGroup:ParameterGroup";
const DB = "aws:rds/instance:Instance";
const judge = (rs: StackResource[]) => attachmentViolations(new StackGraph(rs), noGuard);
const flagged = (rs: StackResource[]) => judge(rs).map((v) => `${v.urn.split("::").pop()} ${v.field}`);

describe("tls-everywhere: attachments (stack)", () => {
    const forcing = r(PG, "forcing", { name: "forcing", family: "postgres14", parameters: [{ name: "rds.force_ssl", value: "1" }] });
    const silent = r(PG, "silent", { name: "silent", family: "postgres14", parameters: [] });

    it("flags a database attached to a group that does not force TLS, by name or through dependencies", () => {
        assert.deepEqual(flagged([silent, r(DB, "db", { engine: "postgres", parameterGroupName: "silent" })]), ["db parameterGroupName"]);
        assert.deepEqual(flagged([silent, r(DB, "db", { engine: "postgres", parameterGroupName: U }, { parameterGroupName: [silent.urn] })]), ["db parameterGroupName"]);
        const [v] = judge([silent, r(DB, "db", { engine: "postgres", parameterGroupName: "silent" })]);
        assert.match(v.message, /parameter group silent does not force TLS: it leaves rds\.force_ssl unset, and postgres14 defaults rds\.force_ssl to 0 \(AWS documentation, read 2026-12-01\); attach a group that sets rds\.force_ssl = 1/);
    });

    it("flags default groups whose family does not force TLS", () => {
        assert.deepEqual(flagged([r(DB, "db", { engine: "postgres", engineVersion: "14.9" })]), ["db parameterGroupName"]);
        assert.deepEqual(flagged([r(DB, "db", { engine: "mysql", parameterGroupName: "default.mysql8.0" })]), ["db parameterGroupName"]);
    });

    it("does not flag forcing groups, modern defaults, Aurora instances or unknowns", () => {
        assert.deepEqual(flagged([forcing, r(DB, "db", { engine: "postgres", parameterGroupName: "forcing" })]), []);
        assert.deepEqual(flagged([r(DB, "db", { engine: "postgres", engineVersion: "16.3" })]), []);
        assert.deepEqual(flagged([r(DB, "db", { engine: "postgres" })]), []);
        assert.deepEqual(flagged([r(DB, "db", { engine: "aurora-postgresql", engineVersion: "14.9" })]), []);
        assert.deepEqual(flagged([r(DB, "db", { engine: "postgres", parameterGroupName: U })]), []);
        assert.deepEqual(flagged([r(DB, "db", { engine: "postgres", parameterGroupName: "made-elsewhere" })]), []);
    });

    it("flags DocumentDB clusters attached to a group with tls disabled", () => {
        const g = r("aws:docdb/clusterParameterGroup:ClusterParameterGroup", "notls", { name: "notls", family: "docdb5.0", parameters: [{ name: "tls", value: "disabled" }] });
        assert.deepEqual(flagged([g, r("aws:docdb/cluster:Cluster", "docs", { dbClusterParameterGroupName: "notls" })]), ["docs dbClusterParameterGroupName"]);
    });

    it("treats an ALB listener without protocol as HTTP, and judges rules on HTTP listeners", () => {
        const alb = r("aws:lb/loadBalancer:LoadBalancer", "alb", { arn: "arn:alb", loadBalancerType: "application" });
        const nlb = r("aws:lb/loadBalancer:LoadBalancer", "nlb", { arn: "arn:nlb", loadBalancerType: "network" });
        const forward = [{ type: "forward", targetGroupArn: "tg" }];
        assert.deepEqual(flagged([alb, r("aws:lb/listener:Listener", "l", { loadBalancerArn: "arn:alb", defaultActions: forward })]), ["l defaultActions[0].type"]);
        assert.deepEqual(flagged([nlb, r("aws:lb/listener:Listener", "l", { loadBalancerArn: "arn:nlb", defaultActions: forward })]), []);
        const http = r("aws:alb/listener:Listener", "http", { arn: "arn:http", protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS" } }] });
        assert.deepEqual(flagged([http, r("aws:lb/listenerRule:ListenerRule", "rule", { listenerArn: "arn:http", actions: forward })]), ["rule actions[0].type"]);
        const https = r("aws:lb/listener:Listener", "https", { arn: "arn:https", protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
        assert.deepEqual(flagged([https, r("aws:lb/listenerRule:ListenerRule", "rule", { listenerArn: "arn:https", actions: forward })]), []);
    });
});

describe("tls-everywhere: engines' TLS defaults (through the gRPC interface)", () => {
    const pack = usePack();

    it("a database on its engine's default group is judged by the pinned table of defaults", async () => {
        const db = (name: string, props: Record<string, unknown>) => engineResource("aws:rds/instance:Instance", name, { dbSubnetGroupName: "p", ...props });
        const cluster = (name: string, props: Record<string, unknown>) => engineResource("aws:rds/cluster:Cluster", name, { dbSubnetGroupName: "p", ...props });
        const report = await judgeResources(pack(), [
            db("mariadb118", { engine: "mariadb", engineVersion: "11.8.3" }),
            db("mariadb114", { engine: "mariadb", engineVersion: "11.4.5" }),
            db("mysql84", { engine: "mysql", engineVersion: "8.4.5" }),
            db("pg15", { engine: "postgres", engineVersion: "15.7" }),
            db("pg14-by-name", { engine: "postgres", engineVersion: "14.10", parameterGroupName: "default.postgres14" }),
            db("sqlserver", { engine: "sqlserver-se", engineVersion: "16.00.4135.4.v1", licenseModel: "license-included" }),
            cluster("aurora-pg", { engine: "aurora-postgresql", engineVersion: "16.4" }),
            cluster("aurora-mysql", { engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.05.2" }),
        ]);
        assert.deepEqual(summary(report, "tls-everywhere"), [
            "tls-everywhere mandatory aurora-mysql dbClusterParameterGroupName",
            "tls-everywhere mandatory aurora-pg dbClusterParameterGroupName",
            "tls-everywhere mandatory mariadb114 parameterGroupName",
            "tls-everywhere mandatory mysql84 parameterGroupName",
            "tls-everywhere mandatory pg14-by-name parameterGroupName",
            "tls-everywhere mandatory sqlserver parameterGroupName",
        ]);
        assert.match(findings(report).find((f) => f.resource === "mysql84")!.text, /mysql8\.4 defaults require_secure_transport to OFF \(AWS documentation, read 2026-12-01\)/);
        assert.match(findings(report).find((f) => f.resource === "sqlserver")!.text, /sqlserver-se-16\.0 defaults rds\.force_ssl to 0/);
    });
});
