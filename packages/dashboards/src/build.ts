import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { BUCKETS, throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import type { PackName } from '@obskit/alerts';
import {
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
import { sloWindows } from './internal/slos.js';

/** Stable code of an invalid {@link DashboardsConfig}. */
export const INVALID_DASHBOARDS_CONFIG = 'OBSKIT_INVALID_DASHBOARDS_CONFIG';

const DURATION = /^[1-9][0-9]*(ms|s|m|h|d|w|y)$/;
const DURATION_TEXT = '/^[1-9][0-9]*(ms|s|m|h|d|w|y)$/';

/**
 * Merges `input` over {@link DEFAULT_DASHBOARDS_CONFIG} and validates the result, reporting every
 * problem at once.
 * @throws ObskitValidationError with code `OBSKIT_INVALID_DASHBOARDS_CONFIG` (or the single problem's code)
 */
export function resolveDashboardsConfig(input: DashboardsConfigInput = {}): DashboardsConfig {
  const config: DashboardsConfig = {
    ...DEFAULT_DASHBOARDS_CONFIG,
    ...input,
    objectives: { ...DEFAULT_DASHBOARDS_CONFIG.objectives, ...input.objectives },
  };
  const problems: ValidationProblem[] = [];
  const problem = (subject: string, message: string): void => {
    problems.push({ code: INVALID_DASHBOARDS_CONFIG, subject, message });
  };
  for (const [name, value] of Object.entries(config.objectives)) {
    if (!(value > 0 && value < 1))
      problem(
        `objectives.${name}`,
        `Invalid objective "${value}": must be a ratio between 0 and 1, exclusive`,
      );
  }
  if (!(BUCKETS.genAiDuration as readonly number[]).includes(config.agentLatencyThresholdSeconds)) {
    problem(
      'agentLatencyThresholdSeconds',
      `Invalid latency threshold "${config.agentLatencyThresholdSeconds}": must be a bucket boundary of the agent invocation duration histogram (${BUCKETS.genAiDuration.join(', ')})`,
    );
  }
  const durations: [string, string][] = [
    ['sloPeriod', config.sloPeriod],
    ['comparisonOffset', config.comparisonOffset],
    ['refresh', config.refresh],
    ...config.burnRateTiers.flatMap((tier, i): [string, string][] => [
      [`burnRateTiers[${i}].longWindow`, tier.longWindow],
      [`burnRateTiers[${i}].shortWindow`, tier.shortWindow],
    ]),
  ];
  for (const [subject, value] of durations) {
    if (!DURATION.test(value)) problem(subject, `Invalid duration "${value}": must match ${DURATION_TEXT}`);
  }
  config.burnRateTiers.forEach((tier, i) => {
    if (!(tier.burnRate > 0))
      problem(`burnRateTiers[${i}].burnRate`, `Invalid burn rate "${tier.burnRate}": must be above 0`);
  });
  config.tags.forEach((tag, i) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(tag))
      problem(`tags[${i}]`, `Invalid tag "${tag}": must match /^[a-z0-9][a-z0-9-]*$/`);
  });
  if (config.tags.length === 0)
    problem('tags', 'Invalid tags "": at least one tag is needed, the dashboards link to each other by it');
  throwIfProblems(INVALID_DASHBOARDS_CONFIG, 'Invalid dashboards config', problems);
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

/**
 * The alert packs each dashboard shows: it applies to a deployment when one of its services has one
 * of them (the SLOs dashboard: when SLOs are configured).
 */
export const DASHBOARD_PACKS: Readonly<Record<DashboardKey, readonly PackName[]>> = {
  aiAgentOverview: ['agents', 'anomalies'],
  taskOrchestration: ['tasks', 'jobs'],
  systemHealth: ['http', 'runtime', 'scrape', 'db', 'jobs'],
  businessMetrics: ['business'],
  slos: [],
  executiveSummary: ['agents', 'business'],
};

/**
 * The dashboards that apply to services with `packs` (all services' packs together), in the order
 * of {@link buildDashboards}: an HTTP-only service gets System Health (and SLOs when it has SLOs),
 * not the GenAI or task dashboards.
 * @example buildDashboards({}, dashboardsFor(['http', 'runtime', 'scrape'], { slos: true }))
 */
export function dashboardsFor(
  packs: readonly PackName[],
  options: { readonly slos?: boolean } = {},
): DashboardKey[] {
  return (Object.keys(DASHBOARD_PACKS) as DashboardKey[]).filter((key) =>
    key === 'slos' ? options.slos === true : DASHBOARD_PACKS[key].some((p) => packs.includes(p)),
  );
}

/**
 * The fixed windows the built dashboards use besides Grafana's intervals — the SLO period and the
 * burn-rate windows — as the lint option that accepts them.
 */
export function dashboardLintOptions(config: DashboardsConfigInput = {}): {
  fixedWindows: readonly string[];
} {
  return { fixedWindows: sloWindows(resolveDashboardsConfig(config)) };
}
