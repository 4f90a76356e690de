import { strict as assert } from "assert";
import { CatalogIndex } from "../../components/catalog";
import { apiHost, AwsApi, AWS_APIS, endpointService, planIdentity, storeLogin } from "../../components/identity";
import { EXTERNAL_HOSTS, serviceHost } from "../../components/kubernetes";
import { stripeApiCidrs } from "../../infra/addresses";
import { TICKETTOKEN } from "../../infra/catalog";
import { RunResult } from "../../tools/harness/run";
import { Request } from "../support/iam";
import { endpointTarget, inlinePolicy, Layer, PathJudge, platformToService, Target, trustPolicy, Verdicts } from "../support/paths";
import { plainObject } from "../support/schemas";
import { all, one } from "../support/resources";
import { runAllStacks, STACKS } from "../support/stacks";

const catalog = new CatalogIndex(TICKETTOKEN);
const APP = "tickettoken";
const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const services = catalog.catalog.services.map((s) => s.name);

/** The security groups each store's resources carry, read from the store resources themselves. */
const STORE_GROUPS: Readonly<Record<string, [string, (inputs: Record<string, any>) => string[]]>> = {
    postgresql: ["aws:rds/instance:Instance", (i) => i.vpcSecurityGroupIds],
    redis: ["aws:elasticache/replicationGroup:ReplicationGroup", (i) => i.securityGroupIds],
    mongodb: ["aws:docdb/cluster:Cluster", (i) => i.vpcSecurityGroupIds],
    rabbitmq: ["aws:mq/broker:Broker", (i) => i.securityGroups],
};

interface Endpoint { host: string; readerHost?: string; memberHosts?: string[]; port: number }

/** Everything a path test reads off one stack's run. */
class StackPaths {
    readonly judge: PathJudge;
    private readonly outputs: Record<string, any>;

    constructor(readonly stack: string, private readonly run: RunResult) {
        const privateCidrs = all(run, "aws:ec2/subnet:Subnet").filter((s) => s.inputs.tags.tier === "private").map((s) => s.inputs.cidrBlock);
        this.judge = new PathJudge(run, APP, privateCidrs);
        this.outputs = run.outputs as Record<string, any>;
    }

    private tierCidrs(tier: string): string[] {
        return all(this.run, "aws:ec2/subnet:Subnet").filter((s) => s.inputs.tags.tier === tier).map((s) => s.inputs.cidrBlock);
    }

    policyOf = (service: string) => inlinePolicy(this.run, `tickettoken-identity-${service}-inline`);

    /** What `service` must be allowed to use `store` as itself (also for a store it does not use: what it would need). */
    storeRequests(service: string, store: string): Request[] {
        const login = planIdentity(catalog, service).logins[store] ?? storeLogin(catalog.store(store), catalog.service(service));
        switch (login.kind) {
            case "database-user":
                return all(this.run, "aws:rds/instance:Instance").map((db) => ({
                    action: "rds-db:connect",
                    resource: `arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:${(db.outputs as Record<string, string>).resourceId}/${login.user}`,
                }));
            case "cache-user":
                return [this.outputs.redisReplicationGroupArn, this.outputs.redisUserArns[service] ?? `arn:aws:elasticache:${REGION}:${ACCOUNT}:user:tickettoken-${this.stack}-${service}`]
                    .map((resource) => ({ action: "elasticache:Connect", resource }));
            case "cache-password":
                return [];
            case "password-login": {
                const secretArn: string = this.outputs.serviceIdentities[service].stores[store]?.secretArn ?? `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:none-for-${service}`;
                return [{ action: "secretsmanager:GetSecretValue", resource: secretArn }];
            }
        }
    }

    storeTarget(service: string, store: string): Target {
        const [type, groupsOf] = STORE_GROUPS[store];
        const e: Endpoint = this.outputs.storeEndpoints[store];
        return {
            groups: [...new Set(all(this.run, type).flatMap((r) => groupsOf(r.inputs)))],
            cidrs: this.tierCidrs(catalog.store(store).tier),
            hosts: [e.host, ...(e.readerHost ? [e.readerHost] : []), ...(e.memberHosts ?? [])],
            port: e.port,
            iam: this.storeRequests(service, store),
        };
    }

    serviceTarget(callee: string): Target {
        // The gateway's own Service comes from its chart, which the registry model cannot see; nothing calls it.
        const hosts = catalog.service(callee).edge ? [] : [serviceHost(callee, APP)];
        return { groups: [], cidrs: [], pod: callee, hosts, port: catalog.service(callee).port, iam: [] };
    }

