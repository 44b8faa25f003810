import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { ObskitValidationError } from '@obskit/catalog';
import { buildDashboards, dashboardLintOptions } from '../build';
import { listPanels } from '../queries/panel-queries';
import { assertDashboardsLint, lintDashboard, lintDashboards, type LintRule } from './rules';

const options = dashboardLintOptions();
const fresh = (): dashboard.Dashboard[] => buildDashboards();
const overview = (): dashboard.Dashboard => fresh()[0];

interface Target {
  expr: string;
  exemplar?: boolean;
  refId?: string;
  datasource?: { type?: string; uid?: string };
}
const firstTarget = (d: dashboard.Dashboard, title: string): Target => {
  const panel = listPanels(d).find((p) => p.title === title);
  if (!panel) throw new Error(`no panel "${title}"`);
  return (panel.targets as unknown as Target[])[0];
};
const rulesOf = (d: dashboard.Dashboard): LintRule[] => [
  ...new Set(lintDashboard(d, options).map((p) => p.rule)),
];

describe('lint rules over the built dashboards', () => {
  it('finds no problem in any dashboard', () => {
    expect(lintDashboards(fresh(), options)).toEqual([]);
  });

  it('accepts the SLO recording rules only when told they exist', () => {
    const slos = fresh()[4];
    expect(lintDashboard(slos, options)).toEqual([]);
    expect(rulesOf(slos).length).toBe(0);
    expect([...new Set(lintDashboard(slos).map((p) => p.rule))].sort()).toEqual([
      'target-catalog',
      'target-job-instance',
      'target-promql',
    ]);
  });
});

