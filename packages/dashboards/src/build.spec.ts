import { buildServiceRuleGroups } from '@obskit/alerts';
import { ObskitValidationError } from '@obskit/catalog';
import { buildDashboards, dashboardLintOptions, resolveDashboardsConfig } from './build';
import {
  DASHBOARD_UIDS,
  DEFAULT_DASHBOARDS_CONFIG,
  PROMETHEUS_DATASOURCE_UID,
  type DashboardsConfigInput,
} from './config';
import { lintDashboards } from './lint/rules';
import { listPanelQueries, listPanels } from './queries/panel-queries';

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

  it('applies overrides: refresh, time, tags, datasource', () => {
    const [overview, , , , slos] = buildDashboards({
      refresh: '1m',
      time: { from: 'now-1h', to: 'now' },
      tags: ['acme'],
      prometheusDatasourceUid: 'prom-b',
    });
    expect(overview.refresh).toBe('1m');
    expect(overview.time).toEqual({ from: 'now-1h', to: 'now' });
    expect(overview.tags).toEqual(['acme', 'ai-agents', 'gen-ai']);
    expect(overview.templating.list?.[0].current?.value).toBe('prom-b');
    expect(slos.uid).toBe('obskit-slos');
  });

  it("shows exactly the config's SLOs, reading the rules @obskit/alerts writes for them", () => {
    const slos: DashboardsConfigInput['slos'] = [
      {
        name: 'checkout-latency',
        service: 'orders-api',
        sli: { kind: 'http-latency', thresholdSeconds: 0.5, route: '/checkout' },
        objective: 0.995,
      },
      {
        name: 'planner-up',
        service: 'agent-worker',
        sli: { kind: 'agent-availability', agent: 'planner' },
        objective: 0.98,
        window: '28d',
      },
    ];
    const [slo, summary] = buildDashboards({ slos }, ['slos', 'executiveSummary']);
    expect(
      listPanels(slo)
        .map((p) => p.title)
        .filter((t) => t?.endsWith('objective')),
    ).toEqual([
      'HTTP latency (checkout-latency) of orders-api: objective',
      'HTTP latency (checkout-latency) of orders-api: SLI vs objective',
      'Agent availability (planner-up) of agent-worker: objective',
      'Agent availability (planner-up) of agent-worker: SLI vs objective',
    ]);
    // 5 per SLO, and the alerts row: firing, pending and the list of the SLOs' burn-rate alerts
    expect(listPanels(slo)).toHaveLength(13);
    expect(listPanelQueries([slo]).find((q) => q.panelTitle === 'Firing and pending alerts')?.expr).toBe(
      'ALERTS{alertname=~"ObskitCheckoutLatencyErrorBudgetBurn|ObskitPlannerUpErrorBudgetBurn", job=~"$job"}',
    );
    const exprs = listPanelQueries([slo]).map((q) => q.expr);
    expect(exprs).toContain('slo:objective:ratio{job=~"$job", slo="checkout-latency"}');
    expect(exprs).toContain('slo:error_budget:remaining_ratio{job=~"$job", slo="planner-up"}');
    expect(exprs).toContain('1 - slo:sli_error:ratio_rate28d{job=~"$job", slo="planner-up"}');
    expect(exprs).toContain('slo:sli_error:ratio_rate1h{job=~"$job", slo="checkout-latency"} / 0.005');
    expect(exprs).toContain('slo:sli_error:ratio_rate1h{job=~"$job", slo="planner-up"} / 0.02');
    expect(exprs.filter((e) => /agent-availability|http-availability/.test(e))).toEqual([]);
    // Every SLO series the panels read is recorded by @obskit/alerts' rules for the same list.
    const groups = buildServiceRuleGroups({
      services: [{ name: 'orders-api' }, { name: 'agent-worker', packs: ['agents'] }],
      slos: slos.map((s) => ({ ...s, service: s.service as string })),
    });
    const records = new Set(groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []))));
    for (const expr of exprs)
      for (const name of expr.match(/slo:[a-z_:0-9]+/g) ?? []) expect(records).toContain(name);
    const thresholds = JSON.stringify(listPanels(slo).map((p) => p.fieldConfig));
    expect(thresholds).toContain('"value":0.995');
    expect(thresholds).toContain('"value":0.98');
    // The executive summary's headline SLO is the first one.
    expect(listPanelQueries([summary]).map((q) => q.expr)).toContain(
      'slo:error_budget:remaining_ratio{job=~"$job", slo="checkout-latency"}',
    );
    expect(lintDashboards([slo, summary], dashboardLintOptions({ slos }))).toEqual([]);
  });

  it('builds no SLO rows and no headline SLO panels from an empty SLO list', () => {
    const [slo, summary] = buildDashboards({ slos: [] }, ['slos', 'executiveSummary']);
    expect(listPanels(slo)).toEqual([]);
    expect(listPanels(summary).map((p) => p.title)).toEqual([
      'Spend',
      'Agent operations',
      'Spend per hour',
      'Agent operations per minute',
      'Daily budget used',
      'Spend per day vs budget',
      'Alerts firing',
      'Alerts pending',
      'Firing and pending alerts',
    ]);
  });
});

