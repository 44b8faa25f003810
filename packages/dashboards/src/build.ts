import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { invalidDurationMessage, isDuration, throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import {
  defaultAlertsConfig,
  isAlertName,
  sloFromSpec,
  validateConfig as validateAlertsConfig,
  validateSlo,
  type PackName,
  type SloSpec,
} from '@obskit/alerts';
import {
  DASHBOARD_PACKS,
  DEFAULT_DASHBOARDS_CONFIG,
  type DashboardKey,
  type DashboardsConfig,
  type DashboardsConfigInput,
} from './config.js';
import { buildAiAgentOverviewDashboard } from './dashboards/ai-agent-overview.dashboard.js';
import { buildBusinessMetricsDashboard } from './dashboards/business-metrics.dashboard.js';
import { buildExecutiveSummaryDashboard } from './dashboards/executive-summary.dashboard.js';
import { buildSlosDashboard } from './dashboards/slos.dashboard.js';
import { buildSystemHealthDashboard } from './dashboards/system-health.dashboard.js';
import { buildTaskOrchestrationDashboard } from './dashboards/task-orchestration.dashboard.js';
import { ALERTS_SERIES, knownRuleSeries, RULES } from './internal/rules.js';
import { buildSloViews, recordedSloWindows } from './internal/slos.js';
import type { LintOptions } from './lint/rules.js';
import { DASHBOARDS_CODES, type DashboardsCode } from './codes.js';

/** Stable code of an invalid {@link DashboardsConfig}. */
export const INVALID_DASHBOARDS_CONFIG = DASHBOARDS_CODES.invalidConfig;

// Grafana's refresh picker reads a single <number><unit>, not Prometheus' compound durations (`1h30m`).
const GRAFANA_REFRESH = /^[1-9][0-9]*(ms|s|m|h|d|w|y)$/;

/**
 * Merges `input` over {@link DEFAULT_DASHBOARDS_CONFIG} and validates the result, reporting every
 * problem at once.
 * @throws ObskitValidationError with code `OBSKIT_INVALID_DASHBOARDS_CONFIG` (or the single problem's code)
 */
export function resolveDashboardsConfig(input: DashboardsConfigInput = {}): DashboardsConfig {
  const config: DashboardsConfig = { ...DEFAULT_DASHBOARDS_CONFIG, ...input };
  const problems: ValidationProblem<DashboardsCode>[] = [];
  const problem = (subject: string, message: string): void => {
    problems.push({ code: INVALID_DASHBOARDS_CONFIG, subject, message });
  };
  const names = new Set<string>();
  config.slos.forEach((slo, i) => {
    if (names.has(slo.name))
      problem(
        `slos[${i}].name`,
        `Duplicate SLO name "${slo.name}": SLO names are the rules' slo label, unique`,
      );
    names.add(slo.name);
    // The same checks as @obskit/alerts' SLO rules: objective, window, latency threshold on a bucket.
    for (const p of validateSlo(sloFromSpec({ ...slo, service: slo.service ?? '' }), defaultAlertsConfig))
      problem(`slos[${i}]`, p.message);
  });
  // The burn-rate panels read the error ratios @obskit/alerts records: over its tiers' windows only.
  const recorded = recordedSloWindows(defaultAlertsConfig.slo.period);
  config.burnRateTiers.forEach((tier, t) => {
    if (!recorded.includes(tier.longWindow))
      problem(
        `burnRateTiers[${t}].longWindow`,
        `Invalid window "${tier.longWindow}": no SLO recording rule records it; must be one of ${recorded.join(', ')}`,
      );
  });
  // An offset and range windows of PromQL: @obskit/catalog's grammar, above zero.
  const durations: [string, string][] = [
    ['comparisonOffset', config.comparisonOffset],
    ...config.burnRateTiers.flatMap((tier, i): [string, string][] => [
      [`burnRateTiers[${i}].longWindow`, tier.longWindow],
      [`burnRateTiers[${i}].shortWindow`, tier.shortWindow],
    ]),
  ];
  for (const [subject, value] of durations) {
    if (!isDuration(value, { positive: true })) problem(subject, invalidDurationMessage(value));
  }
  if (!GRAFANA_REFRESH.test(config.refresh))
    problem('refresh', `Invalid duration "${config.refresh}": must match ${GRAFANA_REFRESH}`);
  config.burnRateTiers.forEach((tier, i) => {
    if (!(tier.burnRate > 0))
      problem(`burnRateTiers[${i}].burnRate`, `Invalid burn rate "${tier.burnRate}": must be above 0`);
  });
  // The budget and the overridden thresholds are drawn as lines and divided by: positive numbers.
  const budget = config.costBudgetUsdPerDay;
  for (const [subject, usd] of typeof budget === 'number'
    ? [['costBudgetUsdPerDay', budget] as const]
    : Object.entries(budget).map(([job, usd]) => [`costBudgetUsdPerDay.${job}`, usd] as const)) {
    if (!(typeof usd === 'number' && Number.isFinite(usd) && usd > 0))
      problem(subject, `Invalid budget "${String(usd)}": must be a positive number of USD per day`);
  }
  // The prefix the alert rules are built with: @obskit/alerts' own check, so both refuse the same names.
  for (const p of validateAlertsConfig({ ...defaultAlertsConfig, prefix: config.alertPrefix }))
    problem('alertPrefix', p.message);
  for (const [name, override] of Object.entries(config.alertOverrides)) {
    if (!isAlertName(name)) {
      problem(
        `alertOverrides.${name}`,
        `Unknown alert "${name}": must be an alert of @obskit/alerts' ALERTS`,
      );
      continue;
    }
    const threshold = (override as { threshold?: unknown } | undefined)?.threshold;
    if (typeof threshold === 'number' && !(Number.isFinite(threshold) && threshold > 0))
      problem(
        `alertOverrides.${name}.threshold`,
        `Invalid threshold "${threshold}": must be a positive number`,
      );
  }
  config.tags.forEach((tag, i) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(tag))
      problem(`tags[${i}]`, `Invalid tag "${tag}": must match /^[a-z0-9][a-z0-9-]*$/`);
  });
  if (config.tags.length === 0)
    problem('tags', 'Invalid tags "": at least one tag is needed, the dashboards link to each other by it');
  throwIfProblems<DashboardsCode>(INVALID_DASHBOARDS_CONFIG, 'Invalid dashboards config', problems);
  return config;
}

