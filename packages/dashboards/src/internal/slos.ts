import { METRICS, type MetricDef } from '@obskit/catalog';
import type { DashboardsConfig } from '../config.js';
import { errorRatio, ne as neq, re, sumIncrease, sumRate, type AggOptions } from './query.js';
import { VALUES } from './values.js';

/** One service level objective as the dashboards show it: its error ratio over any window. */
export interface SloView {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly objective: number;
  /** `1 - objective` as written: `0.01` for 0.99, never `0.010000000000000009`. */
  readonly errorBudget: number;
  /** Share of bad events over `window`, via `fn` (`rate` for fixed windows, `increase` for `$__range`). */
  errorRatio(window: string, fn?: Fn): string;
}

type Fn = 'rate' | 'increase';
const agg = <M extends MetricDef>(fn: Fn, metric: M, window: string, options: AggOptions<M> = {}): string =>
  fn === 'rate' ? sumRate(metric, { ...options, window }) : sumIncrease(metric, { ...options, window });

/**
 * The SLOs of the kit — the ones @obskit/alerts alerts on; objectives, threshold, period and tiers
 * come from its `defaultAlertsConfig` through {@link DashboardsConfig} — over raw catalog metrics
 * filtered by `job` and `instance` (the alerts' SLI recording rules aggregate those away).
 */
export function buildSloViews(config: DashboardsConfig): readonly SloView[] {
  const { agent, genai, http } = METRICS;
  const le = String(config.agentLatencyThresholdSeconds);
  const views: Omit<SloView, 'errorBudget'>[] = [
    {
      key: 'agent-availability',
      title: 'Agent availability',
      description: `Share of agent operations (${agent.operations.name}) that end with status "success".`,
      objective: config.objectives.agentAvailability,
      errorRatio: (window, fn = 'rate') =>
        errorRatio(
          agg(fn, agent.operations, window, { where: { status: neq(VALUES.success) } }),
          agg(fn, agent.operations, window),
        ),
    },
    {
      key: 'agent-latency',
      title: 'Agent latency',
      description: `Share of agent invocations (${genai.invokeAgentDuration.name}) that complete within ${le} s.`,
      objective: config.objectives.agentLatency,
      errorRatio: (window, fn = 'rate') => {
        const total = agg(fn, genai.invokeAgentDuration, window);
        const fast = agg(fn, genai.invokeAgentDuration, window, { where: { le }, series: '_bucket' });
        return `(${total} - ${fast}) / ${total}`;
      },
    },
    {
      key: 'http-availability',
      title: 'HTTP availability',
      description: `Share of HTTP requests (${http.serverRequestDuration.name}) not answered with a 5xx status.`,
      objective: config.objectives.httpAvailability,
      errorRatio: (window, fn = 'rate') =>
        errorRatio(
          agg(fn, http.serverRequestDuration, window, { where: { http_response_status_code: re('5..') } }),
          agg(fn, http.serverRequestDuration, window),
        ),
    },
  ];
  return views.map((view) => ({ ...view, errorBudget: errorBudgetOf(view.objective) }));
}

/** Fixed windows SLO queries may use instead of `$__rate_interval`: the burn-rate windows and the SLO period. */
export function sloWindows(config: DashboardsConfig): readonly string[] {
  const windows = new Set<string>([config.sloPeriod]);
  for (const tier of config.burnRateTiers) {
    windows.add(tier.longWindow);
    windows.add(tier.shortWindow);
  }
  return [...windows];
}

/** The error budget of an objective, `1 - objective`, without binary float noise (12 significant digits). */
export function errorBudgetOf(objective: number): number {
  return Number((1 - objective).toPrecision(12));
}
