import { METRICS, type Duration } from '@obskit/catalog';
import { checkExpression } from '@obskit/promql';
import {
  buildRuleGroupDefinitions,
  buildRuleGroups,
  recordingRuleSeries,
  validateRuleGroupDefinitions,
} from './build';
import { defaultAlertsConfig } from './config';
import type { AlertingRule, RecordingRule, RuleGroupDefinition } from './model/types';
import { ALERT_LABELS } from '@obskit/catalog';
import { ALERTS, ALERT_NAMES, PACK_NAMES, isPackName } from './alerts';
import { RECORDING_RULES, RECORDING_RULE_SERIES } from './names';
import type { SloDefinition } from './slo/slo';

const groups = buildRuleGroups();
const alerts = groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));
const records = groups.flatMap((g) => g.rules.filter((r): r is RecordingRule => 'record' in r));

describe('buildRuleGroups', () => {
  it('builds every pack, the anomaly group and one group per SLO', () => {
    expect(groups.map((g) => `${g.file}/${g.name}`)).toEqual([
      'recording/obskit-recording',
      'agents/obskit-agents',
      'tasks/obskit-tasks',
      'http/obskit-http',
      'db/obskit-db',
      'jobs/obskit-jobs',
      'runtime/obskit-runtime',
      'scrape/obskit-scrape',
      'business/obskit-business',
      'host/obskit-host',
      'anomalies/obskit-anomalies',
      'slo/obskit-slo-agent-availability',
      'slo/obskit-slo-agent-latency',
      'slo/obskit-slo-http-availability',
    ]);
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(39);
  });

  it('builds in each pack the alerts ALERTS gives it, in the order of ALERTS', () => {
    const packs = buildRuleGroupDefinitions().filter((d) => isPackName(d.file));
    expect(packs.map((g) => g.file)).toEqual([...PACK_NAMES]);
    for (const g of packs) {
      expect({ pack: g.file, alerts: (g.alerts ?? []).map((a) => a.name) }).toEqual({
        pack: g.file,
        alerts: ALERT_NAMES.filter((name) => ALERTS[name].pack === g.file),
      });
    }
  });

  it('passes checkExpression for every expression, against the catalog and its own recording rules', () => {
    const options = {
      recordingRules: recordingRuleSeries(buildRuleGroupDefinitions()),
      grafanaVariables: false,
    };
    for (const rule of [...alerts, ...records]) {
      expect([rule.expr, checkExpression(rule.expr, options).problems]).toEqual([rule.expr, []]);
    }
  });

  it('names alerts PascalCase with the prefix, labels them and adds static summaries and runbook URLs', () => {
    for (const a of alerts) {
      expect(a.alert).toMatch(/^Obskit[A-Z][A-Za-z0-9]*$/);
      expect(['critical', 'warning', 'info']).toContain(a.labels.severity);
      expect(a.labels.team).toBe('ai-platform');
      expect(a.annotations.summary).not.toContain('{{');
      expect(a.annotations.runbook_url).toBe(`runbooks/${a.alert}.md`);
    }
    const burn = alerts.filter((a) => a.alert === 'ObskitAgentAvailabilityErrorBudgetBurn');
    expect(
      burn.map((a) => [
        a.labels.severity,
        a.labels[ALERT_LABELS.burnWindow],
        a.labels[ALERT_LABELS.longWindow],
        a.for,
        a.expr,
      ]),
    ).toEqual([
      [
        'critical',
        'fast',
        '1h',
        '2m',
        'slo:sli_error:ratio_rate1h{slo="agent-availability"} > 0.144 and slo:sli_error:ratio_rate5m{slo="agent-availability"} > 0.144',
      ],
      [
        'critical',
        'fast',
        '6h',
        '15m',
        'slo:sli_error:ratio_rate6h{slo="agent-availability"} > 0.06 and slo:sli_error:ratio_rate30m{slo="agent-availability"} > 0.06',
      ],
      [
        'warning',
        'slow',
        '1d',
        '1h',
        'slo:sli_error:ratio_rate1d{slo="agent-availability"} > 0.03 and slo:sli_error:ratio_rate2h{slo="agent-availability"} > 0.03',
      ],
      [
        'warning',
        'slow',
        '3d',
        '3h',
        'slo:sli_error:ratio_rate3d{slo="agent-availability"} > 0.01 and slo:sli_error:ratio_rate6h{slo="agent-availability"} > 0.01',
      ],
    ]);
  });

  it('records SLIs per window, the objective and the error budget left', () => {
    const slo = records.filter((r) => r.labels?.slo === 'agent-latency').map((r) => r.record);
    expect(slo).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate30d',
      'slo:objective:ratio',
      'slo:error_budget:remaining_ratio',
    ]);
    expect(
      records.find((r) => r.record === 'slo:sli_error:ratio_rate5m' && r.labels?.slo === 'agent-latency')
        ?.expr,
    ).toBe(
      '1 - sum by (job) (rate(gen_ai_invoke_agent_duration_seconds_bucket{le="10.24"}[5m])) / sum by (job) (rate(gen_ai_invoke_agent_duration_seconds_count[5m]))',
    );
    expect(
      records.find(
        (r) => r.record === 'slo:error_budget:remaining_ratio' && r.labels?.slo === 'http-availability',
      )?.expr,
    ).toBe('1 - slo:sli_error:ratio_rate30d{slo="http-availability"} / 0.001');
  });

  it('exports recording-rule names and label sets for the dashboards', () => {
    expect(RECORDING_RULES.agentOperationsRate).toBe('job_agent:obskit_agent_operations:rate5m');
    expect(RECORDING_RULES.tokenUsageZScore).toBe('job:gen_ai_client_token_usage:rate5m_zscore1w');
    expect(RECORDING_RULES.sloErrorRatio['1h']).toBe('slo:sli_error:ratio_rate1h');
    expect(RECORDING_RULE_SERIES.find((s) => s.name === RECORDING_RULES.agentOperationsRate)?.labels).toEqual(
      ['job', 'gen_ai_agent_name', 'status'],
    );
    for (const name of Object.values(RECORDING_RULES).flatMap((v) =>
      typeof v === 'string' ? [v] : Object.values(v),
    )) {
      expect(RECORDING_RULE_SERIES.map((s) => s.name)).toContain(name);
    }
  });

  it('has a firing and a quiet promtool check for every alert name', () => {
    const coverage = new Map<string, { fires: number; quiet: number }>();
    for (const g of groups) {
      g.definitions.alerts.forEach((def) => {
        const name = `${defaultAlertsConfig.prefix}${def.name}`;
        const c = coverage.get(name) ?? { fires: 0, quiet: 0 };
        for (const check of def.tests.flatMap((t) => t.checks)) {
          if (check.expect.length > 0) c.fires++;
          else c.quiet++;
        }
        coverage.set(name, c);
      });
    }
    const missing = [...coverage].filter(([, c]) => c.fires === 0 || c.quiet === 0).map(([n]) => n);
    expect(missing).toEqual([]);
    expect(coverage.size).toBe(new Set(alerts.map((a) => a.alert)).size);
  });

  it('checks every SLO over time: first nothing, then fast (page) tiers, later slow (ticket) tiers', () => {
    for (const g of groups.filter((x) => x.file === 'slo')) {
      const checks = g.definitions.alerts.flatMap((a) => a.tests).flatMap((t) => t.checks);
      const tiers = checks.map((c) =>
        c.expect
          .map((e) => e.staticLabels?.burn_window)
          .sort()
          .join(','),
      );
      expect([g.name, tiers[0]]).toEqual([g.name, '']);
      const firstFast = tiers.findIndex((t) => t.includes('fast'));
      const firstSlow = tiers.findIndex((t) => t.includes('slow'));
      expect([g.name, firstFast > 0, firstSlow > firstFast]).toEqual([g.name, true, true]);
      expect(tiers[tiers.length - 1]).toBe('fast,fast,slow,slow');
    }
  });

  it('reports bad rules all at once, naming the rule and the value', () => {
    const bad: RuleGroupDefinition[] = [
      {
        name: 'custom',
        file: 'custom',
        records: [
          {
            record: 'job_rate',
            expr: 'sum by (job) (rate(obskit_agent_runs_total[5m]))',
            outputLabels: ['job'],
          },
        ],
        alerts: [
          {
            name: 'agentDown',
            expr: 'sum by (queue) (rate(obskit_agent_operations_total{stat="error"}[5m])) > 0',
            for: '5 minutes',
            severity: 'page' as never,
            summary: 'Agent {{ $labels.gen_ai_agent_name }} is down',
            description: 'x',
            runbook: { meaning: '', impact: '', diagnosis: [], fixes: [] },
            tests: [],
          },
        ],
      },
    ];
    expect(
      validateRuleGroupDefinitions(bad, defaultAlertsConfig).map(
        (p) => `${p.subject}: ${p.message.replace(/ \(at .*$/, '')}`,
      ),
    ).toEqual([
      'recording rule "job_rate" in group "custom": Invalid recording rule name "job_rate": must be level:metric:operations, matching /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+:[a-zA-Z0-9_]+$/',
      'recording rule "job_rate" in group "custom": Unknown metric "obskit_agent_runs_total": not in the catalog, not a recording rule and not a metric passed in options',
      'alert "ObskitagentDown" in group "custom": Invalid alert name "agentDown": must be PascalCase, matching /^[A-Z][A-Za-z0-9]*$/',
      'alert "ObskitagentDown" in group "custom": Invalid severity "page": expected one of critical, warning, info',
      'alert "ObskitagentDown" in group "custom": Invalid for duration "5 minutes": must be a Prometheus duration like 30s, 5m or 1h30m',
      'alert "ObskitagentDown" in group "custom": Invalid summary "Agent {{ $labels.gen_ai_agent_name }} is down": must be one static sentence (no templates); put details in the description',
      'alert "ObskitagentDown" in group "custom": Unknown label "queue" in sum by (...): the input has only gen_ai_agent_name, gen_ai_operation_name, gen_ai_provider_name, instance, job, status',
      'alert "ObskitagentDown" in group "custom": Unknown label "stat" on "obskit_agent_operations_total": expected one of gen_ai_agent_name, gen_ai_operation_name, gen_ai_provider_name, instance, job, status',
    ]);
  });

  it('throws one error for a bad config or SLO, listing every problem', () => {
    const slo: SloDefinition = {
      name: 'Checkout Latency',
      title: 'Checkout latency',
      description: 'x',
      objective: 1.5,
      sli: { kind: 'latency', histogram: METRICS.http.serverRequestDuration, thresholdSeconds: 0.3 },
      fixture: [],
    };
    const config = { ...defaultAlertsConfig, for: { ...defaultAlertsConfig.for, page: '2x' as Duration } };
    expect(() => buildRuleGroups(config, { slos: [slo] })).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_INVALID_CONFIG',
        message: [
          'Invalid alerts config: 4 problems',
          '  - config "for.page": Invalid duration "2x": must be a Prometheus duration like 30s, 5m or 1h30m [OBSKIT_INVALID_DURATION]',
          '  - SLO "Checkout Latency": Invalid SLO name "Checkout Latency": must be kebab-case [OBSKIT_INVALID_SLO]',
          '  - SLO "Checkout Latency": Invalid objective "1.5": must be between 0 and 1, exclusive [OBSKIT_INVALID_OBJECTIVE]',
          '  - SLO "Checkout Latency": Invalid latency threshold "0.3": must be a bucket boundary of "http_server_request_duration_seconds" (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10) [OBSKIT_INVALID_SLO]',
        ].join('\n'),
      }),
    );
  });

  it('applies the config: prefix, team, labels and matchers', () => {
    const custom = buildRuleGroups(
      {
        ...defaultAlertsConfig,
        prefix: 'Acme',
        team: 'agents',
        labels: { cluster: 'eu1' },
        matchers: { job: 'api' },
      },
      { packs: ['scrape'], slos: [] },
    );
    const targetDown = custom
      .flatMap((g) => g.rules)
      .find((r) => 'alert' in r && r.alert === 'AcmeTargetDown') as AlertingRule;
    expect(targetDown).toEqual({
      alert: 'AcmeTargetDown',
      expr: 'up{job="api"} == 0',
      for: '2m',
      labels: { severity: 'critical', team: 'agents', cluster: 'eu1' },
      annotations: {
        summary: 'Prometheus cannot scrape a target.',
        description: 'Prometheus cannot scrape {{ $labels.instance }} of job {{ $labels.job }}.',
        runbook_url: 'runbooks/AcmeTargetDown.md',
      },
    });
  });
});
