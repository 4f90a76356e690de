import { strict as assert } from "assert";
import { Cluster, ClusterArgs, CONTROL_PLANE_LOG_TYPES, vpcCniConfiguration } from "../../../components/cluster";
import { OFFLINE_ADDON_VERSIONS } from "../../../tools/harness/answers/cluster";
import { RunError, runComponents, RunResult } from "../../../tools/harness/run";
import { all, byId, idOf, one } from "../../support/resources";

const EKS = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const ADDON = "aws:eks/addon:Addon";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

const PRIVATE_SUBNETS = ["subnet-p1", "subnet-p2", "subnet-p3"];
const DEPLOY_ROLE = "arn:aws:iam::123456789012:role/platform-deploy";
const PREVIEW_ROLE = "arn:aws:iam::123456789012:role/ci/platform-preview";
const ENTRY = "aws:eks/accessEntry:AccessEntry";
const ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";

function args(overrides: Partial<ClusterArgs> = {}): ClusterArgs {
    return {
        clusterName: "tt-test",
        vpcId: "vpc-1",
        vpcCidr: "10.0.0.0/16",
        privateSubnetIds: PRIVATE_SUBNETS,
        endpointSecurityGroupId: "sg-endpoints",
        s3PrefixListId: "pl-s3",
        serviceCidr: "172.20.0.0/16",
        nodeGroups: {
            system: { instanceTypes: ["m6i.large"], counts: { min: 2, desired: 2, max: 3 } },
            apps: { instanceTypes: ["m7g.xlarge", "m6g.xlarge"], counts: { min: 3, desired: 4, max: 8 } },
        },
        ...overrides,
    };
}

function build(overrides: Partial<ClusterArgs> = {}, preview = false): Promise<RunResult> {
    return runComponents(() => {
        new Cluster("c", args(overrides));
    }, { preview });
}

