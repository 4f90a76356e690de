import { strict as assert } from "assert";
import { engineWire, toAnalyzeInput, toStackInput } from "../../../tools/analyzer/convert";
import { RecordedResource } from "../../../tools/harness/recorder";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("tools/analyzer/convert", () => {
    it("keeps unknowns and secrets as the engine marshals them", () => {
        assert.deepEqual(engineWire({ a: U, s: { [SIG]: SECRET, value: "pw" }, n: [1, { b: U }] }), { a: U, s: { [SIG]: SECRET, value: "pw" }, n: [1, { b: U }] });
    });

    it("resolves output values, resource references and drops internal keys", () => {
        const out = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
        const ref = "5cf8f73096256a8f31e491e813e4eb8e";
        assert.deepEqual(engineWire({
            known: { [SIG]: out, value: "x", dependencies: [] },
            unknown: { [SIG]: out, dependencies: ["urn"] },
            secret: { [SIG]: out, value: "y", secret: true },
            custom: { [SIG]: ref, urn: "urn:a", id: "sg-1" },
            pending: { [SIG]: ref, urn: "urn:a", id: "" },
            component: { [SIG]: ref, urn: "urn:c" },
            __defaults: ["name"],
        }), { known: "x", unknown: U, secret: { [SIG]: SECRET, value: "y" }, custom: "sg-1", pending: U, component: "urn:c" });
    });

    const recorded: RecordedResource = {
        urn: "urn:pulumi:s::p::aws:ec2/vpc:Vpc::vpc", type: "aws:ec2/vpc:Vpc", name: "vpc", custom: true, parent: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s",
        inputs: { cidrBlock: "10.0.0.0/16" }, wire: { cidrBlock: "10.0.0.0/16", tags: U },
        dependencies: ["urn:x"], propertyDependencies: { tags: ["urn:x"] }, protect: true, ignoreChanges: [], additionalSecretOutputs: [], aliases: [],
        id: "vpc-1", outputs: { cidrBlock: "10.0.0.0/16", defaultRouteTableId: "rtb-1" },
    };

    it("sends inputs to Analyze", () => {
        const a = toAnalyzeInput(recorded);
        assert.deepEqual(a.properties, { cidrBlock: "10.0.0.0/16", tags: U });
        assert.equal(a.options?.protect, true);
        assert.equal(a.options?.parent, recorded.parent);
    });

    it("sends outputs with id, parent and dependencies to AnalyzeStack, keeping unknown inputs", () => {
        const s = toStackInput(recorded);
        assert.deepEqual(s.properties, { cidrBlock: "10.0.0.0/16", defaultRouteTableId: "rtb-1", tags: U, id: "vpc-1" });
        assert.equal(s.parent, recorded.parent);
        assert.deepEqual(s.dependencies, ["urn:x"]);
        assert.deepEqual(s.propertyDependencies, { tags: ["urn:x"] });
        assert.equal(toStackInput({ ...recorded, id: undefined }).properties.id, undefined);
    });
});
