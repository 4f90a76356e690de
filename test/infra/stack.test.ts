import { strict as assert } from "assert";
import { ConfigError } from "../../infra/config";
import { countByType, RunError, runStack, RunResult } from "../../tools/harness/run";
import { all, byId } from "../support/resources";
import { CatalogIndex, TICKETTOKEN } from "../../infra/catalog";
import { offlinePassword } from "../../tools/harness/answers/data";
import { flowsOf, groupLabels, ruleViews } from "../support/matrix";
import { plainCredentialInputs, plainOccurrences } from "../support/stores";

// Whole-stack runs: infra/index.ts end to end under mocks, with each stack's
// own config file, as `pulumi up -s <stack>` would run it.
describe("infra (whole stack)", () => {
    const runs: Record<string, RunResult> = {};
    before(async () => {
        for (const stack of ["dev", "staging", "prod"]) {
            runs[stack] = await runStack(stack);
        }
    });

    for (const stack of ["dev", "staging", "prod"]) {
        describe(stack, () => {
            it("registers everything under the stack root, through components", () => {
                const run = runs[stack];
                const root = run.resources.filter((r) => r.type === "pulumi:pulumi:Stack");
                assert.equal(root.length, 1);
                const urns = new Set(run.resources.map((r) => r.urn));
                for (const r of run.resources.filter((x) => x.type !== "pulumi:pulumi:Stack")) {
                    assert.ok(r.parent && urns.has(r.parent), `${r.urn} has a registered parent`);
                    if (r.custom) {
                        assert.notEqual(r.parent, root[0].urn, `${r.name} belongs to a component, not the stack root`);
                    }
                }
                assert.equal(new Set(run.resources.map((r) => r.urn)).size, run.resources.length, "URNs are unique");
            });

            it("builds the network from the stack's config", () => {
                const counts = countByType(runs[stack]);
                assert.equal(counts["tickettoken:network:Network"], 1);
                assert.equal(counts["aws:ec2/vpc:Vpc"], 1);
                assert.equal(counts["aws:ec2/subnet:Subnet"], 12);
                assert.equal(counts["aws:ec2/flowLog:FlowLog"], 1);
            });

            it("exports what later stacks and tools need", () => {
                const out = runs[stack].outputs;
                for (const key of ["vpcId", "vpcCidr", "privateSubnetIds", "dataSubnetIds", "publicSubnetIds", "messagingSubnetIds", "routeTableIds", "endpointSecurityGroupId"]) {
                    assert.ok(out[key] !== undefined, `exports ${key}`);
                }
                assert.equal((out.privateSubnetIds as string[]).length, 3);
            });
        });
    }

    it("is small in dev and highly available in prod", () => {
        assert.equal(all(runs.dev, "aws:ec2/natGateway:NatGateway").length, 1);
        assert.equal(all(runs.staging, "aws:ec2/natGateway:NatGateway").length, 3);
        assert.equal(all(runs.prod, "aws:ec2/natGateway:NatGateway").length, 3);
        assert.equal(runs.dev.outputs.vpcCidr, "10.20.0.0/16");
        assert.equal(runs.prod.outputs.vpcCidr, "10.0.0.0/16");
        assert.equal(all(runs.dev, "aws:cloudwatch/logGroup:LogGroup")[0].inputs.retentionInDays, 30);
        assert.equal(all(runs.prod, "aws:cloudwatch/logGroup:LogGroup")[0].inputs.retentionInDays, 365);
    });

    it("stops on bad config before registering a single cloud resource", async () => {
        await assert.rejects(runStack("prod", { "tickettoken:azCount": 9, "tickettoken:vpcCidr": "10.0.0.0/8" }), (e: unknown) => {
            assert.ok(e instanceof RunError);
            assert.ok(e.cause instanceof ConfigError);
            assert.match(e.message, /tickettoken:azCount = "9": must be an integer from 2 to 6/);
            assert.match(e.message, /tickettoken:vpcCidr = "10\.0\.0\.0\/8"/);
            assert.equal(e.resources.filter((r) => r.custom).length, 0);
            return true;
        });
    });

    it("runs in preview mode with computed values unknown, as pulumi preview does", async () => {
        const preview = await runStack("prod", {}, { preview: true });
        assert.equal(preview.resources.length, runs.prod.resources.length);
        const subnet = all(preview, "aws:ec2/subnet:Subnet").find((s) => s.name === "tickettoken-private-1")!;
        assert.equal(subnet.wire.vpcId, "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "the VPC id is the engine's unknown sentinel");
        assert.equal(subnet.wire.cidrBlock, "10.0.0.0/19", "planned values stay known");
        assert.ok(subnet.propertyDependencies.vpcId.some((u) => u.endsWith("::tickettoken-vpc")));
    });
});

// The data stores and the broker, as each stack builds them.
describe("infra (whole stack): data stores and messaging", () => {
    const catalog = new CatalogIndex(TICKETTOKEN);
    const runs: Record<string, RunResult> = {};
    before(async () => {
        for (const stack of ["dev", "staging", "prod"]) {
            runs[stack] = await runStack(stack);
        }
    });

    /** Each store's security groups, as its resource names them. */
    const storeGroups: Array<[string, string, (inputs: Record<string, any>) => string[]]> = [
        ["postgresql", "aws:rds/instance:Instance", (i) => i.vpcSecurityGroupIds],
        ["redis", "aws:elasticache/replicationGroup:ReplicationGroup", (i) => i.securityGroupIds],
        ["mongodb", "aws:docdb/cluster:Cluster", (i) => i.vpcSecurityGroupIds],
        ["rabbitmq", "aws:mq/broker:Broker", (i) => i.securityGroups],
    ];

    /** Each store resource's subnets, through its subnet group where it has one. */
    function storeSubnets(run: RunResult): Array<[string, string[]]> {
        const viaGroup = (type: string, groupType: string, field: string) =>
            all(run, type).map((r): [string, string[]] => {
                const group = all(run, groupType).find((g) => g.name === r.inputs[field]);
                assert.ok(group, `${r.name} names a registered subnet group`);
                return [r.name, group.inputs.subnetIds];
            });
        return [
            ...viaGroup("aws:rds/instance:Instance", "aws:rds/subnetGroup:SubnetGroup", "dbSubnetGroupName"),
            ...viaGroup("aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/subnetGroup:SubnetGroup", "subnetGroupName"),
            ...viaGroup("aws:docdb/cluster:Cluster", "aws:docdb/subnetGroup:SubnetGroup", "dbSubnetGroupName"),
            ...all(run, "aws:mq/broker:Broker").map((b): [string, string[]] => [b.name, b.inputs.subnetIds]),
        ];
    }

    for (const stack of ["dev", "staging", "prod"]) {
        describe(stack, () => {
            it("admits each store's catalog clients on its port, and nothing else", () => {
                const run = runs[stack];
                const labels = groupLabels(run);
                const views = ruleViews(run, labels);
                for (const [store, type, groupsOf] of storeGroups) {
                    const port = catalog.store(store).port;
                    for (const r of all(run, type)) {
                        assert.deepEqual(groupsOf(r.inputs).map((id) => labels.get(id)), [store], `${r.name} uses only the ${store} group`);
                    }
                    const ingress = views.filter((v) => v.group === store && v.direction === "ingress");
                    assert.deepEqual(ingress.map((v) => v.peer).sort(), catalog.clientsOf(store).sort(), `${store} ingress peers`);
                    assert.ok(ingress.every((v) => v.protocol === "tcp" && v.fromPort === port && v.toPort === port), `${store} only on ${port}`);
                    assert.deepEqual(views.filter((v) => v.group === store && v.direction === "egress"), [], `${store} opens nothing outwards`);
                    const flows = [...flowsOf(views)].filter((f) => f.includes(`->${store}:`));
                    assert.deepEqual(flows.sort(), catalog.clientsOf(store).map((c) => `${c}->${store}:tcp/${port}`).sort(), `${store} flows`);
                }
            });

            it("places every store in an isolated tier: databases and cache in data, the broker in messaging", () => {
                const run = runs[stack];
                const placed = storeSubnets(run);
                assert.equal(placed.length, all(run, "aws:rds/instance:Instance").length + 3);
                for (const [name, subnetIds] of placed) {
                    const tiers = new Set(subnetIds.map((id) => byId(run, id).inputs.tags.tier));
                    assert.deepEqual([...tiers], [name.includes("rabbitmq") ? "messaging" : "data"], name);
                }
            });

            it("encrypts every hop: TLS forced or required on each store, storage under KMS", () => {
                const run = runs[stack];
                const params = all(run, "aws:rds/parameterGroup:ParameterGroup");
                for (const db of all(run, "aws:rds/instance:Instance")) {
                    const group = params.find((p) => p.name === db.inputs.parameterGroupName)!;
                    assert.equal(group.inputs.parameters.find((p: any) => p.name === "rds.force_ssl").value, "1", db.name);
                    assert.equal(db.inputs.storageEncrypted, true);
                    assert.equal(db.inputs.publiclyAccessible, false);
                }
                const cache = all(run, "aws:elasticache/replicationGroup:ReplicationGroup")[0].inputs;
                assert.deepEqual([cache.transitEncryptionEnabled, cache.transitEncryptionMode, cache.atRestEncryptionEnabled], [true, "required", true]);
                const docdb = all(run, "aws:docdb/cluster:Cluster")[0].inputs;
                const docParams = all(run, "aws:docdb/clusterParameterGroup:ClusterParameterGroup").find((p) => p.name === docdb.dbClusterParameterGroupName)!;
                assert.equal(docParams.inputs.parameters.find((p: any) => p.name === "tls").value, "enabled");
                assert.equal(docdb.storageEncrypted, true);
                const broker = all(run, "aws:mq/broker:Broker")[0].inputs;
                assert.equal(broker.publiclyAccessible, false);
                assert.equal(broker.encryptionOptions.useAwsOwnedKey, false);
            });

            it("puts no credential in plain text in any input or output", () => {
                const run = runs[stack];
                const password = offlinePassword(all(run, "random:index/randomPassword:RandomPassword")[0].name);
                for (const r of run.resources) {
                    assert.deepEqual(plainCredentialInputs(r), [], r.name);
                    assert.deepEqual(plainOccurrences(r.wire, password), [], r.name);
                }
                assert.ok(!JSON.stringify(run.outputs).includes(password), "stack outputs");
                for (const [urn, outputs] of run.componentOutputs) {
                    assert.deepEqual(plainOccurrences(outputs, password), [], urn);
                }
            });

            it("exports an endpoint per store for the ExternalName Services, and the cache users", () => {
                const out = runs[stack].outputs as Record<string, any>;
                assert.deepEqual(Object.keys(out.storeEndpoints).sort(), TICKETTOKEN.stores.map((s) => s.name).sort());
                for (const [name, e] of Object.entries<any>(out.storeEndpoints)) {
                    assert.equal(e.name, name);
                    assert.equal(e.port, catalog.store(name).port);
                    assert.ok(typeof e.host === "string" && e.host.length > 0, `${name} host`);
                }
                assert.equal(out.storeEndpoints.postgresql.tls, "sslmode=verify-full");
                assert.match(out.storeEndpoints.rabbitmq.url, /^amqps:\/\/.*:5671$/);
                assert.deepEqual(Object.keys(out.redisUserIds).sort(), catalog.clientsOf("redis").sort());
                assert.equal(out.redisUserIds["api-gateway"], `tickettoken-${stack}-api-gateway`);
            });
        });
    }

    it("is small in dev and highly available in staging and prod", () => {
        const shape = (run: RunResult) => ({
            postgres: all(run, "aws:rds/instance:Instance").map((d) => `${d.inputs.replicateSourceDb ? "replica" : "primary"}${d.inputs.multiAz ? "+standby" : ""}`),
            cache: all(run, "aws:elasticache/replicationGroup:ReplicationGroup").map((g) => [g.inputs.numCacheClusters, g.inputs.automaticFailoverEnabled, g.inputs.multiAzEnabled]),
            docdb: all(run, "aws:docdb/clusterInstance:ClusterInstance").length,
            broker: all(run, "aws:mq/broker:Broker").map((b) => [b.inputs.deploymentMode, b.inputs.subnetIds.length]),
        });
        assert.deepEqual(shape(runs.dev), { postgres: ["primary"], cache: [[1, false, false]], docdb: 1, broker: [["SINGLE_INSTANCE", 1]] });
        assert.deepEqual(shape(runs.staging), { postgres: ["primary+standby", "replica"], cache: [[2, true, true]], docdb: 2, broker: [["CLUSTER_MULTI_AZ", 3]] });
        assert.deepEqual(shape(runs.prod), { postgres: ["primary+standby", "replica"], cache: [[3, true, true]], docdb: 3, broker: [["CLUSTER_MULTI_AZ", 3]] });
    });

    it("protects every stateful resource in staging and prod, none in dev", () => {
        const STATEFUL = [
            "aws:rds/instance:Instance",
            "aws:elasticache/replicationGroup:ReplicationGroup",
            "aws:docdb/cluster:Cluster",
            "aws:docdb/clusterInstance:ClusterInstance",
            "aws:mq/broker:Broker",
            "aws:kms/key:Key",
            "aws:secretsmanager/secret:Secret",
            "random:index/randomPassword:RandomPassword",
        ];
        for (const stack of ["staging", "prod"]) {
            const stateful = runs[stack].resources.filter((r) => STATEFUL.includes(r.type));
            assert.ok(stateful.length >= 12, `${stack} has its stores`);
            assert.deepEqual(stateful.filter((r) => !r.protect).map((r) => r.name), [], `${stack}: unprotected`);
            assert.ok(all(runs[stack], "aws:rds/instance:Instance").every((d) => d.inputs.deletionProtection === true));
            assert.equal(all(runs[stack], "aws:docdb/cluster:Cluster")[0].inputs.deletionProtection, true);
        }
        assert.deepEqual(runs.dev.resources.filter((r) => r.protect).map((r) => r.name), []);
        assert.equal(all(runs.dev, "aws:rds/instance:Instance")[0].inputs.deletionProtection, false);
    });
});
