import { METRICS } from '@obskit/catalog';
import type { AlertsConfig } from '../../config.js';
import {
  afterMinutes,
  fires,
  humanize,
  minutesOf,
  quiet,
  segments,
  series,
  testTarget,
} from '../../internal/helpers.js';
import type { AlertCase, TestSeries } from '../../model/types.js';
import { ANOMALY_SIGNALS } from './anomaly.rules.js';

const { genai, agent } = METRICS;

// The baseline alternates every 6h between two levels, so that its standard deviation is not zero.
const sixHours = 6 * 60;
const quarters = 28;

/** A week of baseline, then a jump (`spike`), the baseline on (`normal`), or a jump after a day (`fresh`). */
type Phase = 'spike' | 'normal' | 'fresh';

/**
 * Minutes after the week at which the cases check: the jump comes after a week and fires from then
 * on; checked 25 minutes after `for` (1w40m for 15m), never on an hour, where Prometheus 2's closed and
 * 3's left-open subquery ranges differ.
 */
function checkAfter(config: AlertsConfig): number {
  const after = minutesOf(config.for.medium) + 25;
  return after % 60 === 0 ? after + 5 : after;
}

/** A counter at `a` and `b` per minute by turns for 6h each, then at `s` (`a` in the `normal` phase). */
function levels(config: AlertsConfig, phase: Phase, a: number, b: number, s: number): string {
  // `fresh`: one day of history (24 of the 168 hourly baseline samples) before the jump
  const q = phase === 'fresh' ? 4 : quarters;
  return segments([
    ...Array.from({ length: q }, (_, i) => [i % 2 === 0 ? a : b, sixHours] as const),
    [phase === 'normal' ? a : s, Math.max(60, checkAfter(config) + 20)],
  ]);
}

/**
 * The z-score at the check of the signal that is `a` and `b` by turns for 6h each, then `s`: the
 * hourly baseline has lost its first `k` hours and holds `k` hours of the jump (none before 1w1h).
 */
function zAt(config: AlertsConfig, [a, b, s]: readonly [number, number, number]): string {
  const k = Math.floor(checkAfter(config) / 60);
  const points = Array.from({ length: (quarters * sixHours) / 60 }, (_, h) =>
    Math.floor(h / 6) % 2 === 0 ? a : b,
  )
    .slice(k)
    .concat(Array.from({ length: k }, () => s));
  const mean = points.reduce((x, y) => x + y, 0) / points.length;
  const sd = Math.sqrt(points.reduce((x, y) => x + (y - mean) ** 2, 0) / points.length);
  return humanize((s - mean) / sd);
}

/**
 * The cases of a z-score alert: the signal jumps after a week and fires, stays in its weekly range,
 * or jumps after only a day of history. The subquery samples 168 hourly points, 84 at each level:
 * mean (a+b)/2, stddev |a-b|/2 (and after 1w1h, one jump point in place of the oldest point per hour).
 */
function zScoreCases(
  config: AlertsConfig,
  what: string,
  seriesOf: (phase: Phase) => TestSeries[],
  signal: readonly [number, number, number],
): AlertCase[] {
  const { job } = testTarget(config);
  const after = checkAfter(config);
  const at = afterMinutes(quarters * sixHours + after);
  return [
    fires(`${what.toLowerCase()} jumps after a week`, seriesOf('spike'), at, [
      {
        labels: { job },
        description: `${what} of job ${job} is ${zAt(config, signal)} standard deviations above its ${config.windows.anomalyBaseline} mean.`,
      },
    ]),
    quiet(`${what.toLowerCase()} stays in its weekly range`, seriesOf('normal'), at),
    quiet(
      `${what.toLowerCase()} jumps after only a day of history`,
      seriesOf('fresh'),
      afterMinutes(4 * sixHours + after),
    ),
  ];
}

/** promtool cases of LatencyAnomaly: p95 levels 0.624s and 1.248s, spike 9.984s: (9.984 - 0.936) / 0.312 = 29. */
export function latencyAnomalyCases(config: AlertsConfig): AlertCase[] {
  const { job } = testTarget(config);
  const buckets = [
    ['0.32', 0, 0, 0],
    ['0.64', 10, 0, 0],
    ['1.28', 10, 10, 0],
    ['5.12', 10, 10, 0],
    ['10.24', 10, 10, 10],
    ['+Inf', 10, 10, 10],
  ] as const;
  const seriesOf = (phase: Phase): TestSeries[] =>
    buckets.map(([le, a, b, s]) =>
      series(genai.clientOperationDuration, { job, le }, levels(config, phase, a, b, s), '_bucket'),
    );
  return zScoreCases(config, ANOMALY_SIGNALS.latency, seriesOf, [0.624, 1.248, 9.984]);
}

/** promtool cases of TokenUsageAnomaly: 10 and 20 tokens/s, spike 100: (100 - 15) / 5 = 17. */
export function tokenUsageAnomalyCases(config: AlertsConfig): AlertCase[] {
  const { job } = testTarget(config);
  const seriesOf = (phase: Phase): TestSeries[] => [
    series(
      genai.clientTokenUsage,
      { job, gen_ai_provider_name: 'openai' },
      levels(config, phase, 600, 1200, 6000),
      '_sum',
    ),
  ];
  return zScoreCases(config, ANOMALY_SIGNALS.tokens, seriesOf, [10, 20, 100]);
}

/** promtool cases of CostAnomaly: 0.1 and 0.2 USD/min, spike 2: (2 - 0.15) / 0.05 = 37. */
export function costAnomalyCases(config: AlertsConfig): AlertCase[] {
  const { job } = testTarget(config);
  const seriesOf = (phase: Phase): TestSeries[] => [
    series(agent.cost, { job, gen_ai_provider_name: 'openai' }, levels(config, phase, 0.1, 0.2, 2)),
  ];
  return zScoreCases(config, ANOMALY_SIGNALS.cost, seriesOf, [0.1, 0.2, 2]);
}
