import { strict as assert } from "assert";
import fc from "fast-check";
import { AnalyzeInput, analyzeRequest, encodedAnalyzeRequest, stackEntry, StackInput, stackRequest, stackRequestOf } from "../../../tools/analyzer/client";
import { toAnalyzeInput, toStackInput } from "../../../tools/analyzer/convert";
import { encodeAnalyzeRequest, encodeStackEntry } from "../../../tools/analyzer/encode";
import { runAllStacks, STACKS } from "../../support/stacks";

const hex = (b: Uint8Array | undefined) => (b === undefined ? "undefined" : Buffer.from(b).toString("hex"));

/** JSON-like values as wire forms carry them: nulls, numbers of every kind, strings of any code point, lists, maps. */
const json = fc.letrec((tie) => ({
    value: fc.oneof(
        { depthSize: "small" },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.string({ unit: "grapheme" }),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: "grapheme", maxLength: 6 }), tie("value"), { maxKeys: 4 }),
    ),
})).value;

const options = fc.record(
    {
        protect: fc.boolean(),
        ignoreChanges: fc.array(fc.string(), { maxLength: 2 }),
        deleteBeforeReplace: fc.option(fc.boolean(), { nil: undefined }),
        additionalSecretOutputs: fc.array(fc.string(), { maxLength: 2 }),
        aliases: fc.array(fc.string(), { maxLength: 2 }),
        parent: fc.option(fc.string(), { nil: undefined }),
    },
    { requiredKeys: [] },
);

const stackInput: fc.Arbitrary<StackInput> = fc.record({
    urn: fc.string(),
    type: fc.string(),
    name: fc.string(),
    properties: fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 5 }),
    options,
    parent: fc.option(fc.string(), { nil: undefined }),
    dependencies: fc.array(fc.string(), { maxLength: 3 }),
    propertyDependencies: fc.dictionary(fc.string({ maxLength: 4 }), fc.array(fc.string(), { maxLength: 2 }), { maxKeys: 3 }),
});

describe("tools/analyzer/encode (Analyze and AnalyzeStack without google-protobuf's objects)", () => {
    it("gives google-protobuf's bytes for every resource of every stack, Analyze and AnalyzeStack, preview and after apply", async function () {
        this.timeout(600000);
        for (const preview of [true, false]) {
            const runs = await runAllStacks({ preview });
            for (const stack of STACKS) {
                const resources = runs[stack].resources;
                assert.ok(resources.length > 100, `${stack} registered resources`);
                for (const r of resources) {
                    const analyze = toAnalyzeInput(r);
                    assert.equal(hex(encodeAnalyzeRequest(analyze)), hex(analyzeRequest(analyze).serializeBinary()), `Analyze of ${r.urn}`);
                    const entry = toStackInput(r);
                    assert.equal(hex(encodeStackEntry(entry)), hex(stackRequest([entry]).getResourcesList()[0].serializeBinary()), `AnalyzeStack entry of ${r.urn}`);
                }
                // The whole request, from entries encoded one by one, is the request google-protobuf builds.
                const inputs = resources.map(toStackInput);
                assert.equal(hex(stackRequestOf(inputs.map(stackEntry)).serializeBinary()), hex(stackRequest(inputs).serializeBinary()), `AnalyzeStack of ${stack}`);
            }
        }
    });

    it("gives google-protobuf's bytes for generated values: every kind of number, any code point, nesting, empty keys and lists", () => {
        fc.assert(
            fc.property(stackInput, (r) => {
                assert.equal(hex(encodeStackEntry(r)), hex(stackRequest([r]).getResourcesList()[0].serializeBinary()));
                const analyze: AnalyzeInput = { urn: r.urn, type: r.type, name: r.name, properties: r.properties, options: r.options };
                assert.equal(hex(encodeAnalyzeRequest(analyze)), hex(analyzeRequest(analyze).serializeBinary()));
            }),
            { numRuns: 2000 },
        );
    });

    it("leaves to google-protobuf what it encodes its own way (lone surrogates, numbers that are not finite), and still sends its bytes", () => {
        for (const odd of ["\uD800", "a\uDC00b", NaN, Infinity, -Infinity]) {
            const r: AnalyzeInput = { urn: "u", type: "t", name: "n", properties: { odd } };
            assert.equal(encodeAnalyzeRequest(r), undefined, String(odd));
            assert.equal(hex(encodedAnalyzeRequest(r).serializeBinary()), hex(analyzeRequest(r).serializeBinary()));
        }
        assert.throws(() => encodeAnalyzeRequest({ urn: "u", type: "t", name: "n", properties: { list: [undefined] } }), /Unexpected struct type/, "what google-protobuf refuses, refused alike");
    });
});
