import { METRICS } from '@obskit/catalog';
import type { AlertsConfig } from '../config.js';
import { histogramQuantile, parseDuration, rate, selector, sum } from '@obskit/promql';
import {
  afterMinutes,
  fires,
  humanize,
  minutesOf,
  quiet,
  segments,
  series,
  testTarget,
  withScope,
} from '../internal/helpers.js';
import type { AlertDefinition, RecordingDefinition, TestSeries } from '../model/types.js';
import { recordingRuleNames } from './recording.rules.js';

const { genai, agent } = METRICS;

/** A recorded series, selected with the config's `job` matcher (if any). */
function recorded(name: string, config: AlertsConfig): string {
  const job = config.matchers.job;
  return job === undefined ? name : selector({ name, labels: ['job'] }, { matchers: { job } });
}

/** Names of the z-score rules of one signal. */
export interface AnomalyRuleNames {
  readonly signal: string;
  readonly mean: string;
  readonly stddev: string;
  readonly zscore: string;
}

function anomalyNames(signal: string, config: AlertsConfig): AnomalyRuleNames {
  const b = config.windows.anomalyBaseline;
  return {
    signal,
    mean: `${signal}_avg_over_time${b}`,
    stddev: `${signal}_stddev_over_time${b}`,
    zscore: `${signal}_zscore${b}`,
  };
}

/** The anomaly signals: p95 latency, token rate and cost rate, each a recording rule of `recording.rules`. */
export function anomalyRuleNames(config: AlertsConfig): {
  readonly latency: AnomalyRuleNames;
  readonly tokens: AnomalyRuleNames;
  readonly cost: AnomalyRuleNames;
} {
  const names = recordingRuleNames(config);
  return {
    latency: anomalyNames(names.operationLatencyP95, config),
    tokens: anomalyNames(names.tokenUsageRate, config),
    cost: anomalyNames(names.costRate, config),
  };
}

/**
 * Baseline samples a signal needs before its z-score is recorded: half of those the baseline holds
 * (84 of `[1w:1h]`). With less history the mean and deviation describe minutes or hours, not the
 * baseline, and on a freshly started Prometheus any change would score far above the threshold.
 */
export function anomalyMinSamples(config: AlertsConfig): number {
  const { anomalyBaseline, anomalyStep } = config.windows;
  return Math.max(2, Math.ceil(parseDuration(anomalyBaseline) / parseDuration(anomalyStep) / 2));
}

/**
 * Baseline mean, standard deviation and z-score of each signal over `anomalyBaseline`, sampled every
 * `anomalyStep` by a subquery: `(x - avg_over_time(x[1w:1h])) / stddev_over_time(x[1w:1h])`, recorded
 * only once the signal has {@link anomalyMinSamples} samples in the baseline.
 */
export function buildAnomalyRecordingRules(config: AlertsConfig): RecordingDefinition[] {
  const range = `[${config.windows.anomalyBaseline}:${config.windows.anomalyStep}]`;
  const minSamples = anomalyMinSamples(config);
  const w = config.windows.rate;
  const names = anomalyRuleNames(config);
  const signals: RecordingDefinition[] = [
    {
      record: names.latency.signal,
      expr: histogramQuantile(0.95, genai.clientOperationDuration, w, {
        matchers: withScope(config, genai.clientOperationDuration),
        by: ['job'],
      }),
      outputLabels: ['job'],
    },
    {
      record: names.tokens.signal,
      expr: sum(
        rate(genai.clientTokenUsage, w, {
          suffix: '_sum',
          matchers: withScope(config, genai.clientTokenUsage),
        }),
        {
          by: ['job'],
        },
      ),
      outputLabels: ['job'],
    },
    {
      record: names.cost.signal,
      expr: sum(rate(agent.cost, w, { matchers: withScope(config, agent.cost) }), { by: ['job'] }),
      outputLabels: ['job'],
    },
  ];
  // Recorded series carry `job`: per-service groups each select their own.
  const r = (name: string) => recorded(name, config);
  return [
    ...signals,
    ...Object.values(names).flatMap((n) => [
      { record: n.mean, expr: `avg_over_time(${r(n.signal)}${range})`, outputLabels: ['job'] },
      { record: n.stddev, expr: `stddev_over_time(${r(n.signal)}${range})`, outputLabels: ['job'] },
      {
        record: n.zscore,
        expr: `(${r(n.signal)} - ${r(n.mean)}) / ${r(n.stddev)} and count_over_time(${r(n.signal)}${range}) >= ${minSamples}`,
        outputLabels: ['job'],
      },
    ]),
  ];
}

