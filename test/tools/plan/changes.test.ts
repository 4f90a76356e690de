import { strict as assert } from "assert";
import { diffInventories, propertyChanges, protectedChanges } from "../../../tools/plan/changes";
import { InventoryEntry, mask, Masked, SECRET, UNKNOWN } from "../../../tools/plan/inventory";
import { forcesReplacement, protectionOf } from "../../../tools/plan/protected";
import { UNKNOWN_SENTINEL } from "../../../policies/lib/read";

const SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });

function entry(type: string, name: string, inputs: { [k: string]: Masked }, extra: Partial<InventoryEntry> = {}): InventoryEntry {
    const protect = extra.protect ?? false;
    const protection = protectionOf({ type, protect });
    return {
        urn: `urn:pulumi:prod::tickettoken::${type}::${name}`, type, name, custom: true, protect,
        ...(protection ? { protection } : {}),
        location: { file: "components/x.ts", line: 10, column: 5 }, chain: [], inputs, ...extra,
    };
}

const DB = "aws:rds/instance:Instance";
const RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

describe("tools/plan/changes", () => {
    it("masks secrets and marks unknowns in the inputs a report carries, at any depth", () => {
        assert.deepEqual(mask({ a: secret("hunter2"), b: UNKNOWN_SENTINEL, c: [1, { d: secret({ e: "x" }) }], f: null }),
            { a: SECRET, b: UNKNOWN, c: [1, { d: SECRET }], f: null });
        assert.doesNotMatch(JSON.stringify(mask({ p: secret("hunter2") })), /hunter2/);
    });

    it("reports a resource added, one removed, and one changed with the changed properties by nested path", () => {
        const base = [
            entry(RULE, "a", { fromPort: 443, tags: { Name: "a", team: "x" } }),
            entry(RULE, "gone", { fromPort: 80 }),
            entry(RULE, "same", { fromPort: 22, cidrs: ["10.0.0.0/8"] }),
        ];
        const head = [
            entry(RULE, "a", { fromPort: 8443, tags: { Name: "a", env: "prod" } }),
            entry(RULE, "same", { fromPort: 22, cidrs: ["10.0.0.0/8"] }),
            entry(RULE, "new", { fromPort: 5432 }),
        ];
        const c = diffInventories(base, head);
        assert.deepEqual(c.added.map((x) => [x.action, x.name, x.revision]), [["add", "new", "head"]]);
        assert.deepEqual(c.removed.map((x) => [x.action, x.name, x.revision, x.dataLoss]), [["remove", "gone", "base", false]]);
        assert.deepEqual(c.changed.map((x) => x.name), ["a"]);
        assert.deepEqual(c.changed[0].properties.map((p) => [p.path, p.before, p.after]), [
            ["fromPort", 443, 8443],
            ["tags.env", undefined, "prod"],
            ["tags.team", "x", undefined],
        ]);
        assert.equal(c.changed[0].location?.file, "components/x.ts");
    });

    it("reports nothing when nothing changed (empty lists, not missing ones)", () => {
        const inv = [entry(RULE, "a", { fromPort: 443, list: [{ x: 1 }] })];
        assert.deepEqual(diffInventories(inv, inv.map((e) => ({ ...e, inputs: JSON.parse(JSON.stringify(e.inputs)) }))), { added: [], removed: [], changed: [] });
    });

    it("shows a value secret on either side as a secret on both, and unknowns as known after apply", () => {
        assert.deepEqual(propertyChanges(DB, { password: "plain-before" }, { password: SECRET }), [{ path: "password", before: SECRET, after: SECRET, forcesReplacement: false }]);
        assert.deepEqual(propertyChanges(DB, { password: SECRET }, { password: "plain-after" }), [{ path: "password", before: SECRET, after: SECRET, forcesReplacement: false }]);
        assert.deepEqual(propertyChanges(DB, { kmsKeyId: "arn:aws:kms:k" }, { kmsKeyId: UNKNOWN }), [{ path: "kmsKeyId", before: "arn:aws:kms:k", after: UNKNOWN, forcesReplacement: true }]);
        // Both secret: the report holds no value, so it cannot tell a change.
        assert.deepEqual(propertyChanges(DB, { password: SECRET }, { password: SECRET }), []);
        const text = JSON.stringify(diffInventories([entry(DB, "db", { p: "plain-before" })], [entry(DB, "db", { p: SECRET })]));
        assert.doesNotMatch(text, /plain-before/);
    });

    it("lists changes to protected resources first, marks a removal as data loss, and says may replace only where the schema says so", () => {
        const base = [
            entry(RULE, "a-rule", { fromPort: 1 }),
            entry(DB, "orders", { engine: "postgres", engineVersion: "16.4" }, { protect: true }),
            entry("aws:kms/key:Key", "key", { description: "k" }),
            entry(DB, "replica", { engine: "postgres", identifier: "r1" }),
        ];
        const head = [
            entry(RULE, "a-rule", { fromPort: 2 }),
            entry(DB, "orders", { engine: "postgres", engineVersion: "16.6" }, { protect: true }),
            entry(DB, "replica", { engine: "mysql", identifier: "r2" }),
        ];
        const c = diffInventories(base, head);
        assert.deepEqual(c.changed.map((x) => [x.name, x.protection, x.mayReplace]), [
            ["orders", "database, protect: true", []],
            ["replica", "database", ["engine", "identifier"]],
            ["a-rule", undefined, []],
        ]);
        assert.deepEqual(c.removed.map((x) => [x.name, x.protection, x.dataLoss]), [["key", "encryption key", true]]);
        assert.deepEqual(protectedChanges(c).map((x) => `${x.action} ${x.name}`), ["remove key", "change orders", "change replica"]);
        assert.equal(forcesReplacement(DB, "engineVersion"), false, "an engine version upgrades in place");
        assert.equal(forcesReplacement(DB, "restoreToPointInTime.restoreTime"), true);
        assert.equal(forcesReplacement(RULE, "fromPort"), false, "no claim for a type whose schema was not read");
    });

    it("protects what the program marks protect, and reports a change of the option", () => {
        assert.equal(protectionOf({ type: RULE, protect: true }), "protect: true");
        assert.equal(protectionOf({ type: RULE, protect: false }), undefined);
        const c = diffInventories([entry(RULE, "r", {}, { protect: false })], [entry(RULE, "r", {}, { protect: true, protection: "protect: true" })]);
        assert.deepEqual(c.changed.map((x) => [x.protection, x.properties.map((p) => [p.path, p.before, p.after])]), [["protect: true", [["(option) protect", false, true]]]]);
    });
});
