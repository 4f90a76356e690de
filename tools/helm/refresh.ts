// Pins the key paths of a chart version (test/data/helm-values/): reads the
// chart repository's index the program pins (components/kubernetes/types.ts),
// downloads that version's archive, takes values.yaml out of it and writes
// its key paths (tools/helm/valuesKeys.ts). Needs the network.
//
//   npm run refresh-helm-keys                       every chart at the config's default versions
//   npm run refresh-helm-keys -- kong 3.4.1         one chart version
//   npm run refresh-helm-keys -- kong 3.4.1 --values values.yaml --from "Kong/charts kong-3.4.1"
//                                                   from a values.yaml read elsewhere (e.g. the chart's source tag)
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as zlib from "zlib";
import { CHART_SOURCES, ChartName, KUBERNETES_DEFAULTS } from "../../components/kubernetes/types";
import { CHART_KEY_SPECS, extractKeys, keyFile, renderKeyFile } from "./valuesKeys";
import { PLATFORM_CHART_DEFAULTS } from "../../components/platform/types";

/** GET `url` as bytes. */
export async function download(url: string): Promise<Buffer> {
    const res = await fetch(url, { signal: AbortSignal.timeout(60000) });
    if (!res.ok) {
        throw new Error(`GET ${url}: HTTP ${res.status} ${res.statusText}`);
    }
    return Buffer.from(await res.arrayBuffer());
}

/** The archive URL of `chart` `version` in a Helm repository's index.yaml (relative URLs resolved against the repository). */
export function archiveUrl(indexYaml: string, repository: string, chart: string, version: string): string {
    const index = yaml.load(indexYaml) as { entries?: Record<string, Array<{ version?: string; urls?: string[] }>> } | undefined;
    const entry = index?.entries?.[chart]?.find((e) => e.version === version);
    const url = entry?.urls?.[0];
    if (url === undefined) {
        const known = (index?.entries?.[chart] ?? []).map((e) => e.version).slice(0, 10).join(", ");
        throw new Error(`${repository}/index.yaml has no ${chart} ${version} (latest: ${known || "none"})`);
    }
    return new URL(url, `${repository.replace(/\/$/, "")}/`).toString();
}

/** The files of a tar archive (ustar, with pax and GNU long names), by path. */
export function untar(tar: Buffer): Map<string, Buffer> {
    const files = new Map<string, Buffer>();
    const text = (from: number, length: number): string => tar.subarray(from, from + length).toString("utf8").replace(/\0.*$/s, "");
    let longName: string | undefined;
    for (let at = 0; at + 512 <= tar.length; ) {
        const name = text(at, 100);
        if (name === "") {
            break; // the two zero blocks that end an archive
        }
        const size = parseInt(text(at + 124, 12).trim() || "0", 8);
        const type = text(at + 156, 1);
        const prefix = text(at + 345, 155);
        const body = tar.subarray(at + 512, at + 512 + size);
        if (type === "x") {
            longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))?.[1] ?? longName;
        } else if (type === "L") {
            longName = body.toString("utf8").replace(/\0.*$/s, "");
        } else {
            if (type === "0" || type === "") {
                files.set(longName ?? (prefix ? `${prefix}/${name}` : name), body);
            }
            longName = undefined;
        }
        at += 512 + Math.ceil(size / 512) * 512;
    }
    return files;
}

/** values.yaml of a chart archive (.tgz): the file at `<chart dir>/values.yaml`, not a subchart's. */
export function valuesOfArchive(tgz: Buffer, chart: string): string {
    const files = untar(zlib.gunzipSync(tgz));
    const values = files.get(`${chart}/values.yaml`);
    if (values === undefined) {
        throw new Error(`the archive has no ${chart}/values.yaml (has ${[...files.keys()].filter((f) => f.endsWith("values.yaml")).join(", ") || "no values.yaml"})`);
    }
    return values.toString("utf8");
}

function isMap(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function merge(base: unknown, over: unknown): unknown {
    if (!isMap(base) || !isMap(over)) {
        return over === undefined ? base : over;
    }
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        out[k] = merge(base[k], v);
    }
    return out;
}

/**
 * A chart's values with each subchart's own values.yaml under the subchart's
 * key, the parent's settings over them: Helm passes a parent's `<subchart>:`
 * section to the subchart, so every key of the subchart is a key the parent's
 * release may set.
 */
export function withSubcharts(parent: unknown, subcharts: Readonly<Record<string, unknown>>): unknown {
    if (!isMap(parent)) {
        throw new Error("values.yaml is not a map");
    }
    const out: Record<string, unknown> = { ...parent };
    for (const [name, values] of Object.entries(subcharts)) {
        out[name] = merge(values ?? {}, parent[name]);
    }
    return out;
}

