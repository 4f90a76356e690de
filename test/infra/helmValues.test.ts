import { strict as assert } from "assert";
import { RunResult } from "../../tools/harness/run";
import { all } from "../support/resources";
import { runAllStacks, STACKS } from "../support/stacks";
import { chartOf, pinnedKeys, unknownValuePaths } from "../support/helmValues";
import { plainObject } from "../support/schemas";

// Helm renders a release from the values it is given and ignores any key no
// template reads: a misspelt or moved key installs cleanly and does nothing.
// Every value path each stack's releases set must be a key of the pinned
// chart version's values.yaml (test/data/helm-values/).

describe("Helm values against the pinned charts' keys", () => {
    describe("the check", () => {
        const kong = pinnedKeys("kong", "3.4.1");

        it("passes keys of the chart, free-form maps at any depth below their key, and arrays as leaves", () => {
            assert.deepEqual(unknownValuePaths({
                admin: { enabled: true, tls: { containerPort: 8444 } },
                env: { database: "off", anything_kong_conf_has: "x" },
                podAnnotations: { "traffic.sidecar.istio.io/includeInboundPorts": "" },
                nodeSelector: { "tickettoken/node-group": "apps" },
                proxy: { tls: { parameters: ["http2"] } },
                podDisruptionBudget: {},
            }, kong), []);
        });

        it("fails on a misspelt key, a key at the wrong depth, and a value where the chart has keys", () => {
            assert.deepEqual(unknownValuePaths({ admin: { enable: true } }, kong), ["admin.enable: not a key of kong 3.4.1"]);
            assert.deepEqual(unknownValuePaths({ tls: { enabled: true } }, kong), ["tls.enabled: not a key of kong 3.4.1"]);
            assert.deepEqual(unknownValuePaths({ ingressController: { gatewayDiscovery: { adminApiService: { namespace: "a", nam: "b" } } } }, kong), [
                "ingressController.gatewayDiscovery.adminApiService.nam: not a key of kong 3.4.1",
            ]);
            assert.deepEqual(unknownValuePaths({ image: "kong:3.9" }, kong), ["image: the chart has keys below it, not a value"]);
        });

        it("Istio's charts: their keys are at the top, not under _internal_defaults_do_not_set or the legacy pilot prefix", () => {
            const istiod = pinnedKeys("istiod", "1.30.1");
            assert.deepEqual(unknownValuePaths({ replicaCount: 2, cni: { enabled: true }, meshConfig: { anyMeshConfigField: 1 } }, istiod), []);
            assert.deepEqual(unknownValuePaths({ pilot: { replicaCount: 2 } }, istiod), ["pilot.replicaCount: not a key of istiod 1.30.1"]);
            assert.deepEqual(unknownValuePaths({ _internal_defaults_do_not_set: { replicaCount: 2 } }, istiod), ["_internal_defaults_do_not_set.replicaCount: not a key of istiod 1.30.1"]);
        });

        it("a chart version without pinned keys fails, saying how to pin them", () => {
            assert.throws(() => pinnedKeys("kong", "9.9.9"), /no pinned keys for kong 9\.9\.9 .*npm run refresh-helm-keys -- kong 9\.9\.9/);
        });
    });

    describe("every release each stack registers", () => {
        let runs: Record<string, RunResult> = {};
        before(async () => {
            runs = await runAllStacks();
        });

        for (const stack of STACKS) {
            it(`${stack}: sets only keys its chart version has, from the repository its keys were pinned from`, () => {
                const releases = all(runs[stack], "kubernetes:helm.sh/v3:Release");
                const problems: string[] = [];
                for (const r of releases) {
                    const chart = chartOf(r.inputs.repositoryOpts.repo, r.inputs.chart);
                    const keys = pinnedKeys(chart, r.inputs.version);
                    assert.equal(keys.repository, r.inputs.repositoryOpts.repo, `${r.name}: keys pinned from its repository`);
                    problems.push(...unknownValuePaths(plainObject(r.inputs.values ?? {}), keys).map((p) => `${r.name} (${chart} ${r.inputs.version}): ${p}`));
                }
                assert.deepEqual(problems, []);
            });
        }
    });
});
