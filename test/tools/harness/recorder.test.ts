import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { runComponents } from "../../../tools/harness/run";

describe("tools/harness/recorder", () => {
    const build = () => {
        new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
    };

    it("keeps the id and outputs the provider answered with", async () => {
        const [vpc] = (await runComponents(build)).resources;
        assert.equal(vpc.id, "vpc-id");
        assert.equal(vpc.outputs?.defaultRouteTableId, "vpc-main-rtb");
        assert.equal(vpc.outputs?.cidrBlock, "10.0.0.0/16");
    });

    it("has no id in preview, as the engine has none yet", async () => {
        const [vpc] = (await runComponents(build, { preview: true })).resources;
        assert.equal(vpc.id, undefined);
        assert.equal(vpc.outputs?.defaultRouteTableId, undefined);
    });
});
