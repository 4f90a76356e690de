import { strict as assert } from "assert";
import { amiTypeFor, architectureOf, groupArchitecture, instanceTypeProblem } from "../../../components/cluster";
import { checkNodeGroup } from "../../../components/cluster/nodeGroups";
import { SIZE_PROFILES, SIZES } from "../../../infra/config/sizes";

describe("components/cluster/instanceTypes", () => {
    for (const t of ["m6i.large", "m7g.xlarge", "c6gn.2xlarge", "r5.large", "m7i-flex.large", "c7a.4xlarge", "m5.metal"]) {
        it(`accepts ${t}, which carries pod ENIs`, () => assert.equal(instanceTypeProblem(t), undefined));
    }

    for (const t of ["t3.medium", "t3a.large", "t4g.small", "t2.micro"]) {
        it(`rejects the burstable ${t}: no pod ENIs, so no security groups for pods`, () => {
            assert.match(instanceTypeProblem(t)!, /burstable t-family type, which cannot carry pod ENIs/);
        });
    }

    for (const t of ["m4.large", "c4.xlarge", "p4d.24xlarge", "g5.xlarge", "x2gd.large", "a1.large"]) {
        it(`rejects ${t}, outside the m/c/r families of generation 5+`, () => {
            assert.match(instanceTypeProblem(t)!, /must be a Nitro instance type of the m, c, r families, generation 5 or later/);
        });
    }

    for (const t of ["", "m6i", "M6I.LARGE", "m6i.large ", "large"]) {
        it(`rejects the malformed name ${JSON.stringify(t)}`, () => assert.match(instanceTypeProblem(t)!, /is not an instance type name like m6i\.large/));
    }

    it("tells Graviton from x86 and picks the AL2023 AMI for each", () => {
        assert.equal(architectureOf("m7g.large"), "arm64");
        assert.equal(architectureOf("c7gn.large"), "arm64");
        assert.equal(architectureOf("r6gd.large"), "arm64");
        assert.equal(architectureOf("m6i.large"), "x86_64");
        assert.equal(architectureOf("m6a.large"), "x86_64");
        assert.equal(architectureOf("m7i-flex.large"), "x86_64");
        assert.equal(amiTypeFor(groupArchitecture(["m7g.large", "m6g.large"])), "AL2023_ARM_64_STANDARD");
        assert.equal(amiTypeFor(groupArchitecture(["m6i.large", "m7i.large"])), "AL2023_x86_64_STANDARD");
        assert.throws(() => groupArchitecture(["m6i.large", "m7g.large"]), /mix x86_64 and arm64; a node group runs one AMI/);
    });

    it("checks a node group's types and counts, naming the group", () => {
        assert.throws(() => checkNodeGroup("apps", { instanceTypes: ["t3.medium"], counts: { min: 1, desired: 1, max: 1 } }), /node group apps: "t3\.medium" is a burstable/);
        assert.throws(() => checkNodeGroup("system", { instanceTypes: [], counts: { min: 1, desired: 1, max: 1 } }), /node group system: no instance types/);
        assert.throws(() => checkNodeGroup("system", { instanceTypes: ["m6i.large"], counts: { min: 2, desired: 1, max: 3 } }), /0 <= min <= desired <= max/);
        checkNodeGroup("system", { instanceTypes: ["m6i.large"], counts: { min: 0, desired: 0, max: 1 } });
    });

    it("every size profile's node groups pass the same checks", () => {
        for (const size of SIZES) {
            const p = SIZE_PROFILES[size];
            checkNodeGroup("system", { instanceTypes: p.systemNodeInstanceTypes, counts: p.nodeCounts.system });
            checkNodeGroup("apps", { instanceTypes: p.nodeInstanceTypes, counts: p.nodeCounts.apps });
        }
    });
});
