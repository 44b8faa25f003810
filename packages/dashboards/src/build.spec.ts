import { ObskitValidationError } from '@obskit/catalog';
import { buildDashboards, resolveDashboardsConfig } from './build';
import { DASHBOARD_UIDS, DEFAULT_DASHBOARDS_CONFIG, PROMETHEUS_DATASOURCE_UID } from './config';

function thrown(fn: () => unknown): ObskitValidationError {
  try {
    fn();
  } catch (error) {
    return error as ObskitValidationError;
  }
  throw new Error('expected a throw');
}

describe('buildDashboards', () => {
  it('builds the six dashboards in a fixed order with the shared defaults', () => {
    const dashboards = buildDashboards();
    expect(dashboards.map((d) => [d.uid, d.title])).toEqual([
      [DASHBOARD_UIDS.aiAgentOverview, 'AI Agent Overview'],
      [DASHBOARD_UIDS.taskOrchestration, 'Task Orchestration'],
      [DASHBOARD_UIDS.systemHealth, 'System Health'],
      [DASHBOARD_UIDS.businessMetrics, 'Business Metrics'],
      [DASHBOARD_UIDS.slos, 'SLOs'],
      [DASHBOARD_UIDS.executiveSummary, 'Executive Summary'],
    ]);
    for (const d of dashboards) {
      expect(d.time).toEqual({ from: 'now-6h', to: 'now' });
      expect(d.refresh).toBe('30s');
      expect(d.tags?.[0]).toBe('obskit');
      expect(d.schemaVersion).toBe(42);
      const variables = (d.templating.list ?? []).map((v) => v.name);
      expect(variables.slice(0, 3)).toEqual(['datasource', 'job', 'instance']);
      expect(d.templating.list?.[0].current).toEqual({
        selected: true,
        text: PROMETHEUS_DATASOURCE_UID,
        value: PROMETHEUS_DATASOURCE_UID,
      });
    }
  });

  it('adds the per-dashboard variables', () => {
    const names = buildDashboards().map((d) => (d.templating.list ?? []).slice(3).map((v) => v.name));
    expect(names).toEqual([['agent', 'provider', 'model'], ['queue'], ['route'], ['feature'], [], []]);
  });

  it('applies overrides: refresh, time, tags, datasource, objectives', () => {
    const [overview, , , , slos] = buildDashboards({
      refresh: '1m',
      time: { from: 'now-1h', to: 'now' },
      tags: ['acme'],
      prometheusDatasourceUid: 'prom-b',
      objectives: { agentAvailability: 0.95 },
    });
    expect(overview.refresh).toBe('1m');
    expect(overview.time).toEqual({ from: 'now-1h', to: 'now' });
    expect(overview.tags).toEqual(['acme', 'ai-agents', 'gen-ai']);
    expect(overview.templating.list?.[0].current?.value).toBe('prom-b');
    const objective = JSON.stringify(slos.panels?.find((p) => p.title === 'Agent availability: objective'));
    expect(objective).toContain('vector(0.95)');
    expect(JSON.stringify(slos)).toContain('vector(0.999)');
  });
});

describe('resolveDashboardsConfig', () => {
  it('returns the defaults when given nothing', () => {
    expect(resolveDashboardsConfig()).toEqual(DEFAULT_DASHBOARDS_CONFIG);
  });

  it('reports every problem at once', () => {
    const error = thrown(() =>
      resolveDashboardsConfig({
        objectives: { agentLatency: 1 },
        agentLatencyThresholdSeconds: 0.3,
        sloPeriod: '30 days',
        tags: ['Bad Tag'],
      }),
    );
    expect(error).toBeInstanceOf(ObskitValidationError);
    expect(error.code).toBe('OBSKIT_INVALID_DASHBOARDS_CONFIG');
    expect(error.problems.map((p) => [p.subject, p.message])).toEqual([
      ['objectives.agentLatency', 'Invalid objective "1": must be a ratio between 0 and 1, exclusive'],
      [
        'agentLatencyThresholdSeconds',
        'Invalid latency threshold "0.3": must be a bucket boundary of the agent invocation duration histogram (0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)',
      ],
      ['sloPeriod', 'Invalid duration "30 days": must match /^[1-9][0-9]*(ms|s|m|h|d|w|y)$/'],
      ['tags[0]', 'Invalid tag "Bad Tag": must match /^[a-z0-9][a-z0-9-]*$/'],
    ]);
  });
});
