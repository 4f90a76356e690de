import { strict as assert } from "assert";
import { UNKNOWN_SENTINEL } from "../../../policies/lib/read";
import { StackGraph, StackResource } from "../../../policies/lib/stack";

const SUBNET = "aws:ec2/subnet:Subnet";
const GROUP = "aws:rds/subnetGroup:SubnetGroup";

function r(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): StackResource {
    return { type, urn: `urn:pulumi:s::p::${type}::${name}`, name, props, dependencies: Object.values(propertyDependencies).flat(), propertyDependencies };
}

describe("policies/lib/stack", () => {
    const a = r(SUBNET, "a", { id: "subnet-a" });
    const b = r(SUBNET, "b", { id: "subnet-b" });
    const subnets = new Set([SUBNET]);

    it("follows known ids, and says which point outside the stack", () => {
        const group = r(GROUP, "g", { subnetIds: ["subnet-a", "subnet-x"] });
        const f = new StackGraph([a, b, group]).follow(group, "subnetIds", subnets, ["id"]);
        assert.deepEqual(f.targets.map((t) => t.name), ["a"]);
        assert.deepEqual(f.external, ["subnet-x"]);
        assert.equal(f.unresolved, false);
    });

    it("follows unknown values through the property's dependencies (preview)", () => {
        const group = r(GROUP, "g", { subnetIds: [UNKNOWN_SENTINEL, UNKNOWN_SENTINEL] }, { subnetIds: [a.urn, b.urn] });
        const f = new StackGraph([a, b, group]).follow(group, "subnetIds", subnets, ["id"]);
        assert.deepEqual(f.targets.map((t) => t.name).sort(), ["a", "b"]);
        assert.equal(f.unresolved, false);
    });

    it("says unresolved when an unknown value has no dependency of the wanted type", () => {
        const group = r(GROUP, "g", { subnetIds: UNKNOWN_SENTINEL });
        const f = new StackGraph([a, group]).follow(group, "subnetIds", subnets, ["id"]);
        assert.deepEqual(f.targets, []);
        assert.equal(f.unresolved, true);
    });

    it("matches names case-insensitively and only among the wanted types", () => {
        const g = r(GROUP, "g", { name: "Data-Group" });
        const db = r("aws:rds/instance:Instance", "db", { dbSubnetGroupName: "data-group" });
        const graph = new StackGraph([g, db]);
        assert.deepEqual(graph.follow(db, "dbSubnetGroupName", new Set([GROUP]), ["name"]).targets, [g]);
        assert.deepEqual(graph.follow(db, "dbSubnetGroupName", subnets, ["name"]).targets, []);
    });
});
