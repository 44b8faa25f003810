import {
  buildDashboards,
  dashboardLintOptions,
  lintDashboards,
  listPanelQueries,
  renderDashboards,
  renderDashboardsAs,
} from '../src/index';
import { grafanaSchema } from './support/grafana-schema';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const withLoki = buildDashboards({ lokiLogs: true }, ['systemHealth']);
const health = JSON.parse(renderDashboards(withLoki)['obskit-system-health']) as Json;
const logsPanel = (health['panels'] as Json[]).find((p) => p['type'] === 'logs') as Json;

describe('the logs panel (lokiLogs: a Loki datasource is provisioned)', () => {
  it('System Health gets a Logs row: the services of $job from the provisioned Loki, line details open', () => {
    const rows = (health['panels'] as Json[]).filter((p) => p['type'] === 'row').map((p) => p['title']);
    expect(rows[rows.length - 1]).toBe('Logs');
    expect(logsPanel['title']).toBe('Service logs');
    expect(logsPanel['datasource']).toEqual({ type: 'loki', uid: 'obskit-loki' });
    expect(logsPanel['targets']).toEqual([
      {
        datasource: { type: 'loki', uid: 'obskit-loki' },
        expr: '{service_name=~"$job", service_name=~".+"}',
        maxLines: 500,
        refId: 'A',
      },
    ]);
    // Log details show the fields, where the datasource's trace_id derived field links to the trace.
    expect(logsPanel['options']).toMatchObject({
      enableLogDetails: true,
      showTime: true,
      sortOrder: 'Descending',
    });
  });

  it('is absent without Loki: the default dashboards have no logs panel', () => {
    const plain = JSON.parse(
      renderDashboards(buildDashboards({}, ['systemHealth']))['obskit-system-health'],
    ) as Json;
    expect((plain['panels'] as Json[]).some((p) => p['type'] === 'logs')).toBe(false);
  });

  it('passes the lint (panel-logs), is not a PromQL query, and validates in both schemas', () => {
    expect(lintDashboards(withLoki, dashboardLintOptions({ lokiLogs: true }))).toEqual([]);
    expect(listPanelQueries(withLoki).some((q) => q.panelTitle === 'Service logs')).toBe(false);
    const spec = JSON.parse(renderDashboardsAs(withLoki, 'v2')['obskit-system-health'])['spec'] as Json;
    expect(
      spec['elements'][`panel-${logsPanel['id']}`]['spec']['data']['spec']['queries'][0]['spec']['query'],
    ).toEqual({
      kind: 'DataQuery',
      group: 'loki',
      version: 'v0',
      datasource: { name: 'obskit-loki' },
      spec: { expr: '{service_name=~"$job", service_name=~".+"}', maxLines: 500 },
    });
    expect(grafanaSchema('v2beta1')(spec)).toEqual([]);
    // And the classic model, less the variable keys the classic type does not declare (see schema.spec.ts).
    for (const variable of health['templating']['list'] as Json[])
      for (const key of ['auto', 'auto_count', 'auto_min', 'definition']) delete variable[key];
    expect(grafanaSchema('v1')(health)).toEqual([]);
  }, 60_000);

  it('the lint catches a logs panel on another datasource or without $job', () => {
    const [model] = buildDashboards({ lokiLogs: true }, ['systemHealth']);
    const broken = (model.panels ?? []).find((p) => p.type === 'logs') as Json;
    broken['datasource'] = { type: 'loki', uid: 'other-loki' };
    broken['targets'][0]['expr'] = '{service_name=~".+"}';
    expect(
      lintDashboards([model], dashboardLintOptions())
        .filter((p) => p.rule === 'panel-logs')
        .map((p) => p.message),
    ).toEqual([
      'Invalid datasource "other-loki": a logs panel reads obskit-loki',
      'Invalid query "{service_name=~".+"}": must select =~"$job"',
    ]);
  });
});
