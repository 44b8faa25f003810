import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  ALERTS,
  ALERT_NAMES,
  buildRuleGroups,
  defaultAlertsConfig,
  HOST_RECORDING_RULES,
  RECORDING_RULES,
} from '@obskit/alerts';
import { checkExpression } from '@obskit/promql';
import { buildDashboards, dashboardLintOptions, DASHBOARD_PACKS, resolveDashboardsConfig } from '../build';
import { DASHBOARD_UIDS, type DashboardKey, type DashboardsConfigInput } from '../config';
import { dashboardAlertNames } from '../internal/alerts';
import { lintDashboards } from '../lint/rules';
import { listPanels } from '../queries/panel-queries';

type Panel = Omit<dashboard.Panel, 'targets' | 'fieldConfig'> & {
  targets?: { expr: string; legendFormat?: string; instant?: boolean; format?: string }[];
  fieldConfig?: {
    defaults?: {
      noValue?: string;
      thresholds?: { steps: { value: number | null; color: string }[] };
      custom?: { thresholdsStyle?: { mode: string } };
    };
  };
};

function panel(config: DashboardsConfigInput, key: DashboardKey, title: string): Panel {
  const [model] = buildDashboards(config, [key]);
  const found = listPanels(model).find((p) => p.title === title);
  if (!found) throw new Error(`No panel "${title}" on ${key}`);
  return found as Panel;
}
const exprs = (p: Panel) => (p.targets ?? []).map((t) => t.expr);
const steps = (p: Panel) => p.fieldConfig?.defaults?.thresholds?.steps ?? [];

describe('alert panels: what the rules know, per dashboard', () => {
  const names = dashboardAlertNames(resolveDashboardsConfig());

  it("lists each dashboard's alerts from @obskit/alerts' ALERTS map by pack, and the SLO burn alerts on SLOs", () => {
    for (const key of Object.keys(DASHBOARD_PACKS) as DashboardKey[]) {
      if (key === 'slos') continue;
      const expected = ALERT_NAMES.filter((n) => DASHBOARD_PACKS[key].includes(ALERTS[n].pack)).map(
        (n) => `Obskit${n}`,
      );
      expect([key, names[key]]).toEqual([key, expected]);
    }
    expect(names.taskOrchestration).toContain('ObskitTaskQueueCapacityForecast');
    expect(names.systemHealth).toContain('ObskitHostDiskFullIn24h');
    expect(names.slos).toEqual([
      'ObskitAgentAvailabilityErrorBudgetBurn',
      'ObskitAgentLatencyErrorBudgetBurn',
      'ObskitHttpAvailabilityErrorBudgetBurn',
    ]);
  });

  it.each(Object.keys(DASHBOARD_UIDS) as DashboardKey[])(
    '%s: firing and pending counts (0 while nothing fires) and the list, scoped by $job',
    (key) => {
      const regex = names[key].join('|');
      const firing = panel({}, key, 'Alerts firing');
      expect(exprs(firing)).toEqual([
        `count(ALERTS{alertname=~"${regex}", alertstate="firing", job=~"$job"}) or vector(0)`,
      ]);
      expect(steps(firing)).toEqual([
        { value: null, color: 'green' },
        { value: 1, color: 'red' },
      ]);
      expect(exprs(panel({}, key, 'Alerts pending'))).toEqual([
        `count(ALERTS{alertname=~"${regex}", alertstate="pending", job=~"$job"}) or vector(0)`,
      ]);
      const list = panel({}, key, 'Firing and pending alerts');
      expect(list.type).toBe('table');
      expect(list.targets).toEqual([
        expect.objectContaining({
          expr: `ALERTS{alertname=~"${regex}", job=~"$job"}`,
          instant: true,
          format: 'table',
        }),
      ]);
      expect(list.fieldConfig?.defaults?.noValue).toBe('No alert of this dashboard is pending or firing');
    },
  );

  it.each(['Obskit', 'Acme'])(
    'names only alerts the rules built with prefix %s define, in selectors and descriptions',
    (prefix) => {
      const rules = buildRuleGroups({ ...defaultAlertsConfig, prefix });
      const defined = new Set(rules.flatMap((g) => g.rules.flatMap((r) => ('alert' in r ? [r.alert] : []))));
      const shown = Object.values(
        dashboardAlertNames(resolveDashboardsConfig({ alertPrefix: prefix })),
      ).flat();
      expect(shown.length).toBeGreaterThan(30);
      expect(shown.filter((name) => !defined.has(name))).toEqual([]);
      const zScore = panel({ alertPrefix: prefix }, 'aiAgentOverview', 'Model call p95 z-score');
      expect(zScore.description).toContain(`${prefix}LatencyAnomaly fires above 3 for 15m`);
      const disk = panel(
        { alertPrefix: prefix, alertOverrides: { HostDiskFullIn24h: { for: '2h' } } },
        'systemHealth',
        'Disk free in 24h',
      );
      expect(disk.description).toContain(`${prefix}HostDiskFullIn24h fires after 2h.`);
    },
  );

  it('refuses an alert prefix the rules would refuse, naming it', () => {
    expect(() => resolveDashboardsConfig({ alertPrefix: 'acme-' })).toThrow(
      /alertPrefix.*Invalid alert name prefix "acme-": must be PascalCase/s,
    );
  });

  it('has no alerts row on the SLOs dashboard without SLOs', () => {
    const [slos] = buildDashboards({ slos: [] }, ['slos']);
    expect(listPanels(slos).map((p) => p.title)).toEqual([]);
  });
});