describe('each lint rule catches what it names', () => {
  it('uid-format and uid-unique', () => {
    const [a, b] = fresh();
    a.uid = 'Not_Kebab';
    b.uid = 'Not_Kebab';
    const problems = lintDashboards([a, b], options);
    expect(problems).toContainEqual({
      rule: 'uid-format',
      subject: 'Not_Kebab',
      message: 'Invalid uid "Not_Kebab": must be kebab-case, at most 40 characters',
    });
    expect(problems).toContainEqual({
      rule: 'uid-unique',
      subject: 'Not_Kebab',
      message: 'Duplicate dashboard uid "Not_Kebab": uids must be unique',
    });
  });

  it('template-datasource and template-job-instance', () => {
    const d = overview();
    d.templating.list = (d.templating.list ?? []).filter(
      (v) => v.name !== 'datasource' && v.name !== 'instance',
    );
    expect(rulesOf(d)).toEqual(['template-datasource', 'template-job-instance']);
  });

  it('panel-datasource: a fixed datasource uid on a panel or a query', () => {
    const d = overview();
    const panel = listPanels(d)[0];
    panel.datasource = { type: 'prometheus', uid: 'obskit-prometheus' };
    firstTarget(d, 'Operations by status').datasource = { type: 'prometheus', uid: 'obskit-prometheus' };
    const problems = lintDashboard(d, options);
    expect(problems.map((p) => [p.rule, p.subject])).toEqual([
      ['panel-datasource', `obskit-ai-agent-overview / ${panel.title}`],
      ['panel-datasource', 'obskit-ai-agent-overview / Operations by status / A'],
    ]);
    expect(problems[0].message).toBe('Invalid datasource "obskit-prometheus": must be ${datasource}');
  });

  it('panel-title, panel-description and panel-units', () => {
    const d = overview();
    const panel = listPanels(d)[3] as dashboard.Panel & { fieldConfig: { defaults: { unit?: string } } };
    panel.description = '';
    delete panel.fieldConfig.defaults.unit;
    listPanels(d)[4].title = '';
    expect(rulesOf(d)).toEqual(['panel-description', 'panel-units', 'panel-title']);
  });

  it('panel-id-unique', () => {
    const d = overview();
    listPanels(d)[1].id = listPanels(d)[0].id;
    expect(rulesOf(d)).toEqual(['panel-id-unique']);
  });

  it('panel-gridpos: overlap and overflow', () => {
    const d = overview();
    const [a, b] = listPanels(d);
    b.gridPos = { ...(a.gridPos as dashboard.GridPos) };
    a.gridPos = { ...(a.gridPos as dashboard.GridPos), x: 23 };
    const problems = lintDashboard(d, options);
    expect(problems.map((p) => p.rule)).toEqual(['panel-gridpos', 'panel-gridpos']);
    expect(problems[0].message).toMatch(/^Invalid gridPos ".*": must lie within the 24-column grid$/);
    expect(problems[1].message).toBe(`Panel overlaps "${a.title}"`);
  });

  it('target-refid', () => {
    const d = overview();
    const panel = listPanels(d).find((p) => (p.targets ?? []).length > 1) as dashboard.Panel;
    (panel.targets as unknown as Target[])[1].refId = 'A';
    expect(rulesOf(d)).toEqual(['target-refid']);
  });

  it('target-job-instance: a selector without the job/instance matchers', () => {
    const d = overview();
    firstTarget(d, 'Operations by status').expr =
      'sum by (status) (rate(obskit_agent_operations_total{job=~"$job"}[$__rate_interval]))';
    const problems = lintDashboard(d, options);
    expect(problems).toEqual([
      {
        rule: 'target-job-instance',
        subject: 'obskit-ai-agent-overview / Operations by status / A',
        message:
          'Selector "obskit_agent_operations_total" lacks instance=~"$instance" in "sum by (status) (rate(obskit_agent_operations_total{job=~"$job"}[$__rate_interval]))"',
      },
    ]);
  });

  it('target-rate-interval: a fixed range in rate()', () => {
    const d = overview();
    const t = firstTarget(d, 'Operations by status');
    t.expr = t.expr.replace('$__rate_interval', '2m');
    expect(lintDashboard(d, options).map((p) => [p.rule, p.message])).toEqual([
      [
        'target-rule-backed',
        'Raw range "[2m]" over "obskit_agent_operations_total" evaluated at each refresh: read the recording rule that records it, or use $__rate_interval',
      ],
      ['target-rate-interval', 'Invalid range "2m" in rate(): must be $__rate_interval'],
    ]);
  });

  it('target-rule-backed: a raw 30d SLO ratio where a recording rule records it; the rule passes', () => {
    const slos = fresh()[4];
    const t = firstTarget(slos, 'Agent availability: error budget left');
    expect(t.expr).toBe('slo:error_budget:remaining_ratio{job=~"$job", slo="agent-availability"}');
    t.expr =
      '1 - (sum(rate(obskit_agent_operations_total{job=~"$job", instance=~"$instance", status!="success"}[30d])) / sum(rate(obskit_agent_operations_total{job=~"$job", instance=~"$instance"}[30d]))) / 0.01';
    // Told the 30d window is an SLO window, the old lint passed it; the new rule does not.
    const problems = lintDashboard(slos, { ...options, fixedWindows: ['30d'] });
    expect(problems.map((p) => p.rule)).toEqual(['target-rule-backed', 'target-rule-backed']);
    expect(problems[0].message).toBe(
      'Raw range "[30d]" over "obskit_agent_operations_total" evaluated at each refresh: read the recording rule that records it, or use $__rate_interval',
    );
  });

  it('target-job-instance and target-catalog on recorded series: job=~"$job" and the rule\'s labels only', () => {
    const slos = fresh()[4];
    firstTarget(slos, 'Agent availability: error budget left').expr =
      'slo:error_budget:remaining_ratio{slo="agent-availability", instance=~"$instance"}';
    expect(lintDashboard(slos, options).map((p) => [p.rule, p.message])).toEqual([
      ['target-promql', expect.stringContaining('instance')],
      [
        'target-catalog',
        'Unknown label "instance" on recorded series "slo:error_budget:remaining_ratio": must be one of job, slo',
      ],
      [
        'target-job-instance',
        'Selector "slo:error_budget:remaining_ratio" lacks job=~"$job" in "slo:error_budget:remaining_ratio{slo="agent-availability", instance=~"$instance"}"',
      ],
    ]);
  });

  it('target-counter-agg: a raw counter, and a gauge inside rate()', () => {
    const d = overview();
    firstTarget(d, 'Operations by status').expr =
      'sum(obskit_agent_operations_total{job=~"$job", instance=~"$instance"})';
    firstTarget(d, 'Tool calls').expr =
      'sum(rate(obskit_agents_active{job=~"$job", instance=~"$instance"}[$__rate_interval]))';
    const problems = lintDashboard(d, options);
    // checkExpression sees the raw counter too; the rule under test is target-counter-agg.
    expect(problems.filter((p) => p.rule === 'target-promql')).toHaveLength(1);
    expect(problems.filter((p) => p.rule !== 'target-promql').map((p) => [p.rule, p.message])).toEqual([
      [
        'target-counter-agg',
        'Counter "obskit_agent_operations_total" outside rate(), irate() or increase(): a raw counter only ever grows',
      ],
      ['target-counter-agg', 'Gauge "obskit_agents_active" inside rate(): use deriv() or delta() for gauges'],
    ]);
  });

  it('target-catalog: unknown series and labels', () => {
    const d = overview();
    firstTarget(d, 'Operations by status').expr =
      'sum(rate(obskit_agent_operation_total{job=~"$job", instance=~"$instance"}[$__rate_interval]))';
    firstTarget(d, 'Tool calls').expr =
      'sum(rate(obskit_agent_operations_total{job=~"$job", instance=~"$instance", agent="a"}[$__rate_interval]))';
    const problems = lintDashboard(d, options);
    expect(problems.filter((p) => p.rule === 'target-promql')).toHaveLength(2);
    expect(problems.filter((p) => p.rule === 'target-catalog').map((p) => p.message)).toEqual([
      'Unknown series "obskit_agent_operation_total": must be a metric of @obskit/catalog (histograms by _bucket, _sum or _count)',
      'Unknown label "agent" on "obskit_agent_operations_total": must be one of gen_ai_agent_name, gen_ai_operation_name, gen_ai_provider_name, status, job, instance',
    ]);
  });

  it('target-promql: a query that does not parse', () => {
    const d = overview();
    firstTarget(d, 'Operations by status').expr =
      'sum(rate(obskit_agent_operations_total{job=~"$job", instance=~"$instance"}[$__rate_interval])';
    const problems = lintDashboard(d, options);
    expect(problems.map((p) => [p.rule, p.subject])).toEqual([
      ['target-promql', 'obskit-ai-agent-overview / Operations by status / A'],
    ]);
    expect(problems[0].message).toMatch(/^Syntax error at line 1, column \d+: .* \[OBSKIT_PROMQL_SYNTAX\]$/);
  });

  it('target-exemplars: a latency quantile without exemplars', () => {
    const d = overview();
    firstTarget(d, 'Agent invocation duration').exemplar = false;
    expect(lintDashboard(d, options)).toEqual([
      {
        rule: 'target-exemplars',
        subject: 'obskit-ai-agent-overview / Agent invocation duration / A',
        message: 'Latency quantile without exemplars: set exemplar: true',
      },
    ]);
  });

  it('assertDashboardsLint throws one error listing every problem', () => {
    const d = overview();
    listPanels(d)[0].description = '';
    listPanels(d)[1].description = '';
    let error: unknown;
    try {
      assertDashboardsLint([d], options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObskitValidationError);
    expect((error as ObskitValidationError).code).toBe('OBSKIT_DASHBOARD_LINT');
    expect((error as ObskitValidationError).problems).toHaveLength(2);
    expect((error as Error).message).toMatch(/^Dashboard lint failed: 2 problems\n/);
    expect(() => assertDashboardsLint(fresh(), options)).not.toThrow();
  });
});
