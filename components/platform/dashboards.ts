// The platform's own Grafana dashboard, generated from the catalog (seed 002
// "Dashboards: EventSphere Overview"): per catalog service, whether
// Prometheus reaches its metrics port, and how long a scrape takes; and the
// alerts firing. Provisioned from a ConfigMap (Grafana's dashboard sidecar),
// like the chart's cluster dashboards ("Kubernetes Cluster Metrics"): no
// dashboard is downloaded, the nodes have no internet.
import type { ScrapeTarget } from "./observabilityValues";

/** Grafana's dashboard JSON model (schemaVersion 39), with the datasource the chart provisions (uid "prometheus"). */
export function platformDashboard(namespace: string, targets: readonly ScrapeTarget[]): Record<string, unknown> {
    const datasource = { type: "prometheus", uid: "prometheus" };
    const panels = targets.flatMap((t, i) => [
        {
            id: 2 * i + 1,
            type: "stat",
            title: `${t.service}: targets up`,
            datasource,
            gridPos: { x: 0, y: 6 * i + 6, w: 8, h: 6 },
            targets: [{ refId: "A", datasource, expr: `sum(up{job="${namespace}/${t.service}"})` }],
        },
        {
            id: 2 * i + 2,
            type: "timeseries",
            title: `${t.service}: scrape duration (port ${t.port})`,
            datasource,
            gridPos: { x: 8, y: 6 * i + 6, w: 16, h: 6 },
            fieldConfig: { defaults: { unit: "s" }, overrides: [] },
            targets: [{ refId: "A", datasource, expr: `max by (pod) (scrape_duration_seconds{job="${namespace}/${t.service}"})` }],
        },
    ]);
    return {
        uid: "tickettoken-platform",
        title: "TicketToken platform",
        tags: ["tickettoken"],
        timezone: "utc",
        schemaVersion: 39,
        refresh: "1m",
        time: { from: "now-6h", to: "now" },
        panels: [
            {
                id: 2 * targets.length + 1,
                type: "stat",
                title: "Alerts firing",
                datasource,
                gridPos: { x: 0, y: 0, w: 24, h: 6 },
                targets: [{ refId: "A", datasource, expr: 'count(ALERTS{alertstate="firing",alertname!="Watchdog"}) or vector(0)' }],
            },
            ...panels,
        ],
    };
}