    stripeTarget(): Target {
        return { groups: [], cidrs: stripeApiCidrs(), hosts: [EXTERNAL_HOSTS["stripe-api"]], port: 443, iam: [] };
    }

    apiTarget(service: string, api: AwsApi): Target {
        const e = endpointTarget(this.run, `com.amazonaws.${REGION}.${endpointService(api)}`);
        assert.ok(e.privateDns, `${api}: its regional name resolves to the endpoint inside the VPC`);
        const secretsOf = (who: string) => Object.values<{ secretArn?: string }>(this.outputs.serviceIdentities[who].stores).flatMap((s) => (s.secretArn ? [s.secretArn] : []));
        // Its own secrets; a service with none is tried on another service's, which nothing may give it.
        const own = secretsOf(service);
        const probe = own.length > 0 ? own : secretsOf(services.find((x) => secretsOf(x).length > 0)!);
        const iam = api === "secretsmanager" ? probe.map((resource) => ({ action: "secretsmanager:GetSecretValue", resource })) : [];
        return { groups: e.groups, cidrs: e.cidrs, hosts: [apiHost(api, REGION, "amazonaws.com")], port: 443, iam };
    }

    judgeOf(service: string, t: Target): Verdicts {
        return this.judge.judge(service, t, this.policyOf);
    }
}

const closed = (v: Verdicts): Layer[] => (Object.entries(v) as Array<[Layer, boolean]>).filter(([, open]) => !open).map(([layer]) => layer);
const openEverywhere = (v: Verdicts) => closed(v).length === 0;

// Every path a pod of the app namespace may open, through every layer the
// stack registers, in each environment: the catalog's flows and each
// service's AWS APIs open in every layer, every other path refused.
describe("infra (whole stack): every path, through every layer", () => {
    let stacks: Record<string, StackPaths> = {};
    before(async () => {
        const runs = await runAllStacks();
        stacks = Object.fromEntries(STACKS.map((s) => [s, new StackPaths(s, runs[s])]));
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("opens every catalog flow in every layer: security groups, NetworkPolicies, the mesh, and the service's role for stores", () => {
                const p = stacks[stack];
                let walked = 0;
                for (const f of catalog.flows) {
                    const t = f.toKind === "service" ? p.serviceTarget(f.to) : f.toKind === "store" ? p.storeTarget(f.from, f.to) : p.stripeTarget();
                    const v = p.judgeOf(f.from, t);
                    assert.deepEqual(closed(v), [], `${f.from} -> ${f.to}:${f.port} is closed at`);
                    assert.ok(v["security-group"] !== undefined && v["network-policy"] !== undefined, "both network layers asked");
                    if (f.toKind === "store" && planIdentity(catalog, f.from).logins[f.to].kind !== "cache-password") {
                        assert.equal(v.iam, true, `${f.from} -> ${f.to}: its role lets it log in`);
                    }
                    walked++;
                }
                assert.equal(walked, catalog.flows.length);
            });

            it("opens each service's path to exactly the AWS APIs its identity needs, in every layer", () => {
                const p = stacks[stack];
                for (const service of services) {
                    const needs = planIdentity(catalog, service).awsApis;
                    for (const api of AWS_APIS) {
                        const v = p.judgeOf(service, p.apiTarget(service, api));
                        if (needs.includes(api)) {
                            assert.deepEqual(closed(v), [], `${service} -> ${api} is closed at`);
                        } else if (needs.length === 0) {
                            // No AWS API at all: nothing lets it near the endpoints.
                            assert.deepEqual(closed(v).filter((l) => l !== "iam").sort(), ["mesh", "network-policy", "security-group"], `${service} -> ${api}`);
                        } else {
                            // Another API than its own: the endpoints share one range and one group, so the network
                            // layers let it to the endpoints; its sidecar knows no such host, and its role allows nothing there.
                            assert.ok(closed(v).includes("mesh"), `${service} -> ${api}: the mesh refuses`);
                            assert.notEqual(v.iam, true, `${service} -> ${api}: its role allows nothing there`);
                        }
                    }
                }
            });

            it("refuses every service-to-service path the catalog does not name, in every network layer and the mesh", () => {
                const p = stacks[stack];
                let refused = 0;
                for (const from of services) {
                    for (const to of services.filter((x) => x !== from && !catalog.egressFrom(from).some((f) => f.to === x))) {
                        const v = p.judgeOf(from, p.serviceTarget(to));
                        assert.ok(closed(v).length > 0, `${from} -> ${to} is open everywhere`);
                        assert.equal(v["security-group"], false, `${from} -> ${to}: security groups`);
                        assert.equal(v["network-policy"], false, `${from} -> ${to}: NetworkPolicies`);
                        assert.notEqual(v.mesh, true, `${from} -> ${to}: mesh`);
                        refused++;
                    }
                }
                assert.ok(refused > 20);
            });

            it("refuses every store a service does not use, in every layer, and Stripe to all but its clients", () => {
                const p = stacks[stack];
                for (const from of services) {
                    for (const store of catalog.catalog.stores.map((s) => s.name).filter((s) => !catalog.clientsOf(s).includes(from))) {
                        const v = p.judgeOf(from, p.storeTarget(from, store));
                        const expected: Layer[] = ["mesh", "network-policy", "security-group", ...(v.iam !== undefined ? ["iam" as Layer] : [])];
                        assert.deepEqual(closed(v).sort(), expected.sort(), `${from} -> ${store}`);
                    }
                    if (!catalog.stripeClients().includes(from)) {
                        assert.deepEqual(closed(p.judgeOf(from, p.stripeTarget())).sort(), ["mesh", "network-policy", "security-group"], `${from} -> Stripe`);
                    }
                }
            });

            it("lets a service into its stores only as itself: another service's database user, cache user or login is refused by its role", () => {
                const p = stacks[stack];
                let tried = 0;
                for (const store of ["postgresql", "redis", "mongodb", "rabbitmq"]) {
                    const clients = catalog.clientsOf(store);
                    for (const service of clients) {
                        for (const other of clients.filter((c) => c !== service)) {
                            const theirs = p.storeRequests(other, store);
                            if (theirs.length === 0) {
                                continue;
                            }
                            // The replication group is shared by design; what makes a cache login someone's is the user.
                            const own = theirs.filter((r) => !r.resource.includes(":replicationgroup:"));
                            const v = p.judge.iam(service, { groups: [], cidrs: [], hosts: [], port: 0, iam: own }, p.policyOf);
                            assert.equal(v, false, `${service} may use ${store} as ${other}`);
                            tried++;
                        }
                    }
                }
                assert.ok(tried > 30);
            });
        });
    }

    it("each service's role trusts only its own ServiceAccount, which names that role", async () => {
        const run = (await runAllStacks()).prod;
        for (const service of services) {
            const sa = one(run, "kubernetes:core/v1:ServiceAccount", `tickettoken-identity-${service}`).inputs.metadata;
            const role = one(run, "aws:iam/role:Role", `tickettoken-identity-${service}-role`);
            assert.equal(sa.annotations["eks.amazonaws.com/role-arn"], (run.outputs as any).serviceIdentities[service].roleArn);
            const subs = trustPolicy(run, role.name).Statement.map((s: any) => Object.entries(s.Condition.StringEquals).find(([k]) => k.endsWith(":sub"))![1]);
            assert.deepEqual(subs, [`system:serviceaccount:${APP}:${sa.name}`]);
        }
    });
});

