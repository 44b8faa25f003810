import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { ObskitError } from '@obskit/catalog';
import { buildDashboards } from '../build';
import { renderDashboards, renderDashboardsAs } from '../render';
import { toDashboardV2 } from './convert';

function errorOf(fn: () => unknown): ObskitError {
  try {
    fn();
  } catch (e) {
    return e as ObskitError;
  }
  throw new Error('expected an error');
}

describe('toDashboardV2', () => {
  it('keeps v1 the default: renderDashboardsAs without a schema is renderDashboards', () => {
    const models = buildDashboards({}, ['slos']);
    expect(renderDashboardsAs(models)).toEqual(renderDashboards(models));
  });

  it('maps the dashboard settings: cursor sync, time, refresh, links, variables', () => {
    const [model] = buildDashboards({ refresh: '1m', time: { from: 'now-24h', to: 'now' } }, [
      'systemHealth',
    ]);
    const { spec } = toDashboardV2(model);
    expect(spec.cursorSync).toBe('Crosshair');
    expect(spec.editable).toBe(false);
    expect(spec.timeSettings).toMatchObject({
      from: 'now-24h',
      to: 'now',
      autoRefresh: '1m',
      timezone: 'browser',
    });
    expect(spec.links).toEqual([
      expect.objectContaining({
        title: 'obskit dashboards',
        type: 'dashboards',
        includeVars: true,
        keepTime: true,
      }),
    ]);
    expect(spec.variables.map((v) => [v.kind, v.spec.name])).toEqual([
      ['DatasourceVariable', 'datasource'],
      ['QueryVariable', 'job'],
      ['QueryVariable', 'instance'],
      ['QueryVariable', 'route'],
    ]);
    const job = spec.variables[1];
    expect(job.kind === 'QueryVariable' && job.spec).toMatchObject({
      refresh: 'onTimeRangeChanged',
      sort: 'alphabeticalAsc',
      query: {
        group: 'prometheus',
        datasource: { name: '${datasource}' },
        spec: { query: 'label_values(up, job)' },
      },
    });
  });

  it('places panels relative to their row, and panels above the first row in a headerless row', () => {
    const [model] = buildDashboards({}, ['systemHealth']);
    const [row, first, second] = model.panels ?? [];
    const headless: dashboard.Dashboard = { ...model, panels: [second, row, first] };
    second.gridPos = { x: 4, y: 0, w: 8, h: 8 };
    const layout = toDashboardV2(headless).spec.layout;
    if (layout.kind !== 'RowsLayout') throw new Error('expected a RowsLayout');
    expect(layout.spec.rows.map((r) => [r.spec.title, r.spec.hideHeader ?? false])).toEqual([
      ['', true],
      ['Alerts', false],
    ]);
    const items = layout.spec.rows[1].spec.layout;
    expect(items.kind === 'GridLayout' && items.spec.items[0].spec).toEqual({
      x: 0,
      y: 0,
      width: first.gridPos?.w,
      height: first.gridPos?.h,
      element: { kind: 'ElementReference', name: `panel-${first.id}` },
    });
  });

  it('refuses to drop what it cannot carry: an unknown panel key, a dashboard without uid', () => {
    const [model] = buildDashboards({}, ['slos']);
    const panel = (model.panels ?? [])[1] as dashboard.Panel & { repeat?: string };
    panel.repeat = 'job';
    const error = errorOf(() => toDashboardV2(model));
    expect(error.code).toBe('OBSKIT_DASHBOARD_V2_CONVERT');
    expect(error.message).toBe(
      `Invalid dashboard "obskit-slos": panel "${panel.title}" has keys the v2 conversion does not carry: repeat`,
    );
    delete model.uid;
    expect(errorOf(() => toDashboardV2(model)).message).toBe('Invalid dashboard "SLOs": it has no uid');
  });
});
