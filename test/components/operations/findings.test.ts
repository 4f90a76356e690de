import { strict as assert } from "assert";
import {
    backupFailurePattern,
    checkDetectorFeatures,
    DETECTOR_FEATURES,
    guardDutyFindingPattern,
    securityHubFindingPattern,
    standardsArn,
    wildcardMatches,
} from "../../../components/operations";
import { cachePrefix } from "../../../components/cluster";
import { CACHE_REPOSITORY_FILTER } from "../../../infra/operations";

describe("components/operations/findings", () => {
    it("turns on EKS audit logs and Runtime Monitoring with agent management off, and no EKS_RUNTIME_MONITORING beside it", () => {
        const names = DETECTOR_FEATURES.map((f) => f.name);
        assert.deepEqual(names, ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "RUNTIME_MONITORING"]);
        const runtime = DETECTOR_FEATURES.find((f) => f.name === "RUNTIME_MONITORING")!;
        assert.deepEqual(runtime.additional!.map((a) => `${a.name}=${a.status}`), [
            "EKS_ADDON_MANAGEMENT=DISABLED",
            "ECS_FARGATE_AGENT_MANAGEMENT=DISABLED",
            "EC2_AGENT_MANAGEMENT=DISABLED",
        ]);
        checkDetectorFeatures(DETECTOR_FEATURES);
        assert.throws(() => checkDetectorFeatures([...DETECTOR_FEATURES, { name: "EKS_RUNTIME_MONITORING" }]), /RUNTIME_MONITORING and EKS_RUNTIME_MONITORING cannot both be configured/);
        assert.throws(() => checkDetectorFeatures([{ name: "S3_DATA_EVENTS" }, { name: "S3_DATA_EVENTS" }]), /listed twice/);
    });

    it("names the standards per partition and region", () => {
        assert.equal(standardsArn("fsbp", "aws", "us-east-1"), "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0");
        assert.equal(standardsArn("cis", "aws-us-gov", "us-gov-west-1"), "arn:aws-us-gov:securityhub:us-gov-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0");
    });

    it("sends GuardDuty findings of severity 7 and up, and Security Hub's critical and high ones but GuardDuty's", () => {
        assert.deepEqual(guardDutyFindingPattern(), { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", 7] }] } });
        const hub = securityHubFindingPattern() as any;
        assert.deepEqual(hub.detail.findings.Severity.Label, ["CRITICAL", "HIGH"]);
        assert.deepEqual(hub.detail.findings.ProductName, [{ "anything-but": "GuardDuty" }]);
        assert.deepEqual(hub["detail-type"], ["Security Hub Findings - Imported"]);
        assert.deepEqual((backupFailurePattern() as any).detail.state, ["FAILED", "ABORTED", "EXPIRED"]);
    });

    it("matches ECR wildcard filters over the whole repository name", () => {
        assert.ok(wildcardMatches("tickettoken-*", "tickettoken-prod-ecr-public/eks/aws-load-balancer-controller"));
        assert.ok(!wildcardMatches("tickettoken-*", "other/tickettoken-prod"));
        assert.ok(wildcardMatches("a.b", "a.b") && !wildcardMatches("a.b", "axb"), "dots are literal");
        for (const stack of ["dev", "staging", "prod"]) {
            for (const upstream of ["ecr-public", "docker-hub"] as const) {
                assert.ok(wildcardMatches(CACHE_REPOSITORY_FILTER, `${cachePrefix(`tickettoken-${stack}`, upstream)}/library/kong`), `${stack} ${upstream}`);
            }
        }
    });
});
