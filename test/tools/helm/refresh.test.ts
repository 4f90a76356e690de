import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { archiveUrl, refreshChart, subchartValuesOfArchive, untar, valuesOfArchive, withSubcharts } from "../../../tools/helm/refresh";
import { parseKeyFile } from "../../../tools/helm/valuesKeys";

const VALUES = fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "helm", "values.yaml"));

/** One ustar entry: a 512-byte header (name, octal size, checksum), the body padded to 512 bytes. */
function tarEntry(name: string, body: Buffer, type = "0"): Buffer {
    const header = Buffer.alloc(512);
    header.write(name.slice(0, 100), 0);
    header.write("0000644\0", 100);
    header.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124);
    header.write(type, 156);
    header.write("ustar\0", 257);
    header.write("00", 263);
    header.fill(" ", 148, 156);
    const sum = header.reduce((a, b) => a + b, 0);
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    return Buffer.concat([header, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

function chartArchive(files: Record<string, Buffer>): Buffer {
    return zlib.gzipSync(Buffer.concat([...Object.entries(files).map(([n, b]) => tarEntry(n, b)), Buffer.alloc(1024)]));
}

// The refresh against a local chart repository only.
describe("tools/helm/refresh", () => {
    it("puts each subchart's values under its key, the parent's settings over them", () => {
        const merged = withSubcharts(
            { grafana: { enabled: true, sidecar: { dashboards: { enabled: true } } }, prometheus: { replicas: 1 } },
            { grafana: { sidecar: { dashboards: { enabled: false, label: "grafana_dashboard" }, image: { registry: "quay.io" } }, persistence: { size: "10Gi" } } },
        ) as any;
        assert.deepEqual(merged.grafana, {
            enabled: true,
            sidecar: { dashboards: { enabled: true, label: "grafana_dashboard" }, image: { registry: "quay.io" } },
            persistence: { size: "10Gi" },
        });
        assert.deepEqual(merged.prometheus, { replicas: 1 });
        assert.throws(() => withSubcharts([], {}), /not a map/);
    });

    it("reads the values of the subcharts a chart archive packs, as directories or archives of their own", () => {
        const packed = chartArchive({ "kube-state-metrics/values.yaml": Buffer.from("image:\n  registry: registry.k8s.io\n") });
        const archive = chartArchive({
            "stack/values.yaml": VALUES,
            "stack/charts/grafana/values.yaml": Buffer.from("persistence:\n  size: 10Gi\n"),
            "stack/charts/kube-state-metrics-8.4.0.tgz": packed,
        });
        assert.deepEqual(subchartValuesOfArchive(archive, "stack"), {
            grafana: { persistence: { size: "10Gi" } },
            "kube-state-metrics": { image: { registry: "registry.k8s.io" } },
        });
    });

    it("finds a version's archive in a repository index, relative or absolute", () => {
        const index = "apiVersion: v1\nentries:\n  kong:\n  - version: 3.4.1\n    urls: [charts/kong-3.4.1.tgz]\n  - version: 3.4.0\n    urls: [https://other.example/kong-3.4.0.tgz]\n";
        assert.equal(archiveUrl(index, "https://charts.konghq.com", "kong", "3.4.1"), "https://charts.konghq.com/charts/kong-3.4.1.tgz");
        assert.equal(archiveUrl(index, "https://charts.konghq.com/", "kong", "3.4.0"), "https://other.example/kong-3.4.0.tgz");
        assert.throws(() => archiveUrl(index, "https://charts.konghq.com", "kong", "9.9.9"), /has no kong 9\.9\.9 \(latest: 3\.4\.1, 3\.4\.0\)/);
    });

    it("reads the chart's own values.yaml out of its archive, not a subchart's, with pax long names", () => {
        const pax = Buffer.from("30 path=kong/templates/x.yaml\n");
        const tar = Buffer.concat([tarEntry("pax", pax, "x"), tarEntry("ignored-short-name", Buffer.from("a: 1\n")), tarEntry("kong/charts/postgresql/values.yaml", Buffer.from("sub: 1\n")), tarEntry("kong/values.yaml", VALUES), Buffer.alloc(1024)]);
        const files = untar(tar);
        assert.deepEqual([...files.keys()], ["kong/templates/x.yaml", "kong/charts/postgresql/values.yaml", "kong/values.yaml"]);
        assert.equal(valuesOfArchive(zlib.gzipSync(tar), "kong"), VALUES.toString());
        assert.throws(() => valuesOfArchive(chartArchive({ "kong/Chart.yaml": Buffer.from("name: kong\n") }), "kong"), /no kong\/values\.yaml/);
    });

    describe("from a repository over HTTP", () => {
        let server: http.Server;
        let dir: string;
        const requested: string[] = [];
        before(async () => {
            // Shaped like kong's: the free-form maps its spec names are there.
            const values = `${VALUES}ingressController:\n  enabled: true\n  env: {}\n`;
            const archive = chartArchive({ "kong/Chart.yaml": Buffer.from("name: kong\nversion: 3.4.1\n"), "kong/values.yaml": Buffer.from(values) });
            server = http.createServer((req, res) => {
                requested.push(req.url ?? "");
                if (req.url === "/index.yaml") {
                    res.writeHead(200).end("apiVersion: v1\nentries:\n  kong:\n  - version: 3.4.1\n    urls: [kong-3.4.1.tgz]\n");
                } else if (req.url === "/kong-3.4.1.tgz") {
                    res.writeHead(200, { "content-type": "application/gzip" }).end(archive);
                } else {
                    res.writeHead(404).end();
                }
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "helm-keys-"));
        });
        after(() => {
            fs.rmSync(dir, { recursive: true, force: true });
            return new Promise((resolve) => server.close(resolve));
        });

        it("downloads the index and the archive, and writes the chart's key file", async () => {
            const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            // The chart's pinned repository, served from here.
            const get = async (url: string): Promise<Buffer> => {
                const res = await fetch(url.replace("https://charts.konghq.com", base));
                assert.ok(res.ok, `${url}: ${res.status}`);
                return Buffer.from(await res.arrayBuffer());
            };
            const r = await refreshChart("kong", "3.4.1", dir, get);
            assert.deepEqual(requested, ["/index.yaml", "/kong-3.4.1.tgz"]);
            assert.equal(r.file, path.join(dir, "kong-3.4.1.txt"));
            const text = fs.readFileSync(r.file, "utf8");
            assert.match(text, /# From: values\.yaml of the chart archive https:\/\/charts\.konghq\.com\/kong-3\.4\.1\.tgz\./);
            const keys = parseKeyFile(text, r.file);
            assert.ok(keys.leaves.has("service.tls.enabled"));
            assert.ok(keys.leaves.has("ingressController.enabled"));
            assert.ok(keys.freeForm.has("env") && keys.freeForm.has("ingressController.env"));
            // kong's spec: its documented keys are listed even though the fixture lacks them.
            assert.ok(keys.leaves.has("fullnameOverride"));
        });
    });
});