/** The values.yaml of each subchart packaged in a chart archive (charts/<name>/ directories or charts/<name>-<version>.tgz), by name. */
export function subchartValuesOfArchive(tgz: Buffer, chart: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [file, body] of untar(zlib.gunzipSync(tgz))) {
        const dir = new RegExp(`^${chart}/charts/([^/]+)/values\\.yaml$`).exec(file);
        if (dir) {
            out[dir[1]] = yaml.load(body.toString("utf8"));
            continue;
        }
        const packed = new RegExp(`^${chart}/charts/(.+)-\\d+\\.\\d+\\.\\d+[^/]*\\.tgz$`).exec(file);
        if (packed) {
            out[packed[1]] = yaml.load(valuesOfArchive(body, packed[1]));
        }
    }
    return out;
}

/** Writes the key file of `chart` `version` from `valuesYaml` (with its subcharts' values, by name); returns its path and size. */
export function writeKeyFile(
    chart: ChartName, version: string, valuesYaml: string, source: string, dir?: string, subcharts: Readonly<Record<string, unknown>> = {},
): { file: string; leaves: number; freeForm: number } {
    const keys = extractKeys(withSubcharts(yaml.load(valuesYaml), subcharts), CHART_KEY_SPECS[chart]);
    const file = keyFile(chart, version, dir);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, renderKeyFile(chart, version, source, keys));
    fs.renameSync(tmp, file);
    return { file, leaves: keys.leaves.length, freeForm: keys.freeForm.length };
}

/** Downloads `chart` `version` from its pinned repository and writes its key file. */
export async function refreshChart(chart: ChartName, version: string, dir?: string, get: (url: string) => Promise<Buffer> = download): Promise<{ file: string; leaves: number; freeForm: number }> {
    const { repository, chart: name } = CHART_SOURCES[chart];
    const url = archiveUrl((await get(`${repository.replace(/\/$/, "")}/index.yaml`)).toString("utf8"), repository, name, version);
    const archive = await get(url);
    const subcharts = subchartValuesOfArchive(archive, name);
    const also = Object.keys(subcharts).length > 0 ? ` and its subcharts' (${Object.keys(subcharts).sort().join(", ")})` : "";
    return writeKeyFile(chart, version, valuesOfArchive(archive, name), `values.yaml of the chart archive ${url}${also}`, dir, subcharts);
}

/** The charts at the config's default versions. */
export function defaultCharts(): Array<[ChartName, string]> {
    const v = KUBERNETES_DEFAULTS.chartVersions;
    const p = PLATFORM_CHART_DEFAULTS;
    return [
        ["istio-base", v.istio], ["istio-cni", v.istio], ["istiod", v.istio], ["kong", v.kong], ["aws-load-balancer-controller", v.awsLoadBalancerController],
        ["kube-prometheus-stack", p.kubePrometheusStack], ["aws-for-fluent-bit", p.fluentBit], ["metrics-server", p.metricsServer],
        ["cluster-autoscaler", p.clusterAutoscaler], ["external-secrets", p.externalSecrets],
    ];
}

async function main(args: string[]): Promise<void> {
    const option = (name: string): string | undefined => {
        const i = args.indexOf(name);
        return i >= 0 ? args.splice(i, 2)[1] : undefined;
    };
    const localValues = option("--values");
    const from = option("--from");
    // --subchart <name>=<values.yaml>, once per subchart, with --values.
    const subcharts: Record<string, unknown> = {};
    for (let s = option("--subchart"); s !== undefined; s = option("--subchart")) {
        const [name, file] = s.split("=", 2);
        subcharts[name] = yaml.load(fs.readFileSync(file, "utf8"));
    }
    if (args.length !== 0 && args.length !== 2) {
        throw new Error("usage: refresh-helm-keys [<chart> <version> [--values FILE --from WHERE]]");
    }
    if (localValues !== undefined && args.length !== 2) {
        throw new Error("--values needs the chart and version it is of");
    }
    if (args.length === 2 && !(args[0] in CHART_SOURCES)) {
        throw new Error(`chart ${args[0]} is not one of ${Object.keys(CHART_SOURCES).join(", ")}`);
    }
    const charts = args.length === 2 ? [[args[0] as ChartName, args[1]] as [ChartName, string]] : defaultCharts();
    for (const [chart, version] of charts) {
        const r = localValues !== undefined
            ? writeKeyFile(chart, version, fs.readFileSync(localValues, "utf8"), from ?? localValues, undefined, subcharts)
            : await refreshChart(chart, version);
        console.log(`${r.file}: ${r.leaves} keys, ${r.freeForm} free-form maps`);
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((e: Error) => {
        console.error(`refresh failed: ${e.message}`);
        process.exit(1);
    });
}
