import { strict as assert } from "assert";
import { listStacks, readProjectFile, readStackSettings } from "../../../tools/harness/project";
import { ConfigReader, PROJECT, readStackConfig } from "../../../infra/config";

describe("tools/harness/project", () => {
    it("finds the three stacks", () => {
        assert.deepEqual(listStacks(), ["dev", "prod", "staging"]);
    });

    it("applies Pulumi.yaml defaults and passes every value as a string, as the CLI does", () => {
        const s = readStackSettings("prod");
        assert.equal(s.project, PROJECT);
        assert.equal(s.config["tickettoken:azCount"], "3");
        assert.equal(s.config["aws:region"], "us-east-1");
        assert.equal(JSON.parse(s.config["aws:defaultTags"]).tags.environment, "prod");
    });

    it("fails like the CLI on a value of the wrong type or a missing required key", () => {
        assert.throws(() => readStackSettings("prod", { "tickettoken:azCount": "three" }),
            /Stack 'prod' with configuration key 'azCount' must be of type 'integer'/);
        assert.throws(() => readStackSettings("nope"), /no stack named 'nope'/);
    });

    it("Pulumi.yaml declares exactly the keys the program reads, with the same types", () => {
        const declared = readProjectFile().config;
        const reader = new ConfigReader({ get: (k) => readStackSettings("prod").config[`${PROJECT}:${k}`] }, PROJECT);
        readStackConfig(reader);
        const read = Object.fromEntries(reader.keysRead());
        const declaredTypes = Object.fromEntries(Object.entries(declared).map(([k, d]) => [k, d.type]));
        assert.deepEqual(read, declaredTypes);
        for (const [key, decl] of Object.entries(declared)) {
            assert.ok(decl.description, `${key} has a description`);
        }
    });
});
