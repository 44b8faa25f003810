import { buildDashboards, dashboardsFor } from './build';
import { DASHBOARD_UIDS } from './config';

describe('dashboardsFor', () => {
  it('gives an HTTP-only service System Health, and the SLOs dashboard only with SLOs', () => {
    expect(dashboardsFor(['http', 'runtime', 'scrape'])).toEqual(['systemHealth']);
    expect(dashboardsFor(['http', 'runtime', 'scrape'], { slos: true })).toEqual(['systemHealth', 'slos']);
  });

  it('adds the GenAI, task and business dashboards with their packs, in the order of buildDashboards', () => {
    expect(dashboardsFor(['agents', 'runtime'])).toEqual([
      'aiAgentOverview',
      'systemHealth',
      'executiveSummary',
    ]);
    expect(dashboardsFor(['tasks'])).toEqual(['taskOrchestration']);
    expect(dashboardsFor(['business'])).toEqual(['businessMetrics', 'executiveSummary']);
  });

  it('builds only the dashboards asked for', () => {
    const built = buildDashboards({}, dashboardsFor(['http'], { slos: true }));
    expect(built.map((d) => d.uid)).toEqual([DASHBOARD_UIDS.systemHealth, DASHBOARD_UIDS.slos]);
  });

  it('offers every service in the multi-value $job variable of every dashboard', () => {
    for (const d of buildDashboards()) {
      const job = (d.templating.list ?? []).find((v) => v.name === 'job');
      expect(job).toMatchObject({
        type: 'query',
        multi: true,
        includeAll: true,
        allValue: '.*',
        definition: 'label_values(up, job)',
      });
    }
  });
});
