import { strict as assert } from "assert";
import { and, ipSet, listRef, not, pathStartsWith, quote, sourceIn } from "../../../components/edge";

describe("components/edge/expressions", () => {
    it("quotes strings, escaping backslash and double quote", () => {
        assert.equal(quote("/api/webhooks/stripe"), '"/api/webhooks/stripe"');
        assert.equal(quote('a"b\\c'), '"a\\"b\\\\c"');
        assert.equal(quote('\\"'), '"\\\\\\""', "an escaped quote cannot end the string early");
    });

    it("writes IP sets with single addresses bare and ranges canonical", () => {
        assert.equal(ipSet(["3.18.12.63/32", "10.0.0.0/8", "2001:DB8::/32", "2001:db8::1"]), "{3.18.12.63 10.0.0.0/8 2001:db8::/32 2001:db8::1}");
        assert.equal(ipSet(["3.18.12.63", "3.18.12.63/32"]), "{3.18.12.63}");
    });

    it("refuses an empty IP set, a malformed address and host bits", () => {
        assert.throws(() => ipSet([]), /would match nothing and silently disable its rule/);
        assert.throws(() => ipSet(["3.18.12"]), /"3\.18\.12" is not an IP address or canonical CIDR/);
        assert.throws(() => ipSet(["10.0.0.1/8"]), /"10\.0\.0\.1\/8" is not an IP address or canonical CIDR/);
    });

    it("references lists by a valid name only", () => {
        assert.equal(listRef("example_com_blocklist"), "$example_com_blocklist");
        assert.throws(() => listRef("Block-List"), /list name "Block-List" must be 1-50 lowercase letters, digits or underscores/);
        assert.throws(() => listRef("x".repeat(51)), /must be 1-50/);
    });

    it("matches a path prefix in lower case", () => {
        assert.equal(pathStartsWith("/api/webhooks/stripe"), 'starts_with(lower(http.request.uri.path), "/api/webhooks/stripe")');
        assert.throws(() => pathStartsWith("/API"), /must start with "\/" and be lower case/);
        assert.throws(() => pathStartsWith("api/"), /must start with "\/"/);
    });

    it("parenthesises every operand", () => {
        assert.equal(and("a or b", not(sourceIn("{1.2.3.4}"))), "(a or b) and (not (ip.src in {1.2.3.4}))");
    });
});
