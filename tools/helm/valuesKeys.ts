// The key paths a Helm chart's values.yaml declares, pinned per chart and
// version in test/data/helm-values/ (keys only, none of the chart's content),
// so that a test can hold every value the program sets against the chart it
// installs. Helm ignores a key no template reads: a misspelt value installs
// cleanly and does nothing.
//
// A key's path is its dotted path from the top (`admin.tls.enabled`). Arrays
// and scalars are leaves. A free-form map (labels, annotations, env,
// resources, a pod's securityContext, Istio's meshConfig) is one entry,
// `path.*`: the chart passes it through whole, so any key below it is
// accepted. Every empty map (`{}`) in values.yaml is free-form, and so is any
// map whose keys are label or annotation names (they contain `.` or `/`);
// the others are named per chart below, with the reason.
import * as path from "path";
import { CHART_SOURCES, ChartName } from "../../components/kubernetes/types";

export interface ChartKeySpec {
    /** Where the chart keeps its defaults instead of the top level (Istio's charts); users set its children at the top. @default undefined */
    readonly defaultsUnder?: string;
    /** Maps with defaults that the chart still passes through whole: path → why. */
    readonly freeForm: Readonly<Record<string, string>>;
    /** Keys the chart's templates read that values.yaml only shows commented out, or its README documents: path → where. */
    readonly documented: Readonly<Record<string, string>>;
    /** Maps that hold a key with a dot (so look label-keyed) but are a chart's structured values (a subchart's), walked key by key: path → why. @default {} */
    readonly structured?: Readonly<Record<string, string>>;
}

const ISTIO_DEFAULTS = "_internal_defaults_do_not_set";

/** What each chart's values.yaml needs besides its own keys. */
export const CHART_KEY_SPECS: Readonly<Record<ChartName, ChartKeySpec>> = {
    "istio-base": { defaultsUnder: ISTIO_DEFAULTS, freeForm: {}, documented: {} },
    "istio-cni": {
        defaultsUnder: ISTIO_DEFAULTS,
        freeForm: { resources: "the agent container's resources (toYaml)", "global.defaultResources": "container resources (toYaml)" },
        documented: {},
    },
    istiod: {
        defaultsUnder: ISTIO_DEFAULTS,
        freeForm: {
            meshConfig: "any field of istio.mesh.v1alpha1.MeshConfig (istio.io/docs/reference/config/istio.mesh.v1alpha1)",
            resources: "the istiod container's resources (toYaml)",
            "global.defaultResources": "container resources (toYaml)",
            "global.proxy.resources": "the sidecar's resources (toYaml)",
            "global.waypoint.resources": "the waypoint proxy's resources (toYaml)",
        },
        documented: {},
    },
    kong: {
        freeForm: {
            env: "any kong.conf setting, passed as KONG_<NAME> environment variables",
            "ingressController.env": "any controller flag, passed as CONTROLLER_<NAME> environment variables",
            podAnnotations: "the pods' annotations",
        },
        documented: {
            "admin.clusterIP": "README \"SVC.clusterIP\" (every Service section); templates/_helpers.tpl kong.service; example-values/minimal-kong-gd-gateway.yaml",
            fullnameOverride: "README \"General Parameters\"; templates/_helpers.tpl kong.fullname",
            "podDisruptionBudget.maxUnavailable": "commented out in values.yaml (\"Uncomment only one\"); templates/pdb.yaml",
            "podDisruptionBudget.minAvailable": "commented out in values.yaml (\"Uncomment only one\"); templates/pdb.yaml",
        },
    },
    "aws-load-balancer-controller": {
        freeForm: {
            podSecurityContext: "the pod's securityContext (templates/deployment.yaml, toYaml)",
            securityContext: "the container's securityContext (templates/deployment.yaml, toYaml)",
        },
        documented: {},
    },
    "kube-prometheus-stack": {
        freeForm: {
            "alertmanager.config": "Alertmanager's configuration file (prometheus.io/docs/alerting/latest/configuration), templates/alertmanager/secret.yaml toYaml",
            "alertmanager.alertmanagerSpec.securityContext": "the Alertmanager pods' securityContext (monitoring.coreos.com/v1 Alertmanager spec.securityContext)",
            "prometheus.prometheusSpec.securityContext": "the Prometheus pods' securityContext (monitoring.coreos.com/v1 Prometheus spec.securityContext)",
            "grafana.grafana.ini": "any grafana.ini section and setting (grafana.com/docs/grafana/latest/setup-grafana/configure-grafana)",
        },
        documented: {},
        structured: { grafana: "the grafana subchart's values, one of whose keys is grafana.ini" },
    },
    "aws-for-fluent-bit": { freeForm: {}, documented: {} },
    "metrics-server": { freeForm: {}, documented: {} },
    "cluster-autoscaler": {
        freeForm: { extraArgs: "any cluster-autoscaler flag, passed as --<key>=<value> (templates/deployment.yaml)" },
        documented: {},
    },
    "external-secrets": { freeForm: {}, documented: {} },
};