describe('anomaly z-scores beside the series they judge', () => {
  it.each([
    ['Model call p95 z-score', RECORDING_RULES.latencyZScore, 'Model call duration p95'],
    ['Token usage z-score', RECORDING_RULES.tokenUsageZScore, 'Token usage by provider and model'],
    ['Cost rate z-score', RECORDING_RULES.costZScore, 'Cost per hour'],
  ])('%s reads %s, right after %s, with the alert threshold as a line', (title, record, beside) => {
    const p = panel({}, 'aiAgentOverview', title);
    expect(exprs(p)).toEqual([`${record}{job=~"$job"}`]);
    expect(steps(p)).toEqual([
      { value: null, color: 'green' },
      { value: 3, color: 'red' },
    ]);
    expect(p.fieldConfig?.defaults?.custom?.thresholdsStyle).toEqual({ mode: 'line' });
    const [model] = buildDashboards({}, ['aiAgentOverview']);
    const titles = listPanels(model).map((x) => x.title);
    expect(titles[titles.indexOf(beside) + 1]).toBe(title);
  });

  it('draws the threshold of the alert override, exactly', () => {
    const p = panel(
      { alertOverrides: { LatencyAnomaly: { threshold: 0.1 + 0.2 }, CostAnomaly: { threshold: 4 } } },
      'aiAgentOverview',
      'Model call p95 z-score',
    );
    expect(steps(p)[1]).toEqual({ value: 0.3, color: 'red' });
    expect(p.description).toContain('ObskitLatencyAnomaly fires above 0.3 for 15m');
    const cost = panel(
      { alertOverrides: { CostAnomaly: { threshold: 4 } } },
      'aiAgentOverview',
      'Cost rate z-score',
    );
    expect(steps(cost)[1]).toEqual({ value: 4, color: 'red' });
  });
});