describe('resolveDashboardsConfig', () => {
  it('returns the defaults when given nothing', () => {
    expect(resolveDashboardsConfig()).toEqual(DEFAULT_DASHBOARDS_CONFIG);
  });

  it('reads the comparison offset with the catalog grammar, and the refresh as Grafana does', () => {
    expect(resolveDashboardsConfig({ comparisonOffset: '1d12h' }).comparisonOffset).toBe('1d12h');
    const error = thrown(() => resolveDashboardsConfig({ comparisonOffset: '0s', refresh: '1m30s' }));
    expect(error.problems.map((p) => [p.subject, p.message])).toEqual([
      ['comparisonOffset', 'Invalid duration "0s": must be a Prometheus duration like 30s, 5m or 1h30m'],
      ['refresh', 'Invalid duration "1m30s": must match /^[1-9][0-9]*(ms|s|m|h|d|w|y)$/'],
    ]);
  });

  it('reports every problem at once', () => {
    const error = thrown(() =>
      resolveDashboardsConfig({
        slos: [
          { name: 'a', sli: { kind: 'agent-availability' }, objective: 1 },
          { name: 'a', sli: { kind: 'agent-latency', thresholdSeconds: 0.3 }, objective: 0.9 },
        ],
        burnRateTiers: [{ name: 'x', longWindow: '12h', shortWindow: '5 m', burnRate: 2 }],
        tags: ['Bad Tag'],
      }),
    );
    expect(error).toBeInstanceOf(ObskitValidationError);
    expect(error.code).toBe('OBSKIT_INVALID_DASHBOARDS_CONFIG');
    expect(error.problems.map((p) => [p.subject, p.message])).toEqual([
      ['slos[0]', 'Invalid objective "1": must be between 0 and 1, exclusive'],
      ['slos[1].name', 'Duplicate SLO name "a": SLO names are the rules\' slo label, unique'],
      [
        'slos[1]',
        'Invalid latency threshold "0.3": must be a bucket boundary of "gen_ai_invoke_agent_duration_seconds" (0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)',
      ],
      [
        'burnRateTiers[0].longWindow',
        'Invalid window "12h": no SLO recording rule records it; must be one of 5m, 1h, 30m, 6h, 2h, 1d, 3d, 30d',
      ],
      [
        'burnRateTiers[0].shortWindow',
        'Invalid duration "5 m": must be a Prometheus duration like 30s, 5m or 1h30m',
      ],
      ['tags[0]', 'Invalid tag "Bad Tag": must match /^[a-z0-9][a-z0-9-]*$/'],
    ]);
  });
});
