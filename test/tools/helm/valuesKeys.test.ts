import { strict as assert } from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CHART_KEY_SPECS, ChartKeySpec, extractKeys, KEY_FILE_DIR, parseKeyFile, renderKeyFile } from "../../../tools/helm/valuesKeys";

const FIXTURE = yaml.load(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "helm", "values.yaml"), "utf8"));

describe("tools/helm/valuesKeys", () => {
    const spec: ChartKeySpec = { freeForm: { env: "any environment variable" }, documented: { fullnameOverride: "README" } };

    it("reads leaves (scalars, nulls, arrays) and free-form maps (named, empty, or keyed by label-like names); comments are not keys", () => {
        const keys = extractKeys(FIXTURE, spec);
        assert.deepEqual(keys.leaves, ["replicaCount", "image.repository", "image.tag", "image.digest", "service.type", "service.ports", "service.tls.enabled"]);
        assert.deepEqual(keys.freeForm, ["env", "podAnnotations", "nodeSelector", "service.labels"]);
    });

    it("walks a map with a dotted key when the spec says it is structured (a subchart's values holding grafana.ini)", () => {
        const values = { grafana: { "grafana.ini": { analytics: { check_for_updates: true } }, persistence: { size: "10Gi" } } };
        assert.deepEqual(extractKeys(values, { freeForm: {}, documented: {} }), { leaves: [], freeForm: ["grafana"] }, "label-keyed by default: the whole map is free");
        assert.deepEqual(
            extractKeys(values, { freeForm: { "grafana.grafana.ini": "any setting" }, documented: {}, structured: { grafana: "a subchart" } }),
            { leaves: ["grafana.persistence.size"], freeForm: ["grafana.grafana.ini"] },
        );
    });

    it("takes the keys of a chart that keeps its defaults under one key (Istio's) from the top", () => {
        const keys = extractKeys({ _internal_defaults_do_not_set: { hub: "", pilot: { enabled: true } }, extra: 1 }, { defaultsUnder: "_internal_defaults_do_not_set", freeForm: {}, documented: {} });
        assert.deepEqual(keys.leaves, ["extra", "hub", "pilot.enabled"]);
        assert.throws(() => extractKeys({ hub: "" }, { defaultsUnder: "_internal_defaults_do_not_set", freeForm: {}, documented: {} }), /no _internal_defaults_do_not_set map/);
    });

    it("refuses a spec naming a free-form map the chart no longer has", () => {
        assert.throws(() => extractKeys(FIXTURE, { freeForm: { extraEnv: "gone" }, documented: {} }), /values\.yaml has no extraEnv/);
    });

    it("writes a file that reads back to the same keys, with its source and how to refresh it", () => {
        const text = renderKeyFile("kong", "1.2.3", "a fixture", extractKeys(FIXTURE, spec), spec);
        assert.match(text, /^# Key paths of the Helm chart kong 1\.2\.3 \(https:\/\/charts\.konghq\.com\)/);
        assert.match(text, /\n# From: a fixture\.\n# Refresh \(online\): npm run refresh-helm-keys -- kong 1\.2\.3 /);
        assert.match(text, /\nenv\.\*  # any environment variable\n/);
        assert.match(text, /\nfullnameOverride  # README\n/);
        const keys = parseKeyFile(text, "kong-1.2.3.txt");
        assert.equal(keys.chart, "kong");
        assert.equal(keys.version, "1.2.3");
        assert.equal(keys.repository, "https://charts.konghq.com");
        assert.deepEqual([...keys.leaves].sort(), ["fullnameOverride", "image.digest", "image.repository", "image.tag", "replicaCount", "service.ports", "service.tls.enabled", "service.type"]);
        assert.deepEqual([...keys.freeForm].sort(), ["env", "nodeSelector", "podAnnotations", "service.labels"]);
    });

    it("refuses a file with a line that is not a key path, or without its header", () => {
        assert.throws(() => parseKeyFile("chart=kong\nversion=1\nrepository=x\nimage repository\n", "f.txt"), /f\.txt:4: "image repository" is not a dotted key path/);
        assert.throws(() => parseKeyFile("chart=kong\nversion=1\nimage.tag\n", "f.txt"), /f\.txt: no repository= line/);
        assert.throws(() => parseKeyFile("chart=nginx\nversion=1\nrepository=x\n", "f.txt"), /chart=nginx is not one of/);
    });

    it("every pinned file has the free-form maps and the documented keys its chart's spec names", () => {
        for (const [chart, s] of Object.entries(CHART_KEY_SPECS)) {
            for (const file of fs.readdirSync(KEY_FILE_DIR).filter((f) => f.startsWith(`${chart}-`) && /^\d/.test(f.slice(chart.length + 1)))) {
                const keys = parseKeyFile(fs.readFileSync(path.join(KEY_FILE_DIR, file), "utf8"), file);
                assert.equal(keys.chart, chart, file);
                for (const p of Object.keys(s.freeForm)) {
                    assert.ok(keys.freeForm.has(p), `${file} marks ${p} free-form`);
                }
                for (const p of Object.keys(s.documented)) {
                    assert.ok(keys.leaves.has(p), `${file} lists ${p}`);
                }
            }
        }
    });
});
