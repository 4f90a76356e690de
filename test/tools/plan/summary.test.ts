import { strict as assert } from "assert";
import { summarize, topComponent } from "../../../tools/plan/summary";
import { RecordedResource } from "../../../tools/harness/recorder";

function res(urn: string, type: string, custom: boolean, parent?: string): RecordedResource {
    return { urn, type, name: urn, custom, parent, inputs: {}, wire: {}, dependencies: [], propertyDependencies: {}, protect: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [] } as unknown as RecordedResource;
}

describe("tools/plan/summary", () => {
    const resources = [
        res("stack", "pulumi:pulumi:Stack", false),
        res("net", "tickettoken:network:Network", false, "stack"),
        res("vpc", "aws:ec2/vpc:Vpc", true, "net"),
        res("s1", "aws:ec2/subnet:Subnet", true, "net"),
        res("s2", "aws:ec2/subnet:Subnet", true, "net"),
        res("cl", "tickettoken:cluster:Cluster", false, "stack"),
        res("irsa", "tickettoken:cluster:IrsaRole", false, "cl"),
        res("role", "aws:iam/role:Role", true, "irsa"),
        res("loose", "aws:s3/bucket:Bucket", true, "stack"),
    ];

    it("attributes a resource to its top-level component, however deep", () => {
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        assert.equal(topComponent(byUrn.get("role")!, byUrn), "tickettoken:cluster:Cluster cl");
        assert.equal(topComponent(byUrn.get("loose")!, byUrn), "(stack)");
    });

    it("counts cloud resources by component and type", () => {
        const s = summarize(resources);
        assert.equal(s.total, 5);
        assert.equal(s.componentCount, 3);
        assert.deepEqual(s.components.map((c) => [c.component, c.total, c.types.map((t) => `${t.type}=${t.count}`)]), [
            ["(stack)", 1, ["aws:s3/bucket:Bucket=1"]],
            ["tickettoken:cluster:Cluster cl", 1, ["aws:iam/role:Role=1"]],
            ["tickettoken:network:Network net", 3, ["aws:ec2/subnet:Subnet=2", "aws:ec2/vpc:Vpc=1"]],
        ]);
    });
});
