import { strict as assert } from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { elements, isSentinel, plain, readArray, readBool, readNumber, readObject, readString, show, UNKNOWN, UNKNOWN_SENTINEL } from "../../../policies/lib/read";

describe("policies/lib/read", () => {
    it("recognises every unknown sentinel of the protocol and nothing else", () => {
        for (const s of [UNKNOWN_SENTINEL, "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", "3eeb2bf0-c639-47a8-9e75-3b44932eb421", "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", "dd056dcd-154b-4c76-9bd3-c8f88648b5ff"]) {
            assert.ok(isSentinel(s), s);
        }
        assert.ok(!isSentinel("04da6b54-80e4-46f7-96ec-b56ff0331ba8"));
        assert.ok(!isSentinel(""));
        assert.ok(!isSentinel(4));
    });

    it("reads values as present, absent or unknown", () => {
        assert.equal(readString("x"), "x");
        assert.equal(readString(4), undefined);
        assert.equal(readString(UNKNOWN_SENTINEL), UNKNOWN);
        assert.equal(readNumber(443), 443);
        assert.equal(readNumber("443"), 443);
        assert.equal(readNumber("https"), undefined);
        assert.equal(readNumber(UNKNOWN_SENTINEL), UNKNOWN);
        assert.equal(readBool(true), true);
        assert.equal(readBool("false"), false);
        assert.equal(readBool(UNKNOWN_SENTINEL), UNKNOWN);
        assert.deepEqual(readArray([1]), [1]);
        assert.equal(readArray(UNKNOWN_SENTINEL), UNKNOWN);
        assert.deepEqual(elements(undefined), []);
        assert.equal(readObject([1]), undefined);
        assert.equal(show(UNKNOWN_SENTINEL), "(unknown until apply)");
    });

    it("unwraps the SDK's unknown-checking proxy so an unknown field can be read without throwing", () => {
        const props = unknownCheckingProxy({ publiclyAccessible: true, dbSubnetGroupName: UNKNOWN_SENTINEL });
        assert.throws(() => props.dbSubnetGroupName, /can't be known during preview/);
        const p = plain(props);
        assert.equal(readBool(p.publiclyAccessible), true);
        assert.equal(readString(p.dbSubnetGroupName), UNKNOWN);
        assert.deepEqual(plain({ a: 1 }), { a: 1 });
    });
});