/** z-score alerts: latency, token and cost rates far above their baseline. */
export function buildAnomalyAlerts(config: AlertsConfig): AlertDefinition[] {
  const { job } = testTarget(config);
  const z = config.thresholds.anomalyZScore;
  const names = anomalyRuleNames(config);
  const baseline = config.windows.anomalyBaseline;
  // The baseline alternates every 6h between two levels, so that its standard deviation is not zero.
  const sixHours = 6 * 60;
  const quarters = 28;
  // The jump comes after a week and fires from then on; checked 25 minutes after `for` (1w40m for
  // 15m), never on an hour, where Prometheus 2's closed and 3's left-open subquery ranges differ.
  let after = minutesOf(config.for.medium) + 25;
  if (after % 60 === 0) after += 5;
  const alternating = (a: number, b: number, then: number, q = quarters): string =>
    segments([
      ...Array.from({ length: q }, (_, i) => [i % 2 === 0 ? a : b, sixHours] as const),
      [then, Math.max(60, after + 20)],
    ]);
  const week = (a: number, b: number) => alternating(a, b, a);
  const spike = (a: number, b: number, s: number) => alternating(a, b, s);
  // one day of history (24 of the 168 hourly baseline samples) before the jump
  const fresh = (a: number, b: number, s: number) => alternating(a, b, s, 4);
  const at = afterMinutes(quarters * sixHours + after);
  /**
   * The z-score at the check of the signal that is `a` and `b` by turns for 6h each, then `s`: the
   * hourly baseline has lost its first `k` hours and holds `k` hours of the jump (none before 1w1h).
   */
  const zAt = ([a, b, s]: readonly [number, number, number]): string => {
    const k = Math.floor(after / 60);
    const points = Array.from({ length: (quarters * sixHours) / 60 }, (_, h) =>
      Math.floor(h / 6) % 2 === 0 ? a : b,
    )
      .slice(k)
      .concat(Array.from({ length: k }, () => s));
    const mean = points.reduce((x, y) => x + y, 0) / points.length;
    const sd = Math.sqrt(points.reduce((x, y) => x + (y - mean) ** 2, 0) / points.length);
    return humanize((s - mean) / sd);
  };
  type Phase = 'spike' | 'normal' | 'fresh';

  const latency = (phase: Phase): TestSeries[] =>
    (
      [
        ['0.32', 0, 0, 0],
        ['0.64', 10, 0, 0],
        ['1.28', 10, 10, 0],
        ['5.12', 10, 10, 0],
        ['10.24', 10, 10, 10],
        ['+Inf', 10, 10, 10],
      ] as const
    ).map(([le, a, b, s]) =>
      series(
        genai.clientOperationDuration,
        { job, le },
        phase === 'spike' ? spike(a, b, s) : phase === 'fresh' ? fresh(a, b, s) : week(a, b),
        '_bucket',
      ),
    );
  const tokens = (phase: Phase) => [
    series(
      genai.clientTokenUsage,
      { job, gen_ai_provider_name: 'openai' },
      phase === 'spike'
        ? spike(600, 1200, 6000)
        : phase === 'fresh'
          ? fresh(600, 1200, 6000)
          : week(600, 1200),
      '_sum',
    ),
  ];
  const cost = (phase: Phase) => [
    series(
      agent.cost,
      { job, gen_ai_provider_name: 'openai' },
      phase === 'spike' ? spike(0.1, 0.2, 2) : phase === 'fresh' ? fresh(0.1, 0.2, 2) : week(0.1, 0.2),
    ),
  ];

  const alert = (
    name: string,
    n: AnomalyRuleNames,
    what: string,
    seriesOf: (phase: Phase) => TestSeries[],
    diagnosis: string,
    levels: readonly [number, number, number],
  ): AlertDefinition => ({
    name,
    casesFollowFor: true,
    expr: `${recorded(n.zscore, config)} > ${z}`,
    for: config.for.medium,
    severity: 'warning',
    summary: `${what} is far above its usual level.`,
    description: `${what} of job {{ $labels.job }} is {{ $value | humanize }} standard deviations above its ${baseline} mean.`,
    runbook: {
      meaning: `The z-score of ${n.signal} against its ${baseline} baseline (${n.mean}, ${n.stddev}) is above ${z}.`,
      impact: `${what} is unusual for this time; it often precedes a cost, latency or availability incident.`,
      diagnosis: [
        { title: `${what} and its baseline mean`, query: `${n.signal} or ${n.mean}` },
        { title: 'z-score', query: n.zscore },
        { title: 'Related signal', query: diagnosis },
      ],
      fixes: [
        'Compare with deployments, traffic and provider status at the time the z-score rose.',
        'If the new level is expected (launch, migration), it becomes the baseline within a week.',
      ],
    },
    tests: [
      // The subquery samples 168 hourly points, 84 at each level: mean (a+b)/2, stddev |a-b|/2 (and
      // after 1w1h, one jump point in place of the oldest point per hour).
      fires(`${what.toLowerCase()} jumps after a week`, seriesOf('spike'), at, [
        {
          labels: { job },
          description: `${what} of job ${job} is ${zAt(levels)} standard deviations above its ${baseline} mean.`,
        },
      ]),
      quiet(`${what.toLowerCase()} stays in its weekly range`, seriesOf('normal'), at),
      quiet(
        `${what.toLowerCase()} jumps after only a day of history`,
        seriesOf('fresh'),
        afterMinutes(4 * sixHours + after),
      ),
    ],
  });

  const rn = recordingRuleNames(config);
  return [
    // p95 levels 0.624s and 1.248s, spike 9.984s: (9.984 - 0.936) / 0.312 = 29
    alert(
      'LatencyAnomaly',
      names.latency,
      'GenAI p95 latency',
      latency,
      rn.operationLatencyP95,
      [0.624, 1.248, 9.984],
    ),
    // 10 and 20 tokens/s, spike 100: (100 - 15) / 5 = 17
    alert(
      'TokenUsageAnomaly',
      names.tokens,
      'Token usage',
      tokens,
      rn.tokenUsageRateByProvider,
      [10, 20, 100],
    ),
    // 0.1 and 0.2 USD/min, spike 2: (2 - 0.15) / 0.05 = 37
    alert('CostAnomaly', names.cost, 'GenAI cost rate', cost, rn.costRateByProvider, [0.1, 0.2, 2]),
  ];
}