/**
 * Builds every obskit dashboard as a Grafana dashboard model (the JSON model of schemaVersion 42),
 * in a fixed order: AI Agent Overview, Task Orchestration, System Health, Business Metrics, SLOs,
 * Executive Summary.
 * @param config - overrides of {@link DEFAULT_DASHBOARDS_CONFIG}
 * @example renderDashboards(buildDashboards({ refresh: '1m' }))
 */
export function buildDashboards(
  config: DashboardsConfigInput = {},
  only?: readonly DashboardKey[],
): dashboard.Dashboard[] {
  const resolved = resolveDashboardsConfig(config);
  const builders: Record<DashboardKey, (c: DashboardsConfig) => dashboard.Dashboard> = {
    aiAgentOverview: buildAiAgentOverviewDashboard,
    taskOrchestration: buildTaskOrchestrationDashboard,
    systemHealth: buildSystemHealthDashboard,
    businessMetrics: buildBusinessMetricsDashboard,
    slos: buildSlosDashboard,
    executiveSummary: buildExecutiveSummaryDashboard,
  };
  return (Object.keys(builders) as DashboardKey[])
    .filter((key) => !only || only.includes(key))
    .map((key) => builders[key](resolved));
}

export { DASHBOARD_PACKS } from './config.js';

/**
 * The dashboards that apply to services with `packs` (all services' packs together), in the order
 * of {@link buildDashboards}: an HTTP-only service gets System Health (and SLOs when it has SLOs),
 * not the GenAI or task dashboards.
 * @example buildDashboards({}, dashboardsFor(['http', 'runtime', 'scrape'], { slos: true }))
 */
export function dashboardsFor(
  packs: readonly PackName[],
  options: { readonly slos?: boolean | readonly Pick<SloSpec, 'name'>[] } = {},
): DashboardKey[] {
  return (Object.keys(DASHBOARD_PACKS) as DashboardKey[]).filter((key) =>
    key === 'slos'
      ? options.slos === true || (Array.isArray(options.slos) && options.slos.length > 0)
      : DASHBOARD_PACKS[key].some((p) => packs.includes(p)),
  );
}

/**
 * The lint options that match the built dashboards: the recording rules their panels read (the
 * shared and anomaly rules, and the SLO rules of the config's SLOs) and Prometheus' `ALERTS`.
 * @example assertDashboardsLint(buildDashboards(config), dashboardLintOptions(config))
 */
export function dashboardLintOptions(config: DashboardsConfigInput = {}): LintOptions {
  const resolved = resolveDashboardsConfig(config);
  return {
    recordingRules: [
      ...knownRuleSeries([...Object.values(RULES), ...buildSloViews(resolved).flatMap((slo) => slo.rules)]),
      ALERTS_SERIES,
    ],
  };
}
