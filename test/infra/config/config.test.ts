import { strict as assert } from "assert";
import { ConfigReader, loadStackConfig, PROJECT } from "../../../infra/config";
import { configProblems as problemsOf, stackSource } from "../../support/config";

describe("infra/config", () => {
    it("loads every stack", () => {
        const dev = loadStackConfig(stackSource("dev"));
        const prod = loadStackConfig(stackSource("prod"));
        const staging = loadStackConfig(stackSource("staging"));
        assert.equal(dev.size, "small");
        assert.equal(dev.network.natGateways, "single");
        assert.equal(prod.size, "large");
        assert.equal(prod.network.natGateways, "perAz");
        assert.equal(prod.network.vpcCidr, "10.0.0.0/16");
        assert.equal(prod.network.azCount, 3);
        assert.equal(staging.network.natGateways, "single");
        assert.equal(prod.machines.postgresInstanceClass, "db.r7g.xlarge");
    });

    const cases: Array<[string, Record<string, string>, RegExp]> = [
        ["a malformed CIDR", { vpcCidr: "10.0.0/16" }, /tickettoken:vpcCidr = "10\.0\.0\/16": must be an IPv4 CIDR like 10\.0\.0\.0\/16 with a prefix from \/16 to \/20/],
        ["a CIDR with host bits", { vpcCidr: "10.0.3.0/16" }, /tickettoken:vpcCidr = "10\.0\.3\.0\/16": has host bits set; the network address is 10\.0\.0\.0\/16/],
        ["a public VPC range", { vpcCidr: "8.8.0.0/16" }, /tickettoken:vpcCidr = "8\.8\.0\.0\/16": must lie inside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16/],
        ["a VPC range too wide", { vpcCidr: "10.0.0.0/12" }, /vpcCidr = "10\.0\.0\.0\/12": must be .* from \/16 to \/20/],
        ["an overlapping CIDR", { serviceCidr: "10.0.128.0/17" }, /tickettoken:serviceCidr = "10\.0\.128\.0\/17": must not overlap the VPC range 10\.0\.0\.0\/16/],
        ["too many zones", { azCount: "7" }, /tickettoken:azCount = "7": must be an integer from 2 to 6/],
        ["too few zones", { azCount: "1" }, /tickettoken:azCount = "1": must be an integer from 2 to 6/],
        ["a zone count that is not a number", { azCount: "three" }, /tickettoken:azCount = "three": must be an integer from 2 to 6/],
        ["a fractional zone count", { azCount: "2.5" }, /tickettoken:azCount = "2\.5": must be an integer/],
        ["an unknown environment size", { size: "huge" }, /tickettoken:size = "huge": must be one of "small", "medium", "large"/],
        ["an unknown NAT mode", { natGateways: "many" }, /tickettoken:natGateways = "many": must be one of "single", "perAz"/],
        ["a retention CloudWatch does not offer", { flowLogRetentionDays: "45" }, /tickettoken:flowLogRetentionDays = "45": must be one of 1, 3, 5, 7, 14, 30/],
    ];
    cases.push(
        ["a Kubernetes version EKS does not support", { kubernetesVersion: "1.29" }, /tickettoken:kubernetesVersion = "1\.29": must be one of 1\.33, 1\.34, 1\.35 \(the Kubernetes versions in EKS standard support\)/],
        ["a malformed Kubernetes version", { kubernetesVersion: "v1.34" }, /tickettoken:kubernetesVersion = "v1\.34": must be one of 1\.33, 1\.34, 1\.35/],
        ["a t-family app node type", { appNodeInstanceTypes: '["t3.large"]' }, /tickettoken:appNodeInstanceTypes = "\[\\"t3\.large\\"\]": item 0 \("t3\.large"\) is a burstable t-family type, which cannot carry pod ENIs; must be a Nitro instance type of the m, c, r families/],
        ["a t-family system node type", { systemNodeInstanceTypes: '["m6i.large", "t4g.medium"]' }, /tickettoken:systemNodeInstanceTypes = .*item 1 \("t4g\.medium"\) is a burstable t-family type/],
        ["an old-generation node type", { appNodeInstanceTypes: '["m4.large"]' }, /tickettoken:appNodeInstanceTypes = .*item 0 \("m4\.large"\) must be a Nitro instance type of the m, c, r families, generation 5 or later/],
        ["node types of two architectures", { appNodeInstanceTypes: '["m6i.large", "m7g.large"]' }, /tickettoken:appNodeInstanceTypes = .*mixes x86_64 and arm64 types; a node group runs one AMI/],
        ["a node type list that is not a list", { appNodeInstanceTypes: "m6i.large" }, /tickettoken:appNodeInstanceTypes = "m6i\.large": must be a list/],
        ["a deploy role of the wrong shape", { deployRoleArn: "platform-admin" }, /tickettoken:deployRoleArn = "platform-admin": must be an IAM role ARN like arn:aws:iam::123456789012:role\/tickettoken-deploy \(EKS refuses STS session ARNs\)$/],
        ["an STS session as the preview role", { previewRoleArn: "arn:aws:sts::123456789012:assumed-role/preview/me" }, /tickettoken:previewRoleArn = "arn:aws:sts::123456789012:assumed-role\/preview\/me": must be an IAM role ARN/],
        ["an IAM user as the deploy role", { deployRoleArn: "arn:aws:iam::123456789012:user/alice" }, /tickettoken:deployRoleArn = "arn:aws:iam::123456789012:user\/alice": must be an IAM role ARN/],
        ["no deploy role where roles are required", { deployRoleArn: "" }, /tickettoken:deployRoleArn = "": required while requireClusterRoles is true: an IAM role ARN/],
        ["no preview role where roles are required", { previewRoleArn: "" }, /tickettoken:previewRoleArn = "": required while requireClusterRoles is true/],
        ["the same role for deploy and preview", { previewRoleArn: "arn:aws:iam::123456789012:role/tickettoken-prod-deploy" }, /tickettoken:previewRoleArn = "arn:aws:iam::123456789012:role\/tickettoken-prod-deploy": must differ from deployRoleArn: EKS allows one access entry per principal/],
        ["requireClusterRoles that is not a boolean", { requireClusterRoles: "sometimes" }, /tickettoken:requireClusterRoles = "sometimes": must be true or false/],
        ["a public endpoint open to everyone", { endpointPublicAccessCidrs: '["0.0.0.0/0"]' }, /tickettoken:endpointPublicAccessCidrs = .*must not be the whole address space/],
        ["a public endpoint CIDR with host bits", { endpointPublicAccessCidrs: '["203.0.113.9/24"]' }, /tickettoken:endpointPublicAccessCidrs = .*has host bits set; the network address is 203\.0\.113\.0\/24/],
        ["a control-plane log retention CloudWatch does not offer", { clusterLogRetentionDays: "45" }, /tickettoken:clusterLogRetentionDays = "45": must be one of 1, 3, 5/],
        ["deletion protection that is not a boolean", { clusterDeletionProtection: "yes" }, /tickettoken:clusterDeletionProtection = "yes": must be true or false/],
        ["a deploy runner repository without an owner", { deployRunnerRepository: "platform-network" }, /tickettoken:deployRunnerRepository = "platform-network": GitHub repository "platform-network" must be "<owner>\/<name>"/],
        ["a deploy runner repository with a bad owner", { deployRunnerRepository: "-tickettoken/platform" }, /tickettoken:deployRunnerRepository = "-tickettoken\/platform": GitHub repository .* must be/],
        ["a deploy runner repository given as a URL", { deployRunnerRepository: "https://github.com/tickettoken/platform" }, /tickettoken:deployRunnerRepository = .*must be "<owner>\/<name>"/],
        ["a GitHub token instead of a connection ARN", { deployRunnerConnectionArn: "ghp_0123456789abcdef" }, /tickettoken:deployRunnerConnectionArn = "ghp_0123456789abcdef": must be the ARN of a CodeConnections connection to GitHub/],
        ["a connection ARN of another service", { deployRunnerConnectionArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:github-AbCdEf" }, /tickettoken:deployRunnerConnectionArn = .*must be the ARN of a CodeConnections connection/],
        ["a compute type CodeBuild does not offer everywhere", { deployRunnerComputeType: "BUILD_GENERAL1_2XLARGE" }, /tickettoken:deployRunnerComputeType = "BUILD_GENERAL1_2XLARGE": must be one of "BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE"/],
        ["no concurrent deploy jobs", { deployRunnerConcurrency: "0" }, /tickettoken:deployRunnerConcurrency = "0": must be an integer from 1 to 10/],
        ["too many concurrent deploy jobs", { deployRunnerConcurrency: "11" }, /tickettoken:deployRunnerConcurrency = "11": must be an integer from 1 to 10/],
        ["a runner log retention CloudWatch does not offer", { deployRunnerLogRetentionDays: "45" }, /tickettoken:deployRunnerLogRetentionDays = "45": must be one of 1, 3, 5/],
        ["a Docker Hub credential outside ecr-pullthroughcache/", { dockerHubCredentialArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf" }, /tickettoken:dockerHubCredentialArn = .*must be empty or the ARN of a Secrets Manager secret named ecr-pullthroughcache\//],
    );
    // Values AWS itself would refuse (the mocks take anything).
    const list = (...items: string[]) => JSON.stringify(items);
    cases.push(
        ["a Service range outside the RFC 1918 blocks", { serviceCidr: "100.64.0.0/16" },
            /tickettoken:serviceCidr = "100\.64\.0\.0\/16": must lie inside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16: EKS takes a Service range only from the RFC 1918 blocks/],
        ["a public Service range", { serviceCidr: "8.8.0.0/16" }, /tickettoken:serviceCidr = "8\.8\.0\.0\/16": must lie inside 10\.0\.0\.0\/8/],
        ["a Service range on Docker's bridge", { serviceCidr: "172.17.0.0/16" }, /tickettoken:serviceCidr = "172\.17\.0\.0\/16": must not overlap 172\.17\.0\.0\/16, Docker's default bridge network/],
        ["a Service range holding Docker's bridge", { serviceCidr: "172.16.0.0/12" }, /tickettoken:serviceCidr = "172\.16\.0\.0\/12": must not overlap 172\.17\.0\.0\/16/],
        ["a Service range wider than /12", { serviceCidr: "10.128.0.0/11" }, /tickettoken:serviceCidr = "10\.128\.0\.0\/11": must be an IPv4 CIDR .* from \/12 to \/24/],
        ["a Service range narrower than /24", { serviceCidr: "10.200.0.0/25" }, /tickettoken:serviceCidr = "10\.200\.0\.0\/25": must be an IPv4 CIDR .* from \/12 to \/24/],
        ["a region that does not exist", { "aws:region": "us-nowhere-1" }, /aws:region = "us-nowhere-1": is not an AWS region \(infra\/data\/aws\/regions\.txt, as of 2026-12-01; if AWS has added it since, run npm run refresh-aws-data\); regions of the aws partition: af-south-1, /],
        ["a misspelt region", { "aws:region": "eu-west-l" }, /aws:region = "eu-west-l": is not an AWS region .*; did you mean eu-west-1\?/],
        ["a node type that does not exist", { appNodeInstanceTypes: list("m6i.huge") },
            /tickettoken:appNodeInstanceTypes = .*item 0 \("m6i\.huge"\) is not an EC2 instance type \(infra\/data\/aws\/ec2-instance-types\.txt, as of 2026-12-01.*\); m6i comes in large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, 32xlarge, metal/],
        ["a node family that does not exist", { systemNodeInstanceTypes: list("m9z.large") }, /item 0 \("m9z\.large"\) is not an EC2 instance type .*; there is no family m9z/],
        ["a public endpoint open to the internet in two halves", { endpointPublicAccessCidrs: list("0.0.0.0/1", "128.0.0.0/1") },
            /tickettoken:endpointPublicAccessCidrs = .*: the ranges together cover the whole address space \(0\.0\.0\.0\/0\); list the networks that need access/],
        ["a public endpoint open to the internet in many pieces", { endpointPublicAccessCidrs: list(...Array.from({ length: 8 }, (_, i) => `${i * 32}.0.0.0/3`)) },
            /tickettoken:endpointPublicAccessCidrs = .*: the ranges together cover the whole address space/],
        ["a public endpoint open to more than a /16's worth", { endpointPublicAccessCidrs: list("198.51.100.0/24", "203.0.0.0/15") },
            /tickettoken:endpointPublicAccessCidrs = .*: the ranges together hold 131328 addresses, more than 65536 \(a \/16's worth\); list the narrow networks that need access/],
        ["a private range on the public endpoint", { endpointPublicAccessCidrs: list("10.1.0.0/24") },
            /tickettoken:endpointPublicAccessCidrs = .*item 0 \("10\.1\.0\.0\/24"\) lies inside 10\.0\.0\.0\/8, a private or special-purpose range that no internet address comes from/],
        ["more public endpoint ranges than EKS takes", { endpointPublicAccessCidrs: list(...Array.from({ length: 41 }, (_, i) => `198.51.${i}.1/32`)) },
            /tickettoken:endpointPublicAccessCidrs = .*: at most 40 ranges \(41 given\)/],
        ["a PostgreSQL minor RDS does not offer", { postgresEngineVersion: "17.99" },
            /tickettoken:postgresEngineVersion = "17\.99": is not a PostgreSQL version RDS offers for new instances \(infra\/data\/aws\/rds-postgres-versions\.txt.*\); for 17: 17\.5, 17\.6, 17\.7, or "17" for the latest/],
        ["a quota of no CPU", { appQuotaRequestsCpu: "0" }, /tickettoken:appQuotaRequestsCpu = "0": must be more than zero, like "500m" or "2": no CPU admits no pod/],
        ["a container default of no CPU", { containerDefaultRequestCpu: "0.000" }, /tickettoken:containerDefaultRequestCpu = "0\.000": must be more than zero/],
        ["a quota of no pods", { appQuotaPods: "0" }, /tickettoken:appQuotaPods = "0": must be an integer from 10 to 5000/],
        ["no cache nodes", { cacheNodes: "0" }, /tickettoken:cacheNodes = "0": must be an integer from 1 to 6/],
        ["no DocumentDB instances", { docdbInstances: "0" }, /tickettoken:docdbInstances = "0": must be an integer from 1 to 16/],
        ["a block-list range inside another", { ipBlockList: list("203.0.113.0/24", "203.0.113.5") }, /tickettoken:ipBlockList = "203\.0\.113\.5": item 1 overlaps item 0; list each range once/],
        ["a block-list that blocks every address in pieces", { ipBlockList: list(...Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`)) },
            /tickettoken:ipBlockList = .*: the ranges together block every IPv4 address; list the networks to block/],
        ["a private range among Cloudflare's", { cloudflareIpv4Cidrs: list("173.245.48.0/20", "10.0.0.0/8") }, /tickettoken:cloudflareIpv4Cidrs = .*item 1 \("10\.0\.0\.0\/8"\) lies inside 10\.0\.0\.0\/8, a private or special-purpose range/],
    );
    for (const [what, patch, message] of cases) {
        it(`rejects ${what} with one error naming key, value and what is allowed`, () => {
            const text = problemsOf(patch);
            assert.match(text, message);
            assert.match(text, /^Invalid stack config: /, "a single problem reads as one line");
        });
    }

    it("reads the cluster section: defaults, the size's node groups, and overrides", () => {
        const dev = loadStackConfig(stackSource("dev"));
        const prod = loadStackConfig(stackSource("prod"));
        assert.equal(prod.cluster.kubernetesVersion, "1.34");
        assert.deepEqual(prod.cluster.endpointPublicAccessCidrs, []);
        // Every stack names the roles its CI assumes; the preview role is never the admin.
        for (const [stack, cfg] of [["dev", dev], ["prod", prod]] as const) {
            assert.deepEqual(cfg.cluster.access, {
                deployRoleArn: `arn:aws:iam::123456789012:role/tickettoken-${stack}-deploy`,
                previewRoleArn: `arn:aws:iam::123456789012:role/tickettoken-${stack}-preview`,
            });
        }
        // The Kubernetes layer needs Docker Hub mirrored, so every stack names its credential secret.
        assert.match(prod.cluster.dockerHubCredentialArn ?? "", /:secret:ecr-pullthroughcache\//);
        assert.equal(prod.cluster.deletionProtection, true);
        assert.equal(dev.cluster.deletionProtection, false);
        assert.equal(dev.cluster.logRetentionDays, 30);
        assert.equal(prod.cluster.logRetentionDays, 365);
        assert.deepEqual(prod.cluster.nodeGroups.apps.instanceTypes, prod.machines.nodeInstanceTypes);
        assert.deepEqual(prod.cluster.nodeGroups.system.instanceTypes, prod.machines.systemNodeInstanceTypes);
        const custom = loadStackConfig(stackSource("prod", {
            appNodeInstanceTypes: '["m7g.2xlarge", "c7g.2xlarge"]',
            endpointPublicAccessCidrs: '["203.0.113.0/24"]',
            deployRoleArn: "arn:aws:iam::210987654321:role/platform/deploy",
            kubernetesVersion: "1.35",
        }));
        assert.deepEqual(custom.cluster.nodeGroups.apps.instanceTypes, ["m7g.2xlarge", "c7g.2xlarge"]);
        assert.deepEqual(custom.cluster.endpointPublicAccessCidrs, ["203.0.113.0/24"]);
        assert.equal(custom.cluster.access.deployRoleArn, "arn:aws:iam::210987654321:role/platform/deploy", "another account and a path are allowed");
        assert.equal(custom.cluster.kubernetesVersion, "1.35");
    });

    it("accepts what AWS offers", () => {
        const c = loadStackConfig(stackSource("prod", {
            "aws:region": "ap-southeast-7", serviceCidr: "10.100.0.0/16", postgresEngineVersion: "17.7", appNodeInstanceTypes: '["m8g.2xlarge", "c8g.2xlarge"]',
            endpointPublicAccessCidrs: '["198.51.100.0/24", "203.0.113.7/32", "192.0.2.0/24"]', ipBlockList: '["203.0.113.0/25", "203.0.113.128/25"]',
        }));
        assert.equal(c.network.serviceCidr, "10.100.0.0/16");
        assert.deepEqual(c.cluster.endpointPublicAccessCidrs, ["198.51.100.0/24", "203.0.113.7/32", "192.0.2.0/24"]);
        assert.equal(loadStackConfig(stackSource("prod", { "aws:region": undefined })).size, "large", "unset, the provider takes the region from the environment");
    });

    it("requires the deploy and preview roles unless the stack says it may do without them (dev, a sandbox)", () => {
        // dev says requireClusterRoles: false, as a value: with both roles empty, whoever runs Pulumi is the admin.
        const sandbox = loadStackConfig(stackSource("dev", { deployRoleArn: "", previewRoleArn: "" }));
        assert.deepEqual(sandbox.cluster.access, { deployRoleArn: undefined, previewRoleArn: undefined });
        // A preview role alone is allowed in a sandbox, and still checked.
        assert.equal(loadStackConfig(stackSource("dev", { deployRoleArn: "" })).cluster.access.deployRoleArn, undefined);
        assert.match(problemsOf({ previewRoleArn: "preview" }, "dev"), /tickettoken:previewRoleArn = "preview": must be an IAM role ARN .*, or empty$/);
        // staging and prod leave requireClusterRoles at its default, true: both empty is two problems, each naming its key.
        for (const stack of ["staging", "prod"]) {
            const text = problemsOf({ deployRoleArn: "", previewRoleArn: "" }, stack);
            assert.match(text, /2 problems/);
            assert.match(text, /tickettoken:deployRoleArn = "": required while requireClusterRoles is true/);
            assert.match(text, /tickettoken:previewRoleArn = "": required while requireClusterRoles is true/);
        }
        // The requirement is the value, not the stack's name: dev told to require them refuses empty ones too.
        assert.match(problemsOf({ deployRoleArn: "", requireClusterRoles: "true" }, "dev"), /tickettoken:deployRoleArn = "": required while requireClusterRoles is true/);
    });

    it("reads the deploy runner section: the repository, the connection, the size per stack", () => {
        const dev = loadStackConfig(stackSource("dev")).deploy;
        const prod = loadStackConfig(stackSource("prod")).deploy;
        assert.equal(prod.repository, "tickettoken/platform-network");
        assert.match(prod.connectionArn, /^arn:aws:codeconnections:us-east-1:\d{12}:connection\//);
        assert.deepEqual([dev.computeType, prod.computeType], ["BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE"]);
        assert.deepEqual([dev.logRetentionDays, prod.logRetentionDays], [30, 365]);
        assert.equal(prod.concurrentBuilds, 2);
        const legacy = loadStackConfig(stackSource("prod", { deployRunnerConnectionArn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/5e0c3a1d-8f2b-4c6e-9a7d-1b3f5d7e9c20" }));
        assert.match(legacy.deploy.connectionArn, /codestar-connections/, "connections made before the rename keep their prefix");
    });

    it("rejects t-family nodes in every environment, dev included", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            assert.match(problemsOf({ systemNodeInstanceTypes: '["t3.medium"]' }, stack), /item 0 \("t3\.medium"\) is a burstable t-family type/);
        }
    });

    it("reports every bad value at once", () => {
        const text = problemsOf({ azCount: "9", size: "huge", vpcCidr: "nonsense" });
        assert.match(text, /3 problems/);
        assert.match(text, /azCount/);
        assert.match(text, /size/);
        assert.match(text, /vpcCidr/);
    });

    it("reports a key the stack and Pulumi.yaml leave unset", () => {
        const r = new ConfigReader({ get: () => undefined }, PROJECT);
        r.integer("azCount", 2, 6);
        assert.throws(() => r.finish(), /tickettoken:azCount is not set: required; declare a default for it in Pulumi\.yaml/);
    });

    describe("ConfigReader lists", () => {
        const reader = (value: string) => new ConfigReader({ get: () => value }, PROJECT);

        it("accepts a list of canonical CIDRs", () => {
            const r = reader('["203.0.113.0/24", "198.51.100.7/32"]');
            assert.deepEqual(r.cidrList("adminCidrs"), ["203.0.113.0/24", "198.51.100.7/32"]);
            r.finish();
        });

        for (const [value, message] of [
            ['"203.0.113.0/24"', /must be a list/],
            ["[not json", /must be a list/],
            ['["203.0.113.0/24", "300.1.1.1/32"]', /item 1 \("300\.1\.1\.1\/32"\) must be an IPv4 CIDR/],
            ['["203.0.113.9/24"]', /item 0 \("203\.0\.113\.9\/24"\) has host bits set; the network address is 203\.0\.113\.0\/24/],
            ['["203.0.113.0/24", "203.0.113.128/25"]', /item 1 \(203\.0\.113\.128\/25\) overlaps 203\.0\.113\.0\/24/],
            ['["0.0.0.0/0"]', /must not be the whole address space/],
            ["[42]", /item 0 \("42"\) must be an IPv4 CIDR/],
        ] as Array<[string, RegExp]>) {
            it(`rejects the IP list ${value}`, () => {
                const r = reader(value);
                r.cidrList("adminCidrs", { forbidEverything: true });
                assert.throws(() => r.finish(), (e: Error) => {
                    assert.match(e.message, /tickettoken:adminCidrs/);
                    assert.match(e.message, message);
                    return true;
                });
            });
        }
    });
});