/** The pinned keys of one chart version. */
export interface ChartKeys {
    readonly chart: ChartName;
    readonly version: string;
    readonly repository: string;
    /** Leaf key paths. */
    readonly leaves: ReadonlySet<string>;
    /** Free-form maps (the path, without `.*`). */
    readonly freeForm: ReadonlySet<string>;
}

function isMap(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function join(prefix: string, key: string): string {
    return prefix === "" ? key : `${prefix}.${key}`;
}

/** The key paths of a chart's parsed values.yaml, by `spec`; throws when a spec's free-form path is not in the chart. */
export function extractKeys(values: unknown, spec: ChartKeySpec): { leaves: string[]; freeForm: string[] } {
    let root = values;
    if (spec.defaultsUnder !== undefined) {
        if (!isMap(values) || !isMap(values[spec.defaultsUnder])) {
            throw new Error(`values.yaml has no ${spec.defaultsUnder} map`);
        }
        const { [spec.defaultsUnder]: defaults, ...rest } = values;
        root = { ...rest, ...(defaults as Record<string, unknown>) };
    }
    if (!isMap(root)) {
        throw new Error("values.yaml is not a map");
    }
    const leaves: string[] = [];
    const freeForm: string[] = [];
    const walk = (node: Record<string, unknown>, prefix: string): void => {
        for (const [key, value] of Object.entries(node)) {
            const p = join(prefix, key);
            const labelKeyed = isMap(value) && !(p in (spec.structured ?? {})) && Object.keys(value).some((k) => /[./]/.test(k));
            if (p in spec.freeForm || (isMap(value) && (Object.keys(value).length === 0 || labelKeyed))) {
                freeForm.push(p);
            } else if (isMap(value)) {
                walk(value, p);
            } else {
                leaves.push(p);
            }
        }
    };
    walk(root, "");
    const missing = Object.keys(spec.freeForm).filter((p) => !freeForm.includes(p));
    if (missing.length > 0) {
        throw new Error(`values.yaml has no ${missing.join(", ")}, which the chart's spec names as free-form maps`);
    }
    return { leaves, freeForm };
}

/** Where the pinned keys of `chart` at `version` are kept. */
export function keyFile(chart: ChartName, version: string, dir = KEY_FILE_DIR): string {
    return path.join(dir, `${chart}-${version}.txt`);
}

export const KEY_FILE_DIR = path.join(__dirname, "..", "..", "test", "data", "helm-values");

/** The key file's text: a header saying where it comes from, then one key path a line, sorted. */
export function renderKeyFile(chart: ChartName, version: string, source: string, keys: { leaves: string[]; freeForm: string[] }, spec: ChartKeySpec = CHART_KEY_SPECS[chart]): string {
    const repository = CHART_SOURCES[chart].repository;
    const lines = [
        `# Key paths of the Helm chart ${CHART_SOURCES[chart].chart} ${version} (${repository}), the values a release of it may set.`,
        `# From: ${source}.`,
        `# Refresh (online): npm run refresh-helm-keys -- ${chart} ${version}   (tools/helm/refresh.ts)`,
        "# One dotted key path a line. A path ending in .* is a free-form map the chart passes through whole",
        "# (empty in values.yaml, keyed by label-like names, or named in tools/helm/valuesKeys.ts): any key",
        "# below it is accepted, the map key is the leaf. A path with a comment is not in values.yaml itself.",
        `chart=${chart}`,
        `version=${version}`,
        `repository=${repository}`,
    ];
    const entries = [
        ...keys.leaves.map((p) => [p, p] as const),
        ...keys.freeForm.map((p) => [p, `${p}.*${p in spec.freeForm ? `  # ${spec.freeForm[p]}` : ""}`] as const),
        ...Object.entries(spec.documented).map(([p, where]) => [p, `${p}  # ${where}`] as const),
    ];
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `${[...lines, ...entries.map(([, line]) => line)].join("\n")}\n`;
}

/** Reads a key file; `file` names it in errors. */
export function parseKeyFile(text: string, file: string): ChartKeys {
    const header: Record<string, string> = {};
    const leaves = new Set<string>();
    const freeForm = new Set<string>();
    text.split("\n").forEach((raw, i) => {
        const line = raw.replace(/\s+#.*$/, "").trim();
        if (line === "" || line.startsWith("#")) {
            return;
        }
        const h = /^(chart|version|repository)=(.+)$/.exec(line);
        if (h) {
            header[h[1]] = h[2];
        } else if (/^[^\s.=]+(\.[^\s.=*]+)*(\.\*)?$/.test(line)) {
            (line.endsWith(".*") ? freeForm : leaves).add(line.replace(/\.\*$/, ""));
        } else {
            throw new Error(`${file}:${i + 1}: "${raw}" is not a dotted key path`);
        }
    });
    for (const key of ["chart", "version", "repository"]) {
        if (header[key] === undefined) {
            throw new Error(`${file}: no ${key}= line`);
        }
    }
    if (!(header.chart in CHART_SOURCES)) {
        throw new Error(`${file}: chart=${header.chart} is not one of ${Object.keys(CHART_SOURCES).join(", ")}`);
    }
    return { chart: header.chart as ChartName, version: header.version, repository: header.repository, leaves, freeForm };
}
