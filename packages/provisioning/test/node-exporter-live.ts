import { loadAll } from 'js-yaml';
import { buildHostAlerts, defaultAlertsConfig } from '@obskit/alerts';
import { buildDashboards, listPanelQueries, toLiveQuery } from '@obskit/dashboards';
import { promQuery, startNodeExporter, waitFor, type RunningServer } from '@obskit/testing';
import { TREE_PATHS } from '../src/index';

/*
 * What the live node_exporter specs share: the real node_exporter 1.11 started with the flags of the
 * generated DaemonSet, and the checks that the System Health host row and the host alerts read the
 * series a Prometheus scraping it as job `node` stores.
 */

/** One object of `kubernetes/node-exporter.yaml`, with the fields the specs read. */
export interface NodeExporterDoc {
  kind: string;
  metadata: { name: string };
  spec: {
    template: { spec: { containers: { args: string[] }[] } };
    endpoints: { relabelings: Record<string, unknown>[] }[];
  };
}

/** The DaemonSet, Service and ServiceMonitor of a rendered tree. */
export function nodeExporterDocs(files: Readonly<Record<string, string>>): NodeExporterDoc[] {
  return loadAll(files[TREE_PATHS.nodeExporter]) as NodeExporterDoc[];
}

/** The panels of System Health's host row that read node_exporter's own series. */
export const HOST_PANELS = ['Host CPU busy', 'Host memory used', 'Disk used', 'Network', 'File descriptors'];

/** The DaemonSet's flags, with the host's own paths for the /host mounts, minus its listen address. */
export function hostExporterArgs(docs: readonly NodeExporterDoc[]): string[] {
  const daemonSet = docs.find((d) => d.kind === 'DaemonSet');
  if (!daemonSet) throw new Error('kubernetes/node-exporter.yaml has no DaemonSet');
  return daemonSet.spec.template.spec.containers[0].args
    .filter((a) => !a.startsWith('--web.listen-address='))
    .map((a) => a.replace(/=\/host\/(proc|sys)\b/, '=/$1').replace(/=\/host\/root(\/|$)/, '=/'));
}

/** The real node_exporter, on loopback, with the DaemonSet's flags (it refuses an unknown one). */
export function startDaemonSetExporter(docs: readonly NodeExporterDoc[]): Promise<RunningServer> {
  return startNodeExporter({ args: hostExporterArgs(docs) });
}

/**
 * Waits until Prometheus has scraped each active target of job `node` three times, however many
 * relabelling left (so that a spec fails on what was scraped, not on a timeout).
 */
export async function waitForNodeScrapes(prometheus: RunningServer): Promise<void> {
  await waitFor(
    'three scrapes of each node_exporter target of job node',
    async () => {
      const response = await prometheus.fetch('/api/v1/targets?state=active');
      const body = (await response.json()) as {
        data: { activeTargets: { labels: Record<string, string> }[] };
      };
      const active = body.data.activeTargets.filter((t) => t.labels.job === 'node').length;
      const counts = await promQuery(prometheus.url, 'count_over_time(up{job="node"}[1m])');
      return active > 0 && counts.length === active && counts.every((s) => Number(s.value[1]) >= 3);
    },
    60_000,
  );
}

const instancesOf = (samples: { metric: Record<string, string> }[]) =>
  [...new Set(samples.map((s) => s.metric.instance))].sort();

/** Every host panel of System Health, with the Job variable set to `node`, answers for these instances. */
export async function expectHostRowReads(
  prometheus: RunningServer,
  instances: readonly string[],
): Promise<void> {
  const queries = listPanelQueries(buildDashboards()).filter(
    (q) => q.dashboardUid === 'obskit-system-health' && HOST_PANELS.includes(q.panelTitle),
  );
  expect([...new Set(queries.map((q) => q.panelTitle))]).toEqual(HOST_PANELS);
  for (const q of queries) {
    const result = await promQuery(prometheus.url, toLiveQuery(q.expr, { variables: { job: 'node' } }));
    expect({ panel: q.panelTitle, instances: instancesOf(result) }).toEqual({
      panel: q.panelTitle,
      instances: [...instances].sort(),
    });
  }
}

/** Each host alert's expression, without its threshold, selects job `node` on these instances. */
export async function expectHostAlertsSelect(
  prometheus: RunningServer,
  instances: readonly string[],
): Promise<void> {
  for (const alert of buildHostAlerts(defaultAlertsConfig)) {
    const selection = alert.expr.replace(/ [<>] [0-9.]+$/, '');
    const values = await promQuery(prometheus.url, selection);
    expect({
      alert: alert.name,
      jobs: [...new Set(values.map((s) => s.metric.job))],
      instances: instancesOf(values),
    }).toEqual({ alert: alert.name, jobs: ['node'], instances: [...instances].sort() });
  }
}