// The platform's flows into the app namespace: Prometheus to each service's
// metrics port, open in every network layer and through the mesh's mTLS;
// every other platform pod, every other port and every service refused.
describe("infra (whole stack): the platform's paths into the services", () => {
    let runs: Record<string, RunResult> = {};
    before(async () => {
        runs = await runAllStacks();
    });
    const prometheus = catalog.workload("prometheus");
    const scraped = catalog.catalog.services.filter((s) => s.metricsPort !== undefined);

    for (const stack of STACKS) {
        describe(stack, () => {
            const nodes = () => `${one(runs[stack], "aws:ec2/securityGroup:SecurityGroup", "tickettoken-cluster-nodes").name}-id`;

            it("opens Prometheus' scrape of every service's metrics port in the security groups and NetworkPolicies", () => {
                assert.equal(scraped.length, services.length, "every service declares a metrics port");
                for (const s of scraped) {
                    const v = platformToService(runs[stack], prometheus, APP, s.name, s.metricsPort!, nodes());
                    assert.deepEqual(v, { "security-group": true, "network-policy": true }, `prometheus -> ${s.name}:${s.metricsPort}`);
                }
            });

            it("scrapes through the mesh's mTLS: STRICT mesh-wide, Prometheus presenting the mesh's certificates", () => {
                const run = runs[stack];
                const peer = all(run, "kubernetes:security.istio.io/v1:PeerAuthentication");
                assert.deepEqual(peer.map((p) => [p.inputs.metadata.namespace, p.inputs.spec]), [["istio-system", { mtls: { mode: "STRICT" } }]], "no port is left PERMISSIVE");
                const spec = plainObject(one(run, "kubernetes:helm.sh/v3:Release", "tickettoken-observability-prometheus-stack").inputs.values).prometheus.prometheusSpec;
                const certs = JSON.parse(spec.podMetadata.annotations["proxy.istio.io/config"]).proxyMetadata.OUTPUT_CERTS;
                const shared = spec.volumeMounts.find((m: any) => m.name === "istio-certs").mountPath;
                assert.deepEqual(JSON.parse(spec.podMetadata.annotations["sidecar.istio.io/userVolumeMount"]), [{ name: "istio-certs", mountPath: certs }]);
                for (const job of spec.additionalScrapeConfigs) {
                    assert.equal(job.scheme, "https", job.job_name);
                    assert.ok(job.tls_config.cert_file.startsWith(`${shared}/`) && job.tls_config.key_file.startsWith(`${shared}/`), `${job.job_name} presents the mesh's certificate`);
                }
            });

            it("has the gateway serve its metrics port: Kong's status listener there, taken in by its sidecar (the scrape's mTLS), Kong's prometheus plugin on", () => {
                const run = runs[stack];
                const edge = catalog.edgeService();
                assert.ok(edge.metricsPort !== undefined, "the catalog scrapes the gateway");
                const values = plainObject(one(run, "kubernetes:helm.sh/v3:Release", "tickettoken-gateway-gateway").inputs.values);
                // Nothing else in a Kong pod listens for HTTP: without this, the scrape target is down forever (TargetDown).
                assert.deepEqual(values.status, { enabled: true, http: { enabled: true, containerPort: edge.metricsPort }, tls: { enabled: false } });
                // Every other port of the gateway stays outside the sidecar; this one must be inside, or STRICT mTLS meets plain HTTP.
                assert.equal(values.podAnnotations["traffic.sidecar.istio.io/includeInboundPorts"], String(edge.metricsPort));
                const plugin = one(run, "kubernetes:configuration.konghq.com/v1:KongClusterPlugin", "tickettoken-gateway-prometheus").inputs;
                assert.deepEqual([plugin.plugin, plugin.metadata.labels.global], ["prometheus", "true"]);
                const job = plainObject(one(run, "kubernetes:helm.sh/v3:Release", "tickettoken-observability-prometheus-stack").inputs.values)
                    .prometheus.prometheusSpec.additionalScrapeConfigs.find((j: any) => j.job_name === `${APP}/${edge.name}`);
                assert.equal(job.relabel_configs.find((r: any) => r.target_label === "__address__").replacement, `$1:${edge.metricsPort}`);
            });

            it("refuses the services' own ports to Prometheus, their metrics ports to every other platform pod and to each other", () => {
                const run = runs[stack];
                for (const s of scraped) {
                    const own = platformToService(run, prometheus, APP, s.name, s.port, nodes());
                    assert.deepEqual(own, { "security-group": false, "network-policy": false }, `prometheus -> ${s.name}:${s.port}`);
                    for (const other of catalog.platform.filter((w) => w.name !== prometheus.name && !w.hostNetwork)) {
                        const v = platformToService(run, other, APP, s.name, s.metricsPort!, nodes());
                        assert.deepEqual(v, { "security-group": false, "network-policy": false }, `${other.name} -> ${s.name}:${s.metricsPort}`);
                    }
                }
                const p = new StackPaths(stack, run);
                for (const from of services) {
                    for (const to of scraped.filter((x) => x.name !== from)) {
                        const v = p.judgeOf(from, { groups: [], cidrs: [], pod: to.name, hosts: [], port: to.metricsPort!, iam: [] });
                        assert.equal(v["security-group"], false, `${from} -> ${to.name}:${to.metricsPort}`);
                        assert.equal(v["network-policy"], false, `${from} -> ${to.name}:${to.metricsPort}`);
                    }
                }
            });
        });
    }
});

describe("infra (whole stack): the path judge sees a closed layer", () => {
    it("reports the layer a broken path is closed at", async () => {
        const p = new StackPaths("prod", (await runAllStacks()).prod);
        // A store port nobody uses, a host nobody registered, a user nobody has.
        const t: Target = { ...p.storeTarget("venue-service", "postgresql"), port: 5433 };
        assert.deepEqual(closed(p.judgeOf("venue-service", t)).sort(), ["mesh", "network-policy", "security-group"]);
        const wrongUser = { ...p.storeTarget("venue-service", "postgresql"), iam: p.storeRequests("auth-service", "postgresql") };
        assert.deepEqual(closed(p.judgeOf("venue-service", wrongUser)), ["iam"]);
        assert.ok(openEverywhere(p.judgeOf("venue-service", p.storeTarget("venue-service", "postgresql"))));
    });
});