describe("components/cluster/Cluster", () => {
    let run: RunResult;
    let open: RunResult;
    before(async () => {
        run = await build();
        open = await build({
            endpointPublicAccessCidrs: ["203.0.113.0/24"],
            access: { deployRoleArn: DEPLOY_ROLE, previewRoleArn: PREVIEW_ROLE },
            dockerHubCredentialArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf",
            deletionProtection: false,
            kubernetesVersion: "1.35",
            logRetentionDays: 30,
        });
    });

    describe("control plane", () => {
        it("runs the configured Kubernetes version, 1.34 by default", () => {
            assert.equal(one(run, EKS, "c-eks").inputs.version, "1.34");
            assert.equal(one(open, EKS, "c-eks").inputs.version, "1.35");
        });

        it("serves the API privately, with the public endpoint off unless CIDRs are listed", () => {
            const vpc = one(run, EKS, "c-eks").inputs.vpcConfig;
            assert.equal(vpc.endpointPrivateAccess, true);
            assert.equal(vpc.endpointPublicAccess, false);
            assert.equal(vpc.publicAccessCidrs, undefined);
            assert.deepEqual(vpc.subnetIds, PRIVATE_SUBNETS);
            const restricted = one(open, EKS, "c-eks").inputs.vpcConfig;
            assert.equal(restricted.endpointPublicAccess, true);
            assert.deepEqual(restricted.publicAccessCidrs, ["203.0.113.0/24"]);
        });

        it("puts our own group on the API server's ENIs", () => {
            const vpc = one(run, EKS, "c-eks").inputs.vpcConfig;
            assert.deepEqual(vpc.securityGroupIds, [idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "c-control-plane"))]);
        });

        it("envelope-encrypts secrets with a rotating KMS key the cluster role may use", () => {
            const eks = one(run, EKS, "c-eks").inputs;
            const key = one(run, "aws:kms/key:Key", "c-secrets");
            assert.deepEqual(eks.encryptionConfig.resources, ["secrets"]);
            // Under the mocks a resource's ARN ends with its name.
            assert.equal(eks.encryptionConfig.provider.keyArn, `arn:aws:kms:us-east-1:123456789012:key/${key.name}`);
            assert.equal(key.inputs.enableKeyRotation, true);
            const grant = JSON.parse(one(run, "aws:iam/rolePolicy:RolePolicy", "c-cluster-role-secrets-key").inputs.policy);
            assert.deepEqual(grant.Statement[0].Resource, eks.encryptionConfig.provider.keyArn);
            assert.ok(grant.Statement[0].Action.includes("kms:Decrypt"));
        });

        it("sends every control-plane log type to a log group with retention, created first", () => {
            const eks = one(run, EKS, "c-eks");
            assert.deepEqual(eks.inputs.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
            assert.deepEqual(eks.inputs.enabledClusterLogTypes, [...CONTROL_PLANE_LOG_TYPES]);
            const logs = one(run, "aws:cloudwatch/logGroup:LogGroup", "c-control-plane");
            assert.equal(logs.inputs.name, "/aws/eks/tt-test/cluster");
            assert.equal(logs.inputs.retentionInDays, 365);
            assert.equal(one(open, "aws:cloudwatch/logGroup:LogGroup", "c-control-plane").inputs.retentionInDays, 30);
            assert.ok(eks.dependencies.includes(logs.urn), "the cluster waits for its log group");
        });

        it("uses the configured service range, access entries only, and EKS-managed add-ons only", () => {
            const eks = one(run, EKS, "c-eks").inputs;
            assert.deepEqual(eks.kubernetesNetworkConfig, { ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" });
            assert.deepEqual(eks.accessConfig, { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
            assert.equal(eks.bootstrapSelfManagedAddons, false);
        });

        it("protects the cluster and its key unless told otherwise", () => {
            assert.equal(one(run, EKS, "c-eks").protect, true);
            assert.equal(one(run, EKS, "c-eks").inputs.deletionProtection, true);
            assert.equal(one(run, "aws:kms/key:Key", "c-secrets").protect, true);
            assert.equal(one(open, EKS, "c-eks").protect, false);
            assert.equal(one(open, EKS, "c-eks").inputs.deletionProtection, false);
        });

        it("gives the control plane role the policies security groups for pods need", () => {
            const attached = all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.name.startsWith("c-cluster-role-")).map((a) => a.inputs.policyArn).sort();
            assert.deepEqual(attached, ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController"]);
            assert.equal(JSON.parse(one(run, "aws:iam/role:Role", "c-cluster-role").inputs.assumeRolePolicy).Statement[0].Principal.Service, "eks.amazonaws.com");
        });

        it("has an IAM OIDC provider for the cluster's issuer, for STS", () => {
            const oidc = one(run, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "c-oidc").inputs;
            assert.match(oidc.url, /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]+$/);
            assert.deepEqual(oidc.clientIdLists, ["sts.amazonaws.com"]);
        });
    });

    describe("access", () => {
        it("gives the deploy role cluster admin and the preview role read access, each over the whole cluster", () => {
            const entries = all(open, ENTRY).map((e) => [e.name, e.inputs.principalArn, e.inputs.type]);
            assert.deepEqual(entries, [["c-admin", DEPLOY_ROLE, "STANDARD"], ["c-viewer", PREVIEW_ROLE, "STANDARD"]]);
            const policies = all(open, ASSOCIATION).map((a) => [a.name, a.inputs.principalArn, a.inputs.policyArn, a.inputs.accessScope.type]);
            assert.deepEqual(policies, [
                ["c-admin", DEPLOY_ROLE, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "cluster"],
                // AdminView, not View: refreshing a Helm release reads its record in a Secret.
                ["c-viewer", PREVIEW_ROLE, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy", "cluster"],
            ]);
            for (const a of all(open, ASSOCIATION)) {
                assert.ok(a.dependencies.includes(one(open, ENTRY, a.name).urn), `${a.name}'s policy waits for its entry`);
            }
        });

        it("names no principal from whoever runs Pulumi when the roles are given", () => {
            const caller = "arn:aws:iam::123456789012:user/offline";
            assert.ok(all(open, ENTRY).every((e) => e.inputs.principalArn !== caller));
            assert.doesNotMatch(JSON.stringify(one(open, "pulumi:providers:kubernetes", "c-k8s").inputs), /offline|role-arn/);
        });

        it("falls back to the deploying identity as admin, and no read-only entry, when no roles are given (a sandbox)", () => {
            assert.deepEqual(all(run, ENTRY).map((e) => [e.name, e.inputs.principalArn]), [["c-admin", "arn:aws:iam::123456789012:user/offline"]]);
            assert.equal(all(run, ASSOCIATION).length, 1);
        });
    });

    describe("node groups", () => {
        it("creates a system and an apps group in the private subnets, sized as asked", () => {
            const groups = all(run, NODE_GROUP);
            assert.deepEqual(groups.map((g) => g.name).sort(), ["c-apps", "c-system"]);
            for (const g of groups) {
                assert.deepEqual(g.inputs.subnetIds, PRIVATE_SUBNETS);
                assert.equal(g.inputs.remoteAccess, undefined, "no SSH access");
                assert.equal(g.inputs.diskSize, undefined);
            }
            assert.deepEqual(one(run, NODE_GROUP, "c-apps").inputs.scalingConfig, { minSize: 3, desiredSize: 4, maxSize: 8 });
            assert.deepEqual(one(run, NODE_GROUP, "c-system").inputs.instanceTypes, ["m6i.large"]);
        });

        it("picks the AMI of the group's architecture", () => {
            assert.equal(one(run, NODE_GROUP, "c-system").inputs.amiType, "AL2023_x86_64_STANDARD");
            assert.equal(one(run, NODE_GROUP, "c-apps").inputs.amiType, "AL2023_ARM_64_STANDARD");
        });

        it("launches nodes that require IMDSv2 with hop limit 1, on an encrypted gp3 root, with no key pair, in the nodes' group", () => {
            const nodes = idOf(one(run, "aws:ec2/securityGroup:SecurityGroup", "c-nodes"));
            for (const g of all(run, NODE_GROUP)) {
                const lt = byId(run, g.inputs.launchTemplate.id);
                assert.equal(lt.type, LAUNCH_TEMPLATE);
                assert.equal(g.inputs.launchTemplate.version, "1");
                assert.deepEqual(lt.inputs.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
                assert.deepEqual(lt.inputs.blockDeviceMappings, [{
                    deviceName: "/dev/xvda",
                    ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                }]);
                assert.equal(lt.inputs.keyName, undefined);
                assert.deepEqual(lt.inputs.vpcSecurityGroupIds, [nodes]);
                assert.equal(lt.inputs.monitoring.enabled, true);
            }
        });

        it("waits for the CNI before nodes join, and gives the node role no CNI permissions", () => {
            const cni = one(run, ADDON, "c-vpc-cni");
            for (const g of all(run, NODE_GROUP)) {
                assert.ok(g.dependencies.includes(cni.urn), `${g.name} waits for vpc-cni`);
            }
            const nodePolicies = all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.name.startsWith("c-node-role-")).map((a) => a.inputs.policyArn.split("/").pop()).sort();
            assert.deepEqual(nodePolicies, ["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonSSMManagedInstanceCore"]);
        });

        it("opens no port 22 anywhere and no rule to or from everywhere", () => {
            for (const r of [...all(run, INGRESS), ...all(run, EGRESS)]) {
                assert.ok(!(r.inputs.fromPort <= 22 && r.inputs.toPort >= 22), `${r.name} does not cover 22`);
                assert.notEqual(r.inputs.cidrIpv4, "0.0.0.0/0");
                assert.equal(r.inputs.cidrIpv6, undefined);
                assert.notEqual(r.inputs.ipProtocol, "-1");
            }
            for (const sg of all(run, "aws:ec2/securityGroup:SecurityGroup")) {
                assert.equal(sg.inputs.ingress, undefined);
                assert.equal(sg.inputs.egress, undefined);
            }
        });
    });

    describe("add-ons", () => {
        it("installs vpc-cni, kube-proxy, coredns and the EBS CSI driver at the versions EKS names", () => {
            const addons = all(run, ADDON);
            assert.deepEqual(addons.map((a) => a.inputs.addonName).sort(), ["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]);
            for (const a of addons) {
                assert.equal(a.inputs.addonVersion, OFFLINE_ADDON_VERSIONS[a.inputs.addonName]);
                assert.equal(a.inputs.clusterName, "tt-test");
            }
        });

        it("configures vpc-cni with network policy and pod ENIs on, as parsed from what is sent", () => {
            const sent = JSON.parse(one(run, ADDON, "c-vpc-cni").inputs.configurationValues);
            assert.equal(sent.enableNetworkPolicy, "true");
            assert.equal(sent.env.ENABLE_POD_ENI, "true");
            assert.equal(sent.init.env.DISABLE_TCP_EARLY_DEMUX, "true");
            assert.deepEqual(sent, vpcCniConfiguration());
        });

        it("gives vpc-cni and the EBS CSI driver their own service-account roles", () => {
            for (const [addon, sa, policy] of [["c-vpc-cni", "kube-system:aws-node", "AmazonEKS_CNI_Policy"], ["c-aws-ebs-csi-driver", "kube-system:ebs-csi-controller-sa", "service-role/AmazonEBSCSIDriverPolicy"]]) {
                const role = byId(run, one(run, ADDON, addon).inputs.serviceAccountRoleArn.replace(/^.*role\//, "") + "-id");
                const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
                assert.equal(Object.values(trust.Condition.StringEquals)[0], `system:serviceaccount:${sa}`);
                const attached = all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.parent === role.parent).map((a) => a.inputs.policyArn);
                assert.deepEqual(attached, [`arn:aws:iam::aws:policy/${policy}`]);
            }
        });

        it("starts coredns and the EBS CSI driver after the nodes exist", () => {
            const groups = all(run, NODE_GROUP).map((g) => g.urn);
            for (const name of ["c-coredns", "c-aws-ebs-csi-driver"]) {
                const deps = one(run, ADDON, name).dependencies;
                assert.ok(groups.every((g) => deps.includes(g)), `${name} waits for both node groups`);
            }
        });

        it("makes an encrypted gp3 StorageClass that retains volumes the default, through this cluster's provider", () => {
            const sc = one(run, "kubernetes:storage.k8s.io/v1:StorageClass", "c-gp3-encrypted");
            assert.equal(sc.inputs.metadata.annotations["storageclass.kubernetes.io/is-default-class"], "true");
            assert.equal(sc.inputs.provisioner, "ebs.csi.aws.com");
            assert.deepEqual(sc.inputs.parameters, { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" });
            assert.equal(sc.inputs.reclaimPolicy, "Retain");
            const provider = one(run, "pulumi:providers:kubernetes", "c-k8s");
            assert.ok(sc.provider?.startsWith(provider.urn), "created through the cluster's provider");
            assert.ok(sc.dependencies.includes(one(run, ADDON, "c-aws-ebs-csi-driver").urn));
        });
    });

    describe("Kubernetes provider", () => {
        it("is bound to this cluster by a kubeconfig that runs aws eks get-token", () => {
            const provider = one(run, "pulumi:providers:kubernetes", "c-k8s").inputs;
            const kubeconfig = JSON.parse(provider.kubeconfig);
            assert.equal(kubeconfig.clusters[0].cluster.server, "https://0A1B2C3D4E5F60718293A4B5C6D7E8F9.gr7.us-east-1.eks.amazonaws.com");
            assert.deepEqual(kubeconfig.users[0].user.exec.args, ["eks", "get-token", "--cluster-name", "tt-test", "--region", "us-east-1", "--output", "json"]);
            assert.equal(provider.context, "tt-test");
            assert.match(provider.clusterIdentifier, /:cluster\/tt-test$/);
        });

        it("uses whoever runs Pulumi, with no role in its kubeconfig, and waits for every access policy", () => {
            const provider = one(open, "pulumi:providers:kubernetes", "c-k8s");
            // The same text with and without roles named: the token is the caller's (deploy role in up, preview role in preview), so the provider never changes between them.
            assert.equal(provider.inputs.kubeconfig, one(run, "pulumi:providers:kubernetes", "c-k8s").inputs.kubeconfig);
            assert.ok(!JSON.parse(provider.inputs.kubeconfig).users[0].user.exec.args.includes("--role-arn"));
            for (const a of all(open, ASSOCIATION)) {
                assert.ok(provider.dependencies.includes(a.urn), `the provider waits for ${a.name}`);
            }
        });
    });

    describe("image cache", () => {
        it("mirrors ECR Public, Quay and registry.k8s.io always, Docker Hub and ghcr.io only with credentials, and lets nodes fill only those caches", () => {
            const rules = (r: RunResult) => all(r, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule").map((x) => [x.inputs.ecrRepositoryPrefix, x.inputs.upstreamRegistryUrl, x.inputs.credentialArn]);
            const anonymous = [
                ["tt-test-ecr-public", "public.ecr.aws", undefined],
                ["tt-test-quay", "quay.io", undefined],
                ["tt-test-k8s", "registry.k8s.io", undefined],
            ];
            assert.deepEqual(rules(run), anonymous);
            const byPrefix = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
            assert.deepEqual(rules(open).sort(byPrefix), [
                ...anonymous,
                ["tt-test-docker-hub", "registry-1.docker.io", "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"],
            ].sort(byPrefix));
            const policy = JSON.parse(one(open, "aws:iam/rolePolicy:RolePolicy", "c-node-role-image-cache").inputs.policy).Statement[0];
            assert.deepEqual(policy.Action, ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"]);
            assert.deepEqual(policy.Resource, ["ecr-public", "docker-hub", "quay", "k8s"].map((u) => `arn:aws:ecr:us-east-1:123456789012:repository/tt-test-${u}/*`));
        });
    });

    it("refuses an unsupported version, an everything CIDR, or a bad access principal before registering anything", async () => {
        const refused = await runComponents(() => {
            assert.throws(() => new Cluster("v", args({ kubernetesVersion: "1.29" })), /Kubernetes 1\.29 is not supported; use one of 1\.33, 1\.34, 1\.35/);
            assert.throws(() => new Cluster("w", args({ endpointPublicAccessCidrs: ["0.0.0.0/0"] })), /"0\.0\.0\.0\/0" must be a CIDR narrower than the whole address space/);
            assert.throws(() => new Cluster("r", args({ access: { deployRoleArn: DEPLOY_ROLE, previewRoleArn: DEPLOY_ROLE } })),
                /cluster tt-test: the deploy and preview roles are both "arn:aws:iam::123456789012:role\/platform-deploy"; EKS allows one access entry per principal/);
            assert.throws(() => new Cluster("s", args({ access: { deployRoleArn: "arn:aws:sts::123456789012:assumed-role/deploy/ci" } })),
                /cluster tt-test: admin principal "arn:aws:sts::123456789012:assumed-role\/deploy\/ci" must be an IAM role ARN .*EKS refuses STS session ARNs/);
            assert.throws(() => new Cluster("x", args({ nodeGroups: { ...args().nodeGroups, apps: { instanceTypes: ["t3.large"], counts: { min: 1, desired: 1, max: 1 } } } })),
                /node group apps: "t3\.large" is a burstable t-family type/);
        });
        assert.deepEqual(refused.resources.filter((r) => r.custom).map((r) => r.name), [], "no cloud resource registered");
    });

    it("builds in preview mode, with the cluster's outputs unknown", async () => {
        const preview = await build({}, true);
        assert.equal(preview.resources.length, run.resources.length);
        const provider = one(preview, "pulumi:providers:kubernetes", "c-k8s");
        assert.equal(provider.wire.kubeconfig, "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "the kubeconfig waits for the cluster");
        assert.match(one(preview, ADDON, "c-vpc-cni").wire.configurationValues as string, /enableNetworkPolicy/);
    });

    it("parents every resource to the component", () => {
        const component = one(run, "tickettoken:cluster:Cluster", "c");
        const urns = new Set(run.resources.map((r) => r.urn));
        for (const r of run.resources.filter((x) => x !== component)) {
            let p = r.parent;
            while (p && p !== component.urn) {
                p = run.resources.find((x) => x.urn === p)?.parent;
            }
            assert.equal(p, component.urn, `${r.name} is under the component`);
            assert.ok(r.parent && urns.has(r.parent));
        }
    });

    describe("names that survive a replacement, and fit", () => {
        it("deletes the cluster and its log group before replacing them (EKS writes to the fixed name), and lets AWS name the key's alias", () => {
            assert.equal(one(run, EKS, "c-eks").deleteBeforeReplace, true);
            const logs = one(run, "aws:cloudwatch/logGroup:LogGroup", "c-control-plane");
            assert.equal(logs.inputs.name, "/aws/eks/tt-test/cluster");
            assert.equal(logs.deleteBeforeReplace, true);
            const alias = one(run, "aws:kms/alias:Alias", "c-secrets").inputs;
            assert.deepEqual([alias.name, alias.namePrefix], [undefined, "alias/tt-test-secrets-"]);
            assert.ok(all(run, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule").every((r) => r.deleteBeforeReplace === true));
        });

        it("refuses a log retention CloudWatch does not take", async () => {
            await assert.rejects(build({ logRetentionDays: 100 }), /cluster c: logRetentionDays: 100 days is not a retention period CloudWatch Logs accepts/);
        });

        it("refuses a cluster name EKS would refuse, before registering anything", async () => {
            await assert.rejects(build({ clusterName: `tt-${"x".repeat(98)}` }), (e: unknown) => {
                assert.ok(e instanceof RunError);
                assert.match(e.message, /cluster c: EKS cluster name "tt-x+" is 101 characters; at most 100 are allowed \(Amazon EKS API Reference, CreateCluster, name\)/);
                assert.equal(e.resources.filter((r) => r.custom).length, 0);
                return true;
            });
        });

        it("refuses a component name whose IAM roles Pulumi would name past 64 characters", async () => {
            await assert.rejects(runComponents(() => {
                new Cluster(`c${"x".repeat(50)}`, args());
            }), /the IAM role name Pulumi makes from "cx+-cluster-role" .* is 72 characters; at most 64 are allowed \(IAM API Reference, CreateRole, RoleName\)/);
        });
    });
});
