import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  promQuery,
  promtoolCheckMetrics,
  startPrometheus,
  waitFor,
  type RunningServer,
} from '@obskit/testing';
import { buildRuleGroups, defaultAlertsConfig, renderRuleFiles } from '@obskit/alerts';
import { buildDashboards, listPanelQueries, toLiveQuery } from '../src/index';
import { catalogExposition } from './support/catalog-exposition';

// Runs every panel query against the real Prometheus 2.x, scraping a target that serves every
// catalog series. Proves that Prometheus accepts each query and that each selects series the
// catalog's metrics produce. The e2e (issue 9) repeats the data check against the demo app.
jest.setTimeout(90_000);

const dashboards = buildDashboards();
const queries = listPanelQueries(dashboards);

describe('every panel query on a real Prometheus', () => {
  let target: Server;
  let prometheus: RunningServer;
  let scrapes = 0;

  beforeAll(async () => {
    target = createServer((req, res) => {
      scrapes += 1;
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end(catalogExposition(scrapes, Math.floor(Date.now() / 1000)));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const port = (target.address() as AddressInfo).port;
    // The rule groups at the default config (the names panels read), evaluated every second.
    const groups = buildRuleGroups({ ...defaultAlertsConfig, evaluationInterval: '1s' });
    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: ['rules/*.yml'],
        scrape_configs: [
          { job_name: 'dashboards-test', static_configs: [{ targets: [`127.0.0.1:${port}`] }] },
        ],
      },
      files: Object.fromEntries(Object.entries(renderRuleFiles(groups)).map(([f, c]) => [`rules/${f}`, c])),
    });
    // rate() over 1m needs two samples; wait for five scrapes.
    await waitFor(
      'five scrapes of the synthetic target',
      async () => Number((await promQuery(prometheus.url, 'count_over_time(up[1m])'))[0]?.value[1] ?? 0) >= 5,
      60_000,
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => target?.close(resolve));
  });

  it('serves an exposition that promtool check metrics accepts', async () => {
    const result = await promtoolCheckMetrics(catalogExposition(1, 0));
    // node_exporter's own names are its spelling, not obskit's: promtool's camelCase lint is theirs.
    const ours = result.output
      .split('\n')
      .filter(
        (line) =>
          line !== '' && !/^node_memory_\w+ metric names should be written in 'snake_case'/.test(line),
      );
    expect(ours).toEqual([]);
  });

  // Two kinds of panel have data only on a Prometheus with a past: the anomaly z-scores are recorded
  // once half a week of baseline exists (the demo e2e's history spec proves them on a backfilled
  // week), and the alert list shows ALERTS, which exist only while an alert is pending or firing (the
  // demo e2e's stack spec proves the list while its scenarios fire alerts).
  const mayBeEmpty = new Set([
    'Model call p95 z-score',
    'Token usage z-score',
    'Cost rate z-score',
    'Firing and pending alerts',
  ]);

  it('answers every query, with data', async () => {
    const empty: string[] = [];
    const failed: string[] = [];
    for (const q of queries) {
      const where = `${q.dashboardUid} / ${q.panelTitle} / ${q.refId}`;
      try {
        const result = await promQuery(prometheus.url, toLiveQuery(q.expr, { dropOffsets: true }));
        if (result.length === 0 && !mayBeEmpty.has(q.panelTitle)) empty.push(where);
      } catch (error) {
        failed.push(`${where}: ${(error as Error).message}`);
      }
    }
    console.log(
      `${queries.length - empty.length - failed.length} of ${queries.length} panel queries returned data`,
    );
    expect(failed).toEqual([]);
    expect(empty).toEqual([]);
  });

  it('lists values for every template variable, as Grafana asks for them', async () => {
    const results: [string, string[]][] = [];
    for (const d of dashboards) {
      for (const v of d.templating.list ?? []) {
        if (v.type !== 'query') continue;
        const query = toLiveQuery(String((v.query as { query: string }).query));
        const [, match, label] = /^label_values\((.*), *([a-z_]+)\)$/.exec(query) ?? [];
        const url = `${prometheus.url}/api/v1/label/${label}/values?match[]=${encodeURIComponent(match)}`;
        const body = (await (await fetch(url)).json()) as { data: string[] };
        results.push([`${d.uid} $${v.name}`, body.data.length > 0 ? [] : [query]]);
      }
    }
    expect(results.length).toBe(dashboards.length * 2 + 6);
    expect(results.filter(([, missing]) => missing.length > 0)).toEqual([]);
  });
});
