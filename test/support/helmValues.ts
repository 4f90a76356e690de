// The values a Helm release sets, held against the key paths its chart
// version declares (test/data/helm-values/, written by tools/helm/refresh.ts).
import * as fs from "fs";
import { CHART_SOURCES, ChartName } from "../../components/kubernetes/types";
import { ChartKeys, keyFile, parseKeyFile } from "../../tools/helm/valuesKeys";

function isMap(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function join(prefix: string, key: string): string {
    return prefix === "" ? key : `${prefix}.${key}`;
}

/** The chart a release installs, by its pinned repository and chart name. */
export function chartOf(repository: string, chart: string): ChartName {
    const found = (Object.keys(CHART_SOURCES) as ChartName[]).find((n) => CHART_SOURCES[n].repository === repository && CHART_SOURCES[n].chart === chart);
    if (found === undefined) {
        throw new Error(`chart ${chart} from ${repository} is not one of the pinned charts (components/kubernetes/types.ts CHART_SOURCES)`);
    }
    return found;
}

/** The pinned keys of `chart` at `version`; fails, saying how to pin them, when there are none. */
export function pinnedKeys(chart: ChartName, version: string): ChartKeys {
    const file = keyFile(chart, version);
    if (!fs.existsSync(file)) {
        throw new Error(`no pinned keys for ${chart} ${version} (${file}): run npm run refresh-helm-keys -- ${chart} ${version}`);
    }
    return parseKeyFile(fs.readFileSync(file, "utf8"), file);
}

/**
 * Every key path `values` sets that `keys` lacks, with why: descending into
 * maps, stopping at the chart's free-form maps; arrays and scalars are leaves.
 */
export function unknownValuePaths(values: Record<string, unknown>, keys: ChartKeys): string[] {
    const problems: string[] = [];
    const hasKeysBelow = (p: string): boolean => [...keys.leaves, ...keys.freeForm].some((k) => k.startsWith(`${p}.`));
    const walk = (value: unknown, p: string): void => {
        if (p !== "" && keys.freeForm.has(p)) {
            return;
        }
        if (isMap(value) && Object.keys(value).length > 0) {
            for (const [k, v] of Object.entries(value)) {
                walk(v, join(p, k));
            }
            return;
        }
        if (keys.leaves.has(p)) {
            return;
        }
        if (hasKeysBelow(p)) {
            if (!(isMap(value) && Object.keys(value).length === 0)) {
                problems.push(`${p}: the chart has keys below it, not a value`);
            }
            return;
        }
        problems.push(`${p}: not a key of ${keys.chart} ${keys.version}`);
    };
    walk(values, "");
    return problems;
}
