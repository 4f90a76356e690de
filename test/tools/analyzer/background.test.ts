import { strict as assert } from "assert";
import * as path from "path";
import { openPack, PackDiagnostic } from "../../../tools/analyzer";
import { startPackInBackground } from "../../../tools/analyzer/background";
import { REPO_ROOT } from "../../../tools/harness/project";
import { runStack } from "../../../tools/harness/run";

const FIXTURE = path.join(REPO_ROOT, "test", "fixtures", "public-db.ts");

/** Diagnostics in an order that does not depend on which Analyze call answered first. */
const sorted = (ds: readonly PackDiagnostic[]) =>
    ds.map((d) => JSON.stringify([d.phase, d.urn, d.policyName, d.message, d.enforcementLevel])).sort();

describe("tools/analyzer/background (the plan's pack, driven from a worker thread)", function () {
    this.timeout(300000);

    it("reports what the pack driven directly reports, for resources fed as they register and as the provider answers", async () => {
        const pack = startPackInBackground({ project: "tickettoken", stack: "prod", dryRun: true });
        let report;
        let run;
        try {
            run = await runStack("prod", {}, { preview: true, program: FIXTURE, onRegister: (r) => pack.add(r), onAnswer: (r) => pack.answered(r) });
            const started = await pack.started;
            assert.equal(started.info.name, "tickettoken-network");
            report = await pack.finish();
        } finally {
            await pack.close();
        }
        assert.equal(report.analyzed, run.resources.length);
        const direct = await openPack({ project: "tickettoken", stack: "prod", dryRun: true });
        let expected;
        try {
            expected = await direct.analyze(run.resources);
        } finally {
            await direct.close();
        }
        assert.ok(expected.diagnostics.length > 0, "the fixture has violations");
        assert.deepEqual(sorted(report.diagnostics), sorted(expected.diagnostics));
    });

    it("rejects a config the pack refuses through `started`, and a finish once the worker is gone, instead of waiting", async () => {
        const pack = startPackInBackground({ project: "tickettoken", stack: "prod", dryRun: true, config: { "egress-only-strip": { exemptions: [] } } });
        try {
            await assert.rejects(pack.started, /egress-only-strip, which the pack tickettoken-network does not have/);
        } finally {
            await pack.close();
        }
        await assert.rejects(pack.finish(), /worker thread exited/);
    });
});