describe('forecasts', () => {
  it('queue depth now and in 4h beside the queue depth, against the capacity (override followed)', () => {
    const p = panel({}, 'taskOrchestration', 'Queue depth forecast');
    expect(exprs(p)).toEqual([
      `${RECORDING_RULES.queueDepthMax}{job=~"$job", queue=~"$queue"}`,
      `${RECORDING_RULES.queueDepthForecast}{job=~"$job", queue=~"$queue"}`,
    ]);
    expect(steps(p)[1]).toEqual({ value: 1000, color: 'red' });
    const [model] = buildDashboards({}, ['taskOrchestration']);
    const titles = listPanels(model).map((x) => x.title);
    expect(titles[titles.indexOf('Queue depth') + 1]).toBe('Queue depth forecast');
    const overridden = panel(
      { alertOverrides: { TaskQueueCapacityForecast: { threshold: 250 } } },
      'taskOrchestration',
      'Queue depth forecast',
    );
    expect(steps(overridden)[1]).toEqual({ value: 250, color: 'red' });
    expect(overridden.description).toContain('capacity of 250');
  });

  it("disk free in 24h in System Health's Host row, from the host pack's recording rule", () => {
    const p = panel({}, 'systemHealth', 'Disk free in 24h');
    expect(exprs(p)).toEqual([
      `${HOST_RECORDING_RULES.diskAvailableForecast}{job=~"$job", instance=~"$instance"}`,
    ]);
    expect(steps(p)).toEqual([
      { value: null, color: 'red' },
      { value: 0, color: 'green' },
    ]);
  });
});

describe('spend against the daily budget', () => {
  const spend = `sum by (job) (${RECORDING_RULES.costRate}{job=~"$job"}) * 86400`;

  it('one budget: a threshold line and the share of it per service', () => {
    const p = panel({ costBudgetUsdPerDay: 250 }, 'aiAgentOverview', 'Spend per day vs budget');
    expect(exprs(p)).toEqual([spend]);
    expect(steps(p)[1]).toEqual({ value: 250, color: 'red' });
    const used = panel({ costBudgetUsdPerDay: 250 }, 'executiveSummary', 'Daily budget used');
    expect(exprs(used)).toEqual([
      `sum by (job) (avg_over_time(${RECORDING_RULES.costRate}{job=~"$job"}[1d])) * 86400 / 250`,
    ]);
  });

  it('a budget per service: a budget series per job (listed ones, else the default), and each job divided by its own', () => {
    const config = { costBudgetUsdPerDay: { planner: 300, 'demo-api': 12.5 } };
    const p = panel(config, 'aiAgentOverview', 'Spend per day vs budget');
    const present = `sum by (job) (${RECORDING_RULES.costRate}{job=~"$job"})`;
    const budget =
      `((label_replace(vector(12.5), "job", "demo-api", "", "") or label_replace(vector(300), "job", "planner", "", "")) and on (job) ${present})` +
      ` or ${present} * 0 + 100`;
    expect(exprs(p)).toEqual([spend, budget]);
    expect(steps(p)).toEqual([]);
    expect(p.description).toContain('demo-api 12.5 USD');
    const used = panel(config, 'executiveSummary', 'Daily budget used');
    expect(exprs(used)).toEqual([
      `sum by (job) (avg_over_time(${RECORDING_RULES.costRate}{job=~"$job"}[1d])) * 86400 / on (job) (${budget})`,
    ]);
    for (const expr of [...exprs(p), ...exprs(used)])
      expect(
        checkExpression(expr, { recordingRules: dashboardLintOptions(config).recordingRules }).problems,
      ).toEqual([]);
  });

  it('rejects a budget or threshold that is not a positive number, and an unknown alert', () => {
    expect(() => buildDashboards({ costBudgetUsdPerDay: { planner: 0 } })).toThrow(
      /costBudgetUsdPerDay\.planner.*Invalid budget "0"/s,
    );
    expect(() =>
      buildDashboards({ alertOverrides: { LatencyAnomaly: { threshold: -1 }, Nope: {} } as never }),
    ).toThrow(/Invalid threshold "-1".*Unknown alert "Nope"/s);
  });
});

describe('lint', () => {
  it.each<[string, DashboardsConfigInput]>([
    ['defaults', {}],
    [
      'a budget per service and overrides',
      { costBudgetUsdPerDay: { planner: 300 }, alertOverrides: { CostAnomaly: { threshold: 2 } } },
    ],
  ])('every new panel passes every lint rule (%s)', (_name, config) => {
    expect(lintDashboards(buildDashboards(config), dashboardLintOptions(config))).toEqual([]);
  });
});
