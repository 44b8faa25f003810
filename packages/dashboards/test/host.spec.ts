import { buildHostAlerts, buildRuleGroups, defaultAlertsConfig, renderRuleFiles } from '@obskit/alerts';
import {
  VERSIONS,
  promQuery,
  startNodeExporter,
  startPrometheus,
  waitFor,
  type RunningServer,
} from '@obskit/testing';
import { buildDashboards, listPanelQueries, toLiveQuery } from '../src/index';

// The System Health host row against this machine: the real node_exporter 1.11 on a free loopback
// port, scraped by the real Prometheus 3.5.3 as job `node` (what the generated configs do), and every
// query of the row returning this host's numbers.
jest.setTimeout(90_000);

const HOST_PANELS = ['Host CPU busy', 'Host memory used', 'Disk used', 'Network', 'File descriptors'];
const queries = listPanelQueries(buildDashboards()).filter(
  (q) => q.dashboardUid === 'obskit-system-health' && HOST_PANELS.includes(q.panelTitle),
);

describe('the System Health host row on the real node_exporter and Prometheus', () => {
  let exporter: RunningServer;
  let prometheus: RunningServer;

  beforeAll(async () => {
    exporter = await startNodeExporter();
    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [{ job_name: 'node', static_configs: [{ targets: [`127.0.0.1:${exporter.port}`] }] }],
        rule_files: ['rules/*.yml'],
      },
      // The host pack's rules (its disk forecast record), evaluated every second.
      files: Object.fromEntries(
        Object.entries(
          renderRuleFiles(
            buildRuleGroups(
              { ...defaultAlertsConfig, evaluationInterval: '1s' },
              { packs: ['host'], slos: [] },
            ),
          ),
        ).map(([f, c]) => [`rules/${f}`, c]),
      ),
    });
    // rate() over the live window needs a few samples.
    await waitFor(
      'five scrapes of node_exporter',
      async () =>
        Number((await promQuery(prometheus.url, 'count_over_time(up{job="node"}[1m])'))[0]?.value[1] ?? 0) >=
        5,
      60_000,
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  it('runs the versions users run', async () => {
    const [build] = await promQuery(prometheus.url, 'node_exporter_build_info');
    expect(build.metric.version).toBe(VERSIONS.current.node_exporter);
    const info = (await (await fetch(`${prometheus.url}/api/v1/status/buildinfo`)).json()) as {
      data: { version: string };
    };
    expect(info.data.version).toMatch(new RegExp(`^${VERSIONS.current.prometheus}\\b`));
  });

  it('has one query per host panel, each returning this host with a plausible value', async () => {
    expect([...new Set(queries.map((q) => q.panelTitle))]).toEqual(HOST_PANELS);
    const answers: Record<string, { instance: string; value: number }[]> = {};
    for (const q of queries) {
      const result = await promQuery(prometheus.url, toLiveQuery(q.expr));
      answers[`${q.panelTitle} ${q.refId}`] = result.map((s) => ({
        instance: s.metric.instance,
        value: Number(s.value[1]),
      }));
    }
    const instance = `127.0.0.1:${exporter.port}`;
    for (const [panel, samples] of Object.entries(answers)) {
      expect({ panel, instances: [...new Set(samples.map((s) => s.instance))] }).toEqual({
        panel,
        instances: [instance],
      });
      for (const s of samples)
        expect({ panel, finite: Number.isFinite(s.value) }).toEqual({ panel, finite: true });
    }
    const ratio = (key: string) => answers[key].map((s) => s.value);
    for (const key of ['Host CPU busy A', 'Host memory used A', 'Disk used A']) {
      for (const v of ratio(key)) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    // The root filesystem is among the disks.
    expect(answers['Disk used A'].length).toBeGreaterThan(0);
    expect(ratio('File descriptors A')[0]).toBeGreaterThan(0);
  });

  it("forecasts this host's disks 24h ahead from the host pack's recording rule (Disk free in 24h)", async () => {
    const [forecast] = listPanelQueries(buildDashboards()).filter((q) => q.panelTitle === 'Disk free in 24h');
    expect(forecast.dashboardUid).toBe('obskit-system-health');
    let result: Awaited<ReturnType<typeof promQuery>> = [];
    await waitFor(
      'the disk forecast to be recorded',
      async () => (result = await promQuery(prometheus.url, toLiveQuery(forecast.expr))).length > 0,
      30_000,
    );
    expect([...new Set(result.map((s) => s.metric.instance))]).toEqual([`127.0.0.1:${exporter.port}`]);
    expect(result.map((s) => s.metric.mountpoint)).toContain('/');
    for (const s of result) expect(Number.isFinite(Number(s.value[1]))).toBe(true);
  });

  it("selects this host's series with each host alert's expression", async () => {
    for (const alert of buildHostAlerts(defaultAlertsConfig)) {
      // Each expression is valid PromQL on 3.5.3 and selects real series once its comparison is removed.
      const selection = alert.expr.replace(/ [<>] [0-9.]+$/, '');
      const values = await promQuery(prometheus.url, selection);
      expect({ alert: alert.name, series: values.length > 0 }).toEqual({ alert: alert.name, series: true });
    }
  });
});
