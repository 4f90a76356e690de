import { strict as assert } from "assert";
import { normaliseProtocol } from "../../policies/lib/ports";
import { field } from "../../policies/lib/read";
import { storePortName } from "../../policies/lib/defaults";
import { engineResource as r, findings, judgeResources, summary, usePack } from "../support/pack";

// Names that are members of Object.prototype ("constructor", "toString",
// "__proto__") are only names: every table the pack looks input up in is a
// Map or an own-property read.
const PROTO_NAMES = ["constructor", "toString", "__proto__", "hasOwnProperty"];

describe("the pack with Object.prototype's member names as input", () => {
    it("reads them as plain text in the pack's lookups", () => {
        for (const name of PROTO_NAMES) {
            assert.equal(normaliseProtocol(name.toLowerCase()), name === "__proto__" ? undefined : "other", name);
            assert.equal(field({}, name), undefined, name);
        }
        assert.equal(storePortName(5432), "5432 (PostgreSQL)");
    });

    describe("through the gRPC interface", () => {
        const pack = usePack();

        it("a Service whose loadBalancerClass is a prototype member is an unknown controller, judged internet-facing", async () => {
            const report = await judgeResources(pack(), PROTO_NAMES.map((cls, i) =>
                r("kubernetes:core/v1:Service", `proto-class-${i}`, { spec: { type: "LoadBalancer", loadBalancerClass: cls, ports: [{ port: 5432 }] } })));
            assert.deepEqual(summary(report, "no-public-db"), PROTO_NAMES.map((_, i) => `no-public-db mandatory proto-class-${i} spec.ports[0].port`));
            assert.match(findings(report)[0].text, /loadBalancerClass "constructor" names a controller the pack does not model, so its load balancer is judged as internet-facing/);
        });

        it("a rule, a tag or an annotation named after a prototype member neither crashes a rule nor changes a verdict", async () => {
            const report = await judgeResources(pack(), [
                r("aws:ec2/securityGroup:SecurityGroup", "proto-protocol", { tags: { constructor: "x", __proto__: "y" }, ingress: [{ protocol: "constructor", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] }),
                r("aws:rds/instance:Instance", "proto-db", { engine: "constructor", engineVersion: "toString", tags: { toString: "1" }, dbSubnetGroupName: "p" }),
                r("kubernetes:networking.k8s.io/v1:Ingress", "proto-annotations", { metadata: { annotations: { constructor: "x", "kubernetes.io/ingress.class": "toString" } }, spec: { tls: [{ hosts: ["a.example.com"] }], rules: [{ host: "a.example.com" }] } }),
                r("aws:rds/parameterGroup:ParameterGroup", "proto-params", { family: "constructor", parameters: [{ name: "constructor", value: "1" }, { name: "__proto__", value: "0" }] }),
            ]);
            assert.deepEqual(findings(report).filter((f) => /could not evaluate/.test(f.text)), []);
            // A protocol named "constructor" is some other IP protocol: it carries no TCP port, so nothing is exposed.
            assert.deepEqual(summary(report), []);
        });
    });
});
